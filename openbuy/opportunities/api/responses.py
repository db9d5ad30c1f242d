"""Responses through the API: the same actions and selectors as the pages.

A supplier's people start, change, submit and withdraw its responses while the requirement
is open and read them at any time (`/responses`). The requirement's team reads the submitted
ones after closing, and only then (`/requirements/{id}/responses`); before, anyone may know
only how many there are (`/requirements/{id}/response-count`)."""

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AliasPath

from openbuy.accounts.api import AUTH, anyone
from openbuy.core.api import Paged, problems

from .. import actions, selectors
from ..models import Requirement
from .requirements import AnswersIn

router = Router(auth=AUTH, tags=["opportunities"])


class ResponseOut(Schema):
    id: int
    requirement: int = Field(alias="requirement_id")
    lot: int = Field(validation_alias=AliasPath("lot", "number"), description="Its number")
    supplier: str = Field(validation_alias=AliasPath("supplier", "slug"))
    supplier_name: str = Field(validation_alias=AliasPath("supplier", "name"))
    questions: int = Field(alias="questions_id", description="Response question-set id")
    status: str = Field(description="draft, submitted or withdrawn")
    answers: dict[str, Any]
    submitted_at: datetime.datetime | None = Field(
        description="When the server received its last submission"
    )
    withdrawn_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ResponseStartIn(Schema):
    supplier: str = Field(description="Slug of the supplier responding (you work for it)")
    lot: int | None = Field(
        None, description="Number of the requirement's lot; needed when it has several"
    )
    answers: dict[str, Any] = Field(default_factory=dict)
    section: str | None = Field(None, description="Only this section's questions (a slug)")


class ResponseCountOut(Schema):
    submitted: int = Field(description="Responses submitted, all lots together")
    closed: bool = Field(description="Whether the requirement has closed by time")


def _published(request, pk) -> Requirement:
    return get_object_or_404(
        selectors.requirements_visible_to(request.auth).exclude(status=Requirement.Status.DRAFT),
        pk=pk,
    )


def _own(request, pk):
    return get_object_or_404(selectors.responses_of_supplier(request.auth), pk=pk)


@router.post(
    "/requirements/{requirement_id}/responses",
    response={201: ResponseOut, 200: ResponseOut, **problems(404, 409)},
)
def start_response(request, requirement_id: int, payload: ResponseStartIn):
    """Start (or carry on with) the supplier's draft response to a lot of an open
    requirement, saving any answers sent; a "no" to the essential criteria ends it (422,
    with the question set's explanation)."""
    requirement = _published(request, requirement_id)
    supplier = get_object_or_404(selectors.suppliers_of(request.auth), slug=payload.supplier)
    lot = None
    if payload.lot is not None:
        lot = get_object_or_404(requirement.lots.all(), number=payload.lot)
    response = actions.response_save(
        actor=request.auth,
        requirement=requirement,
        supplier=supplier,
        lot=lot,
        submitted=payload.answers,
        section=payload.section,
    )
    # Whether this call made the response is the action's to say: two calls at once both
    # found none before it, but only one of them made it.
    return Status(201 if response.started else 200, response)


@router.get("/responses", response=list[ResponseOut])
@paginate(Paged)
def list_responses(request):
    """The responses of the suppliers you work for, newest first, in any state."""
    return selectors.responses_of_supplier(request.auth)


@router.get("/responses/{response_id}", response=ResponseOut)
def get_response(request, response_id: int):
    """One of your suppliers' responses."""
    return _own(request, response_id)


@router.patch("/responses/{response_id}", response={200: ResponseOut, **problems(404, 409)})
def save_response(request, response_id: int, payload: AnswersIn):
    """Save answers to a draft or withdrawn response while the requirement is open."""
    response = _own(request, response_id)
    return actions.response_save(
        actor=request.auth,
        requirement=response.requirement,
        supplier=response.supplier,
        lot=response.lot,
        submitted=payload.answers,
        section=payload.section,
        response=response,
    )


@router.post("/responses/{response_id}/submit", response={200: ResponseOut, **problems(404, 409)})
def submit_response(request, response_id: int):
    """Submit a complete response; refused once the closing time has passed by the server's
    clock. Its people get a receipt by e-mail."""
    return actions.response_submit(actor=request.auth, response=_own(request, response_id))


@router.post("/responses/{response_id}/withdraw", response={200: ResponseOut, **problems(404, 409)})
def withdraw_response(request, response_id: int):
    """Withdraw a submitted response while the requirement is open, to change it."""
    return actions.response_withdraw(actor=request.auth, response=_own(request, response_id))


@router.delete("/responses/{response_id}", response={204: None, **problems(404, 409)})
def delete_response(request, response_id: int):
    """Delete a response never submitted, or withdrawn: at any time, before or after the
    closing time. A submitted response cannot be deleted."""
    actions.response_delete(actor=request.auth, response=_own(request, response_id))
    return Status(204, None)


@router.get(
    "/requirements/{requirement_id}/response-count", response=ResponseCountOut, auth=[*AUTH, anyone]
)
def count_responses(request, requirement_id: int):
    """How many responses are submitted: all anyone may know before closing."""
    requirement = _published(request, requirement_id)
    return {
        "submitted": selectors.response_count(requirement),
        "closed": selectors.has_closed(requirement),
    }


@router.get("/requirements/{requirement_id}/responses", response=list[ResponseOut])
@paginate(Paged)
def list_requirement_responses(request, requirement_id: int):
    """The submitted responses, for the requirement's team members who may read them, once
    it has closed; empty before then (they are sealed)."""
    return selectors.responses_for_buyer(request.auth, _published(request, requirement_id))


@router.get("/requirements/{requirement_id}/responses/{response_id}", response=ResponseOut)
def read_requirement_response(request, requirement_id: int, response_id: int):
    """One submitted response, for the team after closing; not there (404) before."""
    requirement = _published(request, requirement_id)
    return get_object_or_404(
        selectors.responses_for_buyer(request.auth, requirement), pk=response_id
    )
