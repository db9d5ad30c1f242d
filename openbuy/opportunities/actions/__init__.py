"""Every state change of opportunities, one module per stage of a requirement's life."""

from .amending import amended_closing, requirement_amend
from .awards import (
    award_cancel,
    award_confirm,
    award_make,
    award_reason,
    earliest_confirmation,
)
from .clarifications import question_answer, question_ask
from .closing import requirement_close
from .decisions import lot_decide, requirement_cancel
from .drafting import (
    SAME_LOT,
    lot_add,
    lot_remove,
    lot_save,
    requirement_audience_save,
    requirement_copy,
    requirement_delete,
    requirement_division_save,
)
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
    closing_day_problem,
    deadlines,
    earliest_closing_day,
    latest_closing_day,
    latest_start,
    requirement_create,
    requirement_publish,
    requirement_save,
    requirement_withdraw,
    unanswered,
)
from .responses import (
    ResponseEnded,
    response_delete,
    response_save,
    response_submit,
    response_withdraw,
    responses_download,
)
from .shortlist import has_second_stage, ranking_download, shortlist_limit, shortlist_set
from .team import team_member_add, team_member_remove, team_member_save

__all__ = [
    "SAME_LOT",
    "ResponseEnded",
    "amended_closing",
    "award_cancel",
    "award_confirm",
    "award_make",
    "award_reason",
    "checklist_save",
    "closing_day_problem",
    "conflict_declare",
    "deadlines",
    "earliest_closing_day",
    "earliest_confirmation",
    "evaluator_assign",
    "final_score_set",
    "final_scores_save",
    "has_second_stage",
    "latest_closing_day",
    "latest_start",
    "lot_add",
    "lot_decide",
    "lot_remove",
    "lot_save",
    "question_answer",
    "question_ask",
    "ranking_download",
    "requirement_amend",
    "requirement_audience_save",
    "requirement_cancel",
    "requirement_close",
    "requirement_copy",
    "requirement_create",
    "requirement_delete",
    "requirement_division_save",
    "requirement_publish",
    "requirement_save",
    "requirement_withdraw",
    "response_delete",
    "response_save",
    "response_submit",
    "response_withdraw",
    "responses_download",
    "scores_save",
    "scores_submit",
    "shortlist_limit",
    "shortlist_set",
    "team_member_add",
    "team_member_remove",
    "team_member_save",
    "unanswered",
]
