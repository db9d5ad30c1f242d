"""Reads of requirements that depend on who is asking (docs/visibility.md)."""

from django.db.models import Q, QuerySet

from openbuy.accounts.models import Organisation, Role

from ..models import Requirement


def buyer_bodies_of(user) -> QuerySet[Organisation]:
    """The buyer bodies (and authorities, which buy too) where the person is a buyer."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.BUYER, Organisation.Kind.AUTHORITY],
        memberships__user=user,
        memberships__role=Role.BUYER,
    ).distinct()


def _with_related(requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    return requirements.select_related("buyer__jurisdiction", "lot__framework")


def requirements_visible_to(user) -> QuerySet[Requirement]:
    """Published requirements (open, closed or withdrawn) are public; drafts are seen only
    by the buyers of their buyer body."""
    public = ~Q(status=Requirement.Status.DRAFT)
    if not user.is_authenticated:
        return _with_related(Requirement.objects.filter(public))
    own = Q(buyer__in=buyer_bodies_of(user).values("pk"))
    return _with_related(Requirement.objects.filter(public | own))


def requirements_of(buyer: Organisation) -> QuerySet[Requirement]:
    """Every requirement of a buyer body, drafts included: for its buyers' own pages."""
    return _with_related(Requirement.objects.filter(buyer=buyer))


def requirements_audited_for(user) -> QuerySet[Requirement]:
    """Requirements whose whole trail a person reads: those on whose team they are. The
    public events (published, amended, closed, awarded…) show to everyone anyway; the rest
    (saves, the team, evaluators and their declarations) are the team's business."""
    if not user.is_authenticated:
        return Requirement.objects.none()
    return Requirement.objects.filter(team__user=user)
