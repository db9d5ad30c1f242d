"""The real background worker sends queued e-mail through Django's mail framework."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from openbuy.core.models import OutboxMessage
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
