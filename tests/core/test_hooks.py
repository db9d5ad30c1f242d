"""core.hooks: receivers run in their documented order, events are typed, and a hook an
action sends runs inside its transaction."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from openbuy.core.hooks import REPORTING, Hook, HookUsageError

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Happened:
    what: str


def test_receivers_run_by_order_then_by_registration():
    hook = Hook("test happened", Happened)
    ran = []
    for name, order in [("late", REPORTING), ("first", 10), ("second", 10), ("default", 100)]:
        hook.connect(lambda event, name=name: ran.append((name, event.what)), order=order)
    with transaction.atomic():
        hook.send(Happened("x"))
    assert ran == [("first", "x"), ("second", "x"), ("default", "x"), ("late", "x")]


def test_registering_a_receiver_twice_runs_it_once():
    hook = Hook("test happened", Happened, in_action=False)

    def answer(event):
        return [event.what]

    hook.connect(answer)
    hook.connect(answer, order=5)
    assert hook.ask(Happened("once")) == ["once"]


def test_asking_joins_every_receivers_answers_in_order():
    hook = Hook("test asked", Happened, in_action=False)
    hook.connect(lambda event: ["b"], order=2)
    hook.connect(lambda event: ["a1", "a2"], order=1)
    hook.connect(lambda event: None, order=3)
    assert hook.ask(Happened("?")) == ["a1", "a2", "b"]


def test_an_event_must_be_frozen_and_of_the_hooks_type():
    @dataclass
    class Loose:
        what: str

    with pytest.raises(HookUsageError, match="its event must be a frozen dataclass"):
        Hook("loose", Loose)
    hook = Hook("test happened", Happened)
    with pytest.raises(HookUsageError, match="sends Happened, not 'x'"), transaction.atomic():
        hook.send("x")


@pytest.mark.django_db(transaction=True)
def test_a_hook_sent_by_an_action_is_refused_outside_a_transaction():
    hook = Hook("test happened", Happened)
    with pytest.raises(HookUsageError, match="sent outside an action's transaction"):
        hook.send(Happened("x"))
