"""The catalogue through the API: search, services and their versions, direct award."""

import datetime
from typing import Any, Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AliasPath

from openbuy.accounts.api import AUTH, anyone
from openbuy.accounts.selectors import organisations
from openbuy.core.api import problems
from openbuy.core.errors import Invalid
from openbuy.core.exports import download
from openbuy.core.money import MoneyError, parse_amount
from openbuy.core.scope import jurisdiction_or_invalid

from . import actions, browse
from .models import Project, Service, ShortlistEntry
from .selectors import (
    projects_of,
    sees_status_reason,
    service_histories_visible_to,
    services_visible_to,
)

router = Router(auth=AUTH, tags=["catalogue"])


class ServiceOut(Schema):
    service_id: str
    name: str
    supplier: str = Field(validation_alias=AliasPath("supplier", "slug"))
    framework: str = Field(validation_alias=AliasPath("framework", "slug"))
    lot: str = Field(validation_alias=AliasPath("lot", "slug"))
    status: str
    status_reason: str
    version: int = Field(validation_alias=AliasPath("current", "number"))
    answers: dict[str, Any] = Field(validation_alias=AliasPath("current", "answers"))

    @staticmethod
    def resolve_status_reason(service, context):
        if not service.status_reason:  # published: no reason to hide (nor a query per row)
            return ""
        request = context["request"]
        asker = getattr(request, "auth", None) or request.user
        return service.status_reason if sees_status_reason(asker, service) else ""


class FacetOption(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    question: str
    label: str
    options: list[FacetOption]


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    services: list[ServiceOut]
    facets: list[FacetOut]


class VersionOut(Schema):
    number: int
    created_at: datetime.datetime
    approved_at: datetime.datetime | None
    answers: dict[str, Any]


class AnswersIn(Schema):
    answers: dict[str, Any]


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class ProjectIn(Schema):
    buyer: str = Field(description="Slug of the buyer body")
    name: str = Field(max_length=200)
    lot: int = Field(description="Lot id (from the search)")
    keywords: str = Field("", description="At most 500 characters, each word at most 100")
    filters: dict[str, list[str]] = {}


class SearchIn(Schema):
    keywords: str = Field("", description="At most 500 characters, each word at most 100")
    filters: dict[str, list[str]] = {}


class ShortlistOut(Schema):
    id: int
    service_id: str = Field(validation_alias=AliasPath("version", "service", "service_id"))
    version: int = Field(validation_alias=AliasPath("version", "number"))
    supplier: str = Field(validation_alias=AliasPath("version", "service", "supplier", "slug"))


class OutcomeOut(Schema):
    result: str
    awarded: int | None = Field(None, alias="awarded_id", description="Shortlist entry id")
    start_date: datetime.date | None
    end_date: datetime.date | None
    value: str | None
    currency: str
    awarding_body: str
    corrected_at: datetime.datetime | None = Field(
        None, description="When the buyer last corrected the outcome"
    )
    correction_reason: str = Field("", description="Why it was last corrected")

    @staticmethod
    def resolve_value(outcome):
        return f"{outcome.value:f}" if outcome.value is not None else None


class ProjectOut(Schema):
    id: int
    name: str
    buyer: str = Field(validation_alias=AliasPath("buyer", "slug"))
    lot: int = Field(alias="lot_id")
    keywords: str
    filters: dict[str, list[str]]
    ended_at: datetime.datetime | None
    shortlist: list[ShortlistOut]
    outcome: OutcomeOut | None

    @staticmethod
    def resolve_outcome(project):
        return getattr(project, "outcome", None)  # read with the project (_projects)


class OutcomeIn(Schema):
    result: Literal["awarded", "cancelled", "none-suitable"]
    awarded: int | None = Field(None, description="Shortlist entry id of the winning service")
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    value: str | None = Field(None, max_length=30, description="Decimal amount")
    awarding_body: str = Field("", max_length=200)


class OutcomeCorrectionIn(OutcomeIn):
    reason: str = Field(max_length=2000, description="Why the outcome is corrected")


def _services(service_ids: list[str]):
    found = (
        Service.objects.filter(service_id__in=service_ids)
        # The name comes from the lot's question set; the authority says who manages.
        .select_related("current", "lot__questions", "supplier", "framework__authority")
        .defer("lot__questions__document")  # parsed once per process (QuestionSet.doc)
        .in_bulk(field_name="service_id")
    )
    return (found[sid] for sid in service_ids if sid in found)


def _service(request, service_id, among=services_visible_to) -> Service:
    """A service the caller may see (else 404, as on the pages)."""
    return get_object_or_404(
        among(request.auth)
        .select_related(
            "current", "lot__questions", "supplier", "framework__authority__jurisdiction"
        )
        .defer("lot__questions__document"),  # parsed once per process (QuestionSet.doc)
        service_id=service_id,
    )


@router.get("/services", response=SearchOut, auth=None)
def search_services(
    request,
    q: str = Query("", description="Keywords: at most 500 characters, each word at most 100"),
    lot: int | None = None,
    page: int = Query(1, ge=1, le=10_000),
    jurisdiction: str | None = Query(
        None,
        max_length=16,
        description="Only this jurisdiction's services (its code, like AU); `all` or none "
        "for every jurisdiction",
    ),
):
    """Search live services, of every jurisdiction or of one. Filter by lot, then by that
    lot's filter questions with repeated `filter.<question id>=<value>` parameters."""
    lots = browse.live_lots()
    if place := jurisdiction_or_invalid(jurisdiction):
        lots = [x for x in lots if x.framework.authority.jurisdiction_id == place.pk]
    chosen = browse.live_lot(lot, lots) if lot else None
    if lot and chosen is None:
        raise Invalid(_("No live lot has that id"), field="lot")
    filters = {
        key[len("filter.") :]: request.GET.getlist(key)
        for key in request.GET
        if key.startswith("filter.")
    }
    outcome = browse.run(lot=chosen, keywords=q, filters=filters, page=page, lots=lots)
    return {
        "total": outcome.total,
        "page": outcome.page,
        "pages": outcome.pages,
        "services": list(_services([hit.service_id for hit in outcome.hits])),
        "facets": [
            {
                "question": f["question"].id,
                "label": f["question"].label_for_filter,
                "options": f["options"],
            }
            for f in outcome.filters
        ],
    }


@router.get("/services/{service_id}", response=ServiceOut, auth=[*AUTH, anyone])
def get_service(request, service_id: str):
    """Anyone may read a service; a removed one only its supplier's people and the
    framework's managers (404 to others). Why it is suspended or removed (`status_reason`)
    is given only to them; to others it is empty."""
    return _service(request, service_id)


@router.get("/services/{service_id}/versions", response=list[VersionOut])
def list_versions(request, service_id: str):
    """Every version, newest first: for the supplier's people and the framework's managers."""
    return _service(request, service_id, among=service_histories_visible_to).versions.all()


@router.put(
    "/services/{service_id}/sections/{section}", response={200: ServiceOut, **problems(409)}
)
def edit_service(request, service_id: str, section: str, payload: AnswersIn):
    """Change a section of a live service: a new version, live at once, flagged for review."""
    service = _service(request, service_id)
    actions.service_edit(
        actor=request.auth, service=service, section=section, submitted=payload.answers
    )
    return _service(request, service_id)


@router.post(
    "/services/{service_id}/versions/{number}/approve", response={200: VersionOut, **problems(409)}
)
def approve_version(request, service_id: str, number: int):
    service = _service(request, service_id, among=service_histories_visible_to)
    version = get_object_or_404(service.versions, number=number)
    return actions.version_approve(actor=request.auth, version=version)


@router.post("/services/{service_id}/remove", response={200: ServiceOut, **problems(409)})
def remove_service(request, service_id: str):
    return actions.service_remove(actor=request.auth, service=_service(request, service_id))


@router.post("/services/{service_id}/suspend", response={200: ServiceOut, **problems(409)})
def suspend_service(request, service_id: str, payload: ReasonIn):
    return actions.service_suspend(
        actor=request.auth, service=_service(request, service_id), reason=payload.reason
    )


@router.post("/services/{service_id}/reinstate", response={200: ServiceOut, **problems(409)})
def reinstate_service(request, service_id: str):
    return actions.service_reinstate(actor=request.auth, service=_service(request, service_id))


def _projects(request):
    """The caller's projects with their shortlists and outcomes: a query each for the
    whole list, not one per project."""
    return (
        projects_of(request.auth)
        .select_related("outcome")
        .prefetch_related(
            Prefetch(
                "shortlist", ShortlistEntry.objects.select_related("version__service__supplier")
            )
        )
    )


def _project(request, pk) -> Project:
    return get_object_or_404(_projects(request), pk=pk)


@router.get("/projects", response=list[ProjectOut], tags=["direct award"])
def list_projects(request):
    return _projects(request)


@router.post("/projects", response={201: ProjectOut, **problems(404)}, tags=["direct award"])
def create_project(request, payload: ProjectIn):
    buyer = get_object_or_404(organisations(), slug=payload.buyer)
    lot = browse.live_lot(payload.lot)
    project = actions.project_create(
        actor=request.auth,
        buyer=buyer,
        name=payload.name,
        lot=lot,
        keywords=payload.keywords,
        filters=payload.filters,
    )
    return Status(201, _project(request, project.pk))


@router.get("/projects/{pk}", response=ProjectOut, tags=["direct award"])
def get_project(request, pk: int):
    return _project(request, pk)


@router.put(
    "/projects/{pk}/search", response={200: ProjectOut, **problems(409)}, tags=["direct award"]
)
def update_project_search(request, pk: int, payload: SearchIn):
    actions.project_search_update(
        actor=request.auth,
        project=_project(request, pk),
        keywords=payload.keywords,
        filters=payload.filters,
    )
    return _project(request, pk)


@router.post(
    "/projects/{pk}/end", response={200: ProjectOut, **problems(409)}, tags=["direct award"]
)
def end_project_search(request, pk: int):
    """Freeze the services the search finds (30 at most) as the shortlist."""
    actions.project_end(actor=request.auth, project=_project(request, pk))
    return _project(request, pk)  # read again, with the shortlist it froze


@router.get(
    "/projects/{pk}/shortlist", tags=["direct award"], response={200: None, **problems(409)}
)
def download_shortlist(request, pk: int, format: Literal["csv", "ods"] = "csv"):  # noqa: A002 (the API parameter is ?format=)
    """The frozen shortlist as CSV or ODS, one column per question."""
    project = _project(request, pk)
    actions.project_download(actor=request.auth, project=project, file_format=format)
    return download(f"shortlist-{project.pk}", format, *browse.shortlist_table(project))


def _outcome_fields(project, payload: OutcomeIn) -> dict:
    value = None
    if payload.value is not None:
        try:
            value = parse_amount(payload.value, project.lot.framework.currency)
        except MoneyError as error:
            raise Invalid(str(error), field="value") from error
    awarded = project.shortlist.filter(pk=payload.awarded).first() if payload.awarded else None
    if payload.awarded and awarded is None:
        raise Invalid(_("That service is not on this project's shortlist"), field="awarded")
    return {
        "result": payload.result,
        "awarded": awarded,
        "start_date": payload.start_date,
        "end_date": payload.end_date,
        "value": value,
        "awarding_body": payload.awarding_body,
    }


@router.post(
    "/projects/{pk}/outcome", response={201: OutcomeOut, **problems(409)}, tags=["direct award"]
)
def record_outcome(request, pk: int, payload: OutcomeIn):
    project = _project(request, pk)
    return Status(
        201,
        actions.outcome_record(
            actor=request.auth, project=project, **_outcome_fields(project, payload)
        ),
    )


@router.post(
    "/projects/{pk}/outcome/correct",
    response={200: OutcomeOut, **problems(409)},
    tags=["direct award"],
)
def correct_outcome(request, pk: int, payload: OutcomeCorrectionIn):
    """Correct an outcome recorded wrongly, saying why; the outcome before and after, and
    the reason, go into the audit trail."""
    project = _project(request, pk)
    return actions.outcome_correct(
        actor=request.auth,
        project=project,
        reason=payload.reason,
        **_outcome_fields(project, payload),
    )
