"""Every state change of opportunities, one module per stage of a requirement's life."""

from .requirements import (
    checklist_save,
    deadlines,
    requirement_create,
    requirement_publish,
    requirement_save,
    requirement_withdraw,
    unanswered,
)
from .responses import (
    ResponseEnded,
    response_save,
    response_submit,
    response_withdraw,
    responses_download,
)

__all__ = [
    "ResponseEnded",
    "checklist_save",
    "deadlines",
    "requirement_create",
    "requirement_publish",
    "requirement_save",
    "requirement_withdraw",
    "response_save",
    "response_submit",
    "response_withdraw",
    "responses_download",
    "unanswered",
]
