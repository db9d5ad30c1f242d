"""Reads of question sets, for the pages and the API of the apps that use them."""

from .models import QuestionSet


def question_sets() -> "QuestionSet.objects":
    """Every version of every question set: they are public, so suppliers can prepare."""
    return QuestionSet.objects.all()


def question_sets_of(authorities) -> "QuestionSet.objects":
    """The versions the given authorities' framework managers look after."""
    return QuestionSet.objects.filter(authority__in=authorities)


def newest(purpose: str, **where) -> QuestionSet | None:
    """The newest version for a purpose among those the filters keep (an authority's, a
    jurisdiction's)."""
    return (
        QuestionSet.objects.filter(purpose=purpose, **where).order_by("-created_at", "-pk").first()
    )


def question_set_for(pk: int, purpose: str) -> QuestionSet | None:
    """The version with this id, if it serves this purpose."""
    return QuestionSet.objects.filter(pk=pk, purpose=purpose).first()
