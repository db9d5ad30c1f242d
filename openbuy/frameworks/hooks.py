"""What frameworks tell the apps above them (core/hooks.py says how hooks work).

Every public framework event has a hook, sent by its action after the action's own audit
event, inside its transaction: open data registers receivers here to publish a release
for each. The catalogue registers the receivers that publish services when a framework
goes live and withdraw them when it expires, and answers the questions the framework's
pages ask of it (what a move will do to the catalogue, what a supplier can copy from
the previous iteration) without frameworks importing it.
"""

from dataclasses import dataclass, field

from openbuy.accounts.models import Organisation
from openbuy.core.hooks import Hook

from .models import Agreement, ClarificationQuestion, Framework, Lot


@dataclass(frozen=True, kw_only=True)
class FrameworkEvent:
    framework: Framework
    actor: object  # the person (or core.actors.SYSTEM) who took the action


@dataclass(frozen=True, kw_only=True)
class FrameworkCreated(FrameworkEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class FrameworkUpdated(FrameworkEvent):
    changed: tuple[str, ...]  # the fields that changed


@dataclass(frozen=True, kw_only=True)
class LotAdded(FrameworkEvent):
    lot: Lot


@dataclass(frozen=True, kw_only=True)
class FrameworkOpened(FrameworkEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class FrameworkClosed(FrameworkEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class ResultsAnnounced(FrameworkEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class FrameworkWentLive(FrameworkEvent):
    succeeded: Framework | None = None  # the family's iteration that expired in the same step


@dataclass(frozen=True, kw_only=True)
class FrameworkExpired(FrameworkEvent):
    succeeded_by: Framework | None = None  # set when it expired because that one went live


@dataclass(frozen=True, kw_only=True)
class ClarificationPublished(FrameworkEvent):
    """An answer published for every applicant, with its question (never who asked)."""

    clarification: ClarificationQuestion


@dataclass(frozen=True, kw_only=True)
class AgreementCountersigned(FrameworkEvent):
    """The authority countersigned a supplier's framework agreement: it is in force."""

    agreement: Agreement


framework_created = Hook("framework created", FrameworkCreated)
framework_updated = Hook("framework updated", FrameworkUpdated)
lot_added = Hook("lot added", LotAdded)
framework_opened = Hook("framework opened", FrameworkOpened)
framework_closed = Hook("framework closed", FrameworkClosed)
results_announced = Hook("results announced", ResultsAnnounced)
framework_went_live = Hook("framework went live", FrameworkWentLive)
framework_expired = Hook("framework expired", FrameworkExpired)
clarification_published = Hook("clarification published", ClarificationPublished)
agreement_countersigned = Hook("agreement countersigned", AgreementCountersigned)


# --- questions the pages ask -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MovePreview:
    """A move's confirmation page asks what else it will do; receivers answer with
    sentences ("7 services will leave search.")."""

    framework: Framework
    move: str  # a name from moves.MOVES
    succeeded_by: Framework | None = None  # asked of the iteration a go-live expires


move_consequences = Hook("framework move consequences", MovePreview, in_action=False)


@dataclass(frozen=True)
class CopySource:
    """Something a supplier can copy into a new application's draft services."""

    key: str  # unique among the sources offered, fit for a form's value
    name: str  # as the supplier reads it, like "Secure hosting (Cloud hosting)"
    lot: str  # the slug of the lot it was in
    answers: dict = field(hash=False)
    label: str  # recorded in the copy's `copied_from`, like "service:abc123"


@dataclass(frozen=True, kw_only=True)
class PreviousIteration:
    framework: Framework  # the previous iteration
    supplier: Organisation


copy_sources = Hook("copy sources of the previous iteration", PreviousIteration, in_action=False)
