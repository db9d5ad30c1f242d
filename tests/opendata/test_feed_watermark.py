"""The change feed never skips a release committed late: on PostgreSQL a transaction
that wrote first may commit last, and the feed holds back what came after it until it
has (SQLite lets one writer at a time, so there the order of writing is the order of
committing)."""

import threading

import orjson
import pytest
from django.db import connection, transaction
from django.test import Client

from openbuy.opendata.models import Release

from . import world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="only PostgreSQL commits out of order"
    ),
]


def feed(path="/api/v1/ocds/releases"):
    """The ocids of the page's releases, and where the next page starts."""
    response = Client().get(path)
    if response.status_code == 204:  # nothing (yet) after this position
        return [], response["Link"].removeprefix("<").split(">;")[0]
    body = orjson.loads(response.content)
    return [r["ocid"] for r in body["releases"]], body["links"]["next"]


def test_a_release_committed_late_is_never_skipped():
    place = world.jurisdiction()
    first = world.publish(place, 1)
    seen, resume = feed()
    assert seen == [first]

    written, release_it = threading.Event(), threading.Event()
    slow: list[str] = []

    def slow_writer():
        try:
            with transaction.atomic():
                slow.append(world.publish(place, 2))  # written before the other...
                written.set()
                release_it.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        assert written.wait(timeout=30)
        fast = world.publish(place, 3)  # ...committed before it
        assert Release.objects.filter(ocid=fast).exists()
        held, still = feed(resume)
        assert held == []  # the fast one waits for the slow one
        assert still == resume
    finally:
        release_it.set()
        thread.join()
    seen, _next = feed(resume)
    assert seen == [slow[0], fast]
