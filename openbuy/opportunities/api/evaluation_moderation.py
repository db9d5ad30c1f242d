"""Evaluation through the API, the team's part once every evaluator has submitted:
moderation, the ranking of each lot and the shortlist (selectors/moderation.py)."""

import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from openbuy.core.api import Paged, problems

from .. import actions, scoring, selectors
from .evaluation_scoring import BASE, Built, seat_of

router = Router(tags=["opportunities"])


class GivenOut(Schema):
    evaluator: str
    score: int
    justification: str


class FinalOut(Schema):
    score: int
    reason: str
    moderated_by: str
    moderated_at: datetime.datetime


class ModeratedCriterionOut(Schema):
    key: str
    group: str
    text: str
    evidence: str
    scores: list[GivenOut] = Field(description="Each evaluator's, with the justification")
    agreed: int | None = Field(description="The score every evaluator gave, if they agree")
    final: FinalOut | None


class ModerationOut(Schema):
    id: int = Field(description="The response")
    lot: int
    supplier: str
    criteria: list[ModeratedCriterionOut]


class FinalIn(Schema):
    score: int
    reason: str = Field("", description="Required where it differs from an evaluator's score")


class StandingOut(Schema):
    rank: int | None = Field(description="None until every criterion is moderated")
    response: int
    supplier: str
    day_rate: str | None
    technical: str | None
    cultural: str | None
    price: str | None
    total: str | None = Field(description="Out of 100")
    shortlisted: bool
    missing: list[str] = Field(description="Criteria not yet moderated (and price, if none)")


class LotRankingOut(Schema):
    lot: int
    title: str
    weights: dict[str, str] = Field(description="technical, cultural and price: total 100")
    standings: list[StandingOut]


class ShortlistIn(Schema):
    responses: list[int] = Field(description="Every response on the shortlist (it replaces it)")


class ShortlistOut(Schema):
    responses: list[int]


def _final(final) -> dict | None:
    if final is None:
        return None
    return {
        "score": final.score,
        "reason": final.reason,
        "moderated_by": final.moderated_by.name,
        "moderated_at": final.moderated_at,
    }


def _moderation(seat, responses) -> list[dict]:
    return [
        {
            "id": item.response.pk,
            "lot": item.response.lot.number,
            "supplier": item.response.supplier.name,
            "criteria": [
                {
                    **row.criterion.__dict__,
                    "evidence": row.evidence,
                    "scores": [
                        {
                            "evaluator": s.evaluator.user.name,
                            "score": s.score,
                            "justification": s.justification,
                        }
                        for s in row.scores
                    ],
                    "agreed": row.agreed,
                    "final": _final(row.final),
                }
                for row in item.rows
            ],
        }
        for item in selectors.moderation_of(seat, responses)
    ]


@router.get(f"{BASE}/moderation", response={200: list[ModerationOut], **problems(403)})
@paginate(Paged)
def list_moderation(request, requirement_id: int):
    """Each response × criterion: every evaluator's score and justification, the final
    score and its reason. Once every evaluator has submitted (403 before)."""
    seat = seat_of(request, requirement_id)
    return Built(selectors.moderation_responses(seat), lambda page: _moderation(seat, page))


@router.get(f"{BASE}/moderation/{{response_id}}", response={200: ModerationOut, **problems(403)})
def get_moderation(request, response_id: int, requirement_id: int):
    """One response's moderation."""
    seat = seat_of(request, requirement_id)
    item = selectors.moderation_response(seat, response_id)
    return _moderation(seat, [item.response])[0]


@router.put(
    f"{BASE}/moderation/{{response_id}}/{{criterion}}",
    response={200: FinalOut, **problems(403, 404, 409)},
)
def set_final_score(
    request, requirement_id: int, response_id: int, criterion: str, payload: FinalIn
):
    """Set the final score of a criterion of a response, with a reason where it differs
    from any evaluator's score."""
    seat = seat_of(request, requirement_id)
    final = actions.final_score_set(
        actor=request.auth,
        response=selectors.response_to_act_on(seat, response_id),
        criterion=criterion,
        score=payload.score,
        reason=payload.reason,
    )
    return _final(final)


def _amount(value) -> str | None:
    return None if value is None else str(value)


@router.get(f"{BASE}/ranking", response={200: list[LotRankingOut], **problems(403)})
def get_ranking(request, requirement_id: int):
    """The ranking of each lot by the documented formula (docs/opportunities.md): ranked
    responses first, then those not yet moderated."""
    seat = seat_of(request, requirement_id)
    weights = {k: str(v) for k, v in scoring.weights(seat.requirement).items()}
    return [
        {
            "lot": ranking.lot.number,
            "title": str(ranking.lot),
            "weights": weights,
            "standings": [
                {
                    "rank": s.rank,
                    "response": s.response.pk,
                    "supplier": s.response.supplier.name,
                    "day_rate": _amount(scoring.price_of(s.response)),
                    "technical": _amount(s.technical),
                    "cultural": _amount(s.cultural),
                    "price": _amount(s.price),
                    "total": _amount(s.total),
                    "shortlisted": s.response.shortlisted,
                    "missing": s.missing,
                }
                for s in ranking.standings
            ],
        }
        for ranking in selectors.rankings(seat)
    ]


@router.put(f"{BASE}/shortlist", response={200: ShortlistOut, **problems(403, 404, 409)})
def set_shortlist(request, requirement_id: int, payload: ShortlistIn):
    """Choose the responses taken to the second stage (a presentation or case study, where
    the requirement said so): at most the requirement's number. It replaces the shortlist."""
    seat = seat_of(request, requirement_id)
    if not seat.team:
        raise selectors.not_there()
    chosen = actions.shortlist_set(
        actor=request.auth, requirement=seat.requirement, responses=payload.responses
    )
    return {"responses": sorted(r.pk for r in chosen)}
