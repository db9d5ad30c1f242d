"""Full-text search with filters and facet counts, on SQLite FTS5 or PostgreSQL.

One interface, two engines: `index()` and `remove()` keep documents up to date; `search()`
answers a Query with the page (ids and the cards kept for display), the total and the facet
counts. Words are stemmed in Python (text.py) and filter values become tokens (f<id>) in
the same full-text index, so one lookup finds the matches on either engine and both engines
match the same documents. Order: title matches first, then a hash of the object id, so no
supplier is favoured by name.

Outside a transaction, answers come from the index each process keeps in memory
(resident.py), caught up from the change log on the first search after each change; inside
one (where uncommitted changes may be seen, and may yet roll back) the engine answers,
returning every match in order with its filter tokens, and paging and facet counts happen
here. Answers are also cached per process until the index changes.
"""

import hashlib
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from ..models import (
    SearchChange,
    SearchDocument,
    SearchFacetValue,
    SearchIndexVersion,
    SearchText,
)
from . import resident, text
from .engines import engine_for

__all__ = [
    "Document",
    "Query",
    "Results",
    "index",
    "prune_log",
    "remove",
    "search",
    "text",
    "warm",
]

CACHE_SIZE = 256
_answers: OrderedDict = OrderedDict()
_values: dict = {}  # (vendor, kind, version) -> ({(field, value): id}, {token: (field, value)})
# Threaded servers share these caches; the lock covers reads and writes, not the queries.
_lock = threading.Lock()


@dataclass(frozen=True)
class Document:
    object_id: int
    title: str
    body: str
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    card: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Query:
    kind: str
    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    facet_fields: Sequence[str] = ()
    offset: int = 0
    limit: int = 30


@dataclass(frozen=True)
class Results:
    object_ids: list[int]
    cards: list[dict]
    total: int
    facets: dict[str, dict[str, int]]
    stems: list[str]


def tiebreak(kind: str, object_id: int) -> str:
    return hashlib.sha256(f"{kind}:{object_id}".encode()).hexdigest()[:16]


def _version(kind: str) -> str:
    return resident.version_of(connection, kind)


def _take_turn(kind: str) -> None:
    """Writers of a kind wait for each other (a row lock on its version), so the change log's
    ids follow the order in which changes commit: a reader never skips one."""
    SearchIndexVersion.objects.select_for_update().get_or_create(
        kind=kind, defaults={"version": ""}
    )


def _log(kind: str, object_ids: list[int]) -> None:
    token = secrets.token_hex(16)
    SearchChange.objects.create(kind=kind, object_ids=object_ids, version=token)
    SearchIndexVersion.objects.filter(kind=kind).update(version=token)


def _facet_values(kind: str, version: str):
    key = (connection.vendor, kind, version)
    with _lock:
        found = _values.get(key)
    if found is None:
        rows = SearchFacetValue.objects.filter(kind=kind).values_list("id", "field", "value")
        ids = {(f, v): pk for pk, f, v in rows}
        found = (ids, {f"fv{pk}": pair for pair, pk in ids.items()})
        with _lock:
            _values.clear()
            _values[key] = found
    return found


def _tokens_for(kind: str, documents: list[Document]) -> dict:
    """Numbers for every filter value of these documents, making the missing ones."""
    ids = dict(_facet_values(kind, _version(kind))[0])
    wanted = {(n, v) for d in documents for n, values in d.facets.items() for v in values}
    missing = wanted - set(ids)
    if missing:
        SearchFacetValue.objects.bulk_create(
            [SearchFacetValue(kind=kind, field=n, value=v) for n, v in sorted(missing)],
            ignore_conflicts=True,
        )
        rows = SearchFacetValue.objects.filter(kind=kind).values_list("id", "field", "value")
        ids = {(f, v): pk for pk, f, v in rows}
    return ids


def index(kind: str, documents: Iterable[Document], *, batch_size: int = 2000) -> None:
    """Add or replace documents, in the caller's transaction."""
    documents = list(documents)
    if not documents:
        return
    with transaction.atomic():
        _take_turn(kind)
        _delete(kind, [d.object_id for d in documents])
        _write(kind, documents, batch_size)
        _log(kind, [d.object_id for d in documents])


def _write(kind: str, documents: list[Document], batch_size: int) -> None:
    ids = _tokens_for(kind, documents)
    engine = engine_for(connection)
    for start in range(0, len(documents), batch_size):
        batch = documents[start : start + batch_size]
        texts = [
            (
                text.token_text(d.title),
                text.token_text(d.body),
                " ".join(f"fv{ids[(n, v)]}" for n, values in d.facets.items() for v in values),
            )
            for d in batch
        ]
        rows = SearchDocument.objects.bulk_create(
            SearchDocument(
                kind=kind,
                object_id=d.object_id,
                tiebreak=tiebreak(kind, d.object_id),
                title_tokens=title,
                facet_tokens=facets,
            )
            for d, (title, _body, facets) in zip(batch, texts, strict=True)
        )
        SearchText.objects.bulk_create(
            SearchText(
                document=row, title_tokens=title, body_tokens=body, facet_tokens=facets, card=d.card
            )
            for row, d, (title, body, facets) in zip(rows, batch, texts, strict=True)
        )
        engine.indexed([row.pk for row in rows])


def remove(kind: str, object_ids: Iterable[int]) -> None:
    ids = list(object_ids)
    if not ids:
        return
    with transaction.atomic():
        _take_turn(kind)
        _delete(kind, ids)
        _log(kind, ids)


def _delete(kind: str, ids: list[int]) -> None:
    for start in range(0, len(ids), resident.BATCH):
        batch = ids[start : start + resident.BATCH]
        SearchDocument.objects.filter(kind=kind, object_id__in=batch).delete()


def search(query: Query) -> Results:
    required, excluded = text.parse_query(query.text)
    version = _version(query.kind)
    filters = tuple(sorted((k, tuple(sorted(set(v)))) for k, v in query.filters.items() if v))
    key = (
        connection.vendor,
        query.kind,
        version,
        tuple(required),
        tuple(excluded),
        filters,
        tuple(query.facet_fields),
        query.offset,
        query.limit,
    )
    with _lock:
        cached = _answers.get(key)
        if cached is not None:
            _answers.move_to_end(key)
            return cached
    ids, pairs = _facet_values(query.kind, version)
    # A value no document has gets a token no document has ("fv0"): nothing matches it.
    tokens = [[f"fv{ids.get((name, v), 0)}" for v in values] for name, values in filters]
    state = None
    if settings.SEARCH_IN_MEMORY and not connection.in_atomic_block:
        state = resident.index_for(connection, query.kind).current(connection, version)
    if state is not None:
        wanted = [t for t, (name, _v) in pairs.items() if name in query.facet_fields]
        page, total, tally = resident.answer(
            state, required, excluded, tokens, wanted, query.offset, query.limit
        )
    else:
        page, total, tally = _engine_answer(query, required, excluded, tokens)
    results = _results(query, page, total, tally, required, pairs)
    with _lock:
        _answers[key] = results
        if len(_answers) > CACHE_SIZE:
            _answers.popitem(last=False)
    return results


def prune_log(*, keep: int) -> int:
    """Delete all but the newest `keep` change-log rows of each kind; how many went. A
    process whose last applied row is gone builds its index again (resident.py)."""
    deleted = 0
    for kind in SearchChange.objects.values_list("kind", flat=True).distinct():
        oldest_kept = list(
            SearchChange.objects.filter(kind=kind)
            .order_by("-id")
            .values_list("id", flat=True)[keep - 1 : keep]
        )
        if oldest_kept:
            deleted += SearchChange.objects.filter(kind=kind, id__lt=oldest_kept[0]).delete()[0]
    return deleted


def warm(kind: str) -> None:
    """Build this process's index in memory for a kind now, rather than at its first
    search: for a server's start, or a benchmark's."""
    resident.index_for(connection, kind).build_now(connection)


def _engine_answer(query: Query, required, excluded, tokens) -> tuple[list[int], int, Counter]:
    """Every match in order, with its filter tokens, from the database: the page, the total
    and how many matches have each filter token."""
    matches = engine_for(connection).matches(query.kind, required, excluded, tokens)
    tally = Counter()
    if query.facet_fields and matches:
        tally = Counter(" ".join(m[1] for m in matches).split())
    page = [m[0] for m in matches[query.offset : query.offset + query.limit]]
    return page, len(matches), tally


def _results(query: Query, page, total, tally, stems, pairs) -> Results:
    counts: dict[str, dict[str, int]] = {name: {} for name in query.facet_fields}
    for token, count in tally.items():
        pair = pairs.get(token)
        if pair and pair[0] in counts:
            counts[pair[0]][pair[1]] = count
    cards = _cards(query.kind, page) if page else {}
    return Results(
        object_ids=page,
        cards=[cards.get(pk, {}) for pk in page],
        total=total,
        facets=counts,
        stems=stems,
    )


def _cards(kind: str, object_ids: list[int]) -> dict[int, dict]:
    # Plain SQL, as for the version: the ORM would double the cost.
    marks = ", ".join(["%s"] * len(object_ids))
    sql = (
        "SELECT d.object_id, t.card FROM core_searchtext t JOIN core_searchdocument d "
        "ON d.id = t.document_id WHERE d.kind = %s AND d.object_id IN "
    )
    with connection.cursor() as cursor:
        cursor.execute(sql + f"({marks})", [kind, *object_ids])
        rows = cursor.fetchall()
    return {pk: resident.json_value(card) for pk, card in rows}
