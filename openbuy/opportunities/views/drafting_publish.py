"""Publishing a draft (pick the closing day, check the derived deadlines, confirm),
amending it while open and withdrawing it with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from openbuy.core.errors import ActionError
from openbuy.core.forms import NOT_RUN, add_action_error, submit
from openbuy.questions import interface as qs

from .. import actions, selectors
from ..forms_drafting import AMENDMENT_SUMMARY, AmendForm, PublishForm, WithdrawForm
from ..permissions import Permission
from .drafting_base import PREFIX, require_may, requirement_for, section_form


def publish_problems(requirement) -> list[tuple[str, str | None]]:
    """What stops publishing, each with a link to where to put it right."""
    found = []
    for name, document, answers in (
        ("opportunities:section", requirement.questions.doc, requirement.answers),
        (
            "opportunities:checklist-section",
            requirement.checklist.doc,
            requirement.checklist_answers,
        ),
    ):
        missing = qs.problems(document, answers, currency=requirement.currency)
        found += qs.error_links(
            document,
            answers,
            {key: [message] for key, message in missing.items()},
            lambda slug, name=name: reverse(name, args=[requirement.pk, slug]),
        )
    lots_url = reverse("opportunities:lots", args=[requirement.pk])
    found += [(message, lots_url) for message in selectors.lot_problems(requirement).values()]
    return found


def _publishing(request, pk):
    requirement = requirement_for(request, pk)
    require_may(request, requirement, Permission.PUBLISH)
    return requirement


@login_required
def publish(request, pk):
    requirement = _publishing(request, pk)
    if requirement.status != requirement.Status.DRAFT:
        messages.info(request, _("The requirement is already published"))
        return redirect("opportunities:draft", pk=pk)
    form = PublishForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        closes_on = form.cleaned_data["closes_on"]
        problem = actions.closing_day_problem(requirement, closes_on)
        if problem:
            form.add_error("closes_on", problem)
        elif "confirm" in request.POST:
            try:
                actions.requirement_publish(
                    actor=request.user, requirement=requirement, closes_on=closes_on
                )
            except ActionError as error:
                add_action_error(form, error)
            else:
                messages.success(request, _("The requirement is published"))
                return redirect("opportunities:draft", pk=pk)
        else:
            closes_at, questions_close_at = actions.deadlines(requirement, closes_on)
            preview = {
                "closes_at": closes_at,
                "questions_close_at": questions_close_at,
                # The day as typed, sent again with the confirmation.
                "boxes": [
                    (f"closes_on_{n}", request.POST.get(f"closes_on_{n}", "")) for n in range(3)
                ],
            }
    rules = requirement.buyer.jurisdiction.procurement
    return render(
        request,
        "opportunities/drafting/publish.html",
        {
            "requirement": requirement,
            "form": form,
            "preview": preview,
            "problems": publish_problems(requirement),
            "rules": rules,
            "earliest": actions.earliest_closing_day(requirement),
            "latest": actions.latest_closing_day(requirement),
            "start": actions.latest_start(requirement.answers),
            "eligible": selectors.eligible_suppliers(requirement).count(),
        },
    )


def _amending(request, pk):
    requirement = requirement_for(request, pk)
    require_may(request, requirement, Permission.DRAFT)
    return requirement


def _closing_context(requirement):
    closes_at, questions_close_at, moved = actions.amended_closing(requirement)
    return {
        "new_closes_at": closes_at,
        "new_questions_close_at": questions_close_at,
        "moves": moved,
    }


@login_required
def amend(request, pk):
    """Which section to change; says first whether amending now moves the closing day."""
    requirement = _amending(request, pk)
    if not requirement.is_open:
        messages.info(request, _("Only an open requirement can be amended"))
        return redirect("opportunities:draft", pk=pk)
    return render(
        request,
        "opportunities/drafting/amend.html",
        {
            "requirement": requirement,
            "sections": requirement.questions.doc.sections,
            "rules": requirement.buyer.jurisdiction.procurement,
            **_closing_context(requirement),
        },
    )


def _amend(request, requirement, section, form):
    try:
        return actions.requirement_amend(
            actor=request.user,
            requirement=requirement,
            submitted=form.answers,
            section=section,
            summary=form.cleaned_data.get(AMENDMENT_SUMMARY, ""),
        )
    except ActionError as error:
        if "summary" in error.errors:
            error.errors[AMENDMENT_SUMMARY] = error.errors.pop("summary")
        raise


@login_required
def amend_section(request, pk, section):
    requirement = _amending(request, pk)
    if not requirement.is_open:
        messages.info(request, _("Only an open requirement can be amended"))
        return redirect("opportunities:draft", pk=pk)
    document, part, form = section_form(request, requirement, "questions", section, AmendForm)
    amendment = submit(request, form, lambda _data: _amend(request, requirement, section, form))
    if amendment is not NOT_RUN:
        messages.success(request, _("Amendment %(n)d is published") % {"n": amendment.number})
        return redirect("opportunities:draft", pk=pk)
    return render(
        request,
        "opportunities/drafting/amend_section.html",
        {
            "requirement": requirement,
            "form": form,
            "section": part,
            "lang": document.text_lang(),
            "rules": requirement.buyer.jurisdiction.procurement,
            **_closing_context(requirement),
        },
    )


@login_required
def withdraw(request, pk):
    requirement = _publishing(request, pk)
    form = WithdrawForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: actions.requirement_withdraw(
            actor=request.user, requirement=requirement, reason=data["reason"]
        ),
    )
    if done is not NOT_RUN:
        messages.success(request, _("The requirement is withdrawn"))
        return redirect("opportunities:draft", pk=pk)
    return render(
        request, "opportunities/drafting/withdraw.html", {"requirement": requirement, "form": form}
    )


urlpatterns = [
    path(f"{PREFIX}<int:pk>/publish/", publish, name="publish"),
    path(f"{PREFIX}<int:pk>/amend/", amend, name="amend"),
    path(f"{PREFIX}<int:pk>/amend/<slug:section>/", amend_section, name="amend-section"),
    path(f"{PREFIX}<int:pk>/withdraw/", withdraw, name="withdraw"),
]
