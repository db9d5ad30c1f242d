"""Pages: the evaluation of a requirement after it closes. The team's overview is here;
the evaluator's pages are in evaluation_scoring.py, moderation, ranking and shortlist in
evaluation_moderation.py. Who sees what: selectors/evaluation.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from openbuy.core.forms import NOT_RUN, submit

from .. import actions, selectors
from . import evaluation_moderation as moderation
from . import evaluation_scoring as scoring
from .evaluation_forms import AssignForm


@login_required
def overview(request, pk):
    """The team's view: assign evaluators, follow the progress, go on to moderation,
    ranking and shortlist. An evaluator sees their own part here too."""
    seat = selectors.seat_or_404(request.user, pk)
    found = form = None
    if seat.runs_evaluation:
        found = selectors.progress(seat)
        if found.moderation_started or not seat.open:
            # No one joins once moderation has started: the form is not offered, and a
            # form sent from an older page is answered with the reason.
            refused = request.method == "POST"
            return _overview(request, seat, found, status=409 if refused else 200)
        form = AssignForm(
            request.POST if request.method == "POST" else None,
            members=selectors.assignable_members(seat),
        )
        assigned = submit(
            request,
            form,
            lambda data: actions.evaluator_assign(
                actor=request.user, requirement=seat.requirement, user=data["user"]
            ),
        )
        if assigned is not NOT_RUN:
            messages.success(
                request,
                _("%(name)s is an evaluator: they declare their interests first")
                % {"name": assigned.user.name},
            )
            return redirect("opportunities:evaluation", pk=pk)
    return _overview(request, seat, found, form)


def _overview(request, seat, found, form=None, *, status=200):
    return render(
        request,
        "opportunities/evaluation/overview.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "progress": found,
            "form": form,
            "second_stage": actions.has_second_stage(seat.requirement),
        },
        status=status,
    )


urlpatterns = [
    path("opportunities/<int:pk>/evaluation/", overview, name="evaluation"),
    path(
        "opportunities/<int:pk>/evaluation/interests/",
        scoring.interests,
        name="evaluation-interests",
    ),
    path("opportunities/<int:pk>/evaluation/scores/", scoring.responses, name="evaluation-scores"),
    path(
        "opportunities/<int:pk>/evaluation/scores/submit/",
        scoring.submit_scores,
        name="evaluation-submit",
    ),
    path(
        "opportunities/<int:pk>/evaluation/scores/<int:response>/",
        scoring.score,
        name="evaluation-score",
    ),
    path(
        "opportunities/<int:pk>/evaluation/scores/<int:response>/others/",
        scoring.others,
        name="evaluation-others",
    ),
    path(
        "opportunities/<int:pk>/evaluation/moderation/",
        moderation.moderation,
        name="evaluation-moderation",
    ),
    path(
        "opportunities/<int:pk>/evaluation/moderation/<int:response>/",
        moderation.moderate,
        name="evaluation-moderate",
    ),
    path(
        "opportunities/<int:pk>/evaluation/ranking/", moderation.ranking, name="evaluation-ranking"
    ),
    path(
        "opportunities/<int:pk>/evaluation/ranking.<str:file_format>",
        moderation.download,
        name="evaluation-ranking-download",
    ),
    path(
        "opportunities/<int:pk>/evaluation/shortlist/",
        moderation.shortlist,
        name="evaluation-shortlist",
    ),
]
