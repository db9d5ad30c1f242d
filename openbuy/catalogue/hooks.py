"""What the catalogue tells the apps above it (core/hooks.py says how hooks work).

A direct-award project is the buyer's own until its outcome is recorded; from then on
the outcome is public. Each outcome event has a hook, sent by its action after the
action's own audit event, inside its transaction: open data registers receivers here to
publish the call-off's releases.
"""

from dataclasses import dataclass

from openbuy.core.hooks import Hook

from .models import Outcome, Project, ShortlistEntry


@dataclass(frozen=True, kw_only=True)
class OutcomeEvent:
    project: Project
    outcome: Outcome  # as it stands after the action
    actor: object  # the person (or core.actors.SYSTEM) who took the action


@dataclass(frozen=True, kw_only=True)
class OutcomeRecorded(OutcomeEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class OutcomeCorrected(OutcomeEvent):
    """The outcome put right; what it said before, so a receiver can tell an award that
    no longer holds from one that changed."""

    result_before: str  # an Outcome.Result value
    awarded_before: ShortlistEntry | None  # the service awarded before, if one was
    reason: str


outcome_recorded = Hook("direct-award outcome recorded", OutcomeRecorded)
outcome_corrected = Hook("direct-award outcome corrected", OutcomeCorrected)
