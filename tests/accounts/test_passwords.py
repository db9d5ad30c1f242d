"""Forgotten and changed passwords."""

import pytest
from django.test import Client

from openbuy.core.models import OutboxMessage
from tests import helpers

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_reset_through_an_emailed_link(
    client, django_capture_on_commit_callbacks
):
    person = helpers.user("sam@example.org")
    for _ in range(5):
        client.post("/account/sign-in/", {"email": person.email, "password": "wrong"})
    locked = client.post("/account/sign-in/", {"email": person.email, "password": "wrong"})
    assert locked.status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/forgotten-password/", {"email": "sam@example.org"})
    assert response.url == "/account/forgotten-password/sent/"
    link = helpers.link_in(helpers.last_email(person.email))
    response = client.post(link, {"new_password": "a-brand-new-secret"})
    assert response.url == "/account/sign-in/"
    # The reset also ends the wait, and the link works once only.
    assert (
        client.post(
            "/account/sign-in/", {"email": person.email, "password": "a-brand-new-secret"}
        ).status_code
        == 302
    )
    assert client.get(link).status_code == 400
    assert helpers.events("account.password_reset").count() == 1


def test_unknown_addresses_get_the_same_answer_and_no_mail(
    client, django_capture_on_commit_callbacks
):
    helpers.user("sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/account/forgotten-password/", {"email": "sam@example.org"})
        unknown = client.post("/account/forgotten-password/", {"email": "nobody@example.org"})
    assert known.url == unknown.url == "/account/forgotten-password/sent/"
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["sam@example.org"]


def test_reset_mail_is_sent_at_most_once_a_minute(client, django_capture_on_commit_callbacks):
    helpers.user("sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post("/account/forgotten-password/", {"email": "sam@example.org"})
    assert OutboxMessage.objects.count() == 1
    assert helpers.events("account.password_reset_requested").count() == 1


def test_change_password_needs_the_current_one(client):
    person = helpers.user("sam@example.org")
    client.force_login(person)
    wrong = client.post(
        "/account/password/", {"current_password": "nope", "new_password": "another-long-secret"}
    )
    assert "Your current password is not right" in wrong.content.decode()
    weak = client.post(
        "/account/password/", {"current_password": helpers.PASSWORD, "new_password": "12345678901"}
    )
    assert "This password is entirely numeric" in weak.content.decode()
    good = client.post(
        "/account/password/",
        {"current_password": helpers.PASSWORD, "new_password": "another-long-secret"},
    )
    assert good.url == "/account/"
    assert client.get("/account/").status_code == 200  # still signed in
    person.refresh_from_db()
    assert person.check_password("another-long-secret")
    assert helpers.events("account.password_changed").count() == 1


def test_account_details_are_changed_and_an_unknown_language_is_refused(client):
    person = helpers.user("sam@example.org")
    client.force_login(person)
    bad = client.post("/account/details/", {"name": "Sam", "language": "xx"})
    assert "Select English or French" in bad.content.decode()
    client.post("/account/details/", {"name": "Samira Person", "language": "fr"})
    person.refresh_from_db()
    assert (person.name, person.language) == ("Samira Person", "fr")
    assert helpers.events("account.updated").get().payload == {"changed": ["language", "name"]}


def _token(person, name="script"):
    from openbuy.accounts import actions

    return actions.api_token_create(actor=person, name=name)[1]


def test_changing_the_password_revokes_api_tokens_and_signs_out_other_sessions(client):
    person = helpers.user("sam@example.org")
    secrets = [_token(person, "one"), _token(person, "two")]
    elsewhere = Client()
    elsewhere.force_login(person)
    client.force_login(person)
    page = client.get("/account/password/").content.decode()
    assert "signs you out on every other device" in page
    assert "Keep my 2 API tokens working" in page
    changed = client.post(
        "/account/password/",
        {"current_password": helpers.PASSWORD, "new_password": "another-long-secret"},
    )
    assert changed.url == "/account/"
    followed = client.get("/account/").content.decode()
    assert "Your password has been changed. Your 2 API tokens have been revoked" in followed
    for secret in secrets:
        answer = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert answer.status_code == 401
    assert elsewhere.get("/account/").status_code == 302  # signed out there
    assert client.get("/account/").status_code == 200  # still signed in here
    event = helpers.events("account.password_changed").get()
    assert event.payload == {"revoked_tokens": 2}


def test_the_owner_may_keep_api_tokens_working_when_changing_the_password(client):
    person = helpers.user("sam@example.org")
    secret = _token(person)
    client.force_login(person)
    client.post(
        "/account/password/",
        {
            "current_password": helpers.PASSWORD,
            "new_password": "another-long-secret",
            "keep_api_tokens": "on",
        },
    )
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert "Your API tokens still work" in client.get("/account/").content.decode()
    assert helpers.events("account.password_changed").get().payload == {"revoked_tokens": 0}


def test_without_api_tokens_the_page_asks_nothing_about_them(client):
    client.force_login(helpers.user("sam@example.org"))
    assert "API token" not in client.get("/account/password/").content.decode()
