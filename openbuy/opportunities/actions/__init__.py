"""Every state change of opportunities, one module per stage of a requirement's life."""

from .clarifications import question_answer, question_ask
from .requirements import (
    checklist_save,
    deadlines,
    requirement_create,
    requirement_publish,
    requirement_save,
    requirement_withdraw,
    unanswered,
)
from .responses import response_save, response_submit, response_withdraw

__all__ = [
    "checklist_save",
    "deadlines",
    "question_answer",
    "question_ask",
    "requirement_create",
    "requirement_publish",
    "requirement_save",
    "requirement_withdraw",
    "response_save",
    "response_submit",
    "response_withdraw",
    "unanswered",
]
