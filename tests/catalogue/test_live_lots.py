"""The lots on offer are kept per process between searches; they must still follow every
framework that goes live, expires, or passes its expiry date. Outside a transaction, where
the keeping happens."""

import pytest

from openbuy.catalogue import browse
from openbuy.core import pagecache
from openbuy.frameworks import actions
from tests.frameworks.helpers import expire_by_the_calendar

pytestmark = pytest.mark.django_db(transaction=True)
LOTS = {"cloud-hosting", "cloud-software", "cloud-support"}


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    monkeypatch.setattr(browse, "_live_lots_cache", None)


def _found(client) -> str:
    return client.get("/services/", {"q": "hosting"}).content.decode()


def test_lots_are_kept_until_a_framework_goes_live_or_expires(client, request):
    assert browse.live_lots() == []
    _service, supplier, person, framework = request.getfixturevalue("live")  # goes live now
    lots = browse.live_lots()
    assert {lot.slug for lot in lots} == LOTS
    assert browse.live_lots()[0] is lots[0]  # kept, not loaded again
    assert "1 service found" in _found(client)
    assert supplier.name in _found(client)
    actions.framework_expire(actor=person, framework=framework)
    assert browse.live_lots() == []
    assert "0 services found" in _found(client)


def test_lots_leave_on_their_expiry_date_even_when_kept(client, live, monkeypatch):
    assert "1 service found" in _found(client)
    expire_by_the_calendar(live[3])
    # The days pass for the page cache too: its pages last no longer than a quarter hour,
    # and every midnight falls on one.
    later = pagecache.quarter_hour() + 1
    monkeypatch.setattr(pagecache, "quarter_hour", lambda: later)
    assert browse.live_lots() == []
    assert "0 services found" in _found(client)


def test_kept_lots_are_loaded_again_after_their_time(monkeypatch, live):
    first = browse.live_lots()
    monkeypatch.setattr(browse, "LIVE_LOTS_MAX_AGE", 0)
    again = browse.live_lots()
    assert [lot.pk for lot in again] == [lot.pk for lot in first]
    assert again[0] is not first[0]
