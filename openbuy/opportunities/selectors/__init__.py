"""Reads of opportunities that depend on who is asking (docs/visibility.md), one module
per stage; pages, API and exports all read through them."""

from .awards import (
    Awarding,
    LotAwarding,
    awarding,
    awards_of,
    awards_visible_to,
    lots_of,
    response_on,
    standstill_last_day,
)
from .eligibility import eligible_suppliers, is_eligible, service_for
from .feedback import Feedback, feedback_for, feedback_of, responses_for_feedback
from .requirements import buyer_bodies_of, requirements_of, requirements_visible_to

__all__ = [
    "Awarding",
    "Feedback",
    "LotAwarding",
    "awarding",
    "awards_of",
    "awards_visible_to",
    "buyer_bodies_of",
    "eligible_suppliers",
    "feedback_for",
    "feedback_of",
    "is_eligible",
    "lots_of",
    "requirements_of",
    "requirements_visible_to",
    "response_on",
    "responses_for_feedback",
    "service_for",
    "standstill_last_day",
]
