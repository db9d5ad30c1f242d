"""Suppliers draft, submit and withdraw responses while a requirement is open; once it has
closed, its team downloads them.

The deadline is the server's: a submission reads the clock once, as it arrives, and that
moment is checked against the closing time read under the requirement's row lock, in the
transaction that records it. A submission received before the closing time is kept, with
that moment as its `submitted_at`; one received at or after it is refused, however long
either waited for the lock (docs/opportunities.md, "Responses")."""

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.models import Organisation
from openbuy.accounts.notify import notify
from openbuy.accounts.permissions import works_for
from openbuy.core import audit
from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound
from openbuy.core.money import format_money
from openbuy.questions import interface as qs

from ..models import Requirement, RequirementLot, Response
from ..permissions import Permission, require
from ..selectors.eligibility import is_eligible, service_for
from ..selectors.responses import closing_time, has_closed, responses_for_buyer
from ..verbs import Verb

# A response's evidence lists, one line per criterion, in their order: the response
# question's id → the requirement question that lists the criteria, or LOT for the lot's own.
LOT = "lot"
EVIDENCE_FOR = {
    "essentialEvidence": "essentialCriteria",
    "niceToHaveEvidence": "niceToHaveCriteria",
    "lotEvidence": LOT,
}
# Of those, the lists that need a line for every criterion before submitting.
EVERY_CRITERION = {"essentialEvidence"}


class ResponseEnded(Invalid):
    """An answer that ends the response: "no" to a question only "yes" lets a supplier
    pass, like "Do you meet every essential criterion?". The message is the question set's
    explanation (its `required_value_message`)."""


def _require_supplier(actor, supplier: Organisation) -> None:
    if not works_for(actor, supplier):
        raise Forbidden(_("Only the supplier's people can work on its responses"))


def _not_eligible() -> Forbidden:
    return Forbidden(_("Your organisation is not eligible to respond to this requirement"))


def _open_requirement(pk: int, *, at: datetime.datetime | None = None) -> Requirement:
    """The requirement, locked for this transaction, refused unless it takes responses at
    `at` (the moment a submission arrived), else now, by the server's clock."""
    requirement = (
        Requirement.objects.select_for_update(of=("self",))
        .select_related("buyer__jurisdiction", "response_questions", "lot__framework")
        .get(pk=pk)
    )
    at = at or timezone.now()
    if requirement.status == Requirement.Status.WITHDRAWN:
        raise Conflict(_("This requirement was withdrawn: it no longer takes responses"))
    if requirement.status != Requirement.Status.PUBLISHED or at >= requirement.closes_at:
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


def availability_problem(requirement: Requirement, answers: dict) -> str | None:
    """Why the earliest start cannot be accepted, if it cannot: after the requirement's
    latest start date."""
    start, latest = answers.get("availability"), requirement.answers.get("startDate")
    if not start or not latest or start <= latest:  # ISO dates compare as text
        return None
    return _(
        "The earliest date you can start must be on or before the latest start date, %(date)s"
    ) % {"date": formats.date_format(datetime.date.fromisoformat(latest), "j F Y")}


def ending(document, submitted: dict) -> tuple[str, str] | None:
    """(question id, the set's explanation) when an answer ends the response: a yes or no
    that is not the one its question requires."""
    for question in document.questions.values():
        required = getattr(question, "required_value", None)
        said = submitted.get(question.id)
        if required is not None and isinstance(said, bool) and said != required:
            return question.id, question.required_value_message or _(
                "This answer means you cannot respond to this requirement"
            )
    return None


def criteria_for(
    requirement: Requirement, question_id: str, lot: RequirementLot | None = None
) -> list[str] | None:
    """The criteria an evidence question answers, line by line: the requirement's, or the
    lot's own; None for other questions (or where none are listed)."""
    source = EVIDENCE_FOR.get(question_id)
    if source == LOT:
        listed = lot.criteria if lot is not None else None
        return list(listed) if listed else None
    listed = requirement.answers.get(source or "")
    return list(listed) if isinstance(listed, list) else None


def evidence_problems(
    requirement: Requirement, answers: dict, *, complete: bool, lot: RequirementLot | None = None
) -> dict:
    """Evidence lists with more lines than there are criteria, or (to submit) an essential
    list without a line for each."""
    problems = {}
    for question_id in EVIDENCE_FOR:
        criteria, given = criteria_for(requirement, question_id, lot), answers.get(question_id)
        if not isinstance(given, list) or (criteria is None and not given):
            continue
        criteria = criteria or []
        every = complete and question_id in EVERY_CRITERION
        if len(given) > len(criteria) or (every and len(given) != len(criteria)):
            words = {"n": len(criteria), "given": len(given)}
            if not criteria:
                message = _("There are no criteria here to give evidence for: leave it empty")
            elif question_id in EVERY_CRITERION:
                message = ngettext(
                    "Give one line of evidence for the %(n)d criterion; you gave %(given)d",
                    "Give one line of evidence for each of the %(n)d criteria, in their "
                    "order; you gave %(given)d",
                    len(criteria),
                )
            else:
                message = ngettext(
                    "Give at most one line of evidence for the %(n)d criterion; you gave %(given)d",
                    "Give at most one line of evidence for each of the %(n)d criteria, in "
                    "their order; you gave %(given)d",
                    len(criteria),
                )
            problems[question_id] = message % words
    return problems


def _lot_of(requirement: Requirement, lot: RequirementLot | None) -> RequirementLot:
    lots = RequirementLot.objects.filter(requirement=requirement, outcome="")
    if lot is None:
        found = list(lots[:2])
        if len(found) != 1:
            raise Invalid(_("Choose the lot you are responding to"), field="lot")
        return found[0]
    found = lots.filter(pk=lot.pk).first()
    if found is None:
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
            ngettext(
                "A supplier may respond to at most %(limit)d of this requirement's lots",
                "A supplier may respond to at most %(limit)d of this requirement's lots",
                limit,
            )
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
    response: Response | None = None,
) -> Response:
    """Save a draft response (started on first save). A withdrawn response goes back to
    draft when edited; a submitted one must be withdrawn first. A "no" where the question
    set needs a yes (every essential criterion met) ends it: ResponseEnded, nothing saved.
    The response returned says with `started` whether this call made it (decided under the
    requirement's row lock, so of two calls at once only one started it). Given the
    `response` being changed, a save after a colleague deleted it is NotFound, never a new
    response."""
    _require_supplier(actor, supplier)
    requirement = _open_requirement(requirement.pk)
    if not is_eligible(requirement, supplier):
        raise _not_eligible()
    lot = _lot_of(requirement, lot)
    _check_lot_limit(requirement, supplier, lot)
    changing = response
    response, created = Response.objects.select_for_update().get_or_create(
        requirement=requirement,
        lot=lot,
        supplier=supplier,
        defaults={"questions": requirement.response_questions, "created_by": actor},
    )
    if changing is not None and response.pk != changing.pk:
        raise NotFound(_("There is no such response"))  # the transaction takes back the new one
    response.started = created
    if response.status == Response.Status.SUBMITTED:
        raise Conflict(_("Withdraw your submitted response before you change it"))
    document = qs.document_of(response.questions)
    part = None
    if section:
        part = document.section(section)
        if part is None:
            raise NotFound(_("There is no section %(section)s") % {"section": section})
    ended = ending(document, submitted)
    if ended:
        raise ResponseEnded(ended[1], field=ended[0])
    checked = qs.check(
        document, submitted, currency=requirement.currency, existing=response.answers, section=part
    )
    scope = part.questions if part else qs.sent(document, submitted)
    answers = qs.replaced(response.answers, scope, checked.answers)
    # The count of evidence lines is told with the questions' own problems (a line too
    # long, say), read from the lines sent, so that both come at once.
    sent = {k: v for k, v in submitted.items() if k in EVIDENCE_FOR and isinstance(v, list)}
    problems = {key: [problem] for key, problem in checked.errors.items()}
    for key, problem in evidence_problems(
        requirement, {**answers, **sent}, complete=False, lot=lot
    ).items():
        problems.setdefault(key, []).append(problem)
    if problems:
        raise Invalid(next(iter(problems.values()))[0], errors=problems)
    problem = rate_problem(requirement, supplier, answers)
    if problem:
        raise Invalid(problem, field="dayRate")
    problem = availability_problem(requirement, answers)
    if problem:
        raise Invalid(problem, field="availability")
    if answers == response.answers and not created and response.status == Response.Status.DRAFT:
        audit.nothing_changed()
        return response
    response.answers = answers
    if response.status == Response.Status.WITHDRAWN:
        response.reopen()
    response.save()
    # No answers in the trail, nor the requirement: platform admins read every event, and
    # a supplier's interest in a requirement is sealed until it closes too.
    audit.record(
        Verb.RESPONSE_SAVED,
        actor=actor,
        obj=response,
        organisation=supplier,
        payload={"section": section or "", "started": created},
    )
    return response


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise Invalid(next(iter(problems.values())), errors={k: [v] for k, v in problems.items()})


def _locked_response(actor, response: Response, *, at=None) -> tuple[Response, Requirement]:
    """The response and its requirement, locked (the requirement first, as saving does),
    once the actor works for its supplier and the requirement takes responses at `at`."""
    found = Response.objects.select_related("supplier").filter(pk=response.pk).first()
    if found is None:
        raise NotFound(_("There is no such response"))
    _require_supplier(actor, found.supplier)
    requirement = _open_requirement(response.requirement_id, at=at)
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("supplier", "questions", "lot")
        .filter(pk=response.pk)
        .first()
    )
    if locked is None:  # deleted by a colleague since it was read
        raise NotFound(_("There is no such response"))
    return locked, requirement


@audit.action
def response_submit(*, actor, response: Response) -> Response:
    """Submit a complete response received before the closing time, by the server's
    clock; its people get a receipt (without the answers)."""
    received_at = timezone.now()  # read once: the moment the deadline is judged by
    response, requirement = _locked_response(actor, response, at=received_at)
    if response.status == Response.Status.SUBMITTED:
        raise Conflict(_("This response is already submitted"))
    if not is_eligible(requirement, response.supplier):
        raise _not_eligible()
    _check_lot_limit(requirement, response.supplier, response.lot)
    document = qs.document_of(response.questions)
    missing = {
        **qs.problems(document, response.answers, currency=requirement.currency),
        **evidence_problems(requirement, response.answers, complete=True, lot=response.lot),
    }
    if missing:
        raise Invalid(
            _("Answer every question before you submit"),
            errors={key: [message] for key, message in missing.items()},
        )
    problem = rate_problem(requirement, response.supplier, response.answers)
    if problem:
        raise Invalid(problem, field="dayRate")
    problem = availability_problem(requirement, response.answers)
    if problem:
        raise Invalid(problem, field="availability")
    response.submit()
    response.submitted_at = received_at
    response.save()
    audit.record(Verb.RESPONSE_SUBMITTED, actor=actor, obj=response, organisation=response.supplier)
    _tell(response, requirement, "submitted")
    return response


@audit.action
def response_withdraw(*, actor, response: Response) -> Response:
    """Withdraw a submitted response while the requirement is open; it can be changed and
    submitted again before closing. Its people are told."""
    response, requirement = _locked_response(actor, response)
    if response.status != Response.Status.SUBMITTED:
        raise Conflict(_("Only a submitted response can be withdrawn"))
    response.withdraw()
    response.withdrawn_at = timezone.now()
    response.save()
    audit.record(Verb.RESPONSE_WITHDRAWN, actor=actor, obj=response, organisation=response.supplier)
    _tell(response, requirement, "withdrawn")
    return response


@audit.action
def response_delete(*, actor, response: Response) -> None:
    """Delete a response its supplier never submitted, or withdrew: while the requirement
    is open (to give up on it) or after it closed (a draft left behind). A submitted
    response is withdrawn first, while open; after closing it is part of the record."""
    found = Response.objects.select_related("supplier").filter(pk=response.pk).first()
    if found is None:
        raise NotFound(_("There is no such response"))
    _require_supplier(actor, found.supplier)
    # The requirement's row first, as submitting locks it: a submission racing the delete
    # is either kept (and the delete refused) or never sees the row.
    Requirement.objects.select_for_update().filter(pk=found.requirement_id).first()
    response = Response.objects.select_for_update(of=("self",)).filter(pk=response.pk).first()
    if response is None:
        raise NotFound(_("There is no such response"))
    if response.status == Response.Status.SUBMITTED:
        raise Conflict(
            _("A submitted response cannot be deleted: withdraw it first, while responses are open")
        )
    audit.record(Verb.RESPONSE_DELETED, actor=actor, obj=response, organisation=found.supplier)
    response.delete()


def _tell(response: Response, requirement: Requirement, what: str) -> None:
    """E-mail the supplier's people (admins and members) that its response was submitted
    or withdrawn: what, when and until when it can change, never its answers."""
    notify(
        response.supplier,
        f"opportunities/responses/email/{what}",
        {
            "response": response,
            "requirement": requirement,
            "several_lots": requirement.lots.count() > 1,
            "closes": closing_time(requirement),
            "zone": requirement.buyer.jurisdiction.time_zone,
        },
        admins_only=False,
    )


@audit.action
def responses_download(*, actor, requirement: Requirement, file_format: str) -> list[Response]:
    """The submitted responses, for a member of the team who may read them, once the
    requirement has closed: refused before. Who downloaded them is recorded."""
    if file_format not in {"csv", "ods"}:
        raise Invalid(_("Choose CSV or ODS"), field="format")
    requirement = Requirement.objects.select_related(
        "buyer__jurisdiction", "response_questions"
    ).get(pk=requirement.pk)
    require(actor, requirement, Permission.READ_RESPONSES)
    if not has_closed(requirement):
        raise Conflict(sealed_until(requirement))
    responses = list(responses_for_buyer(actor, requirement))
    audit.record(
        Verb.RESPONSES_DOWNLOADED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"format": file_format, "responses": len(responses)},
    )
    return responses


def sealed_until(requirement: Requirement) -> str:
    """Why no one may read the responses yet."""
    if requirement.status == Requirement.Status.WITHDRAWN or requirement.closes_at is None:
        return _("Responses to this requirement are sealed: it did not reach its closing time")
    return _("Responses are sealed until the requirement closes at %(time)s") % {
        "time": closing_time(requirement)
    }
