"""Background jobs, run by `openbuy worker` (django.tasks with django-tasks-db)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_email(*, to: list[str], subject: str, body: str) -> int:
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
