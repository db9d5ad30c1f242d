"""What core asks the apps above it (core/hooks.py says how hooks work)."""

from dataclasses import dataclass

from .hooks import Hook
from .models import Jurisdiction


@dataclass(frozen=True, kw_only=True)
class JurisdictionChange:
    jurisdiction: Jurisdiction  # not saved yet, with the new values
    before: dict  # field -> stored value
    changed: dict  # field -> new value, only the fields that change


# Asked before a jurisdiction's change is saved (jurisdiction_save, and the admin's form so
# it can show the reason beside the field): each receiver answers (field, reason) pairs
# for what its records cannot follow, like prices kept in the currency.
jurisdiction_change_refusals = Hook(
    "why a jurisdiction cannot change", JurisdictionChange, in_action=False
)


def change_refusals(jurisdiction: Jurisdiction, before: dict, changed: dict) -> dict:
    """field -> reasons the change is refused; empty when it may be saved."""
    refusals: dict[str, list[str]] = {}
    event = JurisdictionChange(jurisdiction=jurisdiction, before=before, changed=changed)
    for field, reason in jurisdiction_change_refusals.ask(event):
        refusals.setdefault(field, []).append(str(reason))
    return refusals
