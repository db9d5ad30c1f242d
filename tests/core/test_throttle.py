"""Throttles on Django's cache, shared by every process; the client's address read safely
behind proxies; the API's rates (issue 7, B21)."""

import datetime
import os
import subprocess
import sys
import threading
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.utils import timezone

from openbuy.core import throttle
from openbuy.core.cache import DatabaseCache
from tests import helpers

pytestmark = pytest.mark.django_db

# How long to wait depends on the clock, so the number is any.
REFUSED = r"^You have done this too many times\. Wait \d+ (second|minute|hour)s?, then try again\.$"


def request(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.OPENBUY_TRUSTED_PROXIES = 0
    assert throttle.client_address(request("192.0.2.1", "10.9.9.9")) == "192.0.2.1"


def test_each_trusted_proxy_adds_one_address_and_what_the_client_wrote_is_ignored(settings):
    settings.OPENBUY_TRUSTED_PROXIES = 1
    forged = "10.9.9.9, 198.51.100.4"
    assert throttle.client_address(request("192.0.2.1", forged)) == "198.51.100.4"
    settings.OPENBUY_TRUSTED_PROXIES = 2
    assert throttle.client_address(request("192.0.2.1", "10.9.9.9, 198.51.100.4, 192.0.2.7")) == (
        "198.51.100.4"
    )
    # Garbage where an address should be falls back to the peer, never to the garbage.
    settings.OPENBUY_TRUSTED_PROXIES = 1
    assert throttle.client_address(request("192.0.2.1", "<script>")) == "192.0.2.1"
    assert throttle.client_address(request("192.0.2.1", "")) == "192.0.2.1"


def test_ipv6_clients_are_counted_by_their_64_bit_network(settings):
    settings.OPENBUY_TRUSTED_PROXIES = 0
    assert throttle.client_address(request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert throttle.client_address(request("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"


def test_rates_are_read_from_settings_text():
    assert throttle.Rate.parse("20/h") == throttle.Rate(20, 3600)
    assert throttle.Rate.parse("600/m") == throttle.Rate(600, 60)
    assert throttle.Rate.parse("off") is None
    with pytest.raises(ValueError, match="like 20/h"):
        throttle.Rate.parse("lots")


def test_a_window_counts_to_its_limit_then_says_how_long_to_wait():
    window = throttle.Window("test", throttle.Rate(3, 3600))
    assert [window.hit("a") for _ in range(3)] == [1, 2, 3]
    with pytest.raises(throttle.Throttled, match=REFUSED) as refused:
        window.hit("a")
    assert 0 < refused.value.retry_after <= 3600
    assert window.hit("b") == 1


def test_the_cache_is_the_database_cache_with_an_atomic_count():
    assert isinstance(caches["default"], DatabaseCache)
    assert django_settings.CACHES["default"]["BACKEND"] == "openbuy.core.cache.DatabaseCache"
    cache.set("n", 5, 60)
    assert cache.incr("n") == 6
    assert cache.decr("n", 2) == 4
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")


def test_a_count_expires_by_the_real_clock_as_the_cache_sets_it():
    """Django's database cache sets and reads expiries by the real clock; a count read by
    the request's clock (which tests move by weeks) would find a live entry expired."""
    cache.set("n", 1, 60)
    weeks_on = timezone.now() + datetime.timedelta(days=14)
    with mock.patch.object(timezone, "now", return_value=weeks_on):
        assert cache.get("n") == 1
        assert cache.incr("n") == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_counts_are_each_counted_once():
    window = throttle.Window("parallel", throttle.Rate(100, 3600))
    counts = []

    def hit():
        try:
            counts.append(window.hit("same"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 9))


SCRIPT = """
import sys
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = sys.argv[1]
settings.CACHES["default"]["KEY_PREFIX"] = sys.argv[2]
django.setup()
from openbuy.core import throttle
print(throttle.Window("shared", throttle.Rate(10, 3600)).hit("client"))
"""


@pytest.mark.django_db(transaction=True)
def test_counts_are_shared_with_other_processes(settings):
    """Two processes count into one cache: the count another process makes is seen here."""
    window = throttle.Window("shared", throttle.Rate(10, 3600))
    assert window.hit("client") == 1
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(connection.settings_dict["NAME"]),
            settings.CACHES["default"]["KEY_PREFIX"],
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "openbuy.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert other.stdout.strip() == "2"
    assert window.hit("client") == 3


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_cache_table():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE openbuy_cache")
    call_command("migrate", verbosity=0)
    assert "openbuy_cache" in connection.introspection.table_names()


def test_redis_is_used_when_configured():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "OPENBUY_CACHE_URL": "redis://127.0.0.1:6379/3"}
    found = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "openbuy.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert found.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


@pytest.fixture
def redis_cache():
    """Django's Redis cache on the machine's Redis, under a prefix of this test's own."""
    url = os.environ.get("OPENBUY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    from django.core.cache.backends.redis import RedisCache

    backend = RedisCache(url, {"KEY_PREFIX": f"openbuy-test-{os.getpid()}-{id(object())}"})
    try:
        backend.get("ping")
    except Exception as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis unreachable at {url}: {error}")
    yield backend
    backend.close()


def test_the_throttles_count_alike_on_redis(redis_cache, monkeypatch):
    monkeypatch.setattr(throttle, "_cache", lambda: redis_cache)
    window = throttle.Window("redis", throttle.Rate(2, 60))
    assert [window.hit("a"), window.hit("a")] == [1, 2]
    with pytest.raises(throttle.Throttled, match=REFUSED):
        window.hit("a")
    gate = throttle.Backoff("redis-backoff", limit=2, base=60, cap=600, memory=3600)
    first = gate.enter("a")
    first.failed()
    second = gate.enter("a")
    second.failed()
    assert second.wait == 60
    with pytest.raises(throttle.Throttled, match=REFUSED):
        gate.enter("a")
    gate.end_wait("a")
    gate.clear("a")
    assert gate.enter("a").number == 1
    assert isinstance(redis_cache, BaseCache)


def test_the_api_has_a_general_rate_per_client(client, settings):
    settings.API_RATE = "3/m"
    answers = [client.get("/api/v1/jurisdictions") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429
    # Another client (another address, or another token) has its own count.
    assert Client(REMOTE_ADDR="198.51.100.8").get("/api/v1/jurisdictions").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_anonymous_api_reads_kept_by_the_page_cache_are_not_counted(settings):
    """Chosen (docs/operators.md, Throttling): a kept anonymous read costs less than counting
    it, so it is served without being counted; reads the cache cannot answer still count."""
    helpers.jurisdiction()
    settings.API_RATE = "3/m"
    client = Client(REMOTE_ADDR="198.51.100.20")
    assert client.get("/api/v1/jurisdictions").status_code == 200  # made, counted, kept
    assert all(client.get("/api/v1/jurisdictions").status_code == 200 for _ in range(10))
    fresh = [client.get(f"/api/v1/jurisdictions?page={n}").status_code for n in range(1, 4)]
    assert fresh == [200, 200, 429]


def test_the_api_rate_can_be_turned_off(client, settings):
    settings.API_RATE = "off"
    assert all(client.get("/api/v1/jurisdictions").status_code == 200 for _ in range(5))


def test_wrong_api_tokens_slow_the_address_but_never_a_valid_token(client, settings):
    """A stranger sending wrong tokens from a shared address waits, each wait twice the
    last; a client holding a valid token at that address is served all along."""
    settings.API_TOKEN_FAILURE_LIMIT = 3
    person = helpers.user("sam@example.org")
    from openbuy.accounts import actions

    _token, secret = actions.api_token_create(actor=person, name="script")
    codes = [
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer obt_wrong{n}").status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 429, 429]
    served = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert served.status_code == 200
    assert served.json()["email"] == "sam@example.org"
    refused = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer obt_wrong9")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) == 60
    assert "Wait 1 minute" in refused.json()["detail"]
    # When the wait ends, the next wrong token starts one twice as long.
    from openbuy.accounts.throttles import token_gate

    token_gate().end_wait("127.0.0.1")
    doubled = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer obt_wrong10")
    assert (doubled.status_code, doubled["Retry-After"]) == (429, "120")
    assert "Wait 2 minutes" in doubled.json()["detail"]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_the_words_of_a_wait_agree_with_retry_after():
    assert (
        throttle.too_many(2.2)
        == "You have done this too many times. Wait 3 seconds, then try again."
    )
    assert "Wait 1 second," in throttle.too_many(0.4)
    assert "Wait 59 seconds," in throttle.too_many(58.01)
    assert "Wait 1 minute," in throttle.too_many(59.5)
    assert "Wait 2 minutes," in throttle.too_many(61)
    refused = throttle.Throttled(throttle.too_many(2.2), retry_after=2.2)
    assert refused.retry_after == 3


def test_the_api_rate_says_the_seconds_its_retry_after_gives(client, settings):
    settings.API_RATE = "1/s"
    answers = [client.get("/api/v1/jurisdictions") for _ in range(3)]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused["Retry-After"] == "1"
    assert "Wait 1 second, then try again" in refused.json()["detail"]


def test_caches_of_every_alias_are_reachable():
    for alias in django_settings.CACHES:
        caches[alias].get("anything")
