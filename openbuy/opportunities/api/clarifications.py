"""Clarification questions through the API: the same actions and selectors as the pages.
No answer ever names the supplier or the person who asked."""

import datetime

from django.db.models import BooleanField, Value
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from openbuy.accounts.api import AUTH, anyone
from openbuy.core.api import Paged, problems
from openbuy.frameworks.selectors import suppliers_of

from .. import actions, selectors

router = Router(auth=AUTH, tags=["opportunities"])


class QuestionOut(Schema):
    id: int
    requirement: int = Field(alias="requirement_id")
    question: str = Field(description="As published once answered; as asked until then")
    asked: str | None = Field(
        description="As asked: only for the asking supplier's people and the buyer's team"
    )
    answer: str
    asked_at: datetime.datetime
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_question(question):
        return question.published_question if question.answered_at else question.question

    @staticmethod
    def resolve_asked(question):
        # Set by the endpoint: whether the caller may read the question as asked.
        return question.question if getattr(question, "sees_asked", False) else None


class AskIn(Schema):
    supplier: str = Field(description="Slug of your supplier organisation")
    question: str = Field(description="At most 5,000 characters")


class AnswerIn(Schema):
    question: str = Field(
        "", description="The question as published (at most 5,000 characters); as asked if empty"
    )
    answer: str = Field(description="At most 10,000 characters")


def _shown(question, sees_asked: bool):
    question.sees_asked = sees_asked
    return question


def _requirement(request, pk):
    return get_object_or_404(selectors.requirements_shown_to(request.auth), pk=pk)


@router.get("/opportunities/questions/mine", response=list[QuestionOut])
@paginate(Paged)
def list_my_questions(request):
    """The questions your supplier organisations asked, on every requirement, newest
    first, with the answers once published."""
    return selectors.questions_of(request.auth).annotate(
        sees_asked=Value(True, output_field=BooleanField())
    )


@router.post(
    "/opportunities/{requirement_id}/questions",
    response={201: QuestionOut, **problems(404, 409)},
)
def ask_question(request, requirement_id: int, payload: AskIn):
    """Ask the buyer a question, privately, until the question deadline (by the server's
    clock): for a supplier eligible to respond. The answer is published to everyone."""
    requirement = _requirement(request, requirement_id)
    supplier = get_object_or_404(suppliers_of(request.auth), slug=payload.supplier)
    asked = actions.question_ask(
        actor=request.auth, requirement=requirement, supplier=supplier, text=payload.question
    )
    return Status(201, _shown(asked, True))


@router.get(
    "/opportunities/{requirement_id}/questions",
    response=list[QuestionOut],
    auth=[*AUTH, anyone],
)
def list_questions(request, requirement_id: int):
    """The questions on a requirement you may read: all of them, unanswered first, for its
    buyer team; your organisations' own and the answered ones for a supplier's people; the
    answered ones for everyone else."""
    requirement = _requirement(request, requirement_id)
    reader = selectors.reader(requirement, request.auth)
    found = selectors.clarifications_for(requirement, request.auth)
    return [_shown(q, reader.sees_asked(q)) for q in found]


@router.post(
    "/opportunities/{requirement_id}/questions/{question_id}/answer",
    response={200: QuestionOut, **problems(404, 409)},
)
def answer_question(request, requirement_id: int, question_id: int, payload: AnswerIn):
    """Publish the answer (and the question, reworded if need be) to everyone: for
    members of the buyer team who may answer. Suppliers who asked or responded are told."""
    requirement = _requirement(request, requirement_id)
    question = get_object_or_404(
        selectors.clarifications_for(requirement, request.auth), pk=question_id
    )
    answered = actions.question_answer(
        actor=request.auth,
        question=question,
        published_question=payload.question,
        answer=payload.answer,
    )
    return _shown(answered, True)
