"""What the buyer's drafting pages share: finding the requirement and checking the team."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from .. import selectors
from ..permissions import permissions_of

PREFIX = "buying/requirements/"


def requirement_for(request, pk):
    """A requirement of one of the person's buyer bodies (else 404, as in the API)."""
    return get_object_or_404(
        selectors.requirements_for(request.user).select_related("questions", "checklist"),
        pk=pk,
    )


def require_may(request, requirement, permission) -> None:
    """Someone who sees the requirement but may not do this gets a 403 (docs/visibility.md)."""
    if permission not in permissions_of(request.user, requirement):
        raise PermissionDenied


def public_url(requirement) -> str | None:
    """The public page of a published requirement, where there is one."""
    if requirement.status == requirement.Status.DRAFT:
        return None
    try:
        return reverse("opportunities:requirement", args=[requirement.pk])
    except NoReverseMatch:
        return None
