"""Signing in and out; five failures make devices the account was never used on wait,
with the same answers for addresses with and without an account (see test_throttling)."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client

from openbuy.accounts import actions
from openbuy.core.throttle import Throttled
from tests import helpers

pytestmark = pytest.mark.django_db

LOCKED = "There have been too many failed attempts to sign in to this account"


def sign_in(client, email, password):
    return client.post("/account/sign-in/", {"email": email, "password": password})


def test_sign_in_and_out_are_audited(client):
    person = helpers.user("sam@example.org")
    response = sign_in(client, "SAM@example.org", helpers.PASSWORD)
    assert response.status_code == 302
    assert response.url == "/account/"
    assert client.get("/account/").status_code == 200
    person.refresh_from_db()
    assert person.last_login is not None
    client.post("/account/sign-out/")
    assert client.get("/account/").status_code == 302
    verbs = [e.verb for e in helpers.events()]
    assert verbs[-2:] == ["account.signed_in", "account.signed_out"]


def test_sign_in_returns_to_a_safe_next_page_only(client):
    helpers.user("sam@example.org")
    good = client.post(
        "/account/sign-in/?next=/account/api-tokens/",
        {"email": "sam@example.org", "password": helpers.PASSWORD, "next": "/account/api-tokens/"},
    )
    assert good.url == "/account/api-tokens/"
    client.post("/account/sign-out/")
    evil = client.post(
        "/account/sign-in/",
        {"email": "sam@example.org", "password": helpers.PASSWORD, "next": "https://evil.example/"},
    )
    assert evil.url == "/account/"


@pytest.mark.parametrize("email", ["sam@example.org", "nobody@example.org"])
def test_five_failures_make_new_devices_wait_alike_for_known_and_unknown(client, email):
    helpers.user("sam@example.org")
    answers = [sign_in(client, email, "wrong-password") for _ in range(4)]
    assert all("Enter a correct email address and password" in a.content.decode() for a in answers)
    fifth = sign_in(client, email, "wrong-password")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    # Even the right password waits on this device.
    assert LOCKED in sign_in(client, email, helpers.PASSWORD).content.decode()
    assert "_auth_user_id" not in client.session
    known = email == "sam@example.org"
    assert helpers.events("account.locked").count() == (1 if known else 0)
    assert helpers.events("account.sign_in_failed").count() == (4 if known else 0)


def test_the_wait_ends(client):
    helpers.user("sam@example.org")
    for _ in range(5):
        sign_in(client, "sam@example.org", "wrong")
    helpers.end_sign_in_waits("sam@example.org")
    assert sign_in(client, "sam@example.org", helpers.PASSWORD).status_code == 302


def test_known_and_unknown_addresses_get_identical_pages(client):
    helpers.user("sam@example.org")
    known = sign_in(Client(), "sam@example.org", "wrong-password").content.decode()
    unknown = sign_in(Client(), "nobody@example.org", "wrong-password").content.decode()
    assert _comparable(known) == _comparable(unknown)


def _comparable(html: str) -> str:
    """The page minus what differs on every response (nonces, CSRF tokens) and the address."""
    html = re.sub(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"', r'\1="-"', html)
    return re.sub(r"(sam|nobody)@example\.org", "X", html)


@pytest.mark.django_db(transaction=True)
def test_parallel_failures_are_all_counted():
    """Ten wrong passwords at once: exactly five are checked, the rest are made to wait."""
    helpers.user("sam@example.org")
    results = []

    def attempt():
        try:
            user = actions.sign_in(
                email="sam@example.org", password="wrong", address="192.0.2.1", device=None
            )
            results.append(user)
        except Throttled as refused:
            results.append(refused.retry_after)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == 4  # checked and wrong
    assert len(results) == 10  # the fifth checked one started the wait, as the rest were told
    assert helpers.events("account.sign_in_failed").count() == 4
    assert helpers.events("account.locked").count() == 1
