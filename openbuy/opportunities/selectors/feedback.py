"""Feedback to a supplier on its response: its own final score for each criterion, its
weighted parts and total, and the chosen supplier's name, scores and total; never another
unsuccessful supplier's. Only the supplier's own people read it, and only once its lot has
an award (in standstill or confirmed) or has ended without one."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from openbuy.accounts.models import Role
from openbuy.accounts.permissions import works_for

from .. import scoring, standstill
from ..models import Award, Requirement, RequirementLot, Response
from ..naming import lot_name

SUPPLIER_ROLES = (Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)


@dataclass(frozen=True)
class CriterionScore:
    key: str
    text: str
    score: int | None  # None when no final score was agreed


@dataclass(frozen=True)
class Scored:
    """One supplier's final scores and weighted parts (out of the weights, total of 100)."""

    supplier: str
    scores: list[CriterionScore]
    technical: Decimal | None
    cultural: Decimal | None
    price: Decimal | None
    total: Decimal | None


@dataclass(frozen=True)
class Feedback:
    response: Response
    lot: RequirementLot
    several_lots: bool
    won: bool
    award: Award | None  # the lot's award in standstill or confirmed; None when it ended
    score_min: int
    score_max: int
    weights: dict[str, Decimal]
    own: Scored
    winner: Scored | None  # None for the winner itself and when no award was made

    @property
    def standstill_last_day(self) -> datetime.date | None:
        if self.award is None:
            return None
        zone = self.response.requirement.zone
        return standstill.last_day(self.award.standstill_ends_at, zone)

    def rows(self) -> list[tuple[str, int | None, int | None]]:
        """(criterion, own final score, the chosen supplier's) in the order scored."""
        theirs = {c.key: c.score for c in self.winner.scores} if self.winner else {}
        return [(c.text, c.score, theirs.get(c.key)) for c in self.own.scores]

    def parts(self) -> list[tuple[str, Decimal, Decimal | None, Decimal | None]]:
        """(part, its weight, own weighted part, the chosen supplier's), then the total."""
        winner = self.winner
        return [
            (label, weight, getattr(self.own, key), getattr(winner, key) if winner else None)
            for key, label, weight in (
                ("technical", _("Technical"), self.weights[scoring.TECHNICAL]),
                ("cultural", _("Cultural fit"), self.weights[scoring.CULTURAL]),
                ("price", _("Price"), self.weights["price"]),
                ("total", _("Total"), Decimal(100)),
            )
        ]

    @property
    def outcome(self) -> str:
        """won, not_chosen, or the lot's outcome when it ended without an award."""
        if self.award is None:
            return self.lot.outcome
        return "won" if self.won else "not_chosen"


def _scored(requirement, lot, standing: scoring.Standing | None, response: Response) -> Scored:
    scores = standing.scores if standing else {}
    return Scored(
        supplier=response.supplier.name,
        scores=[
            CriterionScore(c.key, c.text, scores.get(c.key))
            for c in scoring.criteria(requirement, lot)
        ],
        technical=standing.technical if standing else None,
        cultural=standing.cultural if standing else None,
        price=standing.price if standing else None,
        total=standing.total if standing else None,
    )


def _build(response: Response, award: Award | None, several_lots: bool) -> Feedback | None:
    requirement, lot = response.requirement, response.lot
    if award is None and not lot.outcome:
        return None  # nothing decided yet: no feedback
    standings = {s.response.pk: s for s in scoring.ranking(requirement, lot)}
    won = award is not None and award.response_id == response.pk
    winner = None
    if award is not None and not won:
        winner = _scored(requirement, lot, standings.get(award.response_id), award.response)
    rules = requirement.buyer.jurisdiction.procurement
    return Feedback(
        response=response,
        lot=lot,
        several_lots=several_lots,
        won=won,
        award=award,
        score_min=rules.score_min,
        score_max=rules.score_max,
        weights=scoring.weights(requirement),
        own=_scored(requirement, lot, standings.get(response.pk), response),
        winner=winner,
    )


def _standing_awards(requirement: Requirement, lots) -> dict[int, Award]:
    return {
        award.lot_id: award
        for award in Award.objects.filter(requirement=requirement, lot__in=lots)
        .exclude(status=Award.Status.CANCELLED)
        .select_related("response__supplier")
    }


def _several_lots(requirement: Requirement) -> bool:
    return RequirementLot.objects.filter(requirement=requirement).count() > 1


def feedback_for(user, response: Response) -> Feedback | None:
    """The feedback on a response, for the responding supplier's people only, once its lot
    is decided one way or another; None for anyone else, or before."""
    response = (
        Response.objects.select_related("requirement__buyer__jurisdiction", "lot", "supplier")
        .filter(pk=response.pk, status=Response.Status.SUBMITTED)
        .first()
    )
    if response is None or not works_for(user, response.supplier):
        return None
    award = _standing_awards(response.requirement, [response.lot_id]).get(response.lot_id)
    return _build(response, award, _several_lots(response.requirement))


def responses_for_feedback(user, requirement: Requirement) -> QuerySet[Response]:
    """The submitted responses to a requirement of the suppliers the person works for."""
    if not getattr(user, "is_authenticated", False):
        return Response.objects.none()
    return (
        Response.objects.filter(
            requirement=requirement,
            status=Response.Status.SUBMITTED,
            supplier__memberships__user=user,
            supplier__memberships__role__in=SUPPLIER_ROLES,
        )
        .select_related("requirement__buyer__jurisdiction", "lot", "supplier")
        .distinct()
        .order_by("lot__number", "supplier__name", "pk")
    )


@dataclass(frozen=True)
class FeedbackEntry:
    response: Response
    lot_name: str
    several_lots: bool
    feedback: Feedback | None  # None while the lot is undecided


def feedback_of(user, requirement: Requirement) -> list[FeedbackEntry]:
    """Each response of the person's suppliers to the requirement, with its feedback.
    Empty for anyone whose supplier did not respond."""
    responses = list(responses_for_feedback(user, requirement))
    if not responses:
        return []
    awards = _standing_awards(requirement, {r.lot_id for r in responses})
    several = _several_lots(requirement)
    return [
        FeedbackEntry(r, lot_name(r.lot), several, _build(r, awards.get(r.lot_id), several))
        for r in responses
    ]


def outcomes_of(responses) -> dict[int, str]:
    """Where each submitted response stands once its lot is decided, for its supplier's
    lists (one query): "won" (the award to it confirmed), "intended" (in standstill),
    "not_chosen" (another supplier chosen), "unsuccessful" or "cancelled" (the lot ended
    without an award). Undecided lots and unsubmitted responses are left out."""
    submitted = [r for r in responses if r.status == Response.Status.SUBMITTED]
    awards = {
        lot: (response, status)
        for lot, response, status in Award.objects.filter(lot__in={r.lot_id for r in submitted})
        .exclude(status=Award.Status.CANCELLED)
        .values_list("lot_id", "response_id", "status")
    }
    found = {}
    for response in submitted:
        if response.lot_id in awards:
            chosen, status = awards[response.lot_id]
            if chosen != response.pk:
                found[response.pk] = "not_chosen"
            else:
                found[response.pk] = "won" if status == Award.Status.CONFIRMED else "intended"
        elif response.lot.outcome in {"unsuccessful", "cancelled"}:
            found[response.pk] = response.lot.outcome
    return found
