"""Buyers' pages: their requirements, starting one, and a draft's overview as a GOV.UK task
list with its sections of questions and checklist. Lots, who can respond and the team are in
drafting_lots; publishing, amending and withdrawing in drafting_publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.forms import NOT_RUN, submit
from openbuy.questions import interface as qs

from .. import actions, selectors
from ..forms_drafting import OPEN_PROCEDURE, BuyerForm, ProcedureForm, RoleForm, StartFromForm
from ..models import Requirement
from ..permissions import Permission, permissions_of
from . import drafting_lots, drafting_publish, drafting_team
from .drafting_base import (
    PREFIX,
    not_a_draft,
    public_url,
    require_may,
    requirement_for,
    section_form,
)


@login_required
def mine(request):
    if not selectors.buyer_bodies_of(request.user).exists():
        raise PermissionDenied
    return render(
        request,
        "opportunities/drafting/mine.html",
        {"requirements": selectors.requirements_for(request.user)},
    )


def _step(request, step, form, carry, **context):
    return render(
        request,
        "opportunities/drafting/start.html",
        {"step": step, "form": form, "carry": carry, **context},
    )


def _bound(request, name):
    """The step's answers when its form was sent: with a choice, or with none (then it
    says what to choose rather than showing the question again)."""
    sent = name in request.GET or request.GET.get("step") == name
    return request.GET if sent else None


@login_required
def start(request):
    """Choose the buyer body, then a live lot or an open procedure, then (specialists) the
    role; then start blank or from an earlier requirement. Earlier steps' answers travel
    in the address, so every step works without JavaScript."""
    buyers = selectors.buyer_bodies_of(request.user).select_related("jurisdiction")
    if not buyers.exists():
        raise PermissionDenied
    carry = []
    if len(buyers) == 1:
        buyer = buyers[0]
    else:
        form = BuyerForm(_bound(request, "buyer"), buyers=buyers)
        if not (form.is_bound and form.is_valid()):
            return _step(request, "buyer", form, carry)
        buyer = form.cleaned_data["buyer"]
        carry.append(("buyer", buyer.slug))
    form = ProcedureForm(_bound(request, "procedure"), lots=selectors.startable_lots(buyer))
    if not (form.is_bound and form.is_valid()):
        return _step(request, "procedure", form, carry, buyer=buyer)
    lot = form.lot()
    carry.append(("procedure", str(lot.pk) if lot else OPEN_PROCEDURE))
    role, roles = "", selectors.lot_roles(lot)
    if roles:
        form = RoleForm(_bound(request, "role"), roles=roles)
        if not (form.is_bound and form.is_valid()):
            return _step(request, "role", form, carry, buyer=buyer, lot=lot)
        role = form.cleaned_data["role"]
        carry.append(("role", role))
    form = StartFromForm(request.POST or None, sources=selectors.copy_sources(buyer))

    def run(_data):
        source = form.chosen_source()
        if source is not None:
            return actions.requirement_copy(
                actor=request.user, source=source, lot=lot, specialist_role=role
            )
        return actions.requirement_create(
            actor=request.user, buyer=buyer, lot=lot, specialist_role=role
        )

    created = submit(request, form, run)
    if created is not NOT_RUN:
        messages.success(request, _("Your draft requirement is started"))
        return redirect("opportunities:draft", pk=created.pk)
    return _step(
        request, "start", form, carry, buyer=buyer, lot=lot, role=dict(roles).get(role, "")
    )


@login_required
@require_POST
def copy(request, pk):
    """A new draft from this requirement, on the same lot."""
    draft = actions.requirement_copy(actor=request.user, source=requirement_for(request, pk))
    messages.success(request, _("Your new draft is a copy: check each section"))
    return redirect("opportunities:draft", pk=draft.pk)


@login_required
def delete(request, pk):
    """Delete a draft, after a page saying what goes with it; then the list."""
    requirement = requirement_for(request, pk)
    back = reverse("opportunities:draft", args=[pk])

    def describe() -> Confirmation:
        refused = []
        if requirement.status != Requirement.Status.DRAFT:
            refused = [_("Only a draft can be deleted: withdraw or cancel a published one")]
        return Confirmation(
            caption=requirement.title,
            title=_("Delete this draft requirement?"),
            yes=_("Yes, delete draft"),
            back=back,
            consequences=[_("Its answers, lots and buyer team are deleted.")],
            warning=_("You cannot undo this."),
            refused=refused,
            destructive=True,
        )

    def run():
        actions.requirement_delete(actor=request.user, requirement=requirement)
        messages.success(request, _("The draft is deleted"))
        return redirect("opportunities:mine")

    return confirm(request, describe, run)


def _statuses(document, answers, currency):
    return [
        (s, qs.section_status(document, s, answers, currency=currency)) for s in document.sections
    ]


@login_required
def draft(request, pk):
    """The requirement's overview: a task list while a draft; once published, its dates,
    amendments and what can still be done."""
    requirement = requirement_for(request, pk)
    currency = requirement.currency
    checklist = requirement.checklist.doc
    lots = list(requirement.lots.order_by("number"))
    missing = qs.problems(checklist, requirement.checklist_answers, currency=currency)
    unanswered = actions.unanswered(requirement)
    lot_problems = selectors.lot_problems(requirement)
    return render(
        request,
        "opportunities/drafting/draft.html",
        {
            "requirement": requirement,
            "may": permissions_of(request.user, requirement),
            "sections": _statuses(requirement.questions.doc, requirement.answers, currency),
            "checklist_sections": _statuses(checklist, requirement.checklist_answers, currency),
            "checklist_missing": qs.error_links(
                checklist,
                requirement.checklist_answers,
                {key: [message] for key, message in missing.items()},
                lambda slug: reverse("opportunities:checklist-section", args=[pk, slug]),
            ),
            "lots": lots,
            "value": selectors.requirement_value(requirement, lots),
            "division": selectors.division(requirement, lots),
            "lot_problems": lot_problems,
            "links": selectors.links_for(requirement, request.user),
            "ready": not unanswered and not lot_problems,
            "unanswered_count": len(unanswered),
            "team": selectors.team_of(requirement),
            "invited": requirement.invited_suppliers.order_by("name"),
            "amendments": requirement.amendments.order_by("number"),
            "public_url": public_url(requirement),
        },
    )


def _section(request, pk, section, which):
    requirement = requirement_for(request, pk)
    require_may(request, requirement, Permission.DRAFT)
    if which == "questions":
        gone = not_a_draft(
            request,
            requirement,
            _("The requirement is no longer open: its answers can no longer change"),
            amend_section=section,
        )
    else:
        gone = not_a_draft(
            request,
            requirement,
            _("The requirement is published: its checklist answers can no longer change"),
        )
    if gone:
        return gone
    field = "answers" if which == "questions" else "checklist_answers"
    before = getattr(requirement, field)
    document, part, form = section_form(request, requirement, which, section)
    save = actions.requirement_save if which == "questions" else actions.checklist_save
    saved = submit(
        request,
        form,
        lambda _data: save(
            actor=request.user, requirement=requirement, submitted=form.answers, section=section
        ),
    )
    if saved is not NOT_RUN:
        if getattr(saved, field) == before:
            messages.info(request, _("You did not change anything"))
        else:
            messages.success(request, _("“%(section)s” is saved") % {"section": part.name})
        return redirect("opportunities:draft", pk=pk)
    return render(
        request,
        "opportunities/drafting/section.html",
        {
            "requirement": requirement,
            "form": form,
            "section": part,
            "lang": document.text_lang(),
            "caption": _("Checklist") if which == "checklist" else requirement.title,
        },
    )


@login_required
def questions_section(request, pk, section):
    return _section(request, pk, section, "questions")


@login_required
def checklist_section(request, pk, section):
    return _section(request, pk, section, "checklist")


urlpatterns = [
    path(PREFIX, mine, name="mine"),
    path(f"{PREFIX}start/", start, name="start"),
    path(f"{PREFIX}<int:pk>/", draft, name="draft"),
    path(f"{PREFIX}<int:pk>/copy/", copy, name="copy"),
    path(f"{PREFIX}<int:pk>/delete/", delete, name="delete"),
    path(f"{PREFIX}<int:pk>/questions/<slug:section>/", questions_section, name="section"),
    path(
        f"{PREFIX}<int:pk>/checklist/<slug:section>/",
        checklist_section,
        name="checklist-section",
    ),
    *drafting_lots.urlpatterns,
    *drafting_team.urlpatterns,
    *drafting_publish.urlpatterns,
]
