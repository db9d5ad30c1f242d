"""Reads of awards: the award page of a closed requirement for its team (each lot's ranking,
for information, and where its award stands), and the public record of awards and lots'
outcomes (for the API and the requirement's history)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from openbuy.core.errors import Conflict

from .. import scoring, standstill
from ..models import Award, FinalScore, Requirement, RequirementLot, Response
from ..naming import lot_name
from ..permissions import Permission, require
from .requirements import requirements_visible_to


@dataclass
class LotAwarding:
    """One lot on the award page."""

    lot: RequirementLot
    standings: list[scoring.Standing]
    award: Award | None = None  # in standstill or confirmed
    cancelled: list[Award] = field(default_factory=list)

    @property
    def name(self) -> str:
        return lot_name(self.lot)

    @property
    def choosable(self) -> bool:
        """A winner can be chosen: undecided, with no award standing, and a response."""
        return not self.lot.outcome and self.award is None and bool(self.standings)

    @property
    def decidable(self) -> bool:
        """It can end without an award: undecided, with no award standing."""
        return not self.lot.outcome and self.award is None

    @property
    def standstill_last_day(self) -> datetime.date | None:
        if self.award is None:
            return None
        return standstill.last_day(self.award.standstill_ends_at, self.lot.requirement.zone)

    def standing_of(self, response_pk: int) -> scoring.Standing | None:
        return next((s for s in self.standings if s.response.pk == response_pk), None)


@dataclass
class Awarding:
    requirement: Requirement
    lots: list[LotAwarding]

    @property
    def deciding(self) -> bool:
        return self.requirement.status not in Requirement.DECIDED

    def lot(self, number: int) -> LotAwarding | None:
        return next((entry for entry in self.lots if entry.lot.number == number), None)


def awarding(user, requirement: Requirement) -> Awarding:
    """The award page of a requirement whose closing time has passed, for the members of
    its team who may award: every lot with the ranking of its submitted responses (final
    scores inform, they do not decide) and its awards. Five queries, however many lots
    and responses."""
    require(user, requirement, Permission.AWARD)
    if requirement.status == Requirement.Status.DRAFT or requirement.is_open:
        raise Conflict(_("Awards are made after the requirement closes"))
    lots = list(RequirementLot.objects.filter(requirement=requirement).order_by("number"))
    responses = list(
        Response.objects.filter(requirement=requirement, status=Response.Status.SUBMITTED)
        .select_related("supplier")
        .order_by("pk")
    )
    finals = {
        (f.response_id, f.criterion): f.score
        for f in FinalScore.objects.filter(response__requirement=requirement).only(
            "response_id", "criterion", "score"
        )
    }
    awards = list(
        Award.objects.filter(requirement=requirement)
        .select_related("response__supplier")
        .order_by("decided_at", "pk")
    )
    entries = []
    for lot in lots:
        lot.requirement = requirement
        mine = [r for r in responses if r.lot_id == lot.pk]
        entry = LotAwarding(lot, scoring.rank(requirement, lot, mine, finals))
        for award in awards:
            if award.lot_id != lot.pk:
                continue
            award.requirement, award.lot = requirement, lot
            if award.status == Award.Status.CANCELLED:
                entry.cancelled.append(award)
            else:
                entry.award = award
        entries.append(entry)
    return Awarding(requirement, entries)


def awards_of(requirement: Requirement) -> QuerySet[Award]:
    """Every award of a (visible) requirement, cancelled ones too: public once made."""
    return (
        Award.objects.filter(requirement=requirement)
        .select_related("lot", "response__supplier", "requirement__buyer__jurisdiction")
        .order_by("lot__number", "decided_at", "pk")
    )


def awards_visible_to(user) -> QuerySet[Award]:
    """Awards of the requirements the person may see."""
    return Award.objects.filter(
        requirement__in=requirements_visible_to(user).values("pk")
    ).select_related("lot", "response__supplier", "requirement__buyer__jurisdiction")


def response_on(lot: RequirementLot, pk: int) -> Response | None:
    """A response to the lot, by id, for choosing it (the action checks it is submitted)."""
    return Response.objects.filter(pk=pk, lot=lot).first()


def lots_of(requirement: Requirement) -> QuerySet[RequirementLot]:
    """A (visible) requirement's lots with their outcomes: public."""
    return RequirementLot.objects.filter(requirement=requirement).order_by("number")


def standstill_last_day(award: Award) -> datetime.date:
    """The last day of the award's standstill, where the buyer is."""
    return standstill.last_day(award.standstill_ends_at, award.requirement.zone)
