"""Full-text search with filters and facet counts, on SQLite FTS5 or PostgreSQL.

One interface, two engines: `index()` and `remove()` keep documents up to date; `search()`
answers a Query with the page (ids and the cards kept for display), the total and the facet
counts. Words are stemmed in Python (text.py) and filter values become tokens (f<id>) in
the same full-text index, so one lookup finds the matches on either engine and both engines
match the same documents. Order: title matches first, then a hash of the object id, so no
supplier is favoured by name.

Outside a transaction, answers come from the index each process keeps in memory
(snapshot.py, kept by resident.py), caught up from the change log on the first search after
each change; inside one (where uncommitted changes may be seen, and may yet roll back) the
engine answers, returning every match in order with its filter tokens, and paging and facet
counts happen here. Answers are also cached per process until the index changes.

Each kind's documents come from a source its app registers (register_source), from which
reindex() makes the whole index of a kind again (`openbuy search reindex`).
"""

import hashlib
import itertools
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction

from ..bounded import Bounded
from ..models import (
    SearchChange,
    SearchDocument,
    SearchFacetValue,
    SearchIndexVersion,
    SearchText,
)
from . import resident, text
from .engines import engine_for
from .snapshot import Answer, answer

__all__ = [
    "Document",
    "Query",
    "Results",
    "index",
    "prune_log",
    "register_source",
    "reindex",
    "remove",
    "search",
    "sources",
    "text",
    "warm",
]

CACHE_SIZE = 256


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


class FacetValue(NamedTuple):
    field: str
    value: str


@dataclass(frozen=True)
class FacetValues:
    """A kind's filter values at one version of its index, and their tokens (fv<id>)."""

    ids: dict[FacetValue, int]
    by_token: dict[str, FacetValue]


class AnswerKey(NamedTuple):
    vendor: str
    kind: str
    version: str
    required: tuple[str, ...]
    excluded: tuple[str, ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    facet_fields: tuple[str, ...]
    offset: int
    limit: int


# Kept per process; a key holds the index version, so a change makes new ones.
_answers: Bounded[AnswerKey, Results] = Bounded(CACHE_SIZE)
_values: Bounded[tuple[str, str, str], FacetValues] = Bounded(8)  # (vendor, kind, version)


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


def _value_ids(kind: str) -> dict[FacetValue, int]:
    rows = SearchFacetValue.objects.filter(kind=kind).values_list("id", "field", "value")
    return {FacetValue(f, v): pk for pk, f, v in rows}


def _facet_values(kind: str, version: str) -> FacetValues:
    def load():
        ids = _value_ids(kind)
        return FacetValues(ids, {f"fv{pk}": pair for pair, pk in ids.items()})

    return _values.get_or_make((connection.vendor, kind, version), load)


def _tokens_for(kind: str, documents: list[Document]) -> dict[FacetValue, int]:
    """Numbers for every filter value of these documents, making the missing ones."""
    ids = _facet_values(kind, _version(kind)).ids
    wanted = {FacetValue(n, v) for d in documents for n, values in d.facets.items() for v in values}
    missing = wanted - set(ids)
    if missing:
        SearchFacetValue.objects.bulk_create(
            [SearchFacetValue(kind=kind, field=n, value=v) for n, v in sorted(missing)],
            ignore_conflicts=True,
        )
        ids = _value_ids(kind)
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


class _Tokens(NamedTuple):
    """A document's text as stored: stems, and filter value tokens, space-separated."""

    title: str
    body: str
    facets: str


def _write(kind: str, documents: list[Document], batch_size: int) -> None:
    ids = _tokens_for(kind, documents)
    engine = engine_for(connection)
    for start in range(0, len(documents), batch_size):
        batch = documents[start : start + batch_size]
        texts = [
            _Tokens(
                title=text.token_text(d.title),
                body=text.token_text(d.body),
                facets=" ".join(
                    f"fv{ids[FacetValue(n, v)]}" for n, values in d.facets.items() for v in values
                ),
            )
            for d in batch
        ]
        rows = SearchDocument.objects.bulk_create(
            SearchDocument(
                kind=kind,
                object_id=d.object_id,
                tiebreak=tiebreak(kind, d.object_id),
                title_tokens=t.title,
                facet_tokens=t.facets,
            )
            for d, t in zip(batch, texts, strict=True)
        )
        SearchText.objects.bulk_create(
            SearchText(
                document=row,
                title_tokens=t.title,
                body_tokens=t.body,
                facet_tokens=t.facets,
                card=d.card,
            )
            for row, d, t in zip(rows, batch, texts, strict=True)
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
    key = AnswerKey(
        vendor=connection.vendor,
        kind=query.kind,
        version=version,
        required=tuple(required),
        excluded=tuple(excluded),
        filters=filters,
        facet_fields=tuple(query.facet_fields),
        offset=query.offset,
        limit=query.limit,
    )
    cached = _answers.get(key)
    if cached is not None:
        return cached
    values = _facet_values(query.kind, version)
    # A value no document has gets a token no document has ("fv0"): nothing matches it.
    tokens = [
        [f"fv{values.ids.get(FacetValue(name, v), 0)}" for v in chosen] for name, chosen in filters
    ]
    state = None
    if settings.SEARCH_IN_MEMORY and not connection.in_atomic_block:
        state = resident.index_for(connection, query.kind).current(connection, version)
    if state is not None:
        wanted = [t for t, pair in values.by_token.items() if pair.field in query.facet_fields]
        found = answer(state, required, excluded, tokens, wanted, query.offset, query.limit)
    else:
        found = _engine_answer(query, required, excluded, tokens)
    return _answers.put(key, _results(query, found, required, values))


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


Source = Callable[[], Iterable[Document]]
_sources: dict[str, Source] = {}


def register_source(kind: str, documents: Source) -> None:
    """Where reindex() finds every document of a kind, as it should be indexed now: the app
    that owns the kind registers it in its AppConfig.ready()."""
    _sources[kind] = documents


def sources() -> list[str]:
    """The kinds with a registered source."""
    return sorted(_sources)


def reindex(
    kind: str, *, batch_size: int = 2000, progress: Callable[[int], object] | None = None
) -> int:
    """Make a kind's whole index again from its source, in one transaction (searches see the
    old index until it commits; writers of the kind wait); how many documents it holds.
    progress(count) is called after each batch written."""
    if kind not in _sources:
        raise LookupError(f"no search source is registered for {kind!r}")
    with transaction.atomic():
        _take_turn(kind)
        touched = set(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
        SearchDocument.objects.filter(kind=kind).delete()
        count = 0
        for batch in itertools.batched(_sources[kind](), batch_size):
            _write(kind, list(batch), batch_size)
            touched.update(d.object_id for d in batch)
            count += len(batch)
            if progress is not None:
                progress(count)
        if touched:
            _log(kind, sorted(touched))
    return count


def warm(kind: str) -> None:
    """Build this process's index in memory for a kind now, rather than at its first
    search: for a server's start, or a benchmark's."""
    resident.index_for(connection, kind).build_now(connection)


def _engine_answer(query: Query, required, excluded, tokens) -> Answer:
    """Every match in order, with its filter tokens, from the database: the page, the total
    and how many matches have each filter token."""
    matches = engine_for(connection).matches(query.kind, required, excluded, tokens)
    counts = Counter()
    if query.facet_fields and matches:
        counts = Counter(" ".join(m.facet_tokens for m in matches).split())
    page = [m.object_id for m in matches[query.offset : query.offset + query.limit]]
    return Answer(page, len(matches), counts)


def _results(query: Query, found: Answer, stems: list[str], values: FacetValues) -> Results:
    counts: dict[str, dict[str, int]] = {name: {} for name in query.facet_fields}
    for token, count in found.counts.items():
        pair = values.by_token.get(token)
        if pair and pair.field in counts:
            counts[pair.field][pair.value] = count
    cards = _cards(query.kind, found.page) if found.page else {}
    return Results(
        object_ids=found.page,
        cards=[cards.get(pk, {}) for pk in found.page],
        total=found.total,
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
