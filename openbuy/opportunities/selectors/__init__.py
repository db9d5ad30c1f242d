"""Reads of opportunities that depend on who is asking (docs/visibility.md), one module
per stage; pages, API and exports all read through them."""

from .eligibility import eligible_suppliers, is_eligible, service_for
from .requirements import buyer_bodies_of, requirements_of, requirements_visible_to

__all__ = [
    "buyer_bodies_of",
    "eligible_suppliers",
    "is_eligible",
    "requirements_of",
    "requirements_visible_to",
    "service_for",
]
