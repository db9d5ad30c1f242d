"""Buyers amend an open requirement: the change, its date and a summary are shown to all,
and the closing day moves when too few days would be left to respond to it."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.models import Organisation
from openbuy.core import audit
from openbuy.core.errors import Conflict, Invalid
from openbuy.questions import interface as qs

from .. import hooks
from ..models import Amendment, ClarificationQuestion, Requirement, Response
from ..notices import email_suppliers, requirement_path
from ..permissions import Permission
from ..selectors.eligibility import eligible_suppliers
from ..verbs import Verb
from .requirements import START_DATE, _merged, deadlines, locked, start_date_problem

SUMMARY_LENGTH = 5000


def closing_day(requirement: Requirement, closes_at: datetime.datetime | None = None):
    """The day responses close (or would, at `closes_at`), in the jurisdiction's time zone
    (closes_at is its end)."""
    closes_at = closes_at or requirement.closes_at
    last = closes_at.astimezone(requirement.zone) - datetime.timedelta(microseconds=1)
    return last.date()


def amended_closing(requirement: Requirement) -> tuple[datetime.datetime, datetime.datetime, bool]:
    """(closes_at, questions_close_at, moved) if the requirement were amended now: with
    fewer than the jurisdiction's `amendment_minimum_days` left, the closing day moves to
    that many days from today and the question deadline follows it."""
    days = requirement.buyer.jurisdiction.procurement.amendment_minimum_days
    today = timezone.localdate(timezone=requirement.zone)
    if days and (closing_day(requirement) - today).days < days:
        closes_at, questions_close_at = deadlines(
            requirement, today + datetime.timedelta(days=days)
        )
        return closes_at, questions_close_at, True
    return requirement.closes_at, requirement.questions_close_at, False


def _told_of_amendments(requirement: Requirement):
    """Suppliers told of an amendment: those who may respond, and any who responded or
    asked a question (an invitation narrowed since, or a service since withdrawn)."""
    responded = Response.objects.filter(requirement=requirement).values("supplier_id")
    asked = ClarificationQuestion.objects.filter(requirement=requirement).values("supplier_id")
    return Organisation.objects.filter(
        Q(pk__in=eligible_suppliers(requirement).order_by().values("pk"))
        | Q(pk__in=responded)
        | Q(pk__in=asked)
    )


def _checked_summary(summary: str) -> str:
    summary = (summary or "").strip()
    if not summary:
        raise Invalid(
            _("Say what changed: everyone who reads the requirement sees it"), field="summary"
        )
    if len(summary) > SUMMARY_LENGTH:
        raise Invalid(
            ngettext(
                "The summary must be %(n)s character or fewer",
                "The summary must be %(n)s characters or fewer",
                SUMMARY_LENGTH,
            )
            % {"n": f"{SUMMARY_LENGTH:,}"},
            field="summary",
        )
    return summary


def _amended(requirement: Requirement, submitted: dict, section: str | None) -> dict:
    """The answers with the submitted ones checked and merged in: a section's answers
    replace that section's; without a section, only the questions submitted change."""
    if section:
        return _merged(
            requirement.questions, requirement.answers, submitted, section, requirement.currency
        )
    document = requirement.questions.doc
    checked = qs.check(
        document, submitted, currency=requirement.currency, existing=requirement.answers
    )
    checked.raise_if_invalid()
    scope = [q for q in document.questions.values() if q.id in submitted]
    return qs.replaced(requirement.answers, scope, checked.answers)


@audit.action
def requirement_amend(
    *, actor, requirement: Requirement, submitted: dict, section: str | None = None, summary: str
) -> Amendment:
    """Change the answers of an open requirement (one section's, or only the questions
    submitted), saying what changed; it must stay complete."""
    requirement = locked(requirement, actor, Permission.DRAFT)
    if not requirement.is_open:
        raise Conflict(_("Only an open requirement can be amended"))
    summary = _checked_summary(summary)
    before = requirement.answers
    answers = _amended(requirement, submitted, section)
    changed = sorted(k for k in set(before) | set(answers) if before.get(k) != answers.get(k))
    if not changed:
        raise Invalid(_("You did not change any answer: change one to amend the requirement"))
    missing = qs.problems(requirement.questions.doc, answers, currency=requirement.currency)
    if missing:
        raise Invalid(
            _("An open requirement must stay complete: answer every question"),
            errors={key: [message] for key, message in missing.items()},
        )
    closes_at_before = requirement.closes_at
    closes_at, questions_close_at, moved = amended_closing(requirement)
    late_start = start_date_problem(answers, closing_day(requirement, closes_at))
    if late_start:
        raise Invalid(late_start, field=START_DATE)
    amendment = Amendment.objects.create(
        requirement=requirement,
        number=requirement.amendments.count() + 1,
        summary=summary,
        changed=changed,
        before={k: before.get(k) for k in changed},
        closes_at_before=closes_at_before,
        closes_at_after=closes_at,
        made_by=actor,
    )
    requirement.answers = answers
    requirement.closes_at, requirement.questions_close_at = closes_at, questions_close_at
    requirement.amended_at = timezone.now()
    requirement.save()
    audit.record(
        Verb.REQUIREMENT_AMENDED,
        actor=actor,
        obj=requirement,
        organisation=requirement.buyer,
        payload={
            "amendment": amendment.number,
            "summary": summary,
            "changed": changed,
            "closes_at_before": closes_at_before.isoformat(),
            "closes_at_after": closes_at.isoformat(),
        },
        public=True,
    )
    hooks.requirement_amended.send(
        hooks.RequirementAmended(requirement=requirement, actor=actor, amendment=amendment)
    )
    email_suppliers(
        _told_of_amendments(requirement),
        "opportunities/email/amended",
        {
            "requirement": requirement,
            "amendment": amendment,
            "moved": moved,
            "path": requirement_path(requirement),
        },
    )
    return amendment
