"""Opportunities' own part in its public events, and in accounts': the search index follows
every public change of a requirement (registered in OpportunitiesConfig.ready()).

The hooks are sent inside their action's transaction, so the index changes with the action
or not at all. Every receiver reads the requirement again from the database, as the action
left it."""

from openbuy.accounts import hooks as accounts_hooks
from openbuy.core.hooks import DOMAIN

from . import hooks
from .indexing import reindex, reindex_buyer

# Every public event of a requirement: published, amended, withdrawn, an answer published,
# closing recorded, an award made, confirmed or cancelled, a lot decided without one.
PUBLIC_EVENTS = (
    hooks.requirement_published,
    hooks.requirement_amended,
    hooks.requirement_withdrawn,
    hooks.question_answered,
    hooks.requirement_closed,
    hooks.award_made,
    hooks.award_confirmed,
    hooks.award_cancelled,
    hooks.lot_decided,
)


def index_requirement(event: hooks.RequirementEvent) -> None:
    reindex([event.requirement.pk])


def buyer_renamed(event: accounts_hooks.OrganisationRenamed) -> None:
    """A buyer's name is searchable and shown on its requirements' results."""
    reindex_buyer(event.organisation.pk)


def register() -> None:
    for hook in PUBLIC_EVENTS:
        hook.connect(index_requirement, order=DOMAIN)
    accounts_hooks.organisation_renamed.connect(buyer_renamed, order=DOMAIN)
