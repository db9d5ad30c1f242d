"""What opportunities tells the apps above it (core/hooks.py says how hooks work).

Each public event about a requirement has a hook, sent by its action after the action's
own audit event, inside its transaction: open data will register receivers here to
publish a release for each."""

from dataclasses import dataclass

from openbuy.core.hooks import Hook

from .models import Requirement


@dataclass(frozen=True, kw_only=True)
class RequirementEvent:
    requirement: Requirement
    actor: object  # the person (or core.actors.SYSTEM) who took the action


@dataclass(frozen=True, kw_only=True)
class RequirementPublished(RequirementEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class RequirementWithdrawn(RequirementEvent):
    reason: str


requirement_published = Hook("requirement published", RequirementPublished)
requirement_withdrawn = Hook("requirement withdrawn", RequirementWithdrawn)
