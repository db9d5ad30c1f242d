"""core.bounded: the process caches never hold more than their size, and drop the entry used
least recently first."""

import threading

import pytest

from openbuy.core.bounded import Bounded


def test_the_least_recently_used_entry_goes_first():
    kept = Bounded(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" used: "b" is now the oldest
    kept.put("c", 3)
    assert len(kept) == 2
    assert "b" not in kept
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    assert kept.get("b", "missing") == "missing"


def test_a_value_is_made_once_while_it_is_kept():
    kept = Bounded(10)
    made = []

    def make():
        made.append(1)
        return "value"

    assert kept.get_or_make("k", make) == "value"
    assert kept.get_or_make("k", make) == "value"
    assert made == [1]
    kept.clear()
    assert kept.get_or_make("k", make) == "value"
    assert made == [1, 1]


def test_a_kept_none_is_not_made_again():
    kept = Bounded(1)
    kept.put("k", None)
    assert kept.get_or_make("k", lambda: "made") is None


def test_threads_sharing_it_never_grow_it_past_its_size():
    kept = Bounded(50)

    def fill(base):
        for n in range(2_000):
            kept.get_or_make((base, n % 120), lambda n=n: n)

    threads = [threading.Thread(target=fill, args=(b,)) for b in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 50


def test_a_cache_holds_at_least_one_entry():
    with pytest.raises(ValueError, match="holds at least one entry"):
        Bounded(0)
