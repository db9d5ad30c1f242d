"""Suppliers' applications: the declaration and draft services, submitted and reopened."""

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from pydantic import AliasPath

from openbuy.accounts import selectors as accounts
from openbuy.core.api import problems

from .. import actions, selectors
from .common import Slug, application_for, draft_for, framework_named, router

TAGS = ["applications"]


def _result_shown(framework, context) -> bool:
    """Results reach suppliers only once published; managers see them as they are set.
    Asked once per framework and request: a list of applications asks for every field."""
    request = context["request"]
    known = request.__dict__.setdefault("_results_shown", {})
    if framework.pk not in known:
        known[framework.pk] = selectors.results_shown_to(request.auth, framework)
    return known[framework.pk]


class StartIn(Schema):
    supplier: str = Field(description="Slug of the supplier applying")


class DraftOut(Schema):
    id: int
    lot: str = Field(validation_alias=AliasPath("lot", "slug"))
    status: str
    result: str = Field(description="Empty until results are published")
    result_reason: str
    answers: dict[str, Any]

    @staticmethod
    def resolve_result(draft, context):
        return draft.result if _result_shown(draft.lot.framework, context) else ""

    @staticmethod
    def resolve_result_reason(draft, context):
        return draft.result_reason if _result_shown(draft.lot.framework, context) else ""


class ApplicationOut(Schema):
    id: int
    framework: str = Field(validation_alias=AliasPath("framework", "slug"))
    supplier: str = Field(validation_alias=AliasPath("supplier", "slug"))
    status: str
    submitted_at: datetime.datetime | None
    declaration: dict[str, Any]
    declaration_result: str = Field(description="Empty until results are published")
    declaration_reason: str
    services: list[DraftOut]
    problems: list[str] = Field(description="What stops it being submitted")

    @staticmethod
    def resolve_declaration_result(application, context):
        shown = _result_shown(application.framework, context)
        return application.declaration_result if shown else ""

    @staticmethod
    def resolve_declaration_reason(application, context):
        shown = _result_shown(application.framework, context)
        return application.declaration_reason if shown else ""

    @staticmethod
    def resolve_services(application):
        return list(application.services.all())

    @staticmethod
    def resolve_problems(application):
        return actions.application_problems(
            application, complete_services=getattr(application, "complete_services", None)
        )


class AnswersIn(Schema):
    answers: dict[str, Any]


class NewDraftIn(Schema):
    lot: str = Slug()
    answers: dict[str, Any] = {}


@router.get("/frameworks/{slug}/applications", response=list[ApplicationOut], tags=TAGS)
def list_applications(request, slug: str):
    """Managers see every application; suppliers' people see their own."""
    return selectors.with_services(selectors.applications_for(framework_named(slug), request.auth))


@router.post(
    "/frameworks/{slug}/applications", response={201: ApplicationOut, **problems(409)}, tags=TAGS
)
def start_application(request, slug: str, payload: StartIn):
    supplier = get_object_or_404(accounts.suppliers(), slug=payload.supplier)
    return Status(
        201,
        actions.application_start(
            actor=request.auth, framework=framework_named(slug), supplier=supplier
        ),
    )


@router.get("/applications/{pk}", response={200: ApplicationOut, **problems(403)}, tags=TAGS)
def get_application(request, pk: int):
    return application_for(request, pk)


@router.post(
    "/applications/{pk}/declaration/reuse",
    response={200: ApplicationOut, **problems(409)},
    tags=TAGS,
)
def reuse_declaration(request, pk: int):
    """Start from the previous iteration's declaration. (Routed before the section
    address below, which would otherwise take `reuse` for a section's name.)"""
    return actions.declaration_reuse(actor=request.auth, application=application_for(request, pk))


@router.put(
    "/applications/{pk}/declaration/{section}",
    response={200: ApplicationOut, **problems(409)},
    tags=TAGS,
)
def save_declaration(request, pk: int, section: str, payload: AnswersIn):
    """Answers as JSON: text as strings, amounts as strings, yes/no as booleans, options as
    their values, lists as arrays, dates as YYYY-MM-DD."""
    return actions.declaration_save(
        actor=request.auth,
        application=application_for(request, pk),
        section=section,
        submitted=payload.answers,
    )


@router.post("/applications/{pk}/services", response={201: DraftOut, **problems(409)}, tags=TAGS)
def create_draft(request, pk: int, payload: NewDraftIn):
    application = application_for(request, pk)
    lot = get_object_or_404(application.framework.lots, slug=payload.lot)
    draft = actions.draft_create(
        actor=request.auth, application=application, lot=lot, submitted=payload.answers
    )
    return Status(201, draft)


@router.put("/drafts/{pk}/sections/{section}", response={200: DraftOut, **problems(409)}, tags=TAGS)
def save_draft(request, pk: int, section: str, payload: AnswersIn):
    return actions.draft_save(
        actor=request.auth, draft=draft_for(request, pk), section=section, submitted=payload.answers
    )


@router.post("/drafts/{pk}/complete", response={200: DraftOut, **problems(409)}, tags=TAGS)
def complete_draft(request, pk: int):
    return actions.draft_complete(actor=request.auth, draft=draft_for(request, pk))


@router.delete("/drafts/{pk}", response={204: None, **problems(409)}, tags=TAGS)
def delete_draft(request, pk: int):
    actions.draft_delete(actor=request.auth, draft=draft_for(request, pk))
    return Status(204, None)


@router.post(
    "/applications/{pk}/submit", response={200: ApplicationOut, **problems(409)}, tags=TAGS
)
def submit_application(request, pk: int):
    return actions.application_submit(actor=request.auth, application=application_for(request, pk))


@router.post(
    "/applications/{pk}/reopen", response={200: ApplicationOut, **problems(409)}, tags=TAGS
)
def reopen_application(request, pk: int):
    return actions.application_reopen(actor=request.auth, application=application_for(request, pk))
