"""What opportunities tells the apps above it (core/hooks.py says how hooks work).

Each public event about a requirement has a hook, sent by its action after the action's
own audit event, inside its transaction: open data will register receivers here to
publish a release for each."""

import datetime
from dataclasses import dataclass

from openbuy.core.hooks import Hook

from .models import Amendment, Award, ClarificationQuestion, Requirement, RequirementLot


@dataclass(frozen=True, kw_only=True)
class RequirementEvent:
    requirement: Requirement
    actor: object  # the person (or core.actors.SYSTEM) who took the action


@dataclass(frozen=True, kw_only=True)
class RequirementPublished(RequirementEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class RequirementAmended(RequirementEvent):
    amendment: Amendment


@dataclass(frozen=True, kw_only=True)
class RequirementWithdrawn(RequirementEvent):
    reason: str


@dataclass(frozen=True, kw_only=True)
class QuestionAnswered(RequirementEvent):
    question: ClarificationQuestion


@dataclass(frozen=True, kw_only=True)
class RequirementClosed(RequirementEvent):
    responses: int  # submitted responses, all lots together


@dataclass(frozen=True, kw_only=True)
class AwardMade(RequirementEvent):
    """A winner was chosen for a lot; the standstill period runs until `standstill_ends_at`."""

    award: Award
    standstill_ends_at: datetime.datetime


@dataclass(frozen=True, kw_only=True)
class AwardConfirmed(RequirementEvent):
    award: Award


@dataclass(frozen=True, kw_only=True)
class AwardCancelled(RequirementEvent):
    award: Award
    reason: str


@dataclass(frozen=True, kw_only=True)
class LotDecided(RequirementEvent):
    """A lot ended without an award: cancelled, or no suitable supplier."""

    lot: RequirementLot
    outcome: str  # RequirementLot.Outcome.CANCELLED or UNSUCCESSFUL
    reason: str


requirement_published = Hook("requirement published", RequirementPublished)
requirement_amended = Hook("requirement amended", RequirementAmended)
requirement_withdrawn = Hook("requirement withdrawn", RequirementWithdrawn)
question_answered = Hook("clarification answered", QuestionAnswered)
requirement_closed = Hook("requirement closed", RequirementClosed)
award_made = Hook("award made", AwardMade)
award_confirmed = Hook("award confirmed", AwardConfirmed)
award_cancelled = Hook("award cancelled", AwardCancelled)
lot_decided = Hook("lot decided", LotDecided)
