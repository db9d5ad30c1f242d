"""What every step of deciding a closed requirement shares: the guards, and the move of the
requirement itself once each of its lots is decided."""

from django.utils.translation import gettext as _

from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid, NotFound

from ..models import Award, Requirement, RequirementLot
from ..naming import lot_name
from ..permissions import Permission, require
from ..verbs import Verb
from .closing import closed

MAX_REASON = 5000


def deciding(actor, requirement: Requirement) -> Requirement:
    """The requirement locked for this transaction, its close recorded if due, once the
    actor may award it and while it is closed and not yet decided."""
    requirement = (
        Requirement.objects.select_for_update(of=("self",))
        .select_related("buyer__jurisdiction")
        .get(pk=requirement.pk)
    )
    require(actor, requirement, Permission.AWARD)
    if requirement.status == Requirement.Status.DRAFT or requirement.is_open:
        raise Conflict(_("Awards are made after the requirement closes"))
    requirement = closed(requirement)
    if requirement.status != Requirement.Status.CLOSED:
        raise Conflict(
            _("This requirement is already decided: %(status)s")
            % {"status": requirement.get_status_display().lower()}
        )
    return requirement


def undecided_lot(requirement: Requirement, lot: RequirementLot) -> RequirementLot:
    found = RequirementLot.objects.filter(pk=lot.pk, requirement=requirement).first()
    if found is None:
        raise NotFound(_("There is no such lot of this requirement"))
    if found.outcome:
        raise Conflict(
            _("%(lot)s is already decided: %(outcome)s")
            % {"lot": lot_name(found), "outcome": found.get_outcome_display().lower()}
        )
    found.requirement = requirement
    return found


def standing_award(lot: RequirementLot) -> Award | None:
    """The lot's award in standstill or confirmed, if it has one."""
    return (
        Award.objects.filter(lot=lot)
        .exclude(status=Award.Status.CANCELLED)
        .select_related("response__supplier")
        .first()
    )


def record_public(verb: Verb, actor, requirement: Requirement, **payload) -> None:
    """A public event about the requirement: its history, which everyone reads."""
    audit.record(
        verb,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload=payload,
        public=True,
    )


def about_award(award: Award) -> dict:
    """What every event about an award says of it."""
    return {"award": award.pk, "lot": award.lot.number, "supplier": award.response.supplier.name}


def checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Enter the reason"), field="reason")
    if len(reason) > MAX_REASON:
        raise Invalid(_("The reason must be 5,000 characters or fewer"), field="reason")
    return reason


def settle(actor, requirement: Requirement, reason: str = "") -> None:
    """Once every lot is decided, so is the requirement: awarded when any lot was, else no
    suitable supplier when any lot found none, else cancelled (with `reason`, published)."""
    outcomes = list(
        RequirementLot.objects.filter(requirement=requirement)
        .order_by("number")
        .values_list("number", "outcome")
    )
    if not outcomes or any(not outcome for _number, outcome in outcomes):
        return
    found = {outcome for _number, outcome in outcomes}
    if RequirementLot.Outcome.AWARDED in found:
        requirement.award()
    else:
        requirement.decision_reason = reason
        if RequirementLot.Outcome.UNSUCCESSFUL in found:
            requirement.find_unsuitable()
        else:
            requirement.cancel()
    requirement.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
    record_public(
        Verb.REQUIREMENT_DECIDED,
        actor,
        requirement,
        status=requirement.status,
        reason=requirement.decision_reason,
        lots={str(number): outcome for number, outcome in outcomes},
    )
