"""Evaluation through the API, the evaluator's own work (under `/evaluation/me`) and the
team's progress and assigning: the same actions and selectors as the pages, the same rules
of who sees what (selectors/evaluation.py)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from openbuy.core.api import Paged, problems
from openbuy.core.errors import Invalid

from .. import actions, scoring, selectors

router = Router(tags=["opportunities"])
BASE = "/requirements/{requirement_id}/evaluation"


class Built:
    """A queryset whose page is built into output rows by one batch call, so that a paged
    list takes the same queries for any number of rows."""

    def __init__(self, queryset, build):
        self.queryset, self.build = queryset, build

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list:
        return self.build(list(self.queryset[window]))


# The evaluator's own work.


class MeOut(Schema):
    requirement: int
    declared_at: datetime.datetime | None
    has_conflict: bool
    conflict_details: str
    submitted_at: datetime.datetime | None
    suppliers: list[str] = Field(
        description="The suppliers that submitted responses, names only: declare conflicts "
        "of interest with them"
    )


class InterestsIn(Schema):
    has_conflict: bool = Field(description="True declares a conflict: it removes you")
    details: str = Field("", description="Required with a conflict; up to 5,000 characters")


class CriterionOut(Schema):
    key: str
    group: str = Field(description="technical or cultural")
    text: str
    evidence: str = Field(description="The response's evidence for it, where it gives one")


class ScoreOut(Schema):
    score: int
    justification: str


class ToScoreOut(Schema):
    id: int
    lot: int
    supplier: str
    answers: dict
    criteria: list[CriterionOut]
    scores: dict[str, ScoreOut] = Field(description="Your scores so far, by criterion")


class ScoreIn(Schema):
    score: int
    justification: str


class ScoresIn(Schema):
    scores: dict[str, ScoreIn] = Field(description="By criterion key; some or all of them")


class OtherScoreOut(Schema):
    evaluator: str
    score: int
    justification: str


class OthersCriterionOut(Schema):
    key: str
    text: str
    yours: ScoreOut | None
    others: list[OtherScoreOut]


def _me(seat) -> dict:
    evaluator = seat.evaluator
    if evaluator is None:
        raise selectors.not_there()
    return {
        "requirement": seat.requirement.pk,
        "declared_at": evaluator.declared_at,
        "has_conflict": evaluator.has_conflict,
        "conflict_details": evaluator.conflict_details,
        "submitted_at": evaluator.submitted_at,
        "suppliers": selectors.responding_suppliers(seat),
    }


def seat_of(request, requirement_id):
    return selectors.seat_or_404(request.auth, requirement_id)


def _score(score) -> dict | None:
    return None if score is None else {"score": score.score, "justification": score.justification}


def _to_score(seat, responses) -> list[dict]:
    own = selectors.own_scores(seat, responses)
    return [
        {
            "id": r.pk,
            "lot": r.lot.number,
            "supplier": r.supplier.name,
            "answers": r.answers,
            "criteria": [
                {**c.__dict__, "evidence": selectors.evidence_for(r, c.key)}
                for c in scoring.criteria(seat.requirement, r.lot)
            ],
            "scores": {key: _score(s) for key, s in own[r.pk].items()},
        }
        for r in responses
    ]


@router.get(f"{BASE}/me", response=MeOut)
def get_my_evaluation(request, requirement_id: int):
    """Your assignment as an evaluator: whether you have declared and submitted."""
    return _me(seat_of(request, requirement_id))


@router.post(f"{BASE}/me/interests", response={200: MeOut, **problems(403, 404, 409)})
def declare_interests(request, requirement_id: int, payload: InterestsIn):
    """Declare your interests, once, before you see any response. A conflict removes you
    from the evaluation: you will see nothing of the responses."""
    seat = seat_of(request, requirement_id)
    _me(seat)
    actions.conflict_declare(
        actor=request.auth,
        evaluator=seat.evaluator,
        has_conflict=payload.has_conflict,
        details=payload.details,
    )
    return _me(seat_of(request, requirement_id))


@router.get(f"{BASE}/me/responses", response={200: list[ToScoreOut], **problems(403)})
@paginate(Paged)
def list_responses_to_score(request, requirement_id: int):
    """The responses to score, each with its criteria and your scores so far: once you
    have declared no conflict."""
    seat = seat_of(request, requirement_id)
    return Built(selectors.responses_of(seat), lambda page: _to_score(seat, page))


@router.put(
    f"{BASE}/me/responses/{{response_id}}/scores",
    response={200: ToScoreOut, **problems(403, 404, 409)},
)
def save_scores(request, requirement_id: int, response_id: int, payload: ScoresIn):
    """Save your scores of some or all criteria of a response, each on the jurisdiction's
    scale with a justification. Errors are keyed by criterion."""
    seat = seat_of(request, requirement_id)
    response = selectors.response_to_act_on(seat, response_id)
    actions.scores_save(
        actor=request.auth,
        evaluator=seat.evaluator,
        response=response,
        scores={k: (v.score, v.justification) for k, v in payload.scores.items()},
    )
    return _to_score(seat, [response])[0]


@router.post(f"{BASE}/me/submit", response={200: MeOut, **problems(403, 404, 409)})
def submit_scores(request, requirement_id: int):
    """Submit your scores: every criterion of every response must be scored. They can no
    longer change, and you then see the other evaluators' scores."""
    seat = seat_of(request, requirement_id)
    _me(seat)
    actions.scores_submit(actor=request.auth, evaluator=seat.evaluator)
    return _me(seat_of(request, requirement_id))


@router.get(
    f"{BASE}/me/responses/{{response_id}}/others",
    response={200: list[OthersCriterionOut], **problems(403)},
)
def get_others_scores(request, requirement_id: int, response_id: int):
    """The other evaluators' submitted scores of a response, beside yours: only once you
    have submitted yours (403 before)."""
    sheet = selectors.others_scores(seat_of(request, requirement_id), response_id)
    return [
        {
            "key": row.criterion.key,
            "text": row.criterion.text,
            "yours": _score(row.score),
            "others": [
                {
                    "evaluator": s.evaluator.user.name,
                    "score": s.score,
                    "justification": s.justification,
                }
                for s in row.others
            ],
        }
        for row in sheet.rows
    ]


# The team's view: progress and assigning.


class EvaluatorOut(Schema):
    id: int
    email: str
    name: str
    assigned_at: datetime.datetime
    declared_at: datetime.datetime | None
    has_conflict: bool
    conflict_details: str
    submitted_at: datetime.datetime | None
    scored: int | None = Field(None, description="Criteria of responses scored so far")


class LotOut(Schema):
    number: int
    title: str
    responses: int
    criteria: int = Field(description="Criteria each response is scored on")
    shortlisted: int


class ProgressOut(Schema):
    requirement: int
    sealed: bool = Field(description="Before the closing time: nothing is shown")
    evaluators: list[EvaluatorOut]
    lots: list[LotOut]
    responses: int
    to_score: int = Field(description="Criteria of responses each evaluator scores")
    declared: int
    conflicted: int
    submitted: int
    all_submitted: bool = Field(description="Moderation and ranking are open")
    moderated: int = Field(description="Final scores set")


class AssignIn(Schema):
    user: str = Field(description="E-mail address of a member of the buyer body")


def _evaluator(evaluator, scored=None) -> dict:
    return {
        "id": evaluator.pk,
        "email": evaluator.user.email,
        "name": evaluator.user.name,
        "assigned_at": evaluator.assigned_at,
        "declared_at": evaluator.declared_at,
        "has_conflict": evaluator.has_conflict,
        "conflict_details": evaluator.conflict_details,
        "submitted_at": evaluator.submitted_at,
        "scored": scored,
    }


@router.get(BASE, response=ProgressOut)
def get_evaluation(request, requirement_id: int):
    """The evaluation's progress, for the team members who may evaluate: who declared,
    who submitted, counts. Empty before the closing time."""
    seat = seat_of(request, requirement_id)
    if not seat.team:
        raise selectors.not_there()
    empty = {"evaluators": [], "lots": [], "declared": 0, "conflicted": 0, "submitted": 0}
    if seat.sealed:
        return {
            "requirement": seat.requirement.pk,
            "sealed": True,
            **empty,
            "responses": 0,
            "to_score": 0,
            "all_submitted": False,
            "moderated": 0,
        }
    found = selectors.progress(seat)
    return {
        "requirement": seat.requirement.pk,
        "sealed": False,
        "evaluators": [_evaluator(e.evaluator, e.scored) for e in found.evaluators],
        "lots": [
            {
                "number": p.lot.number,
                "title": str(p.lot),
                "responses": p.responses,
                "criteria": p.criteria,
                "shortlisted": p.shortlisted,
            }
            for p in found.lots
        ],
        **{
            name: getattr(found, name)
            for name in ("responses", "to_score", "declared", "conflicted", "submitted")
        },
        "all_submitted": found.all_submitted,
        "moderated": found.moderated,
    }


@router.post(f"{BASE}/evaluators", response={201: EvaluatorOut, **problems(403, 404, 409)})
def assign_evaluator(request, requirement_id: int, payload: AssignIn):
    """Make a member of the buyer body an evaluator, after the closing time."""
    seat = seat_of(request, requirement_id)
    if not seat.team:
        raise selectors.not_there()
    user = selectors.buyer_members(seat).filter(email=payload.user.strip().lower()).first()
    if user is None:
        raise Invalid(
            _("There is no member of the buyer body with this e-mail address"), field="user"
        )
    evaluator = actions.evaluator_assign(
        actor=request.auth, requirement=seat.requirement, user=user
    )
    return Status(201, _evaluator(evaluator))
