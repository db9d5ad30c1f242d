"""Awarding a lot after closing: the buyer chooses the intended supplier, a standstill
period follows (standstill.py), then the award is confirmed with the contract's dates and
value, or cancelled (after a challenge, say) so the lot can be awarded again.

Final scores inform the choice but do not make it: the buyer may choose any submitted
response, and the trail records where the chosen one ranked."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from openbuy.core import audit, money
from openbuy.core.dates import date_problem
from openbuy.core.errors import Conflict, Invalid

from .. import hooks, scoring, standstill
from ..models import Award, Requirement, RequirementLot, Response
from ..naming import lot_name
from ..verbs import Verb
from . import award_mail
from .deciding import (
    about_award,
    checked_reason,
    deciding,
    record_public,
    settle,
    standing_award,
    undecided_lot,
)


def _rank_of(requirement: Requirement, lot: RequirementLot, response: Response):
    """(its rank or None when not every score is final, how many are ranked)."""
    standings = scoring.ranking(requirement, lot)
    ranked = [s for s in standings if s.rank is not None]
    rank = next((s.rank for s in ranked if s.response.pk == response.pk), None)
    return rank, len(ranked)


def award_reason(reason: str, rank: int | None, ranked: int) -> str:
    """The reason for choosing this response: needed unless it is ranked first."""
    reason = (reason or "").strip()
    if not reason and rank != 1:
        if rank is None:
            message = _("Say why you are choosing a response that is not ranked")
        else:
            message = _(
                "Say why you are choosing the response ranked %(rank)d of %(ranked)d rather "
                "than the first"
            ) % {"rank": rank, "ranked": ranked}
        raise Invalid(message, field="reason")
    return checked_reason(reason) if reason else ""


@audit.action
def award_make(*, actor, lot: RequirementLot, response: Response | None, reason: str = "") -> Award:
    """Choose the intended supplier of a lot: its submitted response, one on the lot's
    shortlist where it has one. Choosing any but the first ranked needs a reason (the
    second stage's outcome, say), published with the award. A standstill period starts;
    the suppliers that responded to the lot are told."""
    requirement = deciding(actor, lot.requirement)
    lot = undecided_lot(requirement, lot)
    current = standing_award(lot)
    if current is not None:
        raise Conflict(
            _(
                "%(lot)s is already being awarded to %(supplier)s: cancel that award before "
                "choosing another supplier"
            )
            % {"lot": lot_name(lot), "supplier": current.response.supplier.name}
        )
    chosen = (
        Response.objects.filter(pk=getattr(response, "pk", None), lot=lot)
        .filter(status=Response.Status.SUBMITTED)
        .select_related("supplier")
        .first()
    )
    if chosen is None:
        raise Invalid(_("Choose a response submitted to this lot"), field="response")
    shortlisted = Response.objects.filter(
        lot=lot, shortlisted=True, status=Response.Status.SUBMITTED
    )
    if not chosen.shortlisted and shortlisted.exists():
        raise Invalid(_("Choose a supplier on this lot's shortlist"), field="response")
    rank, ranked = _rank_of(requirement, lot, chosen)
    reason = award_reason(reason, rank, ranked)
    try:
        with transaction.atomic():
            award = Award.objects.create(
                requirement=requirement,
                lot=lot,
                response=chosen,
                reason=reason,
                decided_by=actor,
                standstill_ends_at=standstill.ends_at(requirement),
            )
    except IntegrityError as error:  # someone else chose at the same moment
        raise Conflict(_("%(lot)s is already being awarded") % {"lot": lot_name(lot)}) from error
    record_public(
        Verb.AWARD_MADE,
        actor,
        requirement,
        **about_award(award),
        response=chosen.pk,
        standstill_ends_at=award.standstill_ends_at.isoformat(),
        rank=rank,
        ranked=ranked,
        reason=reason,
    )
    hooks.award_made.send(
        hooks.AwardMade(
            requirement=requirement,
            actor=actor,
            award=award,
            standstill_ends_at=award.standstill_ends_at,
        )
    )
    award_mail.award_made(award)
    return award


def _locked_award(actor, award: Award) -> Award:
    requirement = deciding(actor, award.requirement)
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("lot", "response__supplier")
        .get(pk=award.pk)
    )
    award.requirement = award.lot.requirement = requirement
    if award.status == Award.Status.CONFIRMED:
        raise Conflict(_("This award is already confirmed"))
    if award.status == Award.Status.CANCELLED:
        raise Conflict(_("This award was cancelled"))
    return award


def earliest_confirmation(award: Award) -> str:
    """When the award can be confirmed, in words, in the buyer's time zone."""
    zone = award.requirement.zone
    return _("from %(time)s on %(date)s (%(zone)s time)") % {
        "time": formats.time_format(standstill.local(award.standstill_ends_at, zone), "H:i"),
        "date": formats.date_format(standstill.local(award.standstill_ends_at, zone), "j F Y"),
        "zone": zone.key,
    }


def _contract(
    award: Award, contract_start, contract_end, value
) -> tuple[datetime.date, datetime.date, Decimal]:
    """The contract's checked dates and value, or Invalid naming each field wrong."""
    requirement = award.requirement
    errors: dict[str, list[str]] = {}
    for name, day, missing in (
        ("contract_start", contract_start, _("Enter the contract start date")),
        ("contract_end", contract_end, _("Enter the contract end date")),
    ):
        problem = missing if day is None else date_problem(day)
        if problem:
            errors[name] = [problem]
    made_on = award.decided_at.astimezone(requirement.zone).date()
    if "contract_start" not in errors and contract_start < made_on:
        errors["contract_start"] = [
            _("The contract cannot start before the award was made, on %(date)s")
            % {"date": formats.date_format(made_on, "j F Y")}
        ]
    if not errors.keys() & {"contract_start", "contract_end"} and contract_end < contract_start:
        errors["contract_end"] = [_("The contract end date must be on or after its start date")]
    amount = None
    if value is None or (isinstance(value, str) and not value.strip()):
        errors["value"] = [_("Enter the contract value")]
    elif isinstance(value, Decimal):
        amount = value
    else:
        try:
            amount = money.parse_amount(str(value), requirement.currency)
        except money.MoneyError as error:
            errors["value"] = [str(error)]
    if amount is not None and amount <= 0:
        # A contract awarded is worth something: nothing, or less, is a slip in typing.
        errors["value"] = [_("The contract value must be more than 0")]
    elif amount is not None and amount >= money.LIMIT:
        errors["value"] = [_("Enter an amount less than 100,000,000,000,000")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    return contract_start, contract_end, amount


@audit.action
def award_confirm(
    *,
    actor,
    award: Award,
    contract_start: datetime.date | None,
    contract_end: datetime.date | None,
    value: Decimal | str | None,
) -> Award:
    """Confirm an award once its standstill has ended, by the server's clock, with the
    contract's start, end and value (text is read strictly in the jurisdiction's currency).
    The lot is awarded; when every lot is decided, so is the requirement."""
    award = _locked_award(actor, award)
    if timezone.now() < award.standstill_ends_at:
        raise Conflict(
            _("The standstill period has not ended: you can confirm the award %(when)s")
            % {"when": earliest_confirmation(award)}
        )
    start, end, amount = _contract(award, contract_start, contract_end, value)
    requirement, lot = award.requirement, award.lot
    award.contract_start, award.contract_end = start, end
    award.value, award.currency = amount, requirement.currency
    award.confirmed_by = actor
    award.confirm()
    award.save()
    lot.outcome = RequirementLot.Outcome.AWARDED
    lot.save(update_fields=["outcome"])
    record_public(
        Verb.AWARD_CONFIRMED,
        actor,
        requirement,
        **about_award(award),
        contract_start=start.isoformat(),
        contract_end=end.isoformat(),
        value=f"{amount:f}",
        currency=award.currency,
    )
    settle(actor, requirement)
    hooks.award_confirmed.send(
        hooks.AwardConfirmed(requirement=requirement, actor=actor, award=award)
    )
    award_mail.award_confirmed(award)
    return award


@audit.action
def award_cancel(*, actor, award: Award, reason: str) -> Award:
    """Cancel an award in standstill (after a challenge, say), saying why; the lot can be
    awarded again."""
    award = _locked_award(actor, award)
    reason = checked_reason(reason)
    requirement = award.requirement
    award.cancelled_reason = reason
    award.cancel()
    award.save()
    record_public(Verb.AWARD_CANCELLED, actor, requirement, **about_award(award), reason=reason)
    hooks.award_cancelled.send(
        hooks.AwardCancelled(requirement=requirement, actor=actor, award=award, reason=reason)
    )
    award_mail.award_cancelled(award)
    return award
