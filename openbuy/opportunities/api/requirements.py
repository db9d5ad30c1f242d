"""Requirements through the API: the same actions and selectors as the pages."""

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AliasPath

from openbuy.accounts.api import AUTH, anyone
from openbuy.accounts.selectors import organisations
from openbuy.core.api import Paged, problems
from openbuy.core.errors import Invalid
from openbuy.frameworks.selectors import frameworks
from openbuy.questions.selectors import question_set_for

from .. import actions, selectors

router = Router(auth=AUTH, tags=["opportunities"])


class RequirementOut(Schema):
    id: int
    title: str
    status: str
    buyer: str = Field(validation_alias=AliasPath("buyer", "slug"))
    framework: str | None = Field(
        None,
        validation_alias=AliasPath("lot", "framework", "slug"),
        description="Empty for an open procedure",
    )
    lot: str | None = Field(None, validation_alias=AliasPath("lot", "slug"))
    questions: int = Field(alias="questions_id", description="Requirement question-set id")
    checklist: int = Field(alias="checklist_id", description="Checklist question-set id")
    answers: dict[str, Any]
    checklist_answers: dict[str, Any]
    published_at: datetime.datetime | None
    closes_at: datetime.datetime | None = Field(description="Responses close (end of the day)")
    questions_close_at: datetime.datetime | None = Field(
        description="Clarification questions close"
    )
    withdrawn_at: datetime.datetime | None
    withdrawn_reason: str
    specialist_role: str = Field(description="On a specialists lot: the role wanted")
    invite_only: bool = Field(description="Only invited suppliers may respond")
    max_lots_per_supplier: int | None = Field(description="Lots one supplier may respond to")
    division_reason: str = Field(description="Why it is divided this way (or not); published")
    amended_at: datetime.datetime | None = Field(description="When it was last amended")
    copied_from: int | None = Field(
        alias="copied_from_id", description="The requirement it was started from"
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime


class RequirementIn(Schema):
    buyer: str = Field(description="Slug of the buyer body")
    framework: str | None = Field(
        None, description="Slug of a live framework; none for an open procedure"
    )
    lot: str | None = Field(None, description="Slug of the framework's lot")
    questions: int | None = Field(
        None, description="Requirement question-set id (the newest for the buyer if none)"
    )
    checklist: int | None = Field(
        None, description="Checklist question-set id (the newest for the buyer if none)"
    )
    specialist_role: str = Field("", description="On a specialists lot: the role wanted")


class AnswersIn(Schema):
    answers: dict[str, Any]
    section: str | None = Field(None, description="Only this section's questions (a slug)")


class PublishIn(Schema):
    closes_on: datetime.date = Field(description="Responses close at the end of this day")


class WithdrawIn(Schema):
    reason: str = Field(max_length=5000, description="Shown to everyone")


def _question_set(pk, purpose, field):
    if pk is None:
        return None
    found = question_set_for(pk, purpose)
    if found is None:
        raise Invalid(
            _("No %(purpose)s question set has id %(id)s") % {"purpose": purpose, "id": pk},
            field=field,
        )
    return found


def _lot(framework_slug, lot_slug):
    if not framework_slug and not lot_slug:
        return None
    if not (framework_slug and lot_slug):
        raise Invalid(_("Name both the framework and its lot, or neither"), field="lot")
    framework = get_object_or_404(frameworks(), slug=framework_slug)
    return get_object_or_404(framework.lots.all(), slug=lot_slug)


def _requirement(request, pk):
    # Someone who may not see it is told it is not there (docs/visibility.md).
    return get_object_or_404(selectors.requirements_visible_to(request.auth), pk=pk)


@router.post("/requirements", response={201: RequirementOut, **problems(404, 409)})
def create_requirement(request, payload: RequirementIn):
    """Start a draft requirement on a live framework's lot, or an open procedure."""
    buyer = get_object_or_404(organisations(), slug=payload.buyer)
    requirement = actions.requirement_create(
        actor=request.auth,
        buyer=buyer,
        lot=_lot(payload.framework, payload.lot),
        questions=_question_set(payload.questions, "requirement", "questions"),
        checklist=_question_set(payload.checklist, "checklist", "checklist"),
        specialist_role=payload.specialist_role,
    )
    return Status(201, requirement)


@router.get("/requirements", response=list[RequirementOut], auth=[*AUTH, anyone])
@paginate(Paged)
def list_requirements(request):
    """Published requirements, newest first, and the asker's buyer bodies' drafts."""
    return selectors.requirements_visible_to(request.auth)


@router.get("/requirements/{requirement_id}", response=RequirementOut, auth=[*AUTH, anyone])
def get_requirement(request, requirement_id: int):
    """A published requirement, or a draft of one of the asker's buyer bodies."""
    return _requirement(request, requirement_id)


@router.patch(
    "/requirements/{requirement_id}", response={200: RequirementOut, **problems(404, 409)}
)
def save_requirement(request, requirement_id: int, payload: AnswersIn):
    """Save answers to the requirement's questions; a draft may be incomplete."""
    return actions.requirement_save(
        actor=request.auth,
        requirement=_requirement(request, requirement_id),
        submitted=payload.answers,
        section=payload.section,
    )


@router.delete("/requirements/{requirement_id}", response={204: None, **problems(403, 404, 409)})
def delete_requirement(request, requirement_id: int):
    """Delete a draft, with its lots and team; a published requirement is withdrawn or
    cancelled instead."""
    actions.requirement_delete(
        actor=request.auth, requirement=_requirement(request, requirement_id)
    )
    return Status(204, None)


@router.put(
    "/requirements/{requirement_id}/checklist",
    response={200: RequirementOut, **problems(404, 409)},
)
def save_checklist(request, requirement_id: int, payload: AnswersIn):
    """Save answers to the responsible-procurement checklist."""
    return actions.checklist_save(
        actor=request.auth,
        requirement=_requirement(request, requirement_id),
        submitted=payload.answers,
        section=payload.section,
    )


@router.post(
    "/requirements/{requirement_id}/publish",
    response={200: RequirementOut, **problems(404, 409)},
)
def publish_requirement(request, requirement_id: int, payload: PublishIn):
    """Publish: refused, listing what is unanswered, until the requirement and its checklist
    are complete, or when the closing day is sooner than the jurisdiction allows."""
    return actions.requirement_publish(
        actor=request.auth,
        requirement=_requirement(request, requirement_id),
        closes_on=payload.closes_on,
    )


@router.post(
    "/requirements/{requirement_id}/withdraw",
    response={200: RequirementOut, **problems(404, 409)},
)
def withdraw_requirement(request, requirement_id: int, payload: WithdrawIn):
    """Withdraw a published requirement, saying why to everyone."""
    return actions.requirement_withdraw(
        actor=request.auth,
        requirement=_requirement(request, requirement_id),
        reason=payload.reason,
    )
