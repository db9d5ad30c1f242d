"""Pages: awarding a closed requirement (for its team members who may award) and the
feedback each responding supplier reads once its lot is decided."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.errors import Invalid
from openbuy.core.forms import NOT_RUN, submit

from .. import actions, selectors, standstill
from ..forms.awards import (
    CancelAwardForm,
    CancelRequirementForm,
    ChooseWinnerForm,
    ConfirmAwardForm,
    DecideLotForm,
)


def _requirement(request, pk):
    return get_object_or_404(selectors.requirements_visible_to(request.user), pk=pk)


def _lot(request, pk, number) -> tuple[selectors.Awarding, selectors.LotAwarding]:
    """The award page's reading and one of its lots (by number)."""
    awarding = selectors.awarding(request.user, _requirement(request, pk))
    entry = awarding.lot(number)
    if entry is None:
        raise Http404
    return awarding, entry


def _posted(request):
    """The form's data when it was sent (an empty form too), else None."""
    return request.POST if request.method == "POST" else None


def _page(pk) -> str:
    return reverse("opportunities:award", args=[pk])


def standing_label(standing) -> str:
    """A response as a choice: its supplier, and where the final scores rank it."""
    name = standing.response.supplier.name
    if standing.rank is None:
        return _("%(name)s (not ranked: not every criterion has a final score)") % {"name": name}
    return _("%(name)s (ranked %(rank)d, %(total)s out of 100)") % {
        "name": name,
        "rank": standing.rank,
        "total": formats.number_format(standing.total, 2),
    }


@login_required
def award_page(request, pk):
    """Each lot: its ranking, for information, and where its award stands."""
    awarding = selectors.awarding(request.user, _requirement(request, pk))
    return render(request, "opportunities/awards/award.html", {"awarding": awarding})


@login_required
def award_choose(request, pk, number):
    """Choose the lot's intended supplier; the next page says what awarding does."""
    awarding, entry = _lot(request, pk, number)
    if not entry.choosable:
        return redirect(_page(pk))
    # Where the lot has a shortlist, the second stage chose among it: only those are offered.
    offered = [s for s in entry.standings if s.response.shortlisted] or entry.standings
    choices = [(s.response.pk, standing_label(s)) for s in offered]
    form = ChooseWinnerForm(_posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = entry.standing_of(form.cleaned_data["response"])
        ranked = sum(1 for s in entry.standings if s.rank is not None)
        try:
            reason = actions.award_reason(form.cleaned_data["reason"], chosen.rank, ranked)
        except Invalid as error:
            form.add_error("reason", str(error))
        else:
            # Carried to the page that says what awarding does, and sent from there.
            request.session[_reason_key(entry, chosen)] = reason
            target = reverse("opportunities:award-make", args=[pk, number])
            return redirect(f"{target}?response={chosen.response.pk}")
    return render(
        request,
        "opportunities/awards/choose.html",
        {"awarding": awarding, "entry": entry, "form": form},
    )


@login_required
def award_make(request, pk, number):
    """GET: what choosing this supplier does, with the standstill's end. POST: choose."""
    awarding, entry = _lot(request, pk, number)
    chosen = entry.standing_of(_number(request.GET.get("response")))
    if chosen is None:
        raise Http404
    requirement = awarding.requirement

    reason = request.session.get(_reason_key(entry, chosen), "")

    def describe() -> Confirmation:
        others = len(entry.standings) - 1
        ends = standstill.last_day_for(requirement)
        name = chosen.response.supplier.name
        consequences = [
            _("%(name)s will be told it is the intended supplier.") % {"name": name},
            ngettext(
                "%(n)d other supplier will be told it was not successful this time, with a "
                "link to its feedback.",
                "%(n)d other suppliers will be told they were not successful this time, "
                "with a link to their feedback.",
                others,
            )
            % {"n": others},
            _(
                "A standstill period runs until the end of %(date)s. You can confirm the "
                "award after that."
            )
            % {"date": formats.date_format(ends, "l j F Y")},
        ]
        if reason:
            consequences.append(
                _("Your reason is published with the award: %(reason)s") % {"reason": reason}
            )
        return Confirmation(
            caption=f"{requirement.title} – {entry.name}",
            title=_("Award this to %(name)s?") % {"name": name},
            yes=_("Yes, award to %(name)s") % {"name": name},
            back=reverse("opportunities:award-choose", args=[pk, number]),
            consequences=consequences,
            warning=_ranking_warning(chosen, entry),
            refused=[]
            if entry.choosable
            else [_("%(lot)s is no longer open to an award") % {"lot": entry.name}],
            fix=(_("Back to the award page"), _page(pk)),
        )

    def run():
        actions.award_make(
            actor=request.user, lot=entry.lot, response=chosen.response, reason=reason
        )
        request.session.pop(_reason_key(entry, chosen), None)
        messages.success(
            request,
            _("%(name)s is the intended supplier. Standstill has started.")
            % {"name": chosen.response.supplier.name},
        )
        return redirect(_page(pk))

    return confirm(request, describe, run)


def _reason_key(entry, standing) -> str:
    return f"award-reason-{entry.lot.pk}-{standing.response.pk}"


def _number(text) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 18 else None


def _ranking_warning(chosen, entry) -> str:
    ranked = sum(1 for s in entry.standings if s.rank is not None)
    if chosen.rank is None:
        return _("Not every criterion of this response has a final score, so it is not ranked.")
    if chosen.rank == 1:
        return ""
    return _(
        "This response is ranked %(rank)d of %(ranked)d on the final scores. Its rank and "
        "your reason are recorded."
    ) % {"rank": chosen.rank, "ranked": ranked}


def _award(request, pk, award_pk):
    awarding = selectors.awarding(request.user, _requirement(request, pk))
    for entry in awarding.lots:
        if entry.award is not None and entry.award.pk == award_pk:
            return awarding, entry
    raise Http404


@login_required
def award_confirm(request, pk, award):
    """The contract's dates and value; refused, with when it can be, before standstill
    ends."""
    awarding, entry = _award(request, pk, award)
    chosen = entry.award
    if chosen.status != chosen.Status.STANDSTILL:
        return redirect(_page(pk))
    form = ConfirmAwardForm(_posted(request), currency=awarding.requirement.currency)
    done = submit(
        request,
        form,
        lambda data: actions.award_confirm(
            actor=request.user,
            award=chosen,
            contract_start=data["contract_start"],
            contract_end=data["contract_end"],
            value=data["value"],
        ),
    )
    if done is not NOT_RUN:
        messages.success(request, _("The award is confirmed"))
        return redirect(_page(pk))
    return render(
        request,
        "opportunities/awards/confirm.html",
        {
            "awarding": awarding,
            "entry": entry,
            "form": form,
            "earliest": actions.earliest_confirmation(chosen),
            "last_day": selectors.standstill_last_day(chosen),
        },
    )


def _reason_page(request, awarding, form, run, *, done, title, submit_label, intro=""):
    """A step that needs a reason: its form, or, once the action ran, the award page
    saying `done`."""
    if submit(request, form, run) is not NOT_RUN:
        messages.success(request, done)
        return redirect(_page(awarding.requirement.pk))
    return render(
        request,
        "opportunities/awards/reason.html",
        {
            "awarding": awarding,
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "intro": intro,
        },
    )


@login_required
def award_cancel(request, pk, award):
    awarding, entry = _award(request, pk, award)
    chosen = entry.award
    if chosen.status != chosen.Status.STANDSTILL:
        return redirect(_page(pk))
    return _reason_page(
        request,
        awarding,
        CancelAwardForm(_posted(request)),
        lambda data: actions.award_cancel(actor=request.user, award=chosen, reason=data["reason"]),
        done=_("The award is cancelled"),
        title=_("Cancel the award to %(name)s") % {"name": chosen.response.supplier.name},
        submit_label=_("Cancel award"),
        intro=_("You can then award %(lot)s again, or end it without an award.")
        % {"lot": entry.name},
    )


@login_required
def lot_decide(request, pk, number):
    awarding, entry = _lot(request, pk, number)
    if not entry.decidable:
        return redirect(_page(pk))
    return _reason_page(
        request,
        awarding,
        DecideLotForm(_posted(request)),
        lambda data: actions.lot_decide(actor=request.user, lot=entry.lot, **data),
        done=_("%(lot)s has ended without an award") % {"lot": entry.name},
        title=_("End %(lot)s without an award") % {"lot": entry.name},
        submit_label=_("End without an award"),
    )


@login_required
def requirement_cancel(request, pk):
    awarding = selectors.awarding(request.user, _requirement(request, pk))
    if not awarding.deciding:
        return redirect(_page(pk))
    return _reason_page(
        request,
        awarding,
        CancelRequirementForm(_posted(request)),
        lambda data: actions.requirement_cancel(
            actor=request.user, requirement=awarding.requirement, reason=data["reason"]
        ),
        done=_("The requirement is cancelled"),
        title=_("Cancel this requirement"),
        submit_label=_("Cancel requirement"),
        intro=_(
            "Every lot not yet awarded is cancelled, and every supplier that responded is told."
        ),
    )


@login_required
def feedback(request, pk):
    """A responding supplier's feedback on each of its responses; 404 for anyone else."""
    requirement = _requirement(request, pk)
    found = selectors.feedback_of(request.user, requirement)
    if not found:
        raise Http404
    return render(
        request,
        "opportunities/awards/feedback.html",
        {"requirement": requirement, "found": found},
    )


urlpatterns = [
    path("opportunities/<int:pk>/award/", award_page, name="award"),
    path("opportunities/<int:pk>/award/lot-<int:number>/", award_choose, name="award-choose"),
    path(
        "opportunities/<int:pk>/award/lot-<int:number>/confirm/",
        award_make,
        name="award-make",
    ),
    path(
        "opportunities/<int:pk>/award/lot-<int:number>/no-award/",
        lot_decide,
        name="award-decide-lot",
    ),
    path(
        "opportunities/<int:pk>/award/cancel/",
        requirement_cancel,
        name="award-cancel-requirement",
    ),
    path(
        "opportunities/<int:pk>/awards/<int:award>/confirm/",
        award_confirm,
        name="award-confirm",
    ),
    path(
        "opportunities/<int:pk>/awards/<int:award>/cancel/",
        award_cancel,
        name="award-cancel",
    ),
    path("opportunities/<int:pk>/feedback/", feedback, name="feedback"),
]
