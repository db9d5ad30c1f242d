"""Suppliers draft, submit and withdraw responses while a requirement is open.

The closing time is checked on the server inside the transaction that records the
submission, after the requirement's row is locked, so a submission either lands before the
deadline or is refused (docs/opportunities.md, "Responses")."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from openbuy.accounts.models import Organisation
from openbuy.accounts.permissions import works_for
from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound
from openbuy.core.money import format_money
from openbuy.questions import interface as qs

from ..models import Requirement, RequirementLot, Response
from ..selectors.eligibility import is_eligible, service_for
from ..verbs import Verb


def _require_supplier(actor, supplier: Organisation) -> None:
    if not works_for(actor, supplier):
        raise Forbidden(_("Only the supplier's people can work on its responses"))


def _open_requirement(requirement: Requirement, *, lock: bool) -> Requirement:
    """The requirement, locked when asked, refused unless open now by the server's clock."""
    found = Requirement.objects.select_related("buyer__jurisdiction", "response_questions")
    if lock:
        found = found.select_for_update(of=("self",))
    requirement = found.get(pk=requirement.pk)
    if not requirement.is_open:
        raise Conflict(_("This requirement is closed to responses"))
    return requirement


def catalogue_rate(service) -> Decimal | None:
    """The highest price of the service's first priced answer: its day rate in the
    catalogue (the top of a range where it gives one)."""
    if service is None or service.current is None:
        return None
    for answer in service.current.answers.values():
        if isinstance(answer, dict) and answer.get("min") is not None and "unit" in answer:
            return Decimal(answer.get("max") or answer["min"])
    return None


def rate_problem(requirement: Requirement, supplier: Organisation, answers: dict) -> str | None:
    """Why the day rate cannot be accepted, if it cannot: above the catalogue rate."""
    rate = answers.get("dayRate")
    ceiling = catalogue_rate(service_for(requirement, supplier))
    if rate in (None, "") or ceiling is None or Decimal(rate) <= ceiling:
        return None
    return _("Your day rate cannot be above your catalogue rate of %(rate)s") % {
        "rate": format_money(ceiling, requirement.currency)
    }


def _lot_of(requirement: Requirement, lot: RequirementLot | None) -> RequirementLot:
    lots = RequirementLot.objects.filter(requirement=requirement)
    if lot is None:
        found = list(lots[:2])
        if len(found) != 1:
            raise Invalid(_("Choose the lot you are responding to"), field="lot")
        return found[0]
    found = lots.filter(pk=lot.pk).first()
    if found is None or found.outcome:
        raise NotFound(_("There is no such lot of this requirement"))
    return found


def _check_lot_limit(requirement: Requirement, supplier: Organisation, lot) -> None:
    limit = requirement.max_lots_per_supplier
    if not limit:
        return
    others = (
        Response.objects.filter(requirement=requirement, supplier=supplier)
        .exclude(status=Response.Status.WITHDRAWN)
        .exclude(lot=lot)
        .count()
    )
    if others >= limit:
        raise Conflict(
            _("A supplier may respond to at most %(limit)d of this requirement's lots")
            % {"limit": limit},
            field="lot",
        )


@audit.action
def response_save(
    *,
    actor,
    requirement: Requirement,
    supplier: Organisation,
    submitted: dict,
    lot: RequirementLot | None = None,
    section: str | None = None,
) -> Response:
    """Save a draft response (started on first save). A withdrawn response goes back to
    draft when edited; a submitted one must be withdrawn first."""
    _require_supplier(actor, supplier)
    requirement = _open_requirement(requirement, lock=False)
    if not is_eligible(requirement, supplier):
        raise Forbidden(_("Your organisation is not eligible to respond to this requirement"))
    lot = _lot_of(requirement, lot)
    _check_lot_limit(requirement, supplier, lot)
    response, created = Response.objects.select_for_update().get_or_create(
        requirement=requirement,
        lot=lot,
        supplier=supplier,
        defaults={"questions": requirement.response_questions, "created_by": actor},
    )
    if response.status == Response.Status.SUBMITTED:
        raise Conflict(_("Withdraw your submitted response before you change it"))
    document = response.questions.doc
    part = None
    if section:
        part = document.section(section)
        if part is None:
            raise NotFound(_("There is no section %(section)s") % {"section": section})
    checked = qs.check(
        document, submitted, currency=requirement.currency, existing=response.answers, section=part
    )
    checked.raise_if_invalid()
    scope = part.questions if part else document.questions.values()
    answers = qs.replaced(response.answers, scope, checked.answers)
    problem = rate_problem(requirement, supplier, answers)
    if problem:
        raise Invalid(problem, field="dayRate")
    if answers == response.answers and not created and response.status == Response.Status.DRAFT:
        audit.nothing_changed()
        return response
    response.answers = answers
    if response.status == Response.Status.WITHDRAWN:
        response.reopen()
    response.save()
    # The answers stay out of the trail: it is read by the buyer before closing.
    audit.record(
        Verb.RESPONSE_SAVED,
        actor=actor,
        obj=response,
        organisation=supplier,
        payload={"requirement": requirement.pk, "lot": lot.number, "section": section or ""},
    )
    return response


def _locked_response(actor, response: Response) -> tuple[Response, Requirement]:
    requirement = _open_requirement(response.requirement, lock=True)
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("supplier", "questions")
        .get(pk=response.pk)
    )
    _require_supplier(actor, response.supplier)
    return response, requirement


@audit.action
def response_submit(*, actor, response: Response) -> Response:
    """Submit a complete response before the closing time, by the server's clock."""
    response, requirement = _locked_response(actor, response)
    if response.status == Response.Status.SUBMITTED:
        raise Conflict(_("This response is already submitted"))
    if not is_eligible(requirement, response.supplier):
        raise Forbidden(_("Your organisation is not eligible to respond to this requirement"))
    missing = qs.problems(response.questions.doc, response.answers, currency=requirement.currency)
    if missing:
        raise Invalid(
            _("Answer every question before you submit"),
            errors={key: [_("Answer this question")] for key in missing},
        )
    problem = rate_problem(requirement, response.supplier, response.answers)
    if problem:
        raise Invalid(problem, field="dayRate")
    response.submit()
    response.submitted_at = timezone.now()
    response.save()
    audit.record(
        Verb.RESPONSE_SUBMITTED,
        actor=actor,
        obj=response,
        organisation=response.supplier,
        payload={"requirement": requirement.pk, "lot": response.lot.number},
    )
    return response


@audit.action
def response_withdraw(*, actor, response: Response) -> Response:
    """Withdraw a submitted response while the requirement is open; it can be changed and
    submitted again before closing."""
    response, requirement = _locked_response(actor, response)
    if response.status != Response.Status.SUBMITTED:
        raise Conflict(_("Only a submitted response can be withdrawn"))
    response.withdraw()
    response.withdrawn_at = timezone.now()
    response.save()
    audit.record(
        Verb.RESPONSE_WITHDRAWN,
        actor=actor,
        obj=response,
        organisation=response.supplier,
        payload={"requirement": requirement.pk, "lot": response.lot.number},
    )
    return response
