"""Question sets: versions of the documents that frameworks ask suppliers to answer."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Schema, Status

from openbuy.accounts import selectors as accounts
from openbuy.core.api import problems
from openbuy.core.errors import Invalid
from openbuy.questions import selectors as questions

from .. import actions, selectors
from .common import Slug, router


class QuestionSetIn(Schema):
    authority: str
    slug: str = Slug()
    document: dict[str, Any]


class QuestionSetOut(Schema):
    id: int
    slug: str
    version: int
    purpose: str
    title: str
    document: dict[str, Any]


def question_set_of(pk, kind):
    """The question set a framework or lot names by id, which must be of the kind asked."""
    if pk is None:
        return None
    found = questions.question_set_for(pk, kind)
    if found is None:
        raise Invalid(f"No {kind} question set has id {pk}", field="questions")
    return found


@router.get("/question-sets", response=list[QuestionSetOut])
def list_question_sets(request):
    return questions.question_sets_of(selectors.managed_authorities(request.auth))


@router.get("/question-sets/{pk}", response=QuestionSetOut, auth=None)
def get_question_set(request, pk: int):
    """Question sets are public, so suppliers can prepare their answers."""
    return get_object_or_404(questions.question_sets(), pk=pk)


@router.post("/question-sets", response={200: QuestionSetOut, 201: QuestionSetOut, **problems(404)})
def create_question_set(request, payload: QuestionSetIn):
    """Adds a version: 201 with it. A document the same as the newest version's adds
    none: 200 with that version."""
    authority = get_object_or_404(accounts.organisations(), slug=payload.authority)
    question_set = actions.question_set_create(
        actor=request.auth, authority=authority, slug=payload.slug, document=payload.document
    )
    return Status(201 if question_set.added else 200, question_set)
