"""Reads of opportunities that depend on who is asking (docs/visibility.md), one module
per stage; pages, API and exports all read through them."""

from .clarifications import (
    asking,
    clarifications_for,
    clarifications_visible_to,
    own_questions,
    question_refusal,
    questions_of,
    reader,
)
from .eligibility import eligible_suppliers, is_eligible, service_for
from .history import history
from .page import page_for, public_view, requirements_shown_to
from .public import find
from .requirements import buyer_bodies_of, requirements_of, requirements_visible_to

__all__ = [
    "asking",
    "buyer_bodies_of",
    "clarifications_for",
    "clarifications_visible_to",
    "eligible_suppliers",
    "find",
    "history",
    "is_eligible",
    "own_questions",
    "page_for",
    "public_view",
    "question_refusal",
    "questions_of",
    "reader",
    "requirements_of",
    "requirements_shown_to",
    "requirements_visible_to",
    "service_for",
]
