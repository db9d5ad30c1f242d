"""Background jobs, run by `openbuy worker` (django.tasks with django-tasks-db)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

# Minutes to wait before trying again an e-mail the mail server refused.
RETRY_MINUTES = (1, 5, 30, 120, 720)


@task
def deliver_email(*, email_id: int) -> str:
    """Send a queued e-mail once. Run again after its worker died, it finds it sent.

    The outbox writes in this transaction, so the message and the mark commit together:
    exactly once. A mail server accepts the message before the mark commits: if the worker
    dies in that moment, the retry sends it again with the same Message-ID (at least once).
    """
    try:
        return _deliver(email_id)
    except Exception:
        _retry_later(email_id)
        raise


def _deliver(email_id: int) -> str:
    from .models import Email

    mailer = mailers.default
    with transaction.atomic():
        email = Email.objects.select_for_update().get(pk=email_id)
        if email.sent_at is not None:
            return "already sent"
        if getattr(mailer, "commits_with_caller", False):
            _send(mailer, email)
            email.sent_at = timezone.now()
            email.save(update_fields=["sent_at"])
            return "sent"
    _send(mailer, email)
    Email.objects.filter(pk=email_id, sent_at=None).update(sent_at=timezone.now())
    return "sent"


def _send(mailer, email) -> None:
    message = EmailMessage(
        email.subject,
        email.body,
        settings.DEFAULT_FROM_EMAIL,
        email.recipients,
        headers={"Message-ID": email.message_id},
    )
    mailer.send_messages([message])


def _retry_later(email_id: int) -> None:
    from .models import Email

    if not deliver_email.get_backend().supports_defer:
        return
    Email.objects.filter(pk=email_id).update(attempts=F("attempts") + 1)
    attempts = Email.objects.values_list("attempts", flat=True).get(pk=email_id)
    if attempts <= len(RETRY_MINUTES):
        later = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempts - 1])
        deliver_email.using(run_after=later).enqueue(email_id=email_id)


@task
def prune_anonymous_audit_events() -> int:
    """Delete anonymous audit events past their retention (core.audit.prune_anonymous)."""
    from . import audit

    return audit.prune_anonymous()


# What the worker enqueues by itself, and how often: each task is enqueued when no worker
# has enqueued it within its interval (core.worker.Worker.schedule). Each must be safe to
# run twice, as two workers starting together may both enqueue it. Higher apps add theirs
# with `periodic()` from their AppConfig.ready().
PERIODIC = [(prune_anonymous_audit_events, timedelta(days=1))]


def periodic(task, every: timedelta) -> None:
    if all(existing is not task for existing, _every in PERIODIC):
        PERIODIC.append((task, every))
