"""Signing in and out; five failures lock an address for 15 minutes, known or not."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from openbuy.accounts import actions
from openbuy.accounts.models import SignInThrottle
from tests import helpers

pytestmark = pytest.mark.django_db

LOCKED = "There have been too many failed attempts to sign in with this email address"


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
def test_five_failures_lock_the_address_with_the_same_answer_for_known_and_unknown(client, email):
    helpers.user("sam@example.org")
    answers = [sign_in(client, email, "wrong-password").content.decode() for _ in range(4)]
    assert all("Enter a correct email address and password" in a for a in answers)
    fifth = sign_in(client, email, "wrong-password").content.decode()
    assert LOCKED in fifth
    # Even the right password is refused while the address is locked.
    assert LOCKED in sign_in(client, email, helpers.PASSWORD).content.decode()
    assert "_auth_user_id" not in client.session
    assert helpers.events("account.locked").count() == 1
    assert helpers.events("account.sign_in_failed").count() == 4


def test_the_lock_lifts_after_15_minutes(client):
    helpers.user("sam@example.org")
    for _ in range(5):
        sign_in(client, "sam@example.org", "wrong")
    SignInThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
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
    """Ten wrong passwords at once: exactly five count before the lock, the rest are refused."""
    helpers.user("sam@example.org")
    results = []

    def attempt():
        try:
            results.append(
                actions.sign_in_attempt(email="sam@example.org", password="wrong").locked
            )
        except actions.SignInLocked:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 4
    assert results.count(True) == 1
    assert results.count("refused") == 5
