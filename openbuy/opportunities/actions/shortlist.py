"""After moderation: the shortlist for a second stage of assessment (a presentation or a
case study, where the requirement said so), and the ranking's download."""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid, NotFound

from .. import scoring
from ..models import FinalScore, Requirement, Response
from ..selectors.moderation import decided_lots
from ..verbs import Verb
from .evaluation import moderating

# Assessment methods (the requirement's `assessmentMethods` answer) that are a second stage.
SECOND_STAGE = frozenset({"presentation", "case-study"})


def has_second_stage(requirement: Requirement) -> bool:
    methods = (requirement.answers or {}).get("assessmentMethods") or []
    return bool(SECOND_STAGE.intersection(methods))


def shortlist_limit(requirement: Requirement) -> int | None:
    """How many suppliers the requirement said it would shortlist; None if it did not."""
    try:
        limit = int(Decimal(str((requirement.answers or {}).get("shortlist") or "")))
    except (InvalidOperation, ValueError):
        return None
    return limit if limit > 0 else None


def _unranked(requirement: Requirement, responses: list[Response]) -> list[Response]:
    """The responses among these that cannot be ranked yet: a criterion not moderated."""
    finals = set(
        FinalScore.objects.filter(response__in=responses).values_list("response_id", "criterion")
    )
    return [
        r
        for r in responses
        if any((r.pk, c.key) not in finals for c in scoring.criteria(requirement, r.lot))
    ]


def _refuse_decided(requirement: Requirement, changing: set[int]) -> None:
    """A lot's shortlist stays as it was once a supplier is chosen for the lot or it
    ended: the decision was taken on it."""
    decided = decided_lots(requirement)
    number = (
        Response.objects.filter(pk__in=changing, lot__in=decided)
        .order_by("lot__number")
        .values_list("lot__number", flat=True)
        .first()
    )
    if number is not None:
        raise Conflict(
            _("Lot %(n)d has been decided, so its shortlist can no longer change") % {"n": number},
            field="responses",
        )


@audit.action
def shortlist_set(*, actor, requirement: Requirement, responses) -> list[Response]:
    """Choose, from the ranking, the responses taken to the second stage: at most the
    number the requirement gave. The responses not chosen leave the shortlist. The
    requirement is locked, so a final score saved at the same moment waits for it."""
    requirement = moderating(actor, requirement, lock=True)
    if not has_second_stage(requirement):
        raise Conflict(
            _(
                "This requirement has no second stage: its assessment methods include no "
                "presentation or case study"
            )
        )
    wanted = {getattr(r, "pk", r) for r in responses}
    chosen = list(
        Response.objects.filter(
            requirement=requirement, status=Response.Status.SUBMITTED, pk__in=wanted
        ).select_related("lot", "supplier")
    )
    if len(chosen) != len(wanted):
        raise NotFound(_("There is no such response to this requirement"))
    limit = shortlist_limit(requirement)
    if limit is not None and len(chosen) > limit:
        raise Invalid(
            ngettext(
                "Shortlist at most %(limit)d supplier, as the requirement said",
                "Shortlist at most %(limit)d suppliers, as the requirement said",
                limit,
            )
            % {"limit": limit},
            field="responses",
        )
    unranked = _unranked(requirement, chosen)
    if unranked:
        raise Conflict(
            _("Moderate every score of %(suppliers)s before shortlisting")
            % {"suppliers": ", ".join(r.supplier.name for r in unranked)},
            field="responses",
        )
    shortlisted = Response.objects.filter(requirement=requirement, shortlisted=True)
    before = set(shortlisted.values_list("pk", flat=True))
    if before == wanted:
        audit.nothing_changed()
        return chosen
    _refuse_decided(requirement, wanted ^ before)
    now = timezone.now()
    shortlisted.exclude(pk__in=wanted).update(shortlisted=False, updated_at=now)
    Response.objects.filter(pk__in=wanted - before).update(shortlisted=True, updated_at=now)
    audit.record(
        Verb.SHORTLIST_SET,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={
            "responses": sorted(wanted),
            "added": sorted(wanted - before),
            "removed": sorted(before - wanted),
        },
    )
    return chosen


@audit.action
def ranking_download(*, actor, requirement: Requirement, file_format: str) -> Requirement:
    """Record that the ranking was downloaded (the page builds the file from the
    selector): it holds every response's scores and prices."""
    if file_format not in {"csv", "ods"}:
        raise Invalid(_("Choose CSV or ODS"), field="format")
    requirement = moderating(actor, requirement, ended_ok=True)
    audit.record(
        Verb.RANKING_DOWNLOADED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"format": file_format},
    )
    return requirement
