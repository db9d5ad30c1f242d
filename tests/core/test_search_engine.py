"""core.search: both engines (this leg's database) must return exactly what a plain Python
reading of the same rules returns, so SQLite FTS5 and PostgreSQL agree with each other.
(Outside the transaction-wrapped tests the index in memory answers: test_search_resident.py.)"""

import functools
import operator

import pytest

from openbuy.core import search
from tests.core.search_reference import assert_matches_reference, documents

pytestmark = pytest.mark.django_db


def test_the_engine_returns_exactly_the_reference_results_in_the_reference_order():
    docs = documents()
    search.index("test", docs)
    assert_matches_reference(docs)


def test_pages_are_stable_and_ties_are_ordered_by_a_hash_not_by_name():
    docs = documents(100)
    search.index("test", docs)
    everything = search.search(search.Query(kind="test", limit=1000)).object_ids
    assert everything == sorted(everything, key=lambda pk: search.tiebreak("test", pk))
    pages = [
        search.search(search.Query(kind="test", offset=o, limit=30)).object_ids
        for o in range(0, 100, 30)
    ]
    assert functools.reduce(operator.iadd, pages, []) == everything


def test_title_matches_rank_above_body_matches():
    search.index(
        "test",
        [
            search.Document(1, title="Payroll for councils", body="other words"),
            search.Document(2, title="Other words", body="payroll is mentioned here"),
        ],
    )
    assert search.search(search.Query(kind="test", text="payroll")).object_ids == [1, 2]


def test_reindexing_replaces_and_removing_deletes():
    search.index("test", [search.Document(1, title="old words", body="")])
    search.index("test", [search.Document(1, title="new words", body="")])
    assert search.search(search.Query(kind="test", text="old")).total == 0
    assert search.search(search.Query(kind="test", text="new")).object_ids == [1]
    search.remove("test", [1])
    assert search.search(search.Query(kind="test")).total == 0
