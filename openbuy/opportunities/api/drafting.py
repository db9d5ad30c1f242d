"""Drafting through the API: the buyer's requirements, copies, lots, who can respond, the
team and amendments, with the same actions and selectors as the pages."""

import datetime
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AliasPath

from openbuy.accounts.selectors import suppliers as all_suppliers
from openbuy.core.api import Paged, problems
from openbuy.core.errors import Invalid

from .. import actions, selectors
from .requirements import RequirementOut, _lot

router = Router(tags=["opportunities"])


class LotOut(Schema):
    id: int
    number: int
    title: str
    description: str
    value: Decimal | None = Field(description="Estimated value in the jurisdiction's currency")
    criteria: list[str]


class LotIn(Schema):
    title: str = Field("", description="Required once the requirement has more than one lot")
    description: str = ""
    value: str | None = Field(
        None, description='An amount as people write it, like "25,000.00"; empty for none'
    )
    criteria: list[str] = Field(default_factory=list, description="This lot's own criteria")


class DivisionIn(Schema):
    max_lots_per_supplier: int | None = Field(None, description="None for no limit")
    division_reason: str = Field("", description="Why it is divided this way; published")


class AudienceIn(Schema):
    invite_only: bool
    suppliers: list[str] = Field(default_factory=list, description="Slugs of invited suppliers")
    category: dict[str, str] = Field(
        default_factory=dict,
        description='One service question id and value of the lot, like {"roles": "designer"}',
    )


class AudienceOut(Schema):
    invite_only: bool
    suppliers: list[str]
    category: dict[str, Any]


class CopyIn(Schema):
    framework: str | None = Field(None, description="Slug of a live framework; else the same")
    lot: str | None = Field(None, description="Slug of the framework's lot; else the same")
    open_procedure: bool = Field(False, description="Copy it as an open procedure")
    specialist_role: str | None = Field(None, description="On a specialists lot: the role")


class MemberOut(Schema):
    id: int
    email: str = Field(validation_alias=AliasPath("user", "email"))
    name: str = Field(validation_alias=AliasPath("user", "name"))
    permissions: list[str]
    added_at: datetime.datetime


class MemberIn(Schema):
    email: str = Field(max_length=254, description="A buyer of the requirement's buyer body")
    permissions: list[str] = Field(description="Values of draft, publish, answer, …")


class PermissionsIn(Schema):
    permissions: list[str]


class AmendIn(Schema):
    answers: dict[str, Any]
    section: str | None = Field(None, description="Only this section's questions (a slug)")
    summary: str = Field(description="What changed, shown to everyone")


class AmendmentOut(Schema):
    number: int
    summary: str
    changed: list[str]
    before: dict[str, Any]
    closes_at_before: datetime.datetime
    closes_at_after: datetime.datetime
    made_at: datetime.datetime


def _mine(request, pk):
    """A requirement of one of the asker's buyer bodies; 404 for anyone else."""
    return get_object_or_404(selectors.requirements_for(request.auth), pk=pk)


def _lot_of(requirement, number):
    return get_object_or_404(requirement.lots.all(), number=number)


@router.get("/requirements/mine", response=list[RequirementOut])
@paginate(Paged)
def my_requirements(request):
    """Every requirement of the asker's buyer bodies, drafts first."""
    return selectors.requirements_for(request.auth)


@router.post(
    "/requirements/{requirement_id}/copy", response={201: RequirementOut, **problems(404, 409)}
)
def copy_requirement(request, requirement_id: int, payload: CopyIn):
    """Start a new draft from an earlier requirement of the same buyer body."""
    lot = actions.SAME_LOT
    if payload.open_procedure:
        lot = None
    elif payload.framework or payload.lot:
        lot = _lot(payload.framework, payload.lot)
    draft = actions.requirement_copy(
        actor=request.auth,
        source=_mine(request, requirement_id),
        lot=lot,
        specialist_role=payload.specialist_role,
    )
    return Status(201, draft)


@router.get("/requirements/{requirement_id}/lots", response=list[LotOut])
def list_lots(request, requirement_id: int):
    """The requirement's lots, in number order."""
    return _mine(request, requirement_id).lots.order_by("number")


@router.post("/requirements/{requirement_id}/lots", response={201: LotOut, **problems(404, 409)})
def add_lot(request, requirement_id: int, payload: LotIn):
    """Divide a draft into one more lot."""
    lot = actions.lot_add(
        actor=request.auth, requirement=_mine(request, requirement_id), **payload.dict()
    )
    return Status(201, lot)


@router.put(
    "/requirements/{requirement_id}/lots/{number}", response={200: LotOut, **problems(404, 409)}
)
def save_lot(request, requirement_id: int, number: int, payload: LotIn):
    """Change a lot's title, description, value and criteria."""
    requirement = _mine(request, requirement_id)
    return actions.lot_save(
        actor=request.auth,
        requirement=requirement,
        lot=_lot_of(requirement, number),
        **payload.dict(),
    )


@router.delete(
    "/requirements/{requirement_id}/lots/{number}", response={204: None, **problems(404, 409)}
)
def remove_lot(request, requirement_id: int, number: int):
    """Remove a lot of a divided draft; the only lot stays."""
    requirement = _mine(request, requirement_id)
    actions.lot_remove(
        actor=request.auth, requirement=requirement, lot=_lot_of(requirement, number)
    )
    return Status(204, None)


@router.put(
    "/requirements/{requirement_id}/division",
    response={200: RequirementOut, **problems(404, 409)},
)
def save_division(request, requirement_id: int, payload: DivisionIn):
    """The most lots one supplier may respond to, and why it is divided this way."""
    return actions.requirement_division_save(
        actor=request.auth, requirement=_mine(request, requirement_id), **payload.dict()
    )


def _audience(requirement) -> dict:
    return {
        "invite_only": requirement.invite_only,
        "suppliers": list(
            requirement.invited_suppliers.order_by("slug").values_list("slug", flat=True)
        ),
        "category": requirement.invited_category,
    }


@router.get("/requirements/{requirement_id}/audience", response=AudienceOut)
def get_audience(request, requirement_id: int):
    """Who can respond: every eligible supplier, or the invited ones."""
    return _audience(_mine(request, requirement_id))


@router.put(
    "/requirements/{requirement_id}/audience",
    response={200: AudienceOut, **problems(404, 409)},
)
def save_audience(request, requirement_id: int, payload: AudienceIn):
    """Open to every eligible supplier, or invite-only (suppliers and/or a category)."""
    wanted = set(payload.suppliers)
    found = list(all_suppliers().filter(slug__in=wanted))
    if len(found) != len(wanted):
        raise Invalid(
            _("Invite only suppliers who can respond to this requirement"), field="suppliers"
        )
    requirement = actions.requirement_audience_save(
        actor=request.auth,
        requirement=_mine(request, requirement_id),
        invite_only=payload.invite_only,
        suppliers=found,
        category=payload.category,
    )
    return _audience(requirement)


@router.get("/requirements/{requirement_id}/team", response=list[MemberOut])
def list_team(request, requirement_id: int):
    """The buyer team and what each member may do."""
    return selectors.team_of(_mine(request, requirement_id))


@router.post("/requirements/{requirement_id}/team", response={201: MemberOut, **problems(404, 409)})
def add_member(request, requirement_id: int, payload: MemberIn):
    """Put one of the buyer body's buyers on the team (for members who may publish)."""
    requirement = _mine(request, requirement_id)
    person = selectors.buyer_of_body(requirement, payload.email)
    if person is None:
        raise Invalid(
            _("Only buyers of %(body)s can join its requirements' teams")
            % {"body": requirement.buyer.name},
            field="email",
        )
    member = actions.team_member_add(
        actor=request.auth, requirement=requirement, user=person, permissions=payload.permissions
    )
    return Status(201, member)


def _member(request, requirement_id, member_id):
    requirement = _mine(request, requirement_id)
    return requirement, get_object_or_404(selectors.team_of(requirement), pk=member_id)


@router.put(
    "/requirements/{requirement_id}/team/{member_id}",
    response={200: MemberOut, **problems(404, 409)},
)
def save_member(request, requirement_id: int, member_id: int, payload: PermissionsIn):
    """Change what a team member may do; someone keeps the permission to publish."""
    requirement, member = _member(request, requirement_id, member_id)
    return actions.team_member_save(
        actor=request.auth, requirement=requirement, member=member, permissions=payload.permissions
    )


@router.delete(
    "/requirements/{requirement_id}/team/{member_id}",
    response={204: None, **problems(404, 409)},
)
def remove_member(request, requirement_id: int, member_id: int):
    """Take someone off the team; the last who may publish stays."""
    requirement, member = _member(request, requirement_id, member_id)
    actions.team_member_remove(actor=request.auth, requirement=requirement, member=member)
    return Status(204, None)


@router.post(
    "/requirements/{requirement_id}/amendments",
    response={201: AmendmentOut, **problems(404, 409)},
)
def amend_requirement(request, requirement_id: int, payload: AmendIn):
    """Amend an open requirement, saying what changed; the closing day moves when fewer
    than the jurisdiction's amendment_minimum_days are left."""
    amendment = actions.requirement_amend(
        actor=request.auth,
        requirement=_mine(request, requirement_id),
        submitted=payload.answers,
        section=payload.section,
        summary=payload.summary,
    )
    return Status(201, amendment)
