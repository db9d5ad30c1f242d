"""E-mails about awards, to the people of the suppliers that responded to a lot, each in
their own language, queued in the action's transaction (core.mail). None of them holds a
score: those who lost are sent a link to their feedback page, which shows their own."""

from openbuy.accounts.notify import notify

from .. import standstill
from ..models import Award, Requirement, RequirementLot, Response


def responders(lot: RequirementLot):
    """The suppliers with a submitted response to the lot, in a stable order."""
    return [
        response.supplier
        for response in Response.objects.filter(lot=lot, status=Response.Status.SUBMITTED)
        .select_related("supplier")
        .order_by("supplier__name", "supplier_id")
    ]


def _context(requirement: Requirement, lot: RequirementLot, **more) -> dict:
    several = RequirementLot.objects.filter(requirement=requirement).count() > 1
    return {
        "requirement": requirement,
        "buyer": requirement.buyer.name,
        "lot": lot,
        "several_lots": several,
        **more,
    }


def _award_context(award: Award) -> dict:
    requirement = award.requirement
    return _context(
        requirement,
        award.lot,
        award=award,
        winner=award.response.supplier.name,
        last_day=standstill.last_day(award.standstill_ends_at, requirement.zone),
        earliest=standstill.local(award.standstill_ends_at, requirement.zone),
    )


def _tell(award: Award, to_winner: str, to_others: str, **more) -> None:
    context = _award_context(award) | more
    winner = award.response.supplier_id
    for supplier in responders(award.lot):
        template = to_winner if supplier.pk == winner else to_others
        notify(supplier, template, context, admins_only=False)


def award_made(award: Award) -> None:
    """The chosen supplier is told it is the intended supplier; the others that they were
    not successful this time, with a link to their feedback; all, when standstill ends."""
    _tell(award, "opportunities/email/award_intended", "opportunities/email/award_unsuccessful")


def award_confirmed(award: Award) -> None:
    _tell(
        award,
        "opportunities/email/award_confirmed_winner",
        "opportunities/email/award_confirmed_others",
    )


def award_cancelled(award: Award) -> None:
    _tell(award, "opportunities/email/award_cancelled", "opportunities/email/award_cancelled")


def lot_decided(lot: RequirementLot) -> None:
    """Every responder to a lot ended without an award, with the reason."""
    context = _context(lot.requirement, lot)
    for supplier in responders(lot):
        notify(supplier, "opportunities/email/lot_decided", context, admins_only=False)
