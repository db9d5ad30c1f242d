"""What accounts tell the apps above them (core/hooks.py says how hooks work)."""

from dataclasses import dataclass

from openbuy.core.hooks import Hook

from .models import Organisation


@dataclass(frozen=True, kw_only=True)
class OrganisationRenamed:
    organisation: Organisation  # saved, with its new name
    actor: object
    old_name: str


# Sent by every action that changes an organisation's name, inside its transaction (the
# admin site shows names read-only, so actions are the only way to rename).
organisation_renamed = Hook("organisation renamed", OrganisationRenamed)
