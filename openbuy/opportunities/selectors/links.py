"""Where a person can go from a requirement's pages (the buyer's overview and the public
page): the team's responses, evaluation and award; a supplier's response and feedback.
Each link is shown only to someone the page behind it lets in."""

from dataclasses import dataclass

from django.db.models import Q

from ..models import Award, ClarificationQuestion, Requirement
from ..permissions import Permission, permissions_of
from .eligibility import eligible_suppliers
from .feedback import responses_for_feedback
from .responses import has_closed, response_count, responses_of_supplier, suppliers_of


@dataclass(frozen=True)
class Links:
    responses: int | None = None  # how many are submitted, for the team once published
    evaluation: bool = False
    award: bool = False
    respond: str = ""  # "start" or "continue", while open, for an eligible supplier's people
    feedback: bool = False  # a responder's lot is decided
    unanswered: int | None = None  # clarification questions to answer, for the team


def _respond(requirement: Requirement, user) -> str:
    if not requirement.is_open:
        return ""
    mine = suppliers_of(user).values("pk")
    if responses_of_supplier(user).filter(requirement=requirement).exists():
        return "continue"
    return "start" if eligible_suppliers(requirement).filter(pk__in=mine).exists() else ""


def _decided(requirement: Requirement, user) -> bool:
    standing = (Award.Status.STANDSTILL, Award.Status.CONFIRMED)
    return (
        responses_for_feedback(user, requirement)
        .filter(~Q(lot__outcome="") | Q(lot__awards__status__in=standing))
        .exists()
    )


def links_for(requirement: Requirement, user) -> Links:
    if requirement.status == Requirement.Status.DRAFT:
        return Links()
    held = permissions_of(user, requirement)
    if held:  # on the team: the buyer's links only
        closed = has_closed(requirement)
        return Links(
            responses=response_count(requirement),
            evaluation=closed and Permission.EVALUATE in held,
            award=closed and Permission.AWARD in held,
            unanswered=ClarificationQuestion.objects.filter(
                requirement=requirement, answered_at__isnull=True
            ).count(),
        )
    if not getattr(user, "is_authenticated", False):
        return Links()
    return Links(respond=_respond(requirement, user), feedback=_decided(requirement, user))
