"""Awards through the API: the same actions and selectors as the award pages. Awards and
lots' outcomes are public once made; feedback is for the responding supplier's people."""

import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from openbuy.accounts.api import AUTH, anyone
from openbuy.core.api import problems

from .. import actions, selectors

router = Router(auth=AUTH, tags=["opportunities"])


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


class AwardOut(Schema):
    id: int
    requirement: int = Field(alias="requirement_id")
    lot: int = Field(description="The lot's number within the requirement")
    supplier: str = Field(description="The chosen supplier's name")
    response: int = Field(alias="response_id")
    status: Literal["standstill", "confirmed", "cancelled"]
    decided_at: datetime.datetime = Field(description="When the supplier was chosen")
    standstill_ends_at: datetime.datetime = Field(
        description="No confirmation before this time: the end of the standstill's last day"
    )
    in_standstill: bool
    contract_start: datetime.date | None
    contract_end: datetime.date | None
    value: str | None = Field(description="Decimal amount, once confirmed")
    currency: str
    confirmed_at: datetime.datetime | None
    reason: str = Field(description="Why this response rather than the first ranked, if not")
    cancelled_reason: str

    @staticmethod
    def resolve_lot(award) -> int:
        return award.lot.number

    @staticmethod
    def resolve_supplier(award) -> str:
        return award.response.supplier.name

    @staticmethod
    def resolve_value(award) -> str | None:
        return _amount(award.value)


class LotOut(Schema):
    number: int
    title: str
    outcome: Literal["", "awarded", "unsuccessful", "cancelled"] = Field(
        description="Empty while undecided"
    )
    outcome_reason: str


class DecisionOut(Schema):
    requirement: int = Field(alias="id")
    status: str
    decided_at: datetime.datetime | None
    decision_reason: str
    lots: list[LotOut]

    @staticmethod
    def resolve_lots(requirement) -> list:
        return list(selectors.lots_of(requirement))


class AwardIn(Schema):
    lot: int = Field(1, ge=1, le=32767, description="The lot's number (1 when undivided)")
    response: int = Field(ge=1, le=2**63 - 1, description="A response submitted to that lot")
    reason: str = Field(
        "",
        max_length=5000,
        description="Why this response rather than the first ranked: needed unless it is "
        "ranked first; published with the award",
    )


class ConfirmIn(Schema):
    contract_start: datetime.date
    contract_end: datetime.date
    value: str = Field(
        max_length=40, description="In the jurisdiction's currency, like 45000 or 45,000.00"
    )


class ReasonIn(Schema):
    reason: str = Field(max_length=5000, description="Published")


class DecideIn(ReasonIn):
    outcome: Literal["unsuccessful", "cancelled"] = Field(
        description="No suitable supplier, or cancelled"
    )


class CriterionOut(Schema):
    key: str
    text: str
    score: int | None


class ScoredOut(Schema):
    supplier: str
    scores: list[CriterionOut]
    technical: str | None
    cultural: str | None
    price: str | None
    total: str | None

    @staticmethod
    def resolve_technical(scored) -> str | None:
        return _amount(scored.technical)

    @staticmethod
    def resolve_cultural(scored) -> str | None:
        return _amount(scored.cultural)

    @staticmethod
    def resolve_price(scored) -> str | None:
        return _amount(scored.price)

    @staticmethod
    def resolve_total(scored) -> str | None:
        return _amount(scored.total)


class FeedbackOut(Schema):
    response: int
    lot: int
    outcome: Literal["pending", "won", "not_chosen", "unsuccessful", "cancelled"] = Field(
        description="pending: nothing is decided on the lot yet, so no scores are shown"
    )
    lot_reason: str = ""
    award_reason: str = Field("", description="Why the buyer chose the supplier it did, if given")
    standstill_ends_at: datetime.datetime | None = None
    score_min: int | None = None
    score_max: int | None = None
    weights: dict[str, int] = {}
    own: ScoredOut | None = None
    winner: ScoredOut | None = Field(None, description="The chosen supplier, when not you")


def _feedback_out(response, feedback) -> dict:
    if feedback is None:
        return {"response": response.pk, "lot": response.lot.number, "outcome": "pending"}
    return {
        "response": response.pk,
        "lot": response.lot.number,
        "outcome": feedback.outcome,
        "lot_reason": feedback.lot.outcome_reason,
        "award_reason": feedback.award.reason if feedback.award else "",
        "standstill_ends_at": feedback.award.standstill_ends_at if feedback.award else None,
        "score_min": feedback.score_min,
        "score_max": feedback.score_max,
        "weights": {key: int(weight) for key, weight in feedback.weights.items()},
        "own": feedback.own,
        "winner": feedback.winner,
    }


def _requirement(request, pk):
    return get_object_or_404(selectors.requirements_visible_to(request.auth), pk=pk)


def _award(request, pk):
    return get_object_or_404(selectors.awards_visible_to(request.auth), pk=pk)


def _lot(requirement, number):
    return get_object_or_404(selectors.lots_of(requirement), number=number)


@router.get("/requirements/{requirement_id}/awards", response=list[AwardOut], auth=[*AUTH, anyone])
def list_awards(request, requirement_id: int):
    """A requirement's awards, cancelled ones too: public once made."""
    return selectors.awards_of(_requirement(request, requirement_id))


@router.get("/requirements/{requirement_id}/decision", response=DecisionOut, auth=[*AUTH, anyone])
def get_decision(request, requirement_id: int):
    """Where deciding the requirement stands: its status and each lot's outcome."""
    return _requirement(request, requirement_id)


@router.post(
    "/requirements/{requirement_id}/awards",
    response={201: AwardOut, **problems(403, 409)},
)
def make_award(request, requirement_id: int, payload: AwardIn):
    """Choose the intended supplier of a lot of a closed requirement; standstill starts."""
    requirement = _requirement(request, requirement_id)
    lot = _lot(requirement, payload.lot)
    response = selectors.response_on(lot, payload.response)
    award = actions.award_make(
        actor=request.auth, lot=lot, response=response, reason=payload.reason
    )
    return Status(201, award)


@router.get("/awards/{award_id}", response=AwardOut, auth=[*AUTH, anyone])
def get_award(request, award_id: int):
    return _award(request, award_id)


@router.post("/awards/{award_id}/confirm", response={200: AwardOut, **problems(403, 409)})
def confirm_award(request, award_id: int, payload: ConfirmIn):
    """Confirm once the standstill has ended, with the contract's dates and value."""
    return actions.award_confirm(
        actor=request.auth,
        award=_award(request, award_id),
        contract_start=payload.contract_start,
        contract_end=payload.contract_end,
        value=payload.value,
    )


@router.post("/awards/{award_id}/cancel", response={200: AwardOut, **problems(403, 409)})
def cancel_award(request, award_id: int, payload: ReasonIn):
    """Cancel an award in standstill, saying why; the lot can be awarded again."""
    return actions.award_cancel(
        actor=request.auth, award=_award(request, award_id), reason=payload.reason
    )


@router.post(
    "/requirements/{requirement_id}/lots/{number}/decide",
    response={200: LotOut, **problems(403, 409)},
)
def decide_lot(request, requirement_id: int, number: int, payload: DecideIn):
    """End a lot without an award: no suitable supplier, or cancelled."""
    requirement = _requirement(request, requirement_id)
    return actions.lot_decide(
        actor=request.auth,
        lot=_lot(requirement, number),
        outcome=payload.outcome,
        reason=payload.reason,
    )


@router.post(
    "/requirements/{requirement_id}/cancel", response={200: DecisionOut, **problems(403, 409)}
)
def cancel_requirement(request, requirement_id: int, payload: ReasonIn):
    """Cancel a closed requirement: every lot not yet decided is cancelled."""
    return actions.requirement_cancel(
        actor=request.auth,
        requirement=_requirement(request, requirement_id),
        reason=payload.reason,
    )


@router.get("/requirements/{requirement_id}/feedback", response=list[FeedbackOut])
def get_feedback(request, requirement_id: int):
    """Feedback on each of the asker's suppliers' responses; 404 for anyone whose supplier
    did not respond."""
    found = selectors.feedback_of(request.auth, _requirement(request, requirement_id))
    if not found:
        raise Http404
    return [_feedback_out(entry.response, entry.feedback) for entry in found]
