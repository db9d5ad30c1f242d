"""Ending a closed requirement's lots without an award: "no suitable supplier" or
cancelled, with a reason that is published; or cancelling the whole requirement."""

from django.utils.translation import gettext as _

from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid

from .. import hooks
from ..models import Requirement, RequirementLot
from ..naming import lot_name
from ..verbs import Verb
from . import award_mail
from .deciding import (
    checked_reason,
    deciding,
    record_public,
    settle,
    standing_award,
    undecided_lot,
)

# What a lot can end as without an award.
ENDINGS = (RequirementLot.Outcome.UNSUCCESSFUL, RequirementLot.Outcome.CANCELLED)


def _end(actor, requirement: Requirement, lot: RequirementLot, outcome: str, reason: str):
    lot.outcome, lot.outcome_reason = outcome, reason
    lot.save(update_fields=["outcome", "outcome_reason"])
    record_public(
        Verb.LOT_DECIDED, actor, requirement, lot=lot.number, outcome=outcome, reason=reason
    )


def _refuse_standing_award(lot: RequirementLot) -> None:
    award = standing_award(lot)
    if award is not None:
        raise Conflict(
            _("%(lot)s is being awarded to %(supplier)s: cancel that award first")
            % {"lot": lot_name(lot), "supplier": award.response.supplier.name}
        )


@audit.action
def lot_decide(*, actor, lot: RequirementLot, outcome: str, reason: str) -> RequirementLot:
    """End a lot without an award: no suitable supplier, or cancelled. The reason is
    published and sent to every supplier that responded to the lot."""
    requirement = deciding(actor, lot.requirement)
    if outcome not in ENDINGS:
        raise Invalid(_("Choose no suitable supplier or cancelled"), field="outcome")
    reason = checked_reason(reason)
    lot = undecided_lot(requirement, lot)
    _refuse_standing_award(lot)
    _end(actor, requirement, lot, outcome, reason)
    settle(actor, requirement, reason)
    hooks.lot_decided.send(
        hooks.LotDecided(
            requirement=requirement, actor=actor, lot=lot, outcome=outcome, reason=reason
        )
    )
    award_mail.lot_decided(lot)
    return lot


@audit.action
def requirement_cancel(*, actor, requirement: Requirement, reason: str) -> Requirement:
    """Cancel a closed requirement: every lot not yet decided is cancelled, with the
    reason. Refused while a lot has an award in standstill (cancel that first)."""
    requirement = deciding(actor, requirement)
    reason = checked_reason(reason)
    lots = list(
        RequirementLot.objects.filter(requirement=requirement, outcome=RequirementLot.Outcome.OPEN)
    )
    if not lots:
        raise Conflict(_("Every lot of this requirement is already decided"))
    for lot in lots:
        _refuse_standing_award(lot)
    for lot in lots:
        lot.requirement = requirement
        _end(actor, requirement, lot, RequirementLot.Outcome.CANCELLED, reason)
    settle(actor, requirement, reason)
    for lot in lots:
        hooks.lot_decided.send(
            hooks.LotDecided(
                requirement=requirement,
                actor=actor,
                lot=lot,
                outcome=RequirementLot.Outcome.CANCELLED,
                reason=reason,
            )
        )
        award_mail.lot_decided(lot)
    return requirement
