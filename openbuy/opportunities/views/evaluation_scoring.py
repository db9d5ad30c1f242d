"""Pages: the evaluator's part. Declare interests, score each response criterion by
criterion with a justification, check and submit, then read the others' scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.confirm import Confirmation, confirm
from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.pagination import page_of, query_without_page
from openbuy.questions import interface as qs

from .. import actions, selectors
from .evaluation_forms import InterestsForm, ScoresForm, saved


def _evaluator_seat(request, pk):
    seat = selectors.seat_or_404(request.user, pk)
    if seat.evaluator is None:
        raise selectors.not_there()
    return seat


@login_required
def interests(request, pk):
    """Declare interests once, before seeing any response."""
    seat = _evaluator_seat(request, pk)
    form = None
    if seat.evaluator.declared_at is None:
        form = InterestsForm(request.POST if request.method == "POST" else None)
        declared = submit(
            request,
            form,
            lambda data: actions.conflict_declare(
                actor=request.user, evaluator=seat.evaluator, **data
            ),
        )
        if declared is not NOT_RUN:
            if declared.has_conflict:
                messages.success(
                    request, _("Your conflict is recorded: you are no longer an evaluator")
                )
                return redirect("opportunities:evaluation", pk=pk)
            messages.success(request, _("Your declaration is recorded: you can now score"))
            return redirect("opportunities:evaluation-scores", pk=pk)
    return render(
        request,
        "opportunities/evaluation/interests.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "form": form,
            "suppliers": selectors.responding_suppliers(seat),
        },
    )


@login_required
def responses(request, pk):
    """Every response with how far the evaluator has scored it."""
    seat = _evaluator_seat(request, pk)
    if seat.evaluator.declared_at is None:
        return redirect("opportunities:evaluation-interests", pk=pk)
    rows = selectors.responses_to_score(seat)
    return render(
        request,
        "opportunities/evaluation/responses.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "page": page_of(request, rows, 50),
            "query": query_without_page(request),
            "left": sum(1 for row in rows if not row.done),
        },
    )


def _scale(seat):
    rules = seat.requirement.buyer.jurisdiction.procurement
    return rules.score_min, rules.score_max


@login_required
def score(request, pk, response):
    """One response: each criterion with the response's evidence, a score and a
    justification; the response's answers beside."""
    seat = _evaluator_seat(request, pk)
    sheet = selectors.response_to_score(seat, response)
    form = None
    if sheet.submitted_at is None:
        low, high = _scale(seat)
        form = ScoresForm(
            request.POST if request.method == "POST" else None,
            criteria=[row.criterion for row in sheet.rows],
            low=low,
            high=high,
            initial_scores={
                row.criterion.key: (row.score.score, row.score.justification)
                for row in sheet.rows
                if row.score is not None
            },
        )

        def run(values):
            return actions.scores_save(
                actor=request.user, evaluator=seat.evaluator, response=sheet.response, scores=values
            )

        if saved(request, form, run):
            messages.success(
                request,
                _("Your scores of %(supplier)s are saved")
                % {"supplier": sheet.response.supplier.name},
            )
            return redirect("opportunities:evaluation-scores", pk=pk)
    document = qs.document_of(sheet.response.questions)
    return render(
        request,
        "opportunities/evaluation/score.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "sheet": sheet,
            "form": form,
            "rows": list(zip(sheet.rows, form.rows(), strict=True)) if form else None,
            "summary": qs.summary(
                document, sheet.response.answers, currency=seat.requirement.currency
            ),
        },
        status=422 if form is not None and form.errors else 200,
    )


def _with_own_scores(seat, rows):
    """(row, [(criterion, own score or None)]) for the check page."""
    own = selectors.own_scores(seat, [row.response for row in rows])
    return [(row, [(c, own[row.response.pk].get(c.key)) for c in row.criteria]) for row in rows]


@login_required
def submit_scores(request, pk):
    """Check every score, then submit: they can no longer change."""
    seat = _evaluator_seat(request, pk)
    back = reverse("opportunities:evaluation-scores", args=[pk])

    def describe() -> Confirmation:
        rows = selectors.responses_to_score(seat)
        left = sum(len(row.criteria) - row.scored for row in rows if not row.done)
        refused = []
        if left:
            refused = [
                ngettext(
                    "Score every criterion of every response first: %(count)d still to score",
                    "Score every criterion of every response first: %(count)d still to score",
                    left,
                )
                % {"count": left}
            ]
        return Confirmation(
            caption=seat.requirement.title,
            title=_("Submit your scores?"),
            yes=_("Submit scores"),
            back=back,
            refused=refused,
            fix=(_("Go to the responses"), back),
            warning=_("Your scores cannot change once submitted."),
            consequences=[
                _("You will see the other evaluators' scores."),
                _("Moderation starts once every evaluator has submitted."),
            ],
            details_template="opportunities/evaluation/_own_scores.html",
            details={"rows": _with_own_scores(seat, rows)},
        )

    def run():
        actions.scores_submit(actor=request.user, evaluator=seat.evaluator)
        messages.success(request, _("Your scores are submitted"))
        return redirect("opportunities:evaluation-scores", pk=pk)

    if seat.evaluator.submitted_at is not None and request.method == "GET":
        return redirect("opportunities:evaluation-scores", pk=pk)
    return confirm(request, describe, run)


@login_required
def others(request, pk, response):
    """The other evaluators' scores of a response, once the evaluator has submitted."""
    seat = _evaluator_seat(request, pk)
    sheet = selectors.others_scores(seat, response)
    return render(
        request,
        "opportunities/evaluation/others.html",
        {"seat": seat, "requirement": seat.requirement, "sheet": sheet},
    )
