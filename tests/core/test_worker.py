"""The real background worker sends queued e-mail through Django's mail framework, and
enqueues the periodic jobs (core.tasks.PERIODIC)."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openbuy.accounts.actions import password_check
from openbuy.core.models import OutboxMessage
from openbuy.core.tasks import prune_anonymous_audit_events
from openbuy.core.worker import Worker
from tests import helpers

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_the_verification_email_queued_by_sign_up(settings):
    settings.TASKS = DATABASE_TASKS
    helpers.user("sam@example.org", verified=False)
    assert not OutboxMessage.objects.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("worker", batch=True, verbosity=0)

    message = OutboxMessage.objects.get()
    assert message.recipients == ["sam@example.org"]
    assert message.subject == "Verify your email address for openbuy"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def _old_failed_sign_in(days_ago: int) -> None:
    with mock.patch.object(timezone, "now", return_value=timezone.now() - timedelta(days=days_ago)):
        password_check(email="sam@example.org", password="not-the-password")


@pytest.mark.django_db(transaction=True)
def test_the_worker_enqueues_the_audit_prune_once_a_day_and_running_it_prunes(settings):
    """Periodic jobs are enqueued by a worker that runs until stopped; the queue remembers
    when, so another worker (or this one restarted) waits for the interval."""
    settings.TASKS = DATABASE_TASKS
    settings.AUDIT_ANONYMOUS_RETENTION_DAYS = 90
    helpers.user("sam@example.org")
    _old_failed_sign_in(days_ago=91)
    _old_failed_sign_in(days_ago=89)
    DBTaskResult.objects.all().delete()  # the sign-up's e-mail

    path = prune_anonymous_audit_events.module_path
    assert path in Worker(batch=False, interval=0).schedule()
    assert Worker(batch=False, interval=0).schedule() == []
    call_command("worker", batch=True, verbosity=0)
    result = DBTaskResult.objects.get(task_path=path)
    assert (result.status, result.return_value) == ("SUCCESSFUL", 1)
    assert helpers.events("account.sign_in_failed").count() == 1
    assert helpers.events("account.signed_up").exists()


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_schedules_periodic_jobs_and_a_batch_run_does_not(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    settings.OPENBUY_OCDS_EXPORT_DIR = tmp_path  # the daily bulk files run too
    path = prune_anonymous_audit_events.module_path
    call_command("worker", batch=True, verbosity=0)
    assert not DBTaskResult.objects.filter(task_path=path).exists()

    worker = Worker(batch=False, interval=0.05)

    def loop():
        try:
            worker._loop()
        finally:
            connections.close_all()  # the thread's own connection

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        for _ in range(200):
            if DBTaskResult.objects.filter(task_path=path, status="SUCCESSFUL").exists():
                break
            threading.Event().wait(0.05)
    finally:
        worker.running = False
        worker._wake.set()
        thread.join()
    assert DBTaskResult.objects.get(task_path=path).status == "SUCCESSFUL"
