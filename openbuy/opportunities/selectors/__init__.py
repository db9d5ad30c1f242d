"""Reads of opportunities that depend on who is asking (docs/visibility.md), one module
per stage; pages, API and exports all read through them."""

from .drafting import (
    Division,
    audience_candidates,
    buyer_of_body,
    category_choices,
    copy_sources,
    division,
    lot_problems,
    lot_roles,
    requirement_value,
    requirements_for,
    startable_lots,
    team_candidates,
    team_of,
)
from .eligibility import eligible_suppliers, is_eligible, service_for
from .requirements import buyer_bodies_of, requirements_of, requirements_visible_to

__all__ = [
    "Division",
    "audience_candidates",
    "buyer_bodies_of",
    "buyer_of_body",
    "category_choices",
    "copy_sources",
    "division",
    "eligible_suppliers",
    "is_eligible",
    "lot_problems",
    "lot_roles",
    "requirement_value",
    "requirements_for",
    "requirements_of",
    "requirements_visible_to",
    "service_for",
    "startable_lots",
    "team_candidates",
    "team_of",
]
