"""core/search/snapshot.py on its own, with no database: a snapshot (and one with changes
beside it) must answer as a plain Python reading of the rules does, page by page."""

import ast
import random
from collections import Counter
from pathlib import Path

import pytest

from openbuy.core.search import snapshot
from openbuy.core.search.snapshot import IndexedDocument, Snapshot, State, answer, bits_of, select

WORDS = "cloud host secur data case manag payrol financ storag backup train council".split()
VALUES = [f"fv{n}" for n in range(1, 9)]
QUERIES = [
    ([], []),
    (["cloud"], []),
    (["host", "secur"], []),
    (["data"], ["cloud"]),
    ([], ["payrol"]),
    (["nowher"], []),
]
FILTERS = [[], [["fv1"]], [["fv2", "fv3"]], [["fv1", "fv4"], ["fv5"]], [["fv0"]]]


def _documents(rng: random.Random, ids) -> list[IndexedDocument]:
    return [
        IndexedDocument(
            object_id=oid,
            tiebreak=f"{rng.getrandbits(64):016x}",
            title=" ".join(rng.sample(WORDS, 2)),
            body=" ".join(rng.sample(WORDS, 5)),
            facets=" ".join(rng.sample(VALUES, rng.randint(1, 3))),
        )
        for oid in ids
    ]


def _expected(docs, required, excluded, filters):
    """Every match in order (more required words in the title first, then the tiebreak),
    and how many matches have each filter value."""
    found = []
    for doc in docs:
        words = set(doc.title.split()) | set(doc.body.split())
        values = set(doc.facets.split())
        if (
            set(required) <= words
            and not words & set(excluded)
            and all(values & set(tokens) for tokens in filters)
        ):
            found.append(doc)
    found.sort(key=lambda d: (-len(set(required) & set(d.title.split())), d.tiebreak, d.object_id))
    counts = Counter(value for doc in found for value in set(doc.facets.split()))
    return [doc.object_id for doc in found], counts


def _assert_answers_as_expected(state: State, docs):
    for required, excluded in QUERIES:
        for filters in FILTERS:
            ids, counts = _expected(docs, required, excluded, filters)
            label = f"{required} -{excluded} {filters}"
            whole = answer(state, required, excluded, filters, VALUES, 0, 10_000)
            assert whole.page == ids, label
            assert whole.total == len(ids), label
            assert dict(whole.counts) == dict(counts), label
            for size in (1, 7, 30):
                pages = [
                    answer(state, required, excluded, filters, (), offset, size).page
                    for offset in range(0, len(ids) + size, size)
                ]
                assert [oid for page in pages for oid in page] == ids, f"{label} by {size}"


@pytest.mark.parametrize("dense_share", [256, 4], ids=["all-dense", "mostly-sparse"])
def test_a_snapshot_answers_as_the_rules_say(monkeypatch, dense_share):
    monkeypatch.setattr(snapshot, "DENSE_SHARE", dense_share)
    docs = _documents(random.Random(1), range(1, 301))
    snap = Snapshot(docs)
    assert snap.size == 300
    if dense_share == 4:  # title words are rare enough to be kept as positions
        assert snap.titles.sparse
        assert snap.words.dense
    _assert_answers_as_expected(State.of(snap, version="v1", seen=1), docs)


def test_changes_kept_beside_a_snapshot_answer_as_a_new_snapshot_would():
    rng = random.Random(2)
    docs = {d.object_id: d for d in _documents(rng, range(1, 201))}
    state = State.of(Snapshot(docs.values()), version="v1", seen=1)
    # Three rounds of edits: some rewritten, some removed, some new.
    for round_ in range(3):
        rewritten = _documents(rng, rng.sample(sorted(docs), 15))
        removed = set(rng.sample(sorted(docs), 10)) - {d.object_id for d in rewritten}
        new = _documents(rng, range(1000 + 20 * round_, 1020 + 20 * round_))
        now = rewritten + new
        touched = {d.object_id for d in now} | removed
        state = state.with_changes(touched, now, version=f"v{round_ + 2}", seen=round_ + 2)
        docs.update({d.object_id: d for d in now})
        for oid in removed:
            del docs[oid]
        assert set(state.overlay) == {oid for oid in state.changed if oid in docs}
        _assert_answers_as_expected(state, list(docs.values()))
    assert state.version == "v4"
    assert state.seen == 4


def test_an_empty_snapshot_answers_nothing():
    state = State.of(Snapshot([]), version="", seen=0)
    found = answer(state, ["cloud"], [], [], VALUES, 0, 30)
    assert (found.page, found.total, dict(found.counts)) == ([], 0, {})


def test_bit_set_pages_start_where_asked():
    bits = bits_of([3, 5, 1030, 5000, 70000], 80000)
    assert select(bits, 0, 10) == [3, 5, 1030, 5000, 70000]
    assert select(bits, 2, 2) == [1030, 5000]
    assert select(bits, 4, 10) == [70000]
    assert select(bits, 5, 10) == []
    assert select(0, 0, 10) == []


def test_the_snapshot_module_needs_no_django_and_no_database():
    source = Path(snapshot.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    assert not {name for name in imported if name.startswith(("django", "."))}
    assert {name for name in imported if name.startswith("openbuy")} == {"openbuy.core.bounded"}
