"""Frameworks, their lots, and their moves (moves.py)."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from pydantic import AliasPath

from openbuy.accounts import selectors as accounts
from openbuy.core.api import problems
from openbuy.core.scope import jurisdiction_or_invalid

from .. import actions, selectors
from ..moves import MOVES, NAMES
from .common import Slug, framework_named, router
from .question_sets import question_set_of


class LotOut(Schema):
    slug: str
    name: str
    description: str
    one_service_limit: bool
    questions: int | None = Field(None, alias="questions_id", description="Question-set id")


class FrameworkOut(Schema):
    slug: str
    name: str
    family: str
    status: str
    authority: str = Field(validation_alias=AliasPath("authority", "slug"))
    opens_on: datetime.date
    clarifications_close_on: datetime.date
    applications_close_on: datetime.date
    intention_to_award_on: datetime.date
    live_on: datetime.date
    expires_on: datetime.date
    opened_at: datetime.datetime | None = Field(description="When it actually opened")
    closed_at: datetime.datetime | None = Field(description="When applications actually closed")
    results_announced_at: datetime.datetime | None = Field(
        description="When the results were actually announced"
    )
    went_live_at: datetime.datetime | None = Field(description="When it actually went live")
    expired_at: datetime.datetime | None = Field(description="When it actually expired")
    declaration: int | None = Field(None, alias="declaration_id")
    previous: str | None = Field(None, validation_alias=AliasPath("previous", "slug"))
    lots: list[LotOut]

    @staticmethod
    def resolve_lots(framework):
        return list(framework.lots.all())


class FrameworkIn(Schema):
    authority: str = Field(description="Slug of the authority that runs it")
    family: str = Slug()
    slug: str = Slug()
    name: str = Field(max_length=200)
    opens_on: datetime.date
    clarifications_close_on: datetime.date
    applications_close_on: datetime.date
    intention_to_award_on: datetime.date
    live_on: datetime.date
    expires_on: datetime.date
    declaration: int | None = Field(None, description="Declaration question-set id")


class FrameworkPatch(Schema):
    name: str | None = Field(None, max_length=200)
    opens_on: datetime.date | None = None
    clarifications_close_on: datetime.date | None = None
    applications_close_on: datetime.date | None = None
    intention_to_award_on: datetime.date | None = None
    live_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    declaration: int | None = None


class LotIn(Schema):
    slug: str = Slug()
    name: str = Field(max_length=200)
    description: str = Field("", max_length=2000)
    questions: int = Field(description="Service question-set id")
    one_service_limit: bool = False


class StatusIn(Schema):
    action: Literal[NAMES] = Field(
        description="The move: "
        + "; ".join(f"`{move.name}`: {move.label}" for move in MOVES.values())
    )


@router.get("/frameworks", response=list[FrameworkOut], auth=None)
def list_frameworks(
    request,
    jurisdiction: str | None = Query(
        None,
        max_length=16,
        description="Only frameworks run in this jurisdiction (its code); `all` or none for "
        "every jurisdiction",
    ),
):
    """Every framework, or those of one jurisdiction."""
    return selectors.frameworks(jurisdiction_or_invalid(jurisdiction)).prefetch_related("lots")


@router.get("/frameworks/{slug}", response=FrameworkOut, auth=None)
def get_framework(request, slug: str):
    return framework_named(slug)


@router.post("/frameworks", response={201: FrameworkOut, **problems(404)})
def create_framework(request, payload: FrameworkIn):
    data = payload.model_dump()
    authority = get_object_or_404(accounts.organisations(), slug=data.pop("authority"))
    data["declaration"] = question_set_of(data["declaration"], "declaration")
    return Status(201, actions.framework_create(actor=request.auth, authority=authority, **data))


@router.patch("/frameworks/{slug}", response={200: FrameworkOut, **problems(409)})
def update_framework(request, slug: str, payload: FrameworkPatch):
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    if "declaration" in data:
        data["declaration"] = question_set_of(data["declaration"], "declaration")
    return actions.framework_update(actor=request.auth, framework=framework_named(slug), **data)


@router.post("/frameworks/{slug}/lots", response={201: LotOut, **problems(409)})
def add_lot(request, slug: str, payload: LotIn):
    data = payload.model_dump()
    data["questions"] = question_set_of(data["questions"], "service")
    return Status(201, actions.lot_add(actor=request.auth, framework=framework_named(slug), **data))


@router.post("/frameworks/{slug}/status", response={200: FrameworkOut, **problems(409)})
def change_status(request, slug: str, payload: StatusIn):
    """Move the framework along its lifecycle: coming → open → pending → standstill → live →
    expired. Going live expires the family's current live iteration."""
    return MOVES[payload.action].run(actor=request.auth, framework=framework_named(slug))
