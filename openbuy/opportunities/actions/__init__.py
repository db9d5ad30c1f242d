"""Every state change of opportunities, one module per stage of a requirement's life."""

from .closing import requirement_close
from .evaluation import (
    conflict_declare,
    evaluator_assign,
    final_score_set,
    final_scores_save,
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
from .shortlist import has_second_stage, ranking_download, shortlist_limit, shortlist_set

__all__ = [
    "checklist_save",
    "conflict_declare",
    "deadlines",
    "evaluator_assign",
    "final_score_set",
    "final_scores_save",
    "has_second_stage",
    "ranking_download",
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
    "shortlist_limit",
    "shortlist_set",
    "unanswered",
]
