"""Pages: the team's part once every evaluator has submitted: moderation (a final score
per criterion, with a reason where it differs from the evaluators'), the ranking of each
lot with its download, and the shortlist for a second stage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.exports import download as download_table
from openbuy.core.forms import NOT_RUN, submit
from openbuy.core.pagination import page_of, query_without_page

from .. import actions, scoring, selectors
from .evaluation_forms import FinalScoresForm, ShortlistForm, saved

# Rows a long list shows at a time: a requirement may have hundreds of responses.
PER_PAGE = 50


def _team_seat(request, pk):
    seat = selectors.seat_or_404(request.user, pk)
    if not seat.oversees:
        raise selectors.not_there()
    return seat


@login_required
def moderation(request, pk):
    """Every response with how far its moderation has gone."""
    seat = _team_seat(request, pk)
    return render(
        request,
        "opportunities/evaluation/moderation.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "page": page_of(request, selectors.moderation_list(seat), PER_PAGE),
            "query": query_without_page(request),
        },
    )


@login_required
def moderate(request, pk, response):
    """One response: each evaluator's score and justification per criterion, and the
    final score with a reason where it differs; read-only once a decision rests on its
    lot's ranking (the shortlist, an award) or the evaluation has ended."""
    seat = _team_seat(request, pk)
    item = selectors.moderation_response(seat, response)
    rules = seat.requirement.buyer.jurisdiction.procurement
    form = None
    if seat.open and not item.fixed:
        form = FinalScoresForm(
            request.POST if request.method == "POST" else None,
            criteria=[row.criterion for row in item.rows],
            low=rules.score_min,
            high=rules.score_max,
            agreed={row.criterion.key: row.agreed for row in item.rows},
            initial_scores={
                row.criterion.key: (row.final.score, row.final.reason)
                if row.final
                else (row.agreed, "")
                for row in item.rows
            },
        )

        def run(values):
            return actions.final_scores_save(
                actor=request.user, response=item.response, finals=values
            )

        if saved(request, form, run):
            messages.success(
                request,
                _("The final scores of %(supplier)s are saved")
                % {"supplier": item.response.supplier.name},
            )
            return redirect("opportunities:evaluation-moderation", pk=pk)
    return render(
        request,
        "opportunities/evaluation/moderate.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "item": item,
            "form": form,
            "rows": list(
                zip(item.rows, form.rows() if form else [None] * len(item.rows), strict=True)
            ),
        },
        status=422 if form is not None and form.errors else 200,
    )


def _page_by_lot(request, rankings):
    """The page of standings the request asks for, every lot's one after the other,
    grouped back by lot: [(lot, cells of each standing)]. The cells are built here rather
    than in the template."""
    flat = [(r.lot, s) for r in rankings for s in r.standings]
    page = page_of(request, flat, PER_PAGE)
    groups: list = []
    for lot, s in page.object_list:
        if not groups or groups[-1][0] != lot:
            groups.append((lot, []))
        groups[-1][1].append(
            (
                s.rank,
                s.response.supplier.name,
                s.technical,
                s.cultural,
                s.price,
                s.total,
                s.response.shortlisted,
                len(s.missing),
            )
        )
    return page, groups


@login_required
def ranking(request, pk):
    """The ranking of each lot, the formula in words, the downloads."""
    seat = _team_seat(request, pk)
    rankings = selectors.rankings(seat)
    page, groups = _page_by_lot(request, rankings)
    rules = seat.requirement.buyer.jurisdiction.procurement
    return render(
        request,
        "opportunities/evaluation/ranking.html",
        {
            "seat": seat,
            "requirement": seat.requirement,
            "lots": groups,
            "several_lots": len(rankings) > 1,
            "page": page,
            "query": query_without_page(request),
            "weights": scoring.weights(seat.requirement),
            "low": rules.score_min,
            "high": rules.score_max,
            "second_stage": actions.has_second_stage(seat.requirement),
        },
    )


@login_required
def download(request, pk, file_format):
    if file_format not in {"csv", "ods"}:
        raise Http404
    seat = _team_seat(request, pk)
    header, rows = selectors.ranking_table(seat)
    actions.ranking_download(
        actor=request.user, requirement=seat.requirement, file_format=file_format
    )
    return download_table(f"ranking-{pk}", file_format, header, rows)


@login_required
def shortlist(request, pk):
    """Choose, from the ranking, who goes on to the second stage."""
    seat = _team_seat(request, pk)
    if not actions.has_second_stage(seat.requirement):
        raise selectors.not_there()
    rankings = selectors.rankings(seat)
    limit = actions.shortlist_limit(seat.requirement)
    form = ShortlistForm(
        request.POST if request.method == "POST" else None, rankings=rankings, limit=limit
    )
    chosen = submit(
        request,
        form,
        lambda data: actions.shortlist_set(
            actor=request.user, requirement=seat.requirement, responses=data["responses"]
        ),
    )
    if chosen is not NOT_RUN:
        said = (
            ngettext(
                "%(count)d supplier is on the shortlist",
                "%(count)d suppliers are on the shortlist",
                len(chosen),
            )
            % {"count": len(chosen)}
            if chosen
            else _("The shortlist is empty: no supplier goes on to the second stage")
        )
        messages.success(request, said)
        return redirect("opportunities:evaluation-ranking", pk=pk)
    return render(
        request,
        "opportunities/evaluation/shortlist.html",
        {"seat": seat, "requirement": seat.requirement, "form": form, "limit": limit},
        status=422 if form.errors else 200,
    )
