"""What the buyer's drafting pages share: finding the requirement and checking the team."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from openbuy.questions import interface as qs

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


def not_a_draft(request, requirement, message: str, amend_section: str | None = None):
    """None while the requirement is a draft. Once published, a draft-only page offers no
    form and runs nothing, GET or POST (the actions refuse too): it says why and sends the
    buyer to the amend page of this section while the requirement is open (`amend_section`,
    for the requirement's questions), else to its overview, which offers amending when it
    can be amended."""
    if requirement.status == requirement.Status.DRAFT:
        return None
    if amend_section and requirement.is_open:
        messages.info(request, _("The requirement is published: amend it instead"))
        return redirect("opportunities:amend-section", pk=requirement.pk, section=amend_section)
    messages.info(request, message)
    return redirect("opportunities:draft", pk=requirement.pk)


def public_url(requirement) -> str | None:
    """The public page of a published requirement, where there is one."""
    if requirement.status == requirement.Status.DRAFT:
        return None
    try:
        return reverse("opportunities:requirement", args=[requirement.pk])
    except NoReverseMatch:
        return None


def section_form(request, requirement, which: str, section: str, form_class=qs.SectionForm):
    """(document, section, form) for a section of the requirement's questions or of its
    checklist (`which`), filled with the answers so far; 404 for no such section."""
    document = getattr(requirement, which).doc
    part = document.section(section)
    if part is None:
        raise Http404
    existing = requirement.answers if which == "questions" else requirement.checklist_answers
    form = form_class(
        request.POST or None,
        document=document,
        section=part,
        currency=requirement.currency,
        existing=existing,
    )
    return document, part, form
