"""What the response pages share: the requirement they are about, what they all show of
it, and the form that starts a response (the answers themselves are the question set's
section forms)."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from openbuy.core.forms import Form

from .. import selectors
from ..models import Requirement


def published(request, pk) -> Requirement:
    """A published requirement (open, closed or withdrawn): drafts are not there."""
    requirement = get_object_or_404(selectors.requirements_visible_to(request.user), pk=pk)
    if requirement.status == Requirement.Status.DRAFT:
        raise Http404
    return requirement


def requirement_url(requirement: Requirement) -> str:
    """The requirement's public page (opportunities:requirement, built beside these)."""
    try:
        return reverse("opportunities:requirement", args=[requirement.pk])
    except NoReverseMatch:
        return ""


def common(requirement: Requirement) -> dict:
    """What every response page shows of the requirement: times in its jurisdiction's zone."""
    return {
        "requirement": requirement,
        "requirement_url": requirement_url(requirement),
        "closes": selectors.closing_time(requirement),
        "zone": requirement.buyer.jurisdiction.time_zone,
    }


class ResponseStartForm(Form):
    """Which supplier (for people who work for several) and which lot (when the
    requirement has several)."""

    def __init__(self, data=None, files=None, *, suppliers, lots, **kwargs):
        super().__init__(data, files, **kwargs)
        self.suppliers = {str(s.pk): s for s in suppliers}
        self.lots = {str(lot.pk): lot for lot in lots}
        if len(self.suppliers) > 1:
            self.fields["supplier"] = forms.ChoiceField(
                label=_("Which supplier are you responding for?"),
                widget=forms.RadioSelect,
                choices=[(pk, s.name) for pk, s in self.suppliers.items()],
                error_messages={"required": _("Choose the supplier you are responding for")},
            )
        if len(self.lots) > 1:
            self.fields["lot"] = forms.ChoiceField(
                label=_("Which lot are you responding to?"),
                widget=forms.RadioSelect,
                choices=[(pk, str(lot)) for pk, lot in self.lots.items()],
                error_messages={"required": _("Choose the lot you are responding to")},
            )

    def clean(self):
        cleaned = super().clean()
        # A single supplier or lot is not asked about: it is the one.
        for name, found in (("supplier", self.suppliers), ("lot", self.lots)):
            if name not in self.fields:
                cleaned[name] = next(iter(found.values()), None)
            elif cleaned.get(name):
                cleaned[name] = found[cleaned[name]]
        return cleaned
