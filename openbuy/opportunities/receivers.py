"""Opportunities' own part in its public events, and in accounts': the search index follows
every public change of a requirement, and the account page lists the person's evaluations
(registered in OpportunitiesConfig.ready()).

The hooks are sent inside their action's transaction, so the index changes with the action
or not at all. Every receiver reads the requirement again from the database, as the action
left it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from openbuy.accounts import hooks as accounts_hooks
from openbuy.core.hooks import DOMAIN

from . import hooks
from .indexing import reindex, reindex_buyer
from .selectors.evaluation import evaluations_of

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


def your_evaluations(event: accounts_hooks.AccountPage) -> list[accounts_hooks.AccountList]:
    """The account page lists the evaluations the person is assigned to, still running."""
    links = tuple(
        (e.requirement.title, reverse("opportunities:evaluation", args=[e.requirement_id]))
        for e in evaluations_of(event.user)
    )
    return (
        [accounts_hooks.AccountList("evaluations", _("Your evaluations"), links)] if links else []
    )


def register() -> None:
    for hook in PUBLIC_EVENTS:
        hook.connect(index_requirement, order=DOMAIN)
    accounts_hooks.organisation_renamed.connect(buyer_renamed, order=DOMAIN)
    accounts_hooks.account_lists.connect(your_evaluations, order=DOMAIN)
