"""Full-text search with filters and facet counts, on SQLite FTS5 or PostgreSQL.

One interface, two engines: `index()` and `remove()` keep documents up to date; `search()`
answers a Query with the page of object ids, the total and the facet counts. Words are
stemmed in Python (see text.py) so both engines match the same documents; ties, and all
results when there are no keywords, are ordered by a hash of the object id.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import connection

from ..models import SearchDocument, SearchFacet
from . import text
from .engines import engine_for

__all__ = ["Document", "Query", "Results", "index", "remove", "search", "text"]


@dataclass(frozen=True)
class Document:
    object_id: int
    title: str
    body: str
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Query:
    kind: str
    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    facet_fields: Sequence[str] = ()
    offset: int = 0
    limit: int = 30


@dataclass
class Results:
    object_ids: list[int]
    total: int
    facets: dict[str, dict[str, int]]
    stems: list[str]


def tiebreak(kind: str, object_id: int) -> str:
    return hashlib.sha256(f"{kind}:{object_id}".encode()).hexdigest()[:16]


def index(kind: str, documents: Iterable[Document], *, batch_size: int = 2000) -> None:
    """Add or replace documents (in the caller's transaction)."""
    documents = list(documents)
    remove(kind, [d.object_id for d in documents])
    for start in range(0, len(documents), batch_size):
        batch = documents[start : start + batch_size]
        rows = SearchDocument.objects.bulk_create(
            SearchDocument(
                kind=kind,
                object_id=d.object_id,
                title_tokens=text.token_text(d.title),
                body_tokens=text.token_text(d.body),
                tiebreak=tiebreak(kind, d.object_id),
            )
            for d in batch
        )
        SearchFacet.objects.bulk_create(
            SearchFacet(document=row, field=name, value=value)
            for row, d in zip(rows, batch, strict=True)
            for name, values in d.facets.items()
            for value in values
        )


def remove(kind: str, object_ids: Iterable[int]) -> None:
    ids = list(object_ids)
    for start in range(0, len(ids), 900):
        SearchDocument.objects.filter(kind=kind, object_id__in=ids[start : start + 900]).delete()


def search(query: Query) -> Results:
    required, excluded = text.parse_query(query.text)
    return engine_for(connection).search(query, required, excluded)
