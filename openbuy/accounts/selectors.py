"""Reads that depend on who is asking."""

from django.db.models import Q, QuerySet

from openbuy.core import audit_objects, audit_visibility
from openbuy.core.models import AuditEvent
from openbuy.core.permissions import is_platform_admin

from .models import ApiToken, BuyerEmailDomain, Invitation, Membership, Organisation, Role, User
from .permissions import GRANTS, can_manage_members, is_member


def buyer_body_for_email(email: str) -> Organisation | None:
    """The buyer body owning the longest registered suffix of the address's domain."""
    domain = email.rpartition("@")[2].lower()
    labels = domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    match = (
        BuyerEmailDomain.objects.filter(domain__in=candidates)
        .select_related("organisation")
        .order_by()
    )
    best = max(match, key=lambda d: len(d.domain), default=None)
    return best.organisation if best else None


def buyer_bodies_of(user) -> QuerySet[Organisation]:
    """Bodies the person buys for (a buyer in a buyer body or an authority)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.BUYER, Organisation.Kind.AUTHORITY],
        memberships__user=user,
        memberships__role=Role.BUYER,
    ).distinct()


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related(
        "organisation", "organisation__jurisdiction"
    )


def audit_viewer(user) -> audit_objects.Viewer:
    """The reader of an audit page, with their roles in each organisation (one query)."""
    roles: dict[int, set[str]] = {}
    for organisation_id, role in Membership.objects.filter(user=user).values_list(
        "organisation_id", "role"
    ):
        roles.setdefault(organisation_id, set()).add(role)
    return audit_objects.Viewer(
        is_admin=is_platform_admin(user),
        roles={organisation_id: frozenset(held) for organisation_id, held in roles.items()},
    )


def organisations_of(user) -> list[Organisation]:
    """The user's organisations, each with `.my_roles` (labels) attached."""
    by_org: dict[int, Organisation] = {}
    for membership in memberships_of(user):
        org = by_org.setdefault(membership.organisation_id, membership.organisation)
        org.__dict__.setdefault("my_roles", []).append(membership.get_role_display())
    return list(by_org.values())


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.exclude(kind=Organisation.Kind.OPERATOR).select_related(
        "jurisdiction"
    )


def organisation_pages_for(user) -> QuerySet[Organisation]:
    """Organisations whose page the user may open: all but the platform operator, whose
    page only its own members (the platform admins) open."""
    orgs = Organisation.objects.select_related("jurisdiction")
    if not user.is_authenticated:
        return orgs.exclude(kind=Organisation.Kind.OPERATOR)
    mine = Membership.objects.filter(user=user).values("organisation_id")
    return orgs.filter(~Q(kind=Organisation.Kind.OPERATOR) | Q(pk__in=mine))


def members_of(organisation: Organisation, user) -> QuerySet[Membership]:
    if not is_member(user, organisation):
        return Membership.objects.none()
    return organisation.memberships.select_related("user").order_by("user__name", "role")


def invitations_of(organisation: Organisation, user) -> QuerySet[Invitation]:
    if not can_manage_members(user, organisation):
        return Invitation.objects.none()
    return organisation.invitations.select_related("invited_by")


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def audit_events_visible_to(user, organisation: Organisation | None = None) -> QuerySet[AuditEvent]:
    """Platform admins see every event; members their organisations' events. Of those, each
    reader sees only the events about objects they may see (core.audit_visibility), on the
    pages and in the API alike."""
    events = AuditEvent.objects.all()
    if organisation is not None:
        if not is_member(user, organisation):
            return events.none()
        events = events.filter(organisation_id=organisation.pk)
    elif not is_platform_admin(user):
        own = Membership.objects.filter(user=user).values("organisation_id")
        events = events.filter(Q(organisation_id__in=own))
    return audit_visibility.visible(events, user)


# Who may see which objects of this app, for the audit trail (registered in apps.py).


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk is not None


def users_visible_to(user) -> QuerySet[User]:
    """Oneself, and the members of one's organisations (whom members_of lists)."""
    if not _signed_in(user):
        return User.objects.none()
    shared = Organisation.objects.filter(memberships__user=user)
    return User.objects.filter(Q(pk=user.pk) | Q(memberships__organisation__in=shared))


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Every organisation is public but the platform operator, which its members see."""
    if not _signed_in(user):
        return public_organisations()
    return Organisation.objects.filter(
        ~Q(kind=Organisation.Kind.OPERATOR) | Q(memberships__user=user)
    )


def memberships_visible_to(user) -> QuerySet[Membership]:
    if not _signed_in(user):
        return Membership.objects.none()
    return Membership.objects.filter(
        organisation__in=Organisation.objects.filter(memberships__user=user)
    )


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Invitations to organisations one manages the members of, and one's own."""
    if not _signed_in(user):
        return Invitation.objects.none()
    managed = Q()
    for kind, grants in GRANTS.items():
        managed |= Q(kind=kind, memberships__user=user, memberships__role__in=list(grants))
    return Invitation.objects.filter(
        Q(organisation__in=Organisation.objects.filter(managed)) | Q(email=user.email)
    )


def organisations() -> QuerySet[Organisation]:
    """Every organisation, for finding the one a request names (by slug)."""
    return Organisation.objects.all()


def admins_of(supplier: Organisation) -> QuerySet[Membership]:
    """Who may submit and sign for the supplier."""
    return supplier.memberships.filter(role=Role.SUPPLIER_ADMIN).select_related("user")


def suppliers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER)
