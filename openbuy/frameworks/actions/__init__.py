"""Every state change of frameworks and applications. Each function is one audited action."""

from openbuy.questions.actions import question_set_create  # the API and pages call it here

from .applying import (
    application_problems,
    application_reopen,
    application_start,
    application_submit,
    declaration_reuse,
    declaration_save,
    draft_complete,
    draft_create,
    draft_delete,
    draft_save,
    drafts_copy,
    editing_refusal,
)
from .evaluating import (
    CSV_COLUMNS,
    agreement_countersign,
    agreement_sign,
    clarification_ask,
    clarification_publish,
    countersigning_refusal,
    result_record,
    results_import,
    signing_refusal,
)
from .lifecycle import (
    framework_announce,
    framework_close,
    framework_expire,
    framework_go_live,
    framework_open,
    transition,
)
from .setup import framework_create, framework_update, lot_add

__all__ = [
    "CSV_COLUMNS",
    "agreement_countersign",
    "agreement_sign",
    "application_problems",
    "application_reopen",
    "application_start",
    "application_submit",
    "clarification_ask",
    "clarification_publish",
    "countersigning_refusal",
    "declaration_reuse",
    "declaration_save",
    "draft_complete",
    "draft_create",
    "draft_delete",
    "draft_save",
    "drafts_copy",
    "editing_refusal",
    "framework_announce",
    "framework_close",
    "framework_create",
    "framework_expire",
    "framework_go_live",
    "framework_open",
    "framework_update",
    "lot_add",
    "question_set_create",
    "result_record",
    "results_import",
    "signing_refusal",
    "transition",
]
