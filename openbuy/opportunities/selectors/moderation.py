"""The team's view once every evaluator without a conflict has submitted: every score,
the moderation and the ranking of each lot (who sees what: selectors/evaluation.py). Each
read takes a fixed number of queries, whatever the number of responses."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from openbuy.core.errors import Forbidden

from .. import scoring
from ..models import Award, Evaluator, FinalScore, Requirement, RequirementLot, Response, Score
from .evaluation import (
    Seat,
    criteria_by_lot,
    evidence_for,
    not_there,
    response_rows,
    submitted_responses,
)


def scores_ready(requirement: Requirement) -> bool:
    """Every evaluator without a conflict (one at least) has submitted."""
    counts = Evaluator.objects.filter(requirement=requirement, has_conflict=False).aggregate(
        scoring=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    return counts["scoring"] > 0 and counts["scoring"] == counts["submitted"]


def moderation_started(requirement: Requirement) -> bool:
    """Moderation has started once the team may see every score and moderate (scores_ready)
    or a final score is set: no evaluator joins from then on."""
    return (
        scores_ready(requirement)
        or FinalScore.objects.filter(response__requirement=requirement).exists()
    )


def _lot_decisions(requirement: Requirement):
    """Each lot's (pk, outcome, awarded, shortlisted): an award not cancelled, a submitted
    response on its shortlist (one query)."""
    return (
        RequirementLot.objects.filter(requirement=requirement)
        .annotate(
            awarded=Exists(
                Award.objects.filter(lot=OuterRef("pk")).exclude(status=Award.Status.CANCELLED)
            ),
            shortlisted=Exists(
                Response.objects.filter(
                    lot=OuterRef("pk"), status=Response.Status.SUBMITTED, shortlisted=True
                )
            ),
        )
        .values_list("pk", "outcome", "awarded", "shortlisted")
    )


def decided_lots(requirement: Requirement) -> set[int]:
    """The lots a decision was taken on: a supplier chosen (an award not cancelled) or
    ended without one."""
    return {lot for lot, outcome, awarded, _s in _lot_decisions(requirement) if awarded or outcome}


def fixed_lots(requirement: Requirement) -> dict[int, str]:
    """Why a lot's final scores can no longer change, for each lot whose ranking a decision
    now rests on: its shortlist is chosen, a supplier is chosen for it (an award in
    standstill or confirmed) or it ended without one (one query). A cancelled award and an
    emptied shortlist rest on nothing, so the lot's scores can change again."""
    fixed = {}
    for lot, outcome, awarded, shortlisted in _lot_decisions(requirement):
        if awarded:
            fixed[lot] = _(
                "A supplier has been chosen for this lot, so final scores can no longer change"
            )
        elif outcome:
            fixed[lot] = _("This lot has been decided, so final scores can no longer change")
        elif shortlisted:
            fixed[lot] = _(
                "The shortlist has been chosen, so final scores can no longer change. To "
                "change them, first take this lot's suppliers off the shortlist."
            )
    return fixed


def _overseen(seat: Seat) -> Requirement:
    if not seat.oversees:
        raise not_there()
    if not scores_ready(seat.requirement):
        raise Forbidden(_("You will see the scores once every evaluator has submitted theirs"))
    return seat.requirement


def _scores_of(responses) -> QuerySet[Score]:
    return Score.objects.filter(response__in=responses, evaluator__has_conflict=False)


@dataclass
class ModerationRow:
    """One response in the moderation's list."""

    response: Response
    criteria: int
    moderated: int
    disagreements: int  # criteria whose evaluators gave different scores
    fixed: str | None = None  # why its final scores can no longer change (fixed_lots)

    @property
    def done(self) -> bool:
        return self.moderated >= self.criteria


def moderation_list(seat: Seat) -> list[ModerationRow]:
    """Every response with how far its moderation has gone (four queries)."""
    requirement = _overseen(seat)
    fixed = fixed_lots(requirement)
    responses = response_rows(requirement)
    criteria = criteria_by_lot(requirement, responses)
    # Counted in the database: hundreds of responses hold thousands of scores.
    differing = Counter(
        Score.objects.filter(response__requirement=requirement, evaluator__has_conflict=False)
        .values("response_id", "criterion")
        .annotate(n=Count("score", distinct=True))
        .filter(n__gt=1)
        .values_list("response_id", flat=True)
    )
    moderated = dict(
        FinalScore.objects.filter(response__requirement=requirement)
        .values("response_id")
        .annotate(n=Count("pk"))
        .values_list("response_id", "n")
    )
    return [
        ModerationRow(
            response=response,
            criteria=len(criteria[response.lot_id]),
            moderated=moderated.get(response.pk, 0),
            disagreements=differing[response.pk],
            fixed=fixed.get(response.lot_id),
        )
        for response in responses
    ]


@dataclass
class CriterionModeration:
    criterion: scoring.Criterion
    evidence: str
    scores: list[Score]  # each evaluator's, with their justification
    final: FinalScore | None

    @property
    def agreed(self) -> int | None:
        """The score every evaluator gave, when they all gave the same."""
        given = {s.score for s in self.scores}
        return next(iter(given)) if len(given) == 1 else None


@dataclass
class ResponseModeration:
    response: Response
    rows: list[CriterionModeration]
    fixed: str | None = None  # why its final scores can no longer change (fixed_lots)

    @property
    def done(self) -> bool:
        return all(row.final is not None for row in self.rows)


def moderation_responses(seat: Seat) -> QuerySet[Response]:
    """The responses to moderate, for a paged list."""
    return submitted_responses(_overseen(seat))


def moderation_of(seat: Seat, responses: list[Response]) -> list[ResponseModeration]:
    """Each response × criterion: every evaluator's score and justification, the final
    score and its reason, and why its final scores can no longer change, if they cannot
    (three queries for any number of responses)."""
    requirement = _overseen(seat)
    fixed = fixed_lots(requirement)
    scores: dict[tuple[int, str], list[Score]] = defaultdict(list)
    found = (
        _scores_of(responses)
        .select_related("evaluator__user")
        .order_by("evaluator__assigned_at", "evaluator_id")
    )
    for score in found:
        scores[(score.response_id, score.criterion)].append(score)
    finals = {
        (f.response_id, f.criterion): f
        for f in FinalScore.objects.filter(response__in=responses).select_related("moderated_by")
    }
    return [
        ResponseModeration(
            response=response,
            rows=[
                CriterionModeration(
                    criterion=c,
                    evidence=evidence_for(response, c.key),
                    scores=scores[(response.pk, c.key)],
                    final=finals.get((response.pk, c.key)),
                )
                for c in scoring.criteria(requirement, response.lot)
            ],
            fixed=fixed.get(response.lot_id),
        )
        for response in responses
    ]


def moderation_response(seat: Seat, response_id) -> ResponseModeration:
    response = moderation_responses(seat).filter(pk=response_id).first()
    if response is None:
        raise not_there()
    return moderation_of(seat, [response])[0]


@dataclass
class LotRanking:
    lot: object
    standings: list[scoring.Standing]

    @property
    def ranked(self) -> list[scoring.Standing]:
        return [s for s in self.standings if s.rank is not None]


def rankings(seat: Seat) -> list[LotRanking]:
    """The ranking of each lot by scoring.py's formula, from the final scores (three
    queries for any number of lots and responses)."""
    requirement = _overseen(seat)
    lots = list(requirement.lots.order_by("number"))
    by_lot: dict[int, list[Response]] = defaultdict(list)
    for response in response_rows(requirement, rate=KT("answers__dayRate")):
        # Only the day rate is read (scoring.price_of), not every answer of every response.
        response.answers = {"dayRate": response.rate}
        by_lot[response.lot_id].append(response)
    finals = {
        (response_id, criterion): score
        for response_id, criterion, score in FinalScore.objects.filter(
            response__requirement=requirement
        ).values_list("response_id", "criterion", "score")
    }
    return [LotRanking(lot, scoring.rank(requirement, lot, by_lot[lot.pk], finals)) for lot in lots]


def ranking_table(seat: Seat) -> tuple[list[str], list[list]]:
    """The rankings as a header and rows, for CSV or ODS: ranks, day rates and scores as
    numbers (core.exports writes them as numbers), the currency in the day rate's header,
    an empty cell where there is none yet."""
    requirement = seat.requirement
    weights = scoring.weights(requirement)
    header = [
        _("Lot"),
        _("Rank"),
        _("Supplier"),
        _("Day rate (%(currency)s)") % {"currency": requirement.currency},
        _("Technical (out of %(n)s)") % {"n": weights[scoring.TECHNICAL]},
        _("Cultural (out of %(n)s)") % {"n": weights[scoring.CULTURAL]},
        _("Price (out of %(n)s)") % {"n": weights["price"]},
        _("Total (out of 100)"),
        _("Shortlisted"),
        _("Not yet moderated"),
    ]
    rows = [
        [
            ranking.lot.number,
            s.rank,
            s.response.supplier.name,
            scoring.price_of(s.response),
            s.technical,
            s.cultural,
            s.price,
            s.total,
            _("Yes") if s.response.shortlisted else _("No"),
            ", ".join(s.missing),
        ]
        for ranking in rankings(seat)
        for s in ranking.standings
    ]
    return header, rows
