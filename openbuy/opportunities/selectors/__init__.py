"""Reads of opportunities that depend on who is asking (docs/visibility.md), one module
per stage; pages, API and exports all read through them."""

from .eligibility import eligible_suppliers, is_eligible, service_for
from .requirements import buyer_bodies_of, requirements_of, requirements_visible_to
from .responses import (
    closing_time,
    export_table,
    has_closed,
    respond_refusal,
    response_count,
    responses_for_buyer,
    responses_of_supplier,
    responses_visible_to,
    suppliers_of,
)

__all__ = [
    "buyer_bodies_of",
    "closing_time",
    "eligible_suppliers",
    "export_table",
    "has_closed",
    "is_eligible",
    "requirements_of",
    "requirements_visible_to",
    "respond_refusal",
    "response_count",
    "responses_for_buyer",
    "responses_of_supplier",
    "responses_visible_to",
    "service_for",
    "suppliers_of",
]
