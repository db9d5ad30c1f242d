"""Hooks: how a lower app lets higher apps take part in its actions without importing them.

The lower app declares a hook for each event, typed by a frozen dataclass, and sends the
event from its action; a higher app registers receivers in its `AppConfig.ready()`
(`framework_went_live.connect(publish_services, order=100)`). So the frameworks app
can go live without knowing that a catalogue (or open data, or anything later) exists.

The rules every receiver can rely on:

- Receivers run in ascending `order`, then in the order they were registered. Apps that
  change domain state use orders below 1000; those that only report what happened (open
  data's releases) use 1000 and above, so they see the final state.
- An event sent by an action is sent inside its transaction (`send` refuses otherwise). A
  receiver refuses by raising an `ActionError` (usually `Conflict`) with a reason for
  people: the action's callers show it as they show the action's own refusals. Any
  exception, refusal or bug, rolls the whole action back: the lower app's change, every
  receiver's change and every audit event.
- A hook may also ask (`ask` rather than `send`): each receiver returns a list and the
  answers are joined in receiver order, outside any transaction. The confirmation pages
  use this to say what will happen, the application pages to offer what can be copied.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, is_dataclass

from django.db import transaction

DOMAIN = 100  # receivers that change state (the catalogue publishing services)
REPORTING = 1000  # receivers that only record what happened (open data's releases)


class HookUsageError(RuntimeError):
    """A programming error: an event of the wrong type, or sent outside a transaction."""


@dataclass(order=True)
class _Receiver:
    order: int
    position: int
    function: Callable = field(compare=False)


class Hook[E]:
    """One event type's receivers. `in_action` hooks are sent from inside an action's
    transaction; the others are asked, for answers, from pages."""

    def __init__(self, name: str, event: type[E], *, in_action: bool = True):
        if not (is_dataclass(event) and event.__dataclass_params__.frozen):
            raise HookUsageError(f"hook {name!r}: its event must be a frozen dataclass")
        self.name, self.event, self.in_action = name, event, in_action
        self._receivers: list[_Receiver] = []
        self._registered = 0

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"

    def connect(self, function: Callable[[E], object], *, order: int = DOMAIN) -> Callable:
        """Register a receiver; registering the same function again changes nothing (an
        app's `ready()` may run twice in tests)."""
        if not any(r.function is function for r in self._receivers):
            self._registered += 1
            self._receivers.append(_Receiver(order, self._registered, function))
            self._receivers.sort()
        return function

    def disconnect(self, function: Callable) -> None:
        self._receivers = [r for r in self._receivers if r.function is not function]

    @contextmanager
    def connected(self, function: Callable[[E], object], *, order: int = DOMAIN) -> Iterator:
        """A receiver for the length of a block (tests)."""
        self.connect(function, order=order)
        try:
            yield function
        finally:
            self.disconnect(function)

    def receivers(self) -> list[Callable]:
        return [r.function for r in self._receivers]

    def _check(self, event) -> None:
        if not isinstance(event, self.event):
            raise HookUsageError(f"hook {self.name!r} sends {self.event.__name__}, not {event!r}")

    def send(self, event: E) -> list:
        """Run every receiver in order, inside the running action's transaction; return
        what each returned. A receiver's exception propagates and so undoes the action."""
        self._check(event)
        if self.in_action and not transaction.get_connection().in_atomic_block:
            raise HookUsageError(f"hook {self.name!r} sent outside an action's transaction")
        return [receiver(event) for receiver in self.receivers()]

    def ask(self, event: E) -> list:
        """Every receiver's answer (a list each), joined in receiver order."""
        self._check(event)
        return [item for receiver in self.receivers() for item in (receiver(event) or [])]
