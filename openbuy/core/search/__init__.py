"""Full-text search with filters and facet counts, on SQLite FTS5 or PostgreSQL.

One interface, two engines: `index()` and `remove()` keep documents up to date; `search()`
answers a Query with the page (ids and the cards kept for display), the total and the facet
counts. Words are stemmed in Python (text.py) and filter values become tokens (f<id>) in
the same full-text index, so one lookup finds the matches on either engine and both engines
match the same documents. The engine returns every match in order (title matches first,
then a hash of the object id, so no supplier is favoured by name) with its filter tokens;
paging and facet counts happen here. Answers are cached per process until the index
changes.
"""

import hashlib
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import connection

from ..models import SearchDocument, SearchFacetValue, SearchIndexVersion, SearchText
from . import text
from .engines import engine_for

__all__ = ["Document", "Query", "Results", "index", "remove", "search", "text"]

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
    found = SearchIndexVersion.objects.filter(kind=kind).values_list("version", flat=True).first()
    return found or ""


def _bump(kind: str) -> None:
    token = secrets.token_hex(16)
    if not SearchIndexVersion.objects.filter(kind=kind).update(version=token):
        SearchIndexVersion.objects.update_or_create(kind=kind, defaults={"version": token})


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
    remove(kind, [d.object_id for d in documents], bump=False)
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
    _bump(kind)


def remove(kind: str, object_ids: Iterable[int], *, bump: bool = True) -> None:
    ids = list(object_ids)
    for start in range(0, len(ids), 900):
        SearchDocument.objects.filter(kind=kind, object_id__in=ids[start : start + 900]).delete()
    if bump and ids:
        _bump(kind)


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
    matches = engine_for(connection).matches(query.kind, required, excluded, tokens)
    results = _answer(query, matches, required, pairs)
    with _lock:
        _answers[key] = results
        if len(_answers) > CACHE_SIZE:
            _answers.popitem(last=False)
    return results


def _answer(query: Query, matches: list[tuple], stems: list[str], pairs: dict) -> Results:
    """matches: (object_id, facet tokens) of every matching document, in order."""
    counts: dict[str, dict[str, int]] = {name: {} for name in query.facet_fields}
    if counts and matches:
        tally = Counter(" ".join(m[1] for m in matches).split())
        for token, count in tally.items():
            pair = pairs.get(token)
            if pair and pair[0] in counts:
                counts[pair[0]][pair[1]] = count
    page = [m[0] for m in matches[query.offset : query.offset + query.limit]]
    cards = {}
    if page:
        cards = dict(
            SearchText.objects.filter(
                document__kind=query.kind, document__object_id__in=page
            ).values_list("document__object_id", "card")
        )
    return Results(
        object_ids=page,
        cards=[cards.get(pk, {}) for pk in page],
        total=len(matches),
        facets=counts,
        stems=stems,
    )
