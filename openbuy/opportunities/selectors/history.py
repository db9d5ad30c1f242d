"""A requirement's public history, for its page and the API alike: published, each
amendment, each answered clarification question (as published, never who asked), closed
with the number of submitted responses (a count: responses are sealed), then per lot the
award (in standstill with the chosen supplier, then confirmed with the contract), a
cancelled award, no suitable supplier or cancelled with the reason; or withdrawn.

Five queries at most, however long the history: amendments, answers, the count of
responses, lots, awards."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Amendment, Award, ClarificationQuestion, Requirement, RequirementLot, Response


@dataclass(frozen=True)
class Entry:
    """One event of the history. `at` is None when the product did not keep its time."""

    kind: str  # published, amended, answered, closed, standstill, awarded,
    # award_cancelled, unsuccessful, cancelled, withdrawn
    at: datetime.datetime | None
    title: str
    text: str = ""  # a summary, or a reason
    lot: str = ""  # which lot, when the requirement has several
    question: str = ""
    answer: str = ""
    changed: list[str] = field(default_factory=list)  # the questions whose answers changed
    closes_before: datetime.datetime | None = None
    closes_after: datetime.datetime | None = None
    responses: int | None = None
    supplier: str = ""
    value: Decimal | None = None
    currency: str = ""
    contract_start: datetime.date | None = None
    contract_end: datetime.date | None = None
    standstill_ends_at: datetime.datetime | None = None
    order: datetime.datetime | None = None  # where it sorts, when `at` is unknown


def _lot_name(lot: RequirementLot, several: bool) -> str:
    if not several:
        return ""
    if lot.title:
        return _("Lot %(number)d: %(title)s") % {"number": lot.number, "title": lot.title}
    return _("Lot %(number)d") % {"number": lot.number}


def _amendments(requirement: Requirement) -> list[Entry]:
    questions = requirement.questions.doc.questions
    return [
        Entry(
            kind="amended",
            at=amendment.made_at,
            title=_("Amendment %(number)d") % {"number": amendment.number},
            text=amendment.summary,
            changed=[questions[q].question if q in questions else q for q in amendment.changed],
            closes_before=amendment.closes_at_before,
            closes_after=amendment.closes_at_after,
        )
        for amendment in Amendment.objects.filter(requirement=requirement).order_by("number")
    ]


def _answers(requirement: Requirement) -> list[Entry]:
    answered = (
        ClarificationQuestion.objects.filter(requirement=requirement, answered_at__isnull=False)
        .only("published_question", "answer", "answered_at")
        .order_by("answered_at", "pk")
    )
    return [
        Entry(
            kind="answered",
            at=q.answered_at,
            title=_("Clarification question answered"),
            question=q.published_question,
            answer=q.answer,
        )
        for q in answered
    ]


def _closed(requirement: Requirement, now) -> list[Entry]:
    """Closed at its closing time (time alone closes it), unless withdrawn before."""
    closes = requirement.closes_at
    if closes is None or now < closes:
        return []
    if requirement.withdrawn_at is not None and requirement.withdrawn_at < closes:
        return []
    count = Response.objects.filter(
        requirement=requirement, status=Response.Status.SUBMITTED
    ).count()
    return [Entry(kind="closed", at=closes, title=_("Closed"), responses=count)]


def _award(award: Award, lot: str, currency: str) -> Entry:
    supplier = award.response.supplier.name
    if award.status == Award.Status.CONFIRMED:
        return Entry(
            kind="awarded",
            at=award.confirmed_at,
            title=_("Awarded"),
            lot=lot,
            supplier=supplier,
            value=award.value,
            currency=award.currency or currency,
            contract_start=award.contract_start,
            contract_end=award.contract_end,
        )
    if award.status == Award.Status.CANCELLED:
        # No time is kept for a cancellation: it sorts just after the choice it undid.
        return Entry(
            kind="award_cancelled",
            at=None,
            order=award.decided_at,
            title=_("Award cancelled"),
            text=award.cancelled_reason,
            lot=lot,
            supplier=supplier,
        )
    return Entry(
        kind="standstill",
        at=award.decided_at,
        title=_("Supplier chosen: in standstill"),
        lot=lot,
        supplier=supplier,
        standstill_ends_at=award.standstill_ends_at,
    )


_OUTCOMES = {
    RequirementLot.Outcome.UNSUCCESSFUL: ("unsuccessful", gettext_lazy("No suitable supplier")),
    RequirementLot.Outcome.CANCELLED: ("cancelled", gettext_lazy("Cancelled")),
}


def _decisions(requirement: Requirement) -> list[Entry]:
    lots = list(RequirementLot.objects.filter(requirement=requirement).order_by("number"))
    several = len(lots) > 1
    names = {lot.pk: _lot_name(lot, several) for lot in lots}
    awards = (
        Award.objects.filter(requirement=requirement)
        .select_related("response__supplier")
        .order_by("decided_at", "pk")
    )
    currency = requirement.currency
    entries = [_award(award, names.get(award.lot_id, ""), currency) for award in awards]
    decided = requirement.decided_at  # lots keep no time of their own
    for lot in lots:
        if lot.outcome in _OUTCOMES:
            kind, title = _OUTCOMES[lot.outcome]
            entries.append(
                Entry(
                    kind=kind,
                    at=decided,  # unknown until the requirement is decided: sorts last
                    title=str(title),
                    text=lot.outcome_reason,
                    lot=names[lot.pk],
                )
            )
    status = requirement.status
    if status in _OUTCOMES and not any(lot.outcome == status for lot in lots):
        kind, title = _OUTCOMES[status]
        entries.append(
            Entry(kind=kind, at=decided, title=str(title), text=requirement.decision_reason)
        )
    return entries


def history(requirement: Requirement) -> list[Entry]:
    """The requirement's public events, oldest first (nothing for a draft)."""
    if requirement.published_at is None:
        return []
    now = timezone.now()
    entries = [Entry(kind="published", at=requirement.published_at, title=_("Published"))]
    entries += _amendments(requirement)
    entries += _answers(requirement)
    entries += _closed(requirement, now)
    entries += _decisions(requirement)
    if requirement.withdrawn_at is not None:
        entries.append(
            Entry(
                kind="withdrawn",
                at=requirement.withdrawn_at,
                title=_("Withdrawn"),
                text=requirement.withdrawn_reason,
            )
        )
    last = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return sorted(entries, key=lambda e: e.at or e.order or last)
