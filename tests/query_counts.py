"""Query counts of list pages and API lists: a list must take as many queries for six rows
as for two, so that a query per row (an N+1) fails a test. Counts are compared on one
engine at a time, so they hold on SQLite and PostgreSQL alike."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client, path: str) -> int:
    """The queries of one GET answered 200, after a first one that fills per-process caches
    (live lots, the search index catching up with the change log)."""
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def same_queries(client, path: str, expected: int, django_assert_max_num_queries) -> None:
    """Asked again once the data has grown: no more queries than before. (An audit page can
    take fewer: a query per type of object on it, and its newest events may be of fewer.)"""
    assert client.get(path).status_code == 200, path
    with django_assert_max_num_queries(expected, info=path):
        assert client.get(path).status_code == 200, path
