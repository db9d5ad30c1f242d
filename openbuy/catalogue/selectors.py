"""Reads of the catalogue that depend on who is asking."""

from django.db.models import QuerySet

from openbuy.accounts.models import Organisation, Role

from .models import Project


def buyers_of(user) -> QuerySet[Organisation]:
    """Bodies the person buys for: direct-award projects belong to them."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.BUYER, Organisation.Kind.AUTHORITY],
        memberships__user=user,
        memberships__role=Role.BUYER,
    ).distinct()


def projects_of(user) -> QuerySet[Project]:
    return Project.objects.filter(buyer__in=buyers_of(user)).select_related(
        "buyer", "lot__framework__authority__jurisdiction", "lot__questions"
    )
