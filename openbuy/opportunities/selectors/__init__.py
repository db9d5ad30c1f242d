"""Reads of opportunities that depend on who is asking (docs/visibility.md), one module
per stage; pages, API and exports all read through them."""

from .eligibility import eligible_suppliers, is_eligible, service_for
from .evaluation import (
    Seat,
    assignable_members,
    buyer_members,
    evaluation_seat,
    evidence_for,
    not_there,
    others_scores,
    own_scores,
    progress,
    response_to_act_on,
    response_to_score,
    responses_of,
    responses_to_score,
    seat_or_404,
)
from .moderation import (
    moderation_list,
    moderation_of,
    moderation_response,
    moderation_responses,
    ranking_table,
    rankings,
    scores_ready,
)
from .requirements import buyer_bodies_of, requirements_of, requirements_visible_to

__all__ = [
    "Seat",
    "assignable_members",
    "buyer_bodies_of",
    "buyer_members",
    "eligible_suppliers",
    "evaluation_seat",
    "evidence_for",
    "is_eligible",
    "moderation_list",
    "moderation_of",
    "moderation_response",
    "moderation_responses",
    "not_there",
    "others_scores",
    "own_scores",
    "progress",
    "ranking_table",
    "rankings",
    "requirements_of",
    "requirements_visible_to",
    "response_to_act_on",
    "response_to_score",
    "responses_of",
    "responses_to_score",
    "scores_ready",
    "seat_or_404",
    "service_for",
]
