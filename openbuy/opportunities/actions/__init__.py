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

__all__ = [
    "checklist_save",
    "deadlines",
    "requirement_create",
    "requirement_publish",
    "requirement_save",
    "requirement_withdraw",
    "unanswered",
]
