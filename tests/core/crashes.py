"""Ways for a real openbuy process to fail at the worst moment, for the tests of what is
lost (nothing) when it does. Loaded by process_settings.py when a test asks."""

import os
import signal
import time
from pathlib import Path

from django.apps import AppConfig
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_save

from openbuy.core.mail import OutboxBackend


class HeldOutboxBackend(OutboxBackend):
    """Writes the message (uncommitted), says so in a file, then holds the send open for
    as long as the file `hold` exists in OPENBUY_TEST_HOLD_MAIL_IN: a worker mid-task."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        folder = Path(os.environ["OPENBUY_TEST_HOLD_MAIL_IN"])
        (folder / f"sending-{os.getpid()}").touch()
        while (folder / "hold").exists():
            time.sleep(0.05)
        return sent


class DieAfterCommit(AppConfig):
    """The process kills itself right after committing a transaction that wrote an audit
    event (an action), before anything registered with on_commit() can run."""

    name = "tests.core.crashes"
    label = "test_crashes"

    def ready(self):
        run_hooks = BaseDatabaseWrapper.run_and_clear_commit_hooks

        def die_first(connection):
            if getattr(connection, "test_audited", False):
                os.kill(os.getpid(), signal.SIGKILL)
            run_hooks(connection)

        def audited(sender, instance, created, using, **kwargs):
            from django.db import connections

            connections[using].test_audited = True

        BaseDatabaseWrapper.run_and_clear_commit_hooks = die_first
        post_save.connect(audited, sender="core.AuditEvent", weak=False)
