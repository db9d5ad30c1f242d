"""E-mail: rendered in the recipient's language when the action runs, sent by the worker
after the action commits, through Django's mail framework. The outbox backend keeps
messages in the database so platform admins can read them in the app."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .models import OutboxMessage

        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                from_email=message.from_email,
                to="\n".join(message.to),
                subject=message.subject,
                body=message.body,
            )
            for message in email_messages
        )
        return len(email_messages)


def send_templated(to: str, template: str, context: dict, *, language: str = "en") -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` now; send after commit."""
    context = {
        "service_name": settings.OPENBUY_SERVICE_NAME,
        "base_url": settings.OPENBUY_BASE_URL,
        **context,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)

    from .tasks import send_email

    transaction.on_commit(lambda: send_email.enqueue(to=[to], subject=subject, body=body))
