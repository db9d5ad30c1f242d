"""The audit trail: append-only and hash-chained, one or more events per action, in its
transaction.

Each event's hash covers its own fields and the previous event's hash, so editing or
removing any event breaks the chain at that point; the chain head row catches removal of
the newest events. `openbuy audit verify` walks the chain.

Anonymous events (no actor: a failed sign-in, a password reset asked for) can be caused by
anyone, as often as the throttles allow, so they stay out of the chain: no position, no
hash, deleted after AUDIT_ANONYMOUS_RETENTION_DAYS by `prune_anonymous()` (run by the
worker, and by `openbuy audit prune`). Everything done by someone signed in, or by the
system, is chained and kept.
"""

import contextvars
import datetime
import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import orjson
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actors import is_system
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64

# verb -> human label, from every app's Verb enum (register_verbs() in AppConfig.ready()).
VERBS: dict[str, str] = {}
_DECLARED_BY: dict[str, type] = {}

_counts: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "audit_counts", default=None
)


class AuditUsageError(RuntimeError):
    """A programming error: an action writing no event or two, a verb no app declared (or
    two did)."""


class Verbs(models.TextChoices):
    """The base of each app's verbs, declared beside its code (`openbuy/<app>/verbs.py`):
    a member's value is the verb stored in the trail ("framework.created"), its label what
    people read."""


def register_verbs(verbs: type[Verbs]) -> None:
    for verb in verbs:
        owner = _DECLARED_BY.setdefault(verb.value, verbs)
        if owner is not verbs:
            raise AuditUsageError(
                f"audit verb {verb.value!r} is declared by both {owner.__module__} "
                f"and {verbs.__module__}"
            )
        VERBS[verb.value] = verb.label


def verb_label(verb: str) -> str:
    return str(VERBS.get(verb, verb))


def action(fn):
    """Run fn as an action: one transaction that writes at least one audit event.

    Usually one; more when the action changes more than one thing a reader of the trail
    looks for on its own (going live also expires the previous iteration, and a hook's
    receiver records what it changed). A call that changes nothing calls
    `nothing_changed()` instead of `record()`.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            counter = [0]
            token = _counts.set(counter)
            try:
                result = fn(*args, **kwargs)
            finally:
                _counts.reset(token)
            if counter[0] < 1:
                raise AuditUsageError(
                    f"{fn.__module__}.{fn.__qualname__} wrote no audit event; an action "
                    "records at least one, or calls nothing_changed()"
                )
        return result

    wrapper.is_action = True
    return wrapper


def nothing_changed() -> None:
    """Mark the running action as a no-op, so it writes no event."""
    counter = _counts.get()
    if counter is None:
        raise AuditUsageError("nothing_changed() called outside an action")
    counter[0] += 1


def _digest(fields: dict) -> str:
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _fields(event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": event.actor_id,
        "organisation_id": event.organisation_id,
        "verb": event.verb,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "payload": event.payload,
        "public": event.public,
        "prev_hash": event.prev_hash,
    }


def record(
    verb: Verbs | str,
    *,
    actor,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    organisation=None,
    payload: dict | None = None,
    public: bool = False,
) -> AuditEvent:
    """Append one event for the running action. Payload values must be JSON-native."""
    counter = _counts.get()
    if counter is None:
        raise AuditUsageError("audit.record() called outside an action")
    if verb not in VERBS:
        raise AuditUsageError(
            f"unknown audit verb {str(verb)!r}; declare it in its app's verbs.py Verb enum"
        )
    verb = str(verb)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk
    actor_id = None if actor is None or is_system(actor) else actor.pk
    payload = dict(payload or {})
    if is_system(actor):
        payload.setdefault("via", "system")
    # Re-encode so the stored payload is exactly what the hash covers.
    payload = orjson.loads(orjson.dumps(payload))
    event = AuditEvent(
        created_at=timezone.now(),
        actor_id=actor_id,
        organisation_id=getattr(organisation, "pk", organisation),
        verb=verb,
        object_type=object_type,
        object_id=str(object_id),
        payload=payload,
        public=public,
    )
    if actor is None:
        event.save()  # anonymous: outside the chain (see the module's docstring)
    else:
        _chain(event)
    counter[0] += 1
    return event


def _chain(event: AuditEvent) -> None:
    """Give the event the next place in the chain, and save it."""
    # One writer at a time extends the chain: the head row is locked until commit.
    head, _created = AuditChainHead.objects.select_for_update(of=("self",)).get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS}
    )
    # The time is read under the lock, so the chain's times never go backwards.
    event.seq, event.prev_hash, event.created_at = (
        head.seq + 1,
        head.hash or GENESIS,
        timezone.now(),
    )
    event.hash = _digest(_fields(event))
    event.save()
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    head_hash: str
    problem: str = ""


def verify(chunk_size: int = 2000) -> VerifyResult:
    """Walk the whole chain in order; report the first event that breaks it."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for event in _stream(chunk_size):
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                prev_hash,
                str(
                    _("event %(seq)d is missing (the next event found is %(found)d)")
                    % {"seq": expected_seq, "found": event.seq}
                ),
            )
        if event.prev_hash != prev_hash:
            return VerifyResult(
                False,
                checked,
                prev_hash,
                str(_("event %(seq)d does not follow the event before it") % {"seq": event.seq}),
            )
        if _digest(_fields(event)) != event.hash:
            return VerifyResult(
                False,
                checked,
                prev_hash,
                str(_("event %(seq)d was changed after it was written") % {"seq": event.seq}),
            )
        expected_seq, prev_hash, checked = event.seq + 1, event.hash, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash or GENESIS) != (checked, prev_hash):
        return VerifyResult(
            False,
            checked,
            prev_hash,
            str(
                _("events after %(seq)d are missing (the chain head records %(head)d)")
                % {"seq": checked, "head": head_seq}
            ),
        )
    return VerifyResult(True, checked, prev_hash)


def _stream(chunk_size: int) -> Iterator[AuditEvent]:
    chained = AuditEvent.objects.filter(seq__isnull=False)
    return chained.order_by("seq").iterator(chunk_size=chunk_size)


def prune_anonymous(now: datetime.datetime | None = None) -> int:
    """Delete the anonymous events older than AUDIT_ANONYMOUS_RETENTION_DAYS; the chain is
    untouched. Returns how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.AUDIT_ANONYMOUS_RETENTION_DAYS
    )
    deleted, _by_model = AuditEvent.objects.filter(seq__isnull=True, created_at__lt=cutoff).delete()
    return deleted
