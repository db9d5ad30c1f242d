"""E-mail: rendered in the recipient's language when the action runs, and written, with the
task that delivers it, in the action's transaction, so an e-mail is queued exactly when its
action commits (even if the process dies a moment later). The worker sends it once
(core/tasks.py). The outbox backend keeps messages in the database so platform admins can
read them in the app."""

import functools
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import make_msgid
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks_db import DatabaseBackend

from . import site_url


class OutboxBackend(BaseEmailBackend):
    # Writes in the caller's transaction: delivery marks an e-mail sent in the same commit.
    commits_with_caller = True

    def send_messages(self, email_messages):
        from .models import OutboxMessage

        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                from_email=message.from_email,
                to="\n".join(message.to),
                subject=message.subject,
                body=message.body,
                message_id=message.extra_headers.get("Message-ID", ""),
            )
            for message in email_messages
        )
        return len(email_messages)


def send_templated(to: str, template: str, context: dict, *, language: str = "en") -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` now; queue it to send."""
    context = {
        "service_name": settings.OPENBUY_SERVICE_NAME,
        "base_url": site_url.base_url(),
        **context,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    queue([to], subject, body)


def queue(to: list[str], subject: str, body: str):
    """Write the e-mail and its delivery task in the caller's transaction."""
    from .models import Email
    from .tasks import deliver_email

    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None
    with transaction.atomic():
        email = Email.objects.create(
            to="\n".join(to), subject=subject, body=body, message_id=make_msgid(domain=domain)
        )
        if isinstance(deliver_email.get_backend(), DatabaseBackend):
            # The task store is this database: the task commits or vanishes with the action.
            deliver_email.enqueue(email_id=email.pk)
        else:
            # Jobs run at once in this process (OPENBUY_TASKS=immediate, the tests): send
            # only what commits.
            transaction.on_commit(functools.partial(deliver_email.enqueue, email_id=email.pk))
    return email
