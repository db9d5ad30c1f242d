"""The framework's lifecycle moves, in one table: coming → open → pending → standstill →
live → expired.

Each row names the move as addresses and the API do, its label, the state machine's
method, its guard (guards.py), who may take it, the action that takes it and the page
that confirms it. The actions, the manage and public pages, the API's `StatusIn.action`
choices and its dispatch all read this table; nothing else lists the moves.

The action and the page are named by their dotted paths and imported when first used:
the actions and the views import this table, so it cannot import them first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from . import guards
from .permissions import manages


@dataclass(frozen=True)
class Move:
    name: str  # in addresses and the API: "go-live"
    label: str  # the button, like "Go live"
    method: str  # the state machine's transition on Framework: "go_live"
    guard: Callable  # framework -> reasons it cannot move now, the status aside
    wrong_status: str  # why not, when the status is wrong: %(name)s is %(status)s
    action: str  # dotted path of the action: (actor=, framework=) -> Framework
    page: str  # dotted path of the confirmation page: framework -> core.confirm.Confirmation
    may: Callable = manages  # (user, framework) -> whether they may take it

    @cached_property
    def run(self) -> Callable:
        return import_string(self.action)

    @cached_property
    def describe(self) -> Callable:
        return import_string(self.page)


ACTIONS = "openbuy.frameworks.actions."
PAGES = "openbuy.frameworks.views.steps."

MOVES: dict[str, Move] = {
    move.name: move
    for move in (
        Move(
            "open",
            _("Open for applications"),
            "open",
            guards.open_refusals,
            _("Only a framework that is coming opens for applications; %(name)s is %(status)s"),
            ACTIONS + "framework_open",
            PAGES + "open_page",
        ),
        Move(
            "close",
            _("Close applications"),
            "close",
            guards.close_refusals,
            _(
                "Only a framework that is open for applications can close them; %(name)s is "
                "%(status)s"
            ),
            ACTIONS + "framework_close",
            PAGES + "close_page",
        ),
        Move(
            "announce",
            _("Announce results"),
            "announce",
            guards.announce_refusals,
            _("Results are announced while applications are evaluated; %(name)s is %(status)s"),
            ACTIONS + "framework_announce",
            PAGES + "announce_page",
        ),
        Move(
            "go-live",
            _("Go live"),
            "go_live",
            guards.go_live_refusals,
            _("A framework goes live after its standstill; %(name)s is %(status)s"),
            ACTIONS + "framework_go_live",
            PAGES + "go_live_page",
        ),
        Move(
            "expire",
            _("Expire"),
            "expire",
            guards.expire_refusals,
            _("Only a live framework can expire; %(name)s is %(status)s"),
            ACTIONS + "framework_expire",
            PAGES + "expire_page",
        ),
    )
}
NAMES = tuple(MOVES)


def status_allows(framework, name: str) -> bool:
    """Whether the framework's status lets the move happen at all (its guard aside)."""
    return can_proceed(getattr(framework, MOVES[name].method), check_conditions=False)


def refusals(framework, name: str) -> list[str]:
    """Every reason the move is refused now; empty when it is allowed."""
    move = MOVES[name]
    if not status_allows(framework, name):
        return [
            str(move.wrong_status) % {"name": framework.name, "status": guards.standing(framework)}
        ]
    return move.guard(framework)


@dataclass
class Step:
    """A move offered from the framework's status, with what stops it now."""

    name: str
    label: str
    reasons: list[str]

    @property
    def allowed(self) -> bool:
        return not self.reasons


def next_steps(framework, user) -> list[Step]:
    """The moves the state machine offers from the framework's status that the person
    may take, each with what stops it now."""
    by_method = {move.method: move for move in MOVES.values()}
    return [
        Step(name=move.name, label=str(move.label), reasons=move.guard(framework))
        for t in framework.get_all_status_transitions()
        if t.source == framework.status
        for move in [by_method[t.name]]
        if move.may(user, framework)
    ]
