"""A draft's lots, how it is divided and who can respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.forms import NOT_RUN, submit

from .. import actions, selectors
from ..forms_drafting import AudienceForm, DivisionForm, RequirementLotForm
from ..permissions import Permission
from .drafting_base import PREFIX, not_a_draft, require_may, requirement_for


def _draft_for(request, pk):
    requirement = requirement_for(request, pk)
    require_may(request, requirement, Permission.DRAFT)
    return requirement


def _lots_published(request, requirement):
    return not_a_draft(
        request, requirement, _("The requirement is published: its lots can no longer change")
    )


def _saved(request, result, before, message):
    if result == before:
        messages.info(request, _("You did not change anything"))
    else:
        messages.success(request, message)


@login_required
def lots(request, pk):
    """The lots, with a form to add one and one for the limit per supplier and the reason
    for dividing it this way (or not)."""
    requirement = _draft_for(request, pk)
    if gone := _lots_published(request, requirement):
        return gone
    found = list(requirement.lots.order_by("number"))
    before = (requirement.max_lots_per_supplier, requirement.division_reason)
    form = DivisionForm(
        request.POST or None,
        initial={
            "max_lots_per_supplier": requirement.max_lots_per_supplier,
            "division_reason": requirement.division_reason,
        },
    )
    saved = submit(
        request,
        form,
        lambda data: actions.requirement_division_save(
            actor=request.user, requirement=requirement, **data
        ),
    )
    if saved is not NOT_RUN:
        after = (saved.max_lots_per_supplier, saved.division_reason)
        _saved(request, after, before, _("How the requirement is divided is saved"))
        return redirect("opportunities:draft", pk=pk)
    return render(
        request,
        "opportunities/drafting/lots.html",
        {
            "requirement": requirement,
            "lots": found,
            "form": form,
            "value": selectors.requirement_value(requirement, found),
            "division": selectors.division(requirement, found),
            "over_budget": selectors.over_budget(requirement, found),
        },
    )


def _lot_page(request, requirement, form, lot=None):
    return render(
        request,
        "opportunities/drafting/lot.html",
        {"requirement": requirement, "form": form, "lot": lot},
    )


@login_required
def lot_add(request, pk):
    requirement = _draft_for(request, pk)
    if gone := _lots_published(request, requirement):
        return gone
    form = RequirementLotForm(request.POST or None, currency=requirement.currency)
    added = submit(
        request,
        form,
        lambda data: actions.lot_add(actor=request.user, requirement=requirement, **data),
    )
    if added is not NOT_RUN:
        messages.success(request, _("Lot %(n)d is added") % {"n": added.number})
        return redirect("opportunities:lots", pk=pk)
    return _lot_page(request, requirement, form)


@login_required
def lot_edit(request, pk, number):
    requirement = _draft_for(request, pk)
    if gone := _lots_published(request, requirement):
        return gone
    lot = get_object_or_404(requirement.lots, number=number)
    before = (lot.title, lot.description, lot.value, list(lot.criteria))
    form = RequirementLotForm(request.POST or None, currency=requirement.currency, lot=lot)
    saved = submit(
        request,
        form,
        lambda data: actions.lot_save(actor=request.user, requirement=requirement, lot=lot, **data),
    )
    if saved is not NOT_RUN:
        after = (saved.title, saved.description, saved.value, list(saved.criteria))
        _saved(request, after, before, _("Lot %(n)d is saved") % {"n": lot.number})
        return redirect("opportunities:lots", pk=pk)
    return _lot_page(request, requirement, form, lot)


@login_required
def lot_remove(request, pk, number):
    requirement = _draft_for(request, pk)
    if gone := _lots_published(request, requirement):
        return gone
    lot = get_object_or_404(requirement.lots, number=number)
    back = reverse("opportunities:lots", args=[pk])

    def describe():
        only = requirement.lots.count() <= 1
        return Confirmation(
            caption=requirement.title,
            title=_("Remove lot %(n)d?") % {"n": lot.number},
            yes=_("Yes, remove the lot"),
            back=back,
            consequences=[_("Its title, value and criteria are removed with it.")],
            destructive=True,
            refused=[_("A requirement has at least one lot: the only lot stays")] if only else [],
        )

    def run():
        actions.lot_remove(actor=request.user, requirement=requirement, lot=lot)
        messages.success(request, _("Lot %(n)d is removed") % {"n": lot.number})
        return redirect(back)

    return confirm(request, describe, run)


@login_required
def audience(request, pk):
    requirement = _draft_for(request, pk)
    gone = not_a_draft(
        request,
        requirement,
        _("The requirement is published: who can respond can no longer change"),
    )
    if gone:
        return gone
    before = (
        requirement.invite_only,
        requirement.invited_category,
        set(requirement.invited_suppliers.values_list("pk", flat=True)),
    )
    form = AudienceForm(
        request.POST or None,
        candidates=selectors.audience_candidates(requirement),
        categories=selectors.category_choices(requirement),
        requirement=requirement,
    )
    saved = submit(
        request,
        form,
        lambda data: actions.requirement_audience_save(
            actor=request.user,
            requirement=requirement,
            invite_only=data["invite_only"],
            suppliers=form.chosen_suppliers(),
            category=form.chosen_category(),
        ),
    )
    if saved is not NOT_RUN:
        after = (
            saved.invite_only,
            saved.invited_category,
            set(saved.invited_suppliers.values_list("pk", flat=True)),
        )
        _saved(request, after, before, _("Who can respond is saved"))
        return redirect("opportunities:draft", pk=pk)
    return render(
        request,
        "opportunities/drafting/audience.html",
        {"requirement": requirement, "form": form},
    )


urlpatterns = [
    path(f"{PREFIX}<int:pk>/lots/", lots, name="lots"),
    path(f"{PREFIX}<int:pk>/lots/add/", lot_add, name="lot-add"),
    path(f"{PREFIX}<int:pk>/lots/<int:number>/", lot_edit, name="lot"),
    path(f"{PREFIX}<int:pk>/lots/<int:number>/remove/", lot_remove, name="lot-remove"),
    path(f"{PREFIX}<int:pk>/audience/", audience, name="audience"),
]
