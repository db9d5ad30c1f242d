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


@dataclass(frozen=True, kw_only=True)
class AccountPage:
    user: object  # the signed-in person reading their account page


@dataclass(frozen=True)
class AccountList:
    """A list a higher app adds to the account page: its heading and its links, each
    (text, address)."""

    id: str
    heading: str
    links: tuple[tuple[str, str], ...]


# Asked by the account page (not from an action): each receiver returns the AccountLists
# it has for the person, an empty list when it has none (opportunities: their evaluations).
account_lists = Hook("lists on the account page", AccountPage, in_action=False)
