"""A requirement's buyer team: who is on it and what each may do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.forms import NOT_RUN, submit

from .. import actions, selectors
from ..forms_drafting import TeamAddForm, TeamMemberForm
from ..permissions import Permission, permissions_of
from .drafting_base import PREFIX, require_may, requirement_for


@login_required
def team(request, pk):
    """The team, seen by the buyer body's buyers; changed by members who may publish."""
    requirement = requirement_for(request, pk)
    may_change = Permission.PUBLISH in permissions_of(request.user, requirement)
    form = None
    if may_change:
        form = TeamAddForm(request.POST or None, candidates=selectors.team_candidates(requirement))
        added = submit(
            request,
            form,
            lambda data: actions.team_member_add(
                actor=request.user,
                requirement=requirement,
                user=form.person(),
                permissions=data["permissions"],
            ),
        )
        if added is not NOT_RUN:
            messages.success(request, _("%(name)s is on the team") % {"name": added.user.name})
            return redirect("opportunities:team", pk=pk)
    return render(
        request,
        "opportunities/drafting/team.html",
        {
            "requirement": requirement,
            "members": selectors.team_of(requirement),
            "form": form,
            "may_change": may_change,
            "labels": dict(Permission.choices),
        },
    )


def _member(request, pk, member_pk):
    requirement = requirement_for(request, pk)
    require_may(request, requirement, Permission.PUBLISH)
    return requirement, get_object_or_404(selectors.team_of(requirement), pk=member_pk)


@login_required
def member(request, pk, member_pk):
    requirement, found = _member(request, pk, member_pk)
    before = list(found.permissions)
    form = TeamMemberForm(request.POST or None, initial={"permissions": before})
    saved = submit(
        request,
        form,
        lambda data: actions.team_member_save(
            actor=request.user,
            requirement=requirement,
            member=found,
            permissions=data["permissions"],
        ),
    )
    if saved is not NOT_RUN:
        if saved.permissions == before:
            messages.info(request, _("You did not change anything"))
        else:
            messages.success(
                request, _("What %(name)s may do is saved") % {"name": found.user.name}
            )
        return redirect("opportunities:team", pk=pk)
    return render(
        request,
        "opportunities/drafting/member.html",
        {"requirement": requirement, "member": found, "form": form},
    )


@login_required
def member_remove(request, pk, member_pk):
    requirement, found = _member(request, pk, member_pk)
    back = reverse("opportunities:team", args=[pk])

    def describe():
        return Confirmation(
            caption=requirement.title,
            title=_("Take %(name)s off the team?") % {"name": found.user.name},
            yes=_("Yes, take them off the team"),
            back=back,
            consequences=[_("They can still read the requirement, but not work on it.")],
            destructive=True,
        )

    def run():
        actions.team_member_remove(actor=request.user, requirement=requirement, member=found)
        messages.success(request, _("%(name)s is off the team") % {"name": found.user.name})
        return redirect(back)

    return confirm(request, describe, run)


urlpatterns = [
    path(f"{PREFIX}<int:pk>/team/", team, name="team"),
    path(f"{PREFIX}<int:pk>/team/<int:member_pk>/", member, name="team-member"),
    path(
        f"{PREFIX}<int:pk>/team/<int:member_pk>/remove/", member_remove, name="team-member-remove"
    ),
]
