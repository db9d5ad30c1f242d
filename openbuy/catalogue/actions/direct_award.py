"""Direct award: a buyer saves a search as a project, ends it to freeze a shortlist of at
most 30 services, downloads it, and records one outcome."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.accounts.models import Organisation, Role
from openbuy.accounts.permissions import roles_in
from openbuy.core import audit, money
from openbuy.core.dates import date_problem
from openbuy.core.errors import Conflict, Forbidden, Invalid

from .. import browse, hooks
from ..models import Outcome, Project, Service, ShortlistEntry
from ..verbs import Verb

END_SEARCH_LIMIT = 30


def _require_buyer(actor, buyer: Organisation) -> None:
    if not buyer.is_buyer_body or Role.BUYER not in roles_in(actor, buyer):
        raise Forbidden(_("Only buyers of %(org)s can work on its projects") % {"org": buyer})


def _locked(project: Project, actor) -> Project:
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related(
            "buyer__jurisdiction", "lot__framework__authority__jurisdiction", "lot__questions"
        )
        .get(pk=project.pk)
    )
    _require_buyer(actor, project.buyer)
    return project


@audit.action
def project_create(
    *, actor, buyer: Organisation, name: str, lot, keywords: str = "", filters: dict | None = None
) -> Project:
    _require_buyer(actor, buyer)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Enter a name for the project"), field="name")
    if len(name) > 200:
        raise Invalid(_("The name must be 200 characters or fewer"), field="name")
    if lot is None or not lot.framework.is_live:
        raise Invalid(_("Choose a lot of a live framework"), field="lot")
    keywords = browse.check_keywords(keywords, field="keywords")
    project = Project.objects.create(
        buyer=buyer,
        name=name,
        created_by=actor,
        lot=lot,
        keywords=keywords,
        filters=browse.clean_filters(lot, filters or {}),
    )
    audit.record(
        Verb.PROJECT_CREATED,
        actor=actor,
        obj=project,
        organisation=buyer,
        payload={"lot": lot.pk, "keywords": project.keywords, "filters": project.filters},
    )
    return project


@audit.action
def project_search_update(*, actor, project: Project, keywords: str, filters: dict) -> Project:
    project = _locked(project, actor)
    if project.ended:
        raise Conflict(_("The search has ended; its shortlist cannot change"))
    keywords = browse.check_keywords(keywords, field="keywords")
    filters = browse.clean_filters(project.lot, filters or {})
    if (keywords, filters) == (project.keywords, project.filters):
        audit.nothing_changed()
        return project
    project.keywords, project.filters = keywords, filters
    project.searched_at = timezone.now()
    project.save(update_fields=["keywords", "filters", "searched_at"])
    audit.record(
        Verb.PROJECT_SEARCH_UPDATED,
        actor=actor,
        obj=project,
        organisation=project.buyer,
        payload={"keywords": project.keywords, "filters": project.filters},
    )
    return project


def end_refusal(project: Project, total: int | None) -> str | None:
    """What stops the search ending now, or None. `total` is what the search finds (None
    before it runs). The project's page asks this too, to offer the step or say why not."""
    if project.ended:
        return _("The search has already ended")
    if not project.lot.framework.is_live:
        return _("%(framework)s is no longer live, so its services cannot be shortlisted") % {
            "framework": project.lot.framework
        }
    if total is not None and total > END_SEARCH_LIMIT:
        return ngettext(
            "The search finds %(total)d service. Refine it to %(limit)d or fewer to end it.",
            "The search finds %(total)d services. Refine it to %(limit)d or fewer to end it.",
            total,
        ) % {"total": total, "limit": END_SEARCH_LIMIT}
    if total == 0:
        return _("The search finds no services, so there is nothing to shortlist")
    return None


@audit.action
def project_end(*, actor, project: Project) -> Project:
    """Run the saved search again and freeze the exact versions found, if 30 or fewer."""
    project = _locked(project, actor)
    refusal = end_refusal(project, None)
    if refusal:
        raise Conflict(refusal)
    ids, total = browse.all_matching_ids(
        lot=project.lot,
        keywords=project.keywords,
        filters=project.filters,
        limit=END_SEARCH_LIMIT + 1,
    )
    refusal = end_refusal(project, total)
    if refusal:
        raise Conflict(refusal)
    services = Service.objects.filter(pk__in=ids).select_related("current").in_bulk()
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(project=project, version=services[pk].current, position=n)
        for n, pk in enumerate(ids)
    )
    project.ended_at, project.ended_by = timezone.now(), actor
    project.save(update_fields=["ended_at", "ended_by"])
    audit.record(
        Verb.PROJECT_ENDED,
        actor=actor,
        obj=project,
        organisation=project.buyer,
        payload={
            "services": [services[pk].service_id for pk in ids],
            "versions": [services[pk].current_id for pk in ids],
        },
    )
    return project


@audit.action
def project_download(*, actor, project: Project, file_format: str) -> Project:
    if file_format not in {"csv", "ods"}:
        raise Invalid(_("Choose CSV or ODS"), field="format")
    project = _locked(project, actor)
    if not project.ended:
        raise Conflict(_("End the search before downloading the shortlist"))
    project.downloaded_at = timezone.now()
    project.save(update_fields=["downloaded_at"])
    audit.record(
        Verb.PROJECT_DOWNLOADED,
        actor=actor,
        obj=project,
        organisation=project.buyer,
        payload={"format": file_format},
    )
    return project


CORRECTION_REASON_LIMIT = 2000


def _outcome_fields(
    project: Project,
    *,
    result: str,
    awarded: ShortlistEntry | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    value: Decimal | None = None,
    awarding_body: str = "",
) -> dict:
    """The outcome's fields, checked: what was awarded, when and for how much."""
    if result not in Outcome.Result.values:
        raise Invalid(_("Choose what happened"), field="result")
    empty = {
        "awarded": None,
        "start_date": None,
        "end_date": None,
        "value": None,
        "currency": "",
        "awarding_body": "",
    }
    if result != Outcome.Result.AWARDED:
        return {"result": result, **empty}
    errors = {}
    if awarded is None or awarded.project_id != project.pk:
        errors["awarded"] = [_("Choose a service from this project's shortlist")]
    earliest = _search_ended_on(project)
    for name, day, missing in (
        ("start_date", start_date, _("Enter the contract start date")),
        ("end_date", end_date, _("Enter the contract end date")),
    ):
        problem = missing if day is None else date_problem(day)
        if problem:
            errors[name] = [problem]
    if "start_date" not in errors and start_date < earliest:
        errors["start_date"] = [
            _("The contract cannot start before the search ended, on %(date)s")
            % {"date": formats.date_format(earliest, "j F Y")}
        ]
    if not errors.keys() & {"start_date", "end_date"} and end_date < start_date:
        errors["end_date"] = [_("The end date must be on or after the start date")]
    if value is None:
        errors["value"] = [_("Enter the contract value")]
    elif value <= 0:
        # A contract awarded is worth something; "nothing" is a mistake in typing.
        errors["value"] = [_("The contract value must be more than 0")]
    elif value >= money.LIMIT:
        errors["value"] = [_("Enter an amount less than 100,000,000,000,000")]
    awarding_body = (awarding_body or "").strip() or project.buyer.name
    if len(awarding_body) > 200:
        errors["awarding_body"] = [_("The awarding body must be 200 characters or fewer")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], errors=errors)
    return {
        "result": result,
        "awarded": awarded,
        "start_date": start_date,
        "end_date": end_date,
        "value": value,
        "currency": project.lot.framework.currency,
        "awarding_body": awarding_body,
    }


def _search_ended_on(project: Project) -> datetime.date:
    """The day the search ended where the buyer is: no contract starts before it."""
    zone = ZoneInfo(project.buyer.jurisdiction.time_zone)
    return project.ended_at.astimezone(zone).date()


def _outcome_payload(outcome: Outcome) -> dict:
    payload = {"result": outcome.result}
    if outcome.awarded_id:
        payload |= {
            "service": outcome.awarded.version.service.service_id,
            "version": outcome.awarded.version.number,
            "value": f"{outcome.value:.2f}",
            "start_date": outcome.start_date.isoformat(),
            "end_date": outcome.end_date.isoformat(),
            "awarding_body": outcome.awarding_body,
        }
    return payload


@audit.action
def outcome_record(
    *,
    actor,
    project: Project,
    result: str,
    awarded: ShortlistEntry | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    value: Decimal | None = None,
    awarding_body: str = "",
) -> Outcome:
    """One outcome per project: awarded (a frozen service, dates, value, awarding body),
    cancelled, or none suitable."""
    project = _locked(project, actor)
    if not project.ended:
        raise Conflict(_("End the search before recording an outcome"))
    if Outcome.objects.filter(project=project).exists():
        raise Conflict(_("This project already has an outcome"))
    fields = _outcome_fields(
        project,
        result=result,
        awarded=awarded,
        start_date=start_date,
        end_date=end_date,
        value=value,
        awarding_body=awarding_body,
    )
    try:
        with transaction.atomic():
            outcome = Outcome.objects.create(project=project, completed_by=actor, **fields)
    except IntegrityError as error:
        raise Conflict(_("This project already has an outcome")) from error
    audit.record(
        Verb.PROJECT_OUTCOME_RECORDED,
        actor=actor,
        obj=project,
        organisation=project.buyer,
        payload=_outcome_payload(outcome),
    )
    hooks.outcome_recorded.send(
        hooks.OutcomeRecorded(project=project, outcome=outcome, actor=actor)
    )
    return outcome


@audit.action
def outcome_correct(*, actor, project: Project, reason: str, result: str, **details) -> Outcome:
    """Put right an outcome recorded wrongly (`details` as for outcome_record). The reason
    is kept with the outcome and, with the outcome before and after, in the audit trail."""
    project = _locked(project, actor)
    outcome = (
        Outcome.objects.select_for_update(of=("self",))
        .select_related("awarded__version__service")
        .filter(project=project)
        .first()
    )
    if outcome is None:
        raise Conflict(_("This project has no outcome to correct; record one first"))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Enter why you are correcting the outcome"), field="reason")
    if len(reason) > CORRECTION_REASON_LIMIT:
        raise Invalid(_("The reason must be 2,000 characters or fewer"), field="reason")
    fields = _outcome_fields(project, result=result, **details)
    before = _outcome_payload(outcome)
    result_before, awarded_before = outcome.result, outcome.awarded
    if all(getattr(outcome, name) == new for name, new in fields.items()):
        raise Invalid(
            _("The outcome is the same as before: change what was recorded wrongly"),
            field="result",
        )
    for name, new in fields.items():
        setattr(outcome, name, new)
    outcome.corrected_at, outcome.corrected_by, outcome.correction_reason = (
        timezone.now(),
        actor,
        reason,
    )
    outcome.save()
    audit.record(
        Verb.PROJECT_OUTCOME_CORRECTED,
        actor=actor,
        obj=project,
        organisation=project.buyer,
        payload={"before": before, "after": _outcome_payload(outcome), "reason": reason},
    )
    hooks.outcome_corrected.send(
        hooks.OutcomeCorrected(
            project=project,
            outcome=outcome,
            actor=actor,
            result_before=result_before,
            awarded_before=awarded_before,
            reason=reason,
        )
    )
    return outcome
