"""Buyers draft, publish and withdraw requirements."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.models import Organisation, Role
from openbuy.accounts.permissions import roles_in
from openbuy.core import audit
from openbuy.core.dates import date_problem
from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound
from openbuy.core.working_days import add_working_days
from openbuy.frameworks.models import Lot
from openbuy.questions import interface as qs
from openbuy.questions import selectors as question_sets

from .. import hooks
from ..models import Requirement, RequirementLot, TeamMember, end_of
from ..notices import concerned_suppliers, email_suppliers, requirement_path
from ..permissions import Permission, require
from ..selectors.drafting import lot_problems, lot_roles
from ..selectors.eligibility import eligible_suppliers
from ..verbs import Verb


def _require_buyer(actor, buyer: Organisation) -> None:
    if not (buyer.is_buyer_body and Role.BUYER in roles_in(actor, buyer)):
        raise Forbidden(_("Only the buyer body's buyers can work on its requirements"))


def _newest_set(purpose: str, buyer: Organisation, lot: Lot | None) -> qs.QuestionSet | None:
    """The newest version of a set for this purpose: the lot's framework authority's own
    when it has one, else any authority's of the buyer's jurisdiction."""
    found = None
    if lot is not None:
        found = question_sets.newest(purpose, authority=lot.framework.authority_id)
    return found or question_sets.newest(purpose, authority__jurisdiction=buyer.jurisdiction_id)


def _set_for(purpose: str, chosen, buyer: Organisation, lot: Lot | None, missing: str):
    question_set = chosen or _newest_set(purpose, buyer, lot)
    if question_set is None:
        raise Conflict(missing)
    if question_set.purpose != purpose:
        raise Invalid(
            _("Choose a question set whose purpose is %(purpose)s") % {"purpose": purpose},
            field="checklist" if purpose == qs.Purpose.CHECKLIST else "questions",
        )
    return question_set


def _checked_role(lot: Lot | None, role: str) -> str:
    """The specialist role wanted: one the lot offers, and only on a specialists lot."""
    roles = dict(lot_roles(lot))
    role = (role or "").strip()
    if roles and role not in roles:
        raise Invalid(_("Choose the role you need"), field="specialist_role")
    if role and not roles:
        raise Invalid(_("Only a specialists lot has roles to choose"), field="specialist_role")
    return role


@audit.action
def requirement_create(
    *,
    actor,
    buyer: Organisation,
    lot: Lot | None = None,
    questions=None,
    checklist=None,
    specialist_role: str = "",
) -> Requirement:
    """A draft requirement on a live framework's lot, or an open procedure without one;
    on a specialists lot, for one of its roles."""
    _require_buyer(actor, buyer)
    if lot is not None:
        lot = Lot.objects.select_related("framework__authority__jurisdiction").get(pk=lot.pk)
        if not lot.framework.is_live:
            raise Conflict(
                _(
                    "%(framework)s is not live: requirements can be published only on a live "
                    "framework's lots"
                )
                % {"framework": lot.framework.name},
                field="lot",
            )
    specialist_role = _checked_role(lot, specialist_role)
    questions = _set_for(
        qs.Purpose.REQUIREMENT,
        questions,
        buyer,
        lot,
        _("There are no requirement questions for this jurisdiction yet"),
    )
    checklist = _set_for(
        qs.Purpose.CHECKLIST,
        checklist,
        buyer,
        lot,
        _("There is no responsible-procurement checklist for this jurisdiction yet"),
    )
    requirement = Requirement.objects.create(
        buyer=buyer,
        lot=lot,
        questions=questions,
        checklist=checklist,
        response_questions=_newest_set(qs.Purpose.RESPONSE, buyer, lot),
        specialist_role=specialist_role,
        created_by=actor,
    )
    RequirementLot.objects.create(requirement=requirement, number=1)
    TeamMember.objects.create(
        requirement=requirement, user=actor, permissions=list(Permission.values), added_by=actor
    )
    audit.record(
        Verb.REQUIREMENT_CREATED,
        actor=actor,
        obj=requirement,
        organisation=buyer,
        payload={"lot": lot.pk if lot else None, "questions": questions.pk},
    )
    return requirement


def locked(requirement: Requirement, actor, permission: str) -> Requirement:
    """The requirement, locked for this transaction, once the actor may act on it."""
    requirement = (
        Requirement.objects.select_for_update(of=("self",))
        .select_related("buyer__jurisdiction", "questions", "checklist", "lot__framework")
        .get(pk=requirement.pk)
    )
    require(actor, requirement, permission)
    return requirement


def _require_draft(requirement: Requirement) -> None:
    if requirement.status != Requirement.Status.DRAFT:
        raise Conflict(_("The requirement is published: it can no longer be edited as a draft"))


def _merged(question_set, existing: dict, submitted: dict, section: str | None, currency: str):
    """Existing answers with the submitted ones checked and merged in; a draft may be
    incomplete, but what it holds must be valid."""
    document = question_set.doc
    part = None
    if section:
        part = document.section(section)
        if part is None:
            raise NotFound(_("There is no section %(section)s") % {"section": section})
    checked = qs.check(document, submitted, currency=currency, existing=existing, section=part)
    checked.raise_if_invalid()
    scope = part.questions if part else qs.sent(document, submitted)
    return qs.replaced(existing, scope, checked.answers)


# The two documents a buyer answers: the requirement's questions and the checklist, each
# with the field its answers are kept in and the verb of a save.
_DOCUMENTS = {
    "questions": ("answers", Verb.REQUIREMENT_SAVED),
    "checklist": ("checklist_answers", Verb.REQUIREMENT_CHECKLIST_SAVED),
}


def _save(actor, requirement: Requirement, which: str, submitted: dict, section: str | None):
    field, verb = _DOCUMENTS[which]
    requirement = locked(requirement, actor, Permission.DRAFT)
    _require_draft(requirement)
    existing = getattr(requirement, field)
    question_set = getattr(requirement, which)
    answers = _merged(question_set, existing, submitted, section, requirement.currency)
    if answers == existing:
        audit.nothing_changed()
        return requirement
    setattr(requirement, field, answers)
    requirement.save(update_fields=[field, "updated_at"])
    audit.record(
        verb,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"section": section or "", "questions": sorted(submitted)},
    )
    return requirement


@audit.action
def requirement_save(
    *, actor, requirement: Requirement, submitted: dict, section: str | None = None
) -> Requirement:
    """Save answers to the requirement's questions (one section's, or any)."""
    return _save(actor, requirement, "questions", submitted, section)


@audit.action
def checklist_save(
    *, actor, requirement: Requirement, submitted: dict, section: str | None = None
) -> Requirement:
    """Save answers to the responsible-procurement checklist."""
    return _save(actor, requirement, "checklist", submitted, section)


def unanswered(requirement: Requirement) -> dict[str, str]:
    """What stops publishing: "answers.<id>" and "checklist.<id>" → the question, as asked."""
    found = {}
    for prefix, question_set, answers in (
        ("answers", requirement.questions, requirement.answers),
        ("checklist", requirement.checklist, requirement.checklist_answers),
    ):
        document = question_set.doc
        for question_id in qs.problems(document, answers, currency=requirement.currency):
            question = document.questions.get(question_id)
            found[f"{prefix}.{question_id}"] = question.question if question else question_id
    return found


def deadlines(requirement: Requirement, closes_on: datetime.date):
    """(closes_at, questions_close_at) for a closing day, by the jurisdiction's rules."""
    jurisdiction = requirement.buyer.jurisdiction
    rules = jurisdiction.procurement
    questions_close_on = add_working_days(
        jurisdiction, closes_on, -rules.question_deadline_working_days
    )
    return end_of(closes_on, requirement.zone), end_of(questions_close_on, requirement.zone)


def earliest_closing_day(requirement: Requirement) -> datetime.date:
    """The first closing day the jurisdiction's minimum publication period allows."""
    minimum = requirement.buyer.jurisdiction.procurement.minimum_publication_days
    return timezone.localdate(timezone=requirement.zone) + datetime.timedelta(days=minimum)


def latest_closing_day(requirement: Requirement) -> datetime.date:
    """The last closing day the jurisdiction's longest publication period allows."""
    maximum = requirement.buyer.jurisdiction.procurement.maximum_publication_days
    return timezone.localdate(timezone=requirement.zone) + datetime.timedelta(days=maximum)


# The requirement question whose answer is the latest day the work may start: suppliers
# must know who won before then, so it comes after the closing day.
START_DATE = "startDate"


def latest_start(answers: dict) -> datetime.date | None:
    """The answers' latest start date, if they have one (one that is not a date is the
    questions' own concern)."""
    try:
        return datetime.date.fromisoformat(answers.get(START_DATE) or "")
    except (TypeError, ValueError):
        return None


def start_date_problem(answers: dict, closes_on: datetime.date) -> str | None:
    """Why the answers' latest start date cannot be kept with this closing day, if it
    cannot."""
    start = latest_start(answers)
    if start is None or start > closes_on:
        return None
    return _(
        "The latest start date must be after the closing date: it is %(start)s, and "
        "responses close on %(closes)s"
    ) % {
        "start": formats.date_format(start, "j F Y"),
        "closes": formats.date_format(closes_on, "j F Y"),
    }


def closing_day_problem(requirement: Requirement, closes_on: datetime.date) -> str | None:
    """Why this closing day cannot be chosen, if it cannot: it is within the jurisdiction's
    shortest and longest publication periods, and before the latest start date."""
    problem = date_problem(closes_on)
    if problem:
        return problem
    rules = requirement.buyer.jurisdiction.procurement
    earliest = earliest_closing_day(requirement)
    if closes_on < earliest:
        return _("The closing date must be at least %(days)d days away: %(date)s or later") % {
            "days": rules.minimum_publication_days,
            "date": formats.date_format(earliest, "j F Y"),
        }
    latest = latest_closing_day(requirement)
    if closes_on > latest:
        return ngettext(
            "The closing date must be within %(days)s day of today: %(date)s or earlier",
            "The closing date must be within %(days)s days of today: %(date)s or earlier",
            rules.maximum_publication_days,
        ) % {
            "days": rules.maximum_publication_days,
            "date": formats.date_format(latest, "j F Y"),
        }
    return start_date_problem(requirement.answers, closes_on)


@audit.action
def requirement_publish(
    *, actor, requirement: Requirement, closes_on: datetime.date
) -> Requirement:
    """Publish a complete requirement, closing at the end of `closes_on` in the
    jurisdiction's time zone; clarification questions close the jurisdiction's number of
    working days before."""
    requirement = locked(requirement, actor, Permission.PUBLISH)
    _require_draft(requirement)
    if requirement.response_questions_id is None:
        raise Conflict(_("There are no response questions for this jurisdiction yet"))
    missing = unanswered(requirement)
    if missing:
        raise Invalid(
            _(
                "Answer every question of the requirement and the checklist before publishing. "
                "Still to answer: %(items)s"
            )
            % {"items": "; ".join(missing.values())},
            errors={key: [_("Answer this question")] for key in missing},
        )
    problems = lot_problems(requirement)
    if problems:
        raise Invalid("; ".join(problems.values()), errors={k: [v] for k, v in problems.items()})
    closing_problem = closing_day_problem(requirement, closes_on)
    if closing_problem:
        raise Invalid(closing_problem, field="closes_on")
    requirement.closes_at, requirement.questions_close_at = deadlines(requirement, closes_on)
    requirement.publish()
    requirement.save()
    audit.record(
        Verb.REQUIREMENT_PUBLISHED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={
            "closes_at": requirement.closes_at.isoformat(),
            "questions_close_at": requirement.questions_close_at.isoformat(),
        },
        public=True,
    )
    hooks.requirement_published.send(
        hooks.RequirementPublished(requirement=requirement, actor=actor)
    )
    email_suppliers(
        eligible_suppliers(requirement),
        "opportunities/email/published",
        {"requirement": requirement, "path": requirement_path(requirement)},
    )
    return requirement


@audit.action
def requirement_withdraw(*, actor, requirement: Requirement, reason: str) -> Requirement:
    """Withdraw a published requirement; the reason is shown to everyone, and e-mailed to
    the eligible suppliers' people and those of any supplier that asked or responded."""
    requirement = locked(requirement, actor, Permission.PUBLISH)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Enter why the requirement is withdrawn"), field="reason")
    if requirement.status != Requirement.Status.PUBLISHED:
        raise Conflict(_("Only a published requirement can be withdrawn"))
    if not requirement.is_open:
        # Once responses may be read, withdrawing would let a buyer see the prices and
        # tender again: after closing it is cancelled, with every responder told why.
        raise Conflict(_("Its closing time has passed: cancel it from its award page instead"))
    requirement.withdrawn_reason = reason
    requirement.withdraw()
    requirement.save()
    audit.record(
        Verb.REQUIREMENT_WITHDRAWN,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={"reason": reason},
        public=True,
    )
    hooks.requirement_withdrawn.send(
        hooks.RequirementWithdrawn(requirement=requirement, actor=actor, reason=reason)
    )
    email_suppliers(
        concerned_suppliers(requirement),
        "opportunities/email/withdrawn",
        {"requirement": requirement, "path": requirement_path(requirement)},
    )
    return requirement
