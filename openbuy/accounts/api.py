"""The accounts part of the JSON API: the same actions and selectors as the web pages."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf
from pydantic import AliasPath

from openbuy.core import csrf
from openbuy.core.api import Paged, problems
from openbuy.core.errors import Forbidden, Invalid
from openbuy.core.money import MoneyError, parse_amount
from openbuy.core.selectors import jurisdictions
from openbuy.core.throttle import Throttled, client_address, too_many

from . import actions, selectors
from .models import Organisation
from .permissions import can_manage_members, is_member
from .throttles import token_gate


class TokenAuth(HttpBearer):
    """A personal API token, created and revoked on the account page."""

    def authenticate(self, request, token):
        # The token is looked up first, so a valid one is always served: wrong tokens from a
        # shared address (an office, a NAT) never lock out the clients that hold right ones.
        # Guessing one (256 random bits) is hopeless anyway; the wait slows the noise.
        user = actions.token_user(token)
        if user is not None:
            request.user = user
            return user
        # Wrong tokens from one client address make it wait (429), each wait twice the last;
        # those sent while a wait runs are refused without being counted.
        address, gate = client_address(request), token_gate()
        if left := gate.waiting(address):
            raise Throttled(too_many(left), retry_after=left, scope=gate.scope)
        if wait := gate.fail(address):
            raise Throttled(too_many(wait), retry_after=wait, scope=gate.scope)
        raise HttpError(401, _("The API token is not valid or has been revoked"))


class SignedInSession(SessionAuth):
    """The browser's session, with its CSRF token checked only once someone is signed in:
    an anonymous request is told to sign in (401), not that its CSRF token is missing."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        # django-ninja's own refusal is an untranslated "CSRF check Failed".
        exempt = not self.csrf or getattr(request, "_ninja_csrf_exempt", False)
        if not exempt and check_csrf(request) is not None:
            raise Forbidden(csrf.api_detail())
        return request.COOKIES.get(self.param_name)


AUTH = [TokenAuth(), SignedInSession(csrf=True)]


def anyone(request):
    """The last of an operation's ways in when anyone may call it, signed in or not: a
    token or session, when sent, still says who is asking."""
    return AnonymousUser()


router = Router(auth=AUTH)


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str
    email_verified: bool
    is_platform_admin: bool


class OrganisationRef(Schema):
    slug: str
    name: str
    kind: str


class MembershipOut(Schema):
    id: int
    organisation: OrganisationRef
    role: str


class Registration(Schema):
    scheme: str
    number: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    jurisdiction: str | None = Field(
        None, description="Jurisdiction code", validation_alias=AliasPath("jurisdiction", "code")
    )
    country: str | None = None
    registration: Registration | None = None
    size_band: str | None = Field(None, description="micro, small, medium or large (suppliers)")

    @staticmethod
    def resolve_country(org):
        return org.country.code or None

    @staticmethod
    def resolve_registration(org):
        if org.kind != Organisation.Kind.SUPPLIER:
            return None
        return {"scheme": org.registration_scheme, "number": org.registration_number}


class SupplierIn(Schema):
    jurisdiction: str = Field(description="Code of the jurisdiction the supplier registers in")
    name: str = Field(max_length=200)
    registration_scheme: str = Field(description="org-id.guide scheme code, like GB-COH")
    registration_number: str = Field(max_length=32)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code")
    address: str = Field(max_length=500)
    headcount: int = Field(ge=0, le=10_000_000, description="Number of staff")
    annual_turnover: str = Field(max_length=30, description="Decimal amount, like '250000.00'")
    balance_sheet_total: str = Field(max_length=30, description="Decimal amount")


class SupplierPatch(Schema):
    name: str | None = Field(None, max_length=200)
    registration_scheme: str | None = None
    registration_number: str | None = Field(None, max_length=32)
    country: str | None = Field(None, min_length=2, max_length=2)
    address: str | None = Field(None, max_length=500)
    headcount: int | None = Field(None, ge=0, le=10_000_000)
    annual_turnover: str | None = Field(None, max_length=30)
    balance_sheet_total: str | None = Field(None, max_length=30)


class SupplierOut(OrganisationOut):
    address: str
    headcount: int
    annual_turnover: str
    balance_sheet_total: str
    currency: str = Field(validation_alias=AliasPath("jurisdiction", "currency"))

    @staticmethod
    def resolve_annual_turnover(org):
        return f"{org.annual_turnover:f}"

    @staticmethod
    def resolve_balance_sheet_total(org):
        return f"{org.balance_sheet_total:f}"


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: str


class InvitationOut(Schema):
    id: int
    organisation: str = Field(validation_alias=AliasPath("organisation", "slug"))
    email: str
    role: str
    status: str
    expired: bool = Field(validation_alias="is_expired")
    expires_at: datetime


class AcceptIn(Schema):
    token: str = Field(max_length=200)


class MemberOut(Schema):
    id: int
    name: str = Field(validation_alias=AliasPath("user", "name"))
    email: str = Field(validation_alias=AliasPath("user", "email"))
    role: str


class AuditEventOut(Schema):
    seq: int | None  # none for anonymous events, kept outside the chain
    created_at: datetime
    verb: str
    actor_id: int | None
    organisation_id: int | None
    object_type: str
    object_id: str
    payload: dict[str, Any]
    hash: str | None
    prev_hash: str


def _amounts(data: dict, currency: str) -> dict:
    for field in ("annual_turnover", "balance_sheet_total"):
        if data.get(field) is not None:
            try:
                data[field] = parse_amount(data[field], currency)
            except MoneyError as error:
                raise Invalid(str(error), field=field) from error
    return data


@router.get("/me", response=MeOut, tags=["me"])
def me(request):
    """The signed-in person."""
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "email_verified": user.email_verified,
        "is_platform_admin": user.is_platform_admin,
    }


@router.get("/me/memberships", response=list[MembershipOut], tags=["me"])
def my_memberships(request):
    """The organisations the signed-in person belongs to, one entry per role."""
    return selectors.memberships_of(request.auth)


@router.get("/organisations", response=list[OrganisationOut], auth=None, tags=["organisations"])
@paginate(Paged)
def list_organisations(request, kind: str | None = None, jurisdiction: str | None = None):
    """Public profiles of buyer bodies, authorities and suppliers."""
    orgs = selectors.public_organisations()
    if kind:
        orgs = orgs.filter(kind=kind)
    if jurisdiction:
        orgs = orgs.filter(jurisdiction__code=jurisdiction)
    return orgs


@router.get(
    "/organisations/{slug}",
    response=OrganisationOut,
    auth=None,
    tags=["organisations"],
)
def get_organisation(request, slug: str):
    return get_object_or_404(selectors.public_organisations(), slug=slug)


@router.post("/suppliers", response={201: SupplierOut, **problems(409)}, tags=["organisations"])
def register_supplier(request, payload: SupplierIn):
    """Register a supplier; the signed-in person (with a verified address) becomes its admin."""
    data = payload.model_dump()
    jurisdiction = jurisdictions().filter(code=data.pop("jurisdiction")).first()
    if jurisdiction is None:
        raise Invalid(_("No jurisdiction has that code"), field="jurisdiction")
    org = actions.supplier_register(
        actor=request.auth, jurisdiction=jurisdiction, **_amounts(data, jurisdiction.currency)
    )
    return Status(201, org)


@router.patch(
    "/suppliers/{slug}", response={200: SupplierOut, **problems(409)}, tags=["organisations"]
)
def update_supplier(request, slug: str, payload: SupplierPatch):
    """Change a supplier's details (its admins only); the size band is recomputed."""
    org = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.SUPPLIER)
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    return actions.supplier_update(
        actor=request.auth, organisation=org, **_amounts(data, org.jurisdiction.currency)
    )


def _organisation_for_member(request, slug: str) -> Organisation:
    org = get_object_or_404(Organisation, slug=slug)
    if not is_member(request.auth, org):
        raise Forbidden(_("Only members of this organisation can see that"))
    return org


@router.get(
    "/organisations/{slug}/members",
    response={200: list[MemberOut], **problems(403)},
    tags=["organisations"],
)
def list_members(request, slug: str):
    org = _organisation_for_member(request, slug)
    return selectors.members_of(org, request.auth)


@router.get(
    "/organisations/{slug}/invitations",
    response={200: list[InvitationOut], **problems(403)},
    tags=["invitations"],
)
def list_invitations(request, slug: str):
    org = get_object_or_404(Organisation, slug=slug)
    if not can_manage_members(request.auth, org):
        raise Forbidden(_("Only the organisation's managers can see its invitations"))
    return selectors.invitations_of(org, request.auth).select_related("organisation")


@router.post(
    "/organisations/{slug}/invitations",
    response={201: InvitationOut},
    tags=["invitations"],
)
def create_invitation(request, slug: str, payload: InvitationIn):
    """Invite someone by e-mail; the link is sent to them, never returned here."""
    org = get_object_or_404(Organisation, slug=slug)
    invitation, _token = actions.invitation_create(
        actor=request.auth, organisation=org, email=payload.email, role=payload.role
    )
    return Status(201, invitation)


@router.post(
    "/organisations/{slug}/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, **problems(409)},
    tags=["invitations"],
)
def revoke_invitation(request, slug: str, invitation_id: int):
    # Not there (404) to whoever may not see it, as elsewhere (docs/visibility.md).
    invitation = get_object_or_404(
        selectors.invitations_visible_to(request.auth), pk=invitation_id, organisation__slug=slug
    )
    return actions.invitation_revoke(actor=request.auth, invitation=invitation)


@router.post(
    "/invitations/accept", response={200: MembershipOut, **problems(404, 410)}, tags=["invitations"]
)
def accept_invitation(request, payload: AcceptIn):
    """Accept an invitation with the token from its e-mailed link."""
    return actions.invitation_accept(actor=request.auth, token=payload.token)


@router.get(
    "/organisations/{slug}/audit-events",
    response={200: list[AuditEventOut], **problems(403)},
    tags=["audit"],
)
@paginate(Paged)
def organisation_audit_events(request, slug: str, verb: str | None = None):
    """The organisation's audit trail, newest first (members only)."""
    org = _organisation_for_member(request, slug)
    events = selectors.audit_events_visible_to(request.auth, organisation=org)
    if verb:
        events = events.filter(verb=verb)
    return events.order_by("-id")
