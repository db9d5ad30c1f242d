"""The index each process keeps in memory (core/search/resident.py, over snapshot.py) must
answer exactly as the database engines do, before and after changes, and must never keep
what a transaction saw but did not commit. These tests run outside a transaction, where
that index answers."""

import functools
import operator
import random

import pytest
from django.db import connection, transaction

from openbuy.core import search
from openbuy.core.models import SearchChange
from openbuy.core.search import resident
from tests.core.search_reference import FIELDS, assert_matches_reference, documents, reference

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch, settings):
    """Each test starts as a new process would: no index in memory yet, and on."""
    monkeypatch.setattr(resident, "_indexes", {})


def _indexed(count=300):
    """Documents indexed, then searched once so that the process builds its snapshot."""
    docs = documents(count)
    search.index("test", docs)
    search.search(search.Query(kind="test"))
    return docs


def _state():
    return resident.index_for(connection, "test").state


def _assert_pages_add_up(query_text, filters, size):
    everything = search.search(
        search.Query(kind="test", text=query_text, filters=filters, limit=1000)
    ).object_ids
    pages = [
        search.search(
            search.Query(kind="test", text=query_text, filters=filters, offset=o, limit=size)
        ).object_ids
        for o in range(0, len(everything) + size, size)
    ]
    assert functools.reduce(operator.iadd, pages, []) == everything


def _changed(docs):
    """Some documents rewritten, some removed, some new: as a day of edits does."""
    rng = random.Random(5)
    rewritten = [
        search.Document(
            object_id=d.object_id,
            title=f"payroll {d.body}",
            body=d.title,
            facets={name: rng.sample(values, 1) for name, values in FIELDS.items()},
        )
        for d in docs[:40]
    ]
    removed = [d.object_id for d in docs[40:60]]
    new = [
        search.Document(
            object_id=1000 + n,
            title=f"secure hosting {n}",
            body="payroll data",
            facets={name: rng.sample(values, 2) for name, values in FIELDS.items()},
        )
        for n in range(30)
    ]
    search.index("test", rewritten + new)
    search.remove("test", removed)
    by_id = {d.object_id: d for d in docs}
    by_id.update({d.object_id: d for d in rewritten + new})
    for object_id in removed:
        del by_id[object_id]
    return list(by_id.values())


def test_the_index_in_memory_answers_as_the_engines_do():
    docs = documents()
    search.index("test", docs)
    assert_matches_reference(docs)
    assert _state() is not None
    assert _state().snapshot.size == len(docs)


def test_a_kind_never_indexed_answers_empty_until_its_first_change():
    assert search.search(search.Query(kind="test")).total == 0
    assert _state().snapshot.size == 0
    assert _state().seen == 0  # an empty log: nothing to catch up from
    docs = documents(20)
    search.index("test", docs)
    assert_matches_reference(docs)
    assert _state().snapshot.size == 20


def test_changes_are_caught_up_from_the_log_without_building_again():
    docs = _indexed()
    snapshot = _state().snapshot
    docs = _changed(docs)
    assert_matches_reference(docs)
    # The snapshot stayed; the changed documents answer from beside it.
    assert _state().snapshot is snapshot
    assert len(_state().overlay) == 40 + 30
    assert _state().seen == SearchChange.objects.filter(kind="test").latest("id").pk
    for query_text, filters in [("payroll", {}), ("", {}), ("secure", {"api": ["yes"]})]:
        for size in (1, 7, 30):
            _assert_pages_add_up(query_text, filters, size)


def test_past_its_limit_the_overlay_is_folded_into_a_new_snapshot(monkeypatch):
    monkeypatch.setattr(resident, "OVERLAY_MIN", 10)
    docs = _indexed()
    snapshot = _state().snapshot
    docs = _changed(docs)
    assert_matches_reference(docs)
    assert _state().snapshot is not snapshot
    assert _state().overlay == {}


def test_a_large_index_is_built_in_a_thread_while_the_engine_answers(monkeypatch):
    monkeypatch.setattr(resident, "BUILD_IN_REQUEST", 10)
    docs = documents(100)
    search.index("test", docs)
    expected, _facets = reference(docs, "hosting", {})
    # The first search starts the build and is answered by the engine, rightly.
    assert search.search(search.Query(kind="test", text="hosting", limit=100)).object_ids == (
        expected
    )
    index = resident.index_for(connection, "test")
    index.builder.join(timeout=30)
    assert index.state.snapshot.size == 100
    # Past the overlay's limit, the next snapshot is built in a thread too; the overlay
    # answers (past its limit) until it is ready.
    monkeypatch.setattr(resident, "OVERLAY_MIN", 10)
    snapshot = index.state.snapshot
    docs = _changed(docs)
    assert_matches_reference(docs)
    index.builder.join(timeout=30)
    assert search.search(search.Query(kind="test")).total == len(docs)
    assert index.state.snapshot is not snapshot
    assert index.state.snapshot.size == len(docs)
    assert_matches_reference(docs)


def test_a_snapshot_built_in_a_thread_catches_up_with_changes_made_while_it_was_built(
    monkeypatch,
):
    docs = _indexed(50)
    index = resident.index_for(connection, "test")
    build = index._build

    def build_then_someone_edits(conn):
        built = build(conn)
        search.index("test", [search.Document(500, title="zebra", body="")])
        return built

    monkeypatch.setattr(index, "_build", build_then_someone_edits)
    index._build_in_thread()
    assert index.state.seen == SearchChange.objects.latest("id").pk
    assert index.state.snapshot.size == len(docs)
    assert 500 in index.state.overlay


def test_warming_builds_the_index_before_the_first_search(monkeypatch):
    monkeypatch.setattr(resident, "BUILD_IN_REQUEST", 10)
    search.index("test", documents(100))
    search.warm("test")
    assert _state().snapshot.size == 100
    assert search.search(search.Query(kind="test")).total == 100
    assert resident.index_for(connection, "test").builder is None


def test_a_broken_log_means_building_again_never_a_wrong_answer():
    docs = _indexed(50)
    snapshot = _state().snapshot
    # The log is cleared (say, pruned by hand) and the index changes after.
    SearchChange.objects.all().delete()
    search.remove("test", [docs[0].object_id])
    assert search.search(search.Query(kind="test", limit=100)).total == 49
    assert _state().snapshot is not snapshot


def test_a_log_started_again_from_the_same_id_is_not_mistaken_for_the_old_one():
    docs = _indexed(50)
    seen = _state().seen
    # As after a restore from backup: the log starts again, and its first change takes the
    # id this process last applied.
    SearchChange.objects.all().delete()
    search.remove("test", [docs[0].object_id])
    SearchChange.objects.update(id=seen)
    assert search.search(search.Query(kind="test", limit=100)).total == 49


def test_what_a_transaction_saw_but_rolled_back_never_reaches_the_index():
    _indexed(50)
    assert search.search(search.Query(kind="test", text="zebra")).total == 0
    with transaction.atomic():
        search.index("test", [search.Document(999, title="zebra crossing", body="")])
        # Inside the transaction the database engine answers, and sees the change.
        assert search.search(search.Query(kind="test", text="zebra")).object_ids == [999]
        transaction.set_rollback(True)
    assert search.search(search.Query(kind="test", text="zebra")).total == 0
    # A later change gets the log id the rolled-back one had; it is still caught up.
    search.index("test", [search.Document(998, title="zebra stripes", body="")])
    assert search.search(search.Query(kind="test", text="zebra")).object_ids == [998]
    _assert_pages_add_up("", {}, 7)


def test_with_the_index_in_memory_off_the_engine_answers(settings):
    settings.SEARCH_IN_MEMORY = False
    docs = documents(40)
    search.index("test", docs)
    expected, _facets = reference(docs, "hosting", {})
    found = search.search(search.Query(kind="test", text="hosting", limit=100))
    assert found.object_ids == expected
    assert _state() is None
