"""`openbuy search prune` and `openbuy search reindex`: the log kept short, and an index made
again from the registered sources, with the processes' indexes in memory still right after.
Outside a transaction, where those indexes answer."""

import dataclasses
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command

from openbuy.core import search
from openbuy.core.models import SearchChange
from openbuy.core.search import resident
from tests.core import processes
from tests.core.search_reference import assert_matches_reference, documents

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """No index in memory yet, and no source but those a test registers."""
    monkeypatch.setattr(resident, "_indexes", {})
    monkeypatch.setattr(search, "_sources", {})


def _searched(docs):
    """Documents indexed, then searched once so that the process builds its snapshot."""
    search.index("test", docs)
    search.search(search.Query(kind="test"))
    return docs


def _reindex(*args) -> str:
    out = io.StringIO()
    call_command("search", "reindex", *args, stdout=out)
    return out.getvalue()


def test_pruning_the_log_keeps_the_newest_rows_and_processes_still_answer_rightly():
    docs = _searched(documents(20))
    search.index("other", [search.Document(1, title="elsewhere", body="")])
    for doc in docs[:5]:
        search.index("test", [doc])
    latest = SearchChange.objects.filter(kind="test").latest("id").pk
    out = io.StringIO()
    call_command("search", "prune", "--keep", "2", stdout=out)
    assert "Deleted 4 change-log rows" in out.getvalue()
    assert list(SearchChange.objects.filter(kind="test").values_list("id", flat=True)) == [
        latest - 1,
        latest,
    ]
    assert SearchChange.objects.filter(kind="other").count() == 1
    # This process's last row is gone: its next change means building again, rightly.
    search.remove("test", [docs[0].object_id])
    assert search.search(search.Query(kind="test", limit=100)).total == 19


def test_pruning_refuses_to_keep_nothing():
    with pytest.raises(CommandError, match="--keep must be 1 or more"):
        call_command("search", "prune", "--keep", "0")


def test_reindexing_makes_the_index_from_the_source_and_memory_follows():
    _searched(documents(300))
    # The source now holds other documents: some of the old ones are gone, some changed.
    now = documents(250)
    now[0] = dataclasses.replace(now[0], title="zebra crossing")
    search.register_source("test", lambda: iter(now))
    printed = _reindex()
    assert printed.splitlines()[0] == "test: reindexing"
    assert "test: 250 documents\n" in printed
    assert "test: 250 documents indexed in" in printed
    assert_matches_reference(now)
    assert search.search(search.Query(kind="test", text="zebra")).object_ids == [now[0].object_id]


def test_every_kind_with_a_source_is_made_again():
    search.register_source("test", lambda: iter(documents(5)))
    search.register_source("other", lambda: [search.Document(1, title="elsewhere", body="")])
    printed = _reindex()
    assert [line for line in printed.splitlines() if "indexed in" not in line] == [
        "other: reindexing",
        "other: 1 documents",
        "test: reindexing",
        "test: 5 documents",
    ]
    assert search.search(search.Query(kind="other", text="elsewhere")).object_ids == [1]
    assert search.search(search.Query(kind="test")).total == 5


def test_progress_follows_each_batch_written():
    search.register_source("test", lambda: iter(documents(5)))
    written = []
    assert search.reindex("test", batch_size=2, progress=written.append) == 5
    assert written == [2, 4, 5]


def test_a_failed_reindex_says_why_in_one_line_and_leaves_the_index_as_it_was():
    docs = _searched(documents(30))

    def broken():
        yield from documents(10)
        raise ValueError("the source's database\nwent away")

    search.register_source("test", broken)
    reason = "^Reindexing test failed: the source's database went away$"
    with pytest.raises(CommandError, match=reason):
        _reindex("--kind", "test")
    assert_matches_reference(docs)


def test_reindexing_a_kind_with_no_source_is_refused():
    search.register_source("test", list)
    with pytest.raises(CommandError, match=r"No search source for 'nope' \(kinds with one: test\)"):
        _reindex("--kind", "nope")


def test_reindexing_with_no_source_at_all_is_refused():
    with pytest.raises(CommandError, match="No search sources are registered"):
        _reindex()


def test_the_command_exits_non_zero_with_one_line_saying_why():
    done = subprocess.run(
        [*processes.CLI, "search", "reindex", "--kind", "nope"],
        env=processes.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        (
            "CommandError: No search source for 'nope' "
            "(kinds with one: ocds_process, requirement, service)"
        )
    ]
