"""Every state change of the catalogue. Each function is one audited action."""

from .direct_award import (
    END_SEARCH_LIMIT,
    end_refusal,
    outcome_correct,
    outcome_record,
    project_create,
    project_download,
    project_end,
    project_search_update,
)
from .services import (
    service_edit,
    service_reinstate,
    service_remove,
    service_suspend,
    version_approve,
)

__all__ = [
    "END_SEARCH_LIMIT",
    "end_refusal",
    "outcome_correct",
    "outcome_record",
    "project_create",
    "project_download",
    "project_end",
    "project_search_update",
    "service_edit",
    "service_reinstate",
    "service_remove",
    "service_suspend",
    "version_approve",
]
