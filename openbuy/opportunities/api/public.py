"""The public list and view of requirements through the API: the same search and the
same page selector as the pages (selectors/public.py, selectors/page.py)."""

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import AliasPath

from openbuy.accounts.api import AUTH, anyone
from openbuy.core.scope import jurisdiction_or_invalid

from .. import selectors

router = Router(auth=AUTH, tags=["opportunities"])

ANSWER_PREFIX = "filter."


class OptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str = Field(description="The query parameter that chooses its options")
    label: str = Field(validation_alias="legend")
    options: list[OptionOut]


class OpportunityOut(Schema):
    id: int
    title: str = Field(validation_alias="plain_title")
    buyer: str
    status: str = Field(
        description="open, closed, awarded, unsuccessful (no suitable supplier), cancelled or "
        "withdrawn; open until the closing time, whether or not closing is recorded"
    )
    lot: str = Field(description="The framework's lot, or an open procedure")
    location: str
    budget_min: str | None
    budget_max: str | None
    currency: str
    closes_at: datetime.datetime = Field(description="Responses close (the end of a day)")


class ListOut(Schema):
    total: int
    page: int
    pages: int
    opportunities: list[OpportunityOut] = Field(validation_alias="hits")
    facets: list[FacetOut]


class LotOut(Schema):
    number: int
    title: str
    description: str
    value: str | None
    criteria: list[Any]
    outcome: str = Field(description="Empty until decided: awarded, unsuccessful or cancelled")
    outcome_reason: str

    @staticmethod
    def resolve_value(lot):
        return f"{lot.value:f}" if lot.value is not None else None


class EntryOut(Schema):
    kind: str = Field(
        description="published, amended, answered, closed, standstill, awarded, "
        "award_cancelled, unsuccessful, cancelled or withdrawn"
    )
    at: datetime.datetime | None = Field(description="Empty where no time is kept")
    title: str
    text: str = Field(description="An amendment's summary, or a reason")
    lot: str
    question: str = Field(description="An answered question, as published")
    answer: str
    changed: list[str] = Field(description="The questions an amendment changed")
    closes_before: datetime.datetime | None
    closes_after: datetime.datetime | None
    responses: int | None = Field(description="On closing: submitted responses (a count only)")
    supplier: str
    value: str | None
    currency: str
    contract_start: datetime.date | None
    contract_end: datetime.date | None
    standstill_ends_at: datetime.datetime | None

    @staticmethod
    def resolve_value(entry):
        return f"{entry.value:f}" if entry.value is not None else None


class RequirementPublicOut(Schema):
    id: int = Field(validation_alias=AliasPath("requirement", "pk"))
    title: str = Field(validation_alias=AliasPath("requirement", "title"))
    status: str = Field(description="As in the list; draft for a draft its buyers see")
    buyer: str = Field(validation_alias=AliasPath("requirement", "buyer", "slug"))
    buyer_name: str = Field(validation_alias=AliasPath("requirement", "buyer", "name"))
    procedure: str = Field(description="The framework's lot, or an open procedure")
    invite_only: bool = Field(validation_alias=AliasPath("requirement", "invite_only"))
    answers: dict[str, Any] = Field(validation_alias=AliasPath("requirement", "answers"))
    checklist_answers: dict[str, Any] = Field(
        validation_alias=AliasPath("requirement", "checklist_answers")
    )
    division_reason: str = Field(validation_alias=AliasPath("requirement", "division_reason"))
    max_lots_per_supplier: int | None = Field(
        validation_alias=AliasPath("requirement", "max_lots_per_supplier")
    )
    published_at: datetime.datetime | None = Field(
        validation_alias=AliasPath("requirement", "published_at")
    )
    questions_close_at: datetime.datetime | None = Field(
        validation_alias=AliasPath("requirement", "questions_close_at")
    )
    closes_at: datetime.datetime | None = Field(
        validation_alias=AliasPath("requirement", "closes_at")
    )
    withdrawn_reason: str = Field(validation_alias=AliasPath("requirement", "withdrawn_reason"))
    lots: list[LotOut]
    history: list[EntryOut]


class ListIn(Schema):
    q: str = Field("", description="Keywords: at most 500 characters, each word at most 100")
    status: list[str] = Field(
        [], description="open, closed, awarded, unsuccessful, cancelled, withdrawn"
    )
    closing: str = Field("", max_length=10, description="`soon`: open, closing within 7 days")
    lot: list[str] = Field([], description="Lot ids, or `open-procedure`")
    budget: list[str] = Field([], description="Bands of the budget's upper end, as listed")
    page: int = Field(1, ge=1, le=10_000)
    jurisdiction: str | None = Field(
        None,
        max_length=16,
        description="Only this jurisdiction's requirements (its code); `all` or none for every "
        "jurisdiction",
    )


@router.get("/opportunities", response=ListOut, auth=None)
def list_opportunities(request, params: Query[ListIn]):
    """Published requirements (never drafts), with the list page's filters and counts.
    Filter by a requirement question with repeated `filter.<question id>=<value>`
    parameters (`filter.location=scotland`); the facets name each filter's parameter."""
    chosen = {"status": params.status, "closing": [params.closing], "lot": params.lot}
    chosen["budget"] = params.budget
    chosen |= {k: request.GET.getlist(k) for k in request.GET if k.startswith(ANSWER_PREFIX)}
    return selectors.find(
        chosen,
        keywords=params.q,
        jurisdiction=jurisdiction_or_invalid(params.jurisdiction),
        page=params.page,
        answer_prefix=ANSWER_PREFIX,
    )


@router.get("/opportunities/{requirement_id}", response=RequirementPublicOut, auth=[*AUTH, anyone])
def get_opportunity(request, requirement_id: int):
    """A requirement as its public page shows it: answers, lots, the checklist and the
    history. A draft is seen only by its buyer body's buyers (404 to others)."""
    requirement = get_object_or_404(
        selectors.requirements_shown_to(request.auth), pk=requirement_id
    )
    view = selectors.public_view(requirement)
    return {
        "requirement": requirement,
        "status": view.status,
        "procedure": view.procedure,
        "lots": view.all_lots,
        "history": view.history,
    }
