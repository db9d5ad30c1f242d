"""Every state change of opportunities, one module per stage of a requirement's life."""

from .awards import award_cancel, award_confirm, award_make, earliest_confirmation
from .closing import requirement_close
from .decisions import lot_decide, requirement_cancel
from .evaluation import (
    conflict_declare,
    evaluator_assign,
    final_score_set,
    scores_save,
    scores_submit,
)
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
    "award_cancel",
    "award_confirm",
    "award_make",
    "checklist_save",
    "conflict_declare",
    "deadlines",
    "earliest_confirmation",
    "evaluator_assign",
    "final_score_set",
    "lot_decide",
    "requirement_cancel",
    "requirement_close",
    "requirement_create",
    "requirement_publish",
    "requirement_save",
    "requirement_withdraw",
    "response_save",
    "response_submit",
    "response_withdraw",
    "scores_save",
    "scores_submit",
    "unanswered",
]
