"""Opening the verification link in the browser that signed up signs the person in, with
no second typing of the password; anywhere else the link still asks for it (issue 7, fix 13).
"""

import pytest
from django.test import Client

from openbuy.accounts import actions
from openbuy.accounts.models import User
from openbuy.core.errors import Forbidden
from tests import helpers

pytestmark = pytest.mark.django_db

FORM = {
    "purpose": "supplier",
    "name": "Sam Supplier",
    "email": "sam@thistle.example",
    "password": "a-long-enough-pass",
}


def sign_up(client, capture) -> str:
    """Sign up in this browser; the verification link's path."""
    with capture(execute=True):
        assert client.post("/account/sign-up/", FORM).status_code == 302
    return helpers.link_in(helpers.last_email(FORM["email"]))


def asks_for_the_password(response) -> bool:
    html = response.content.decode()
    return "Enter the account" in html and 'type="password"' in html


def test_the_link_opened_where_the_person_signed_up_signs_them_in(
    client, django_capture_on_commit_callbacks
):
    link = sign_up(client, django_capture_on_commit_callbacks)
    response = client.get(link)
    assert response.status_code == 302
    assert response.url == link
    assert "openbuy_device" in response.cookies  # a device the account is used on now
    page = client.get(link).content.decode()
    assert "Email address verified" in page
    assert 'href="/account/">Go to your account' in page
    assert "Your account" in client.get("/account/").content.decode()
    person = User.objects.get()
    assert person.email_verified
    signed_in = helpers.events("account.signed_in").get()
    assert signed_in.payload["via"] == "verification"
    assert [e.verb for e in helpers.events()][-3:] == [
        "account.signed_up",
        "account.signed_in",
        "account.email_verified",
    ]
    # Used once: after signing out, the same browser signs in with the password as usual.
    client.post("/account/sign-out/")
    again = client.get(link).content.decode()
    assert 'data-module="govuk-button" href="/account/sign-in/">Sign in' in again
    assert "_auth_user_id" not in client.session


def test_the_link_opened_in_another_browser_still_asks_for_the_password(
    client, django_capture_on_commit_callbacks
):
    link = sign_up(client, django_capture_on_commit_callbacks)
    other_device = Client()
    page = other_device.get(link)
    assert page.status_code == 200
    assert asks_for_the_password(page)
    assert "_auth_user_id" not in other_device.session
    assert not User.objects.get().email_verified
    assert not helpers.events("account.signed_in").exists()


def test_signing_up_with_an_address_that_has_an_account_remembers_nothing(
    client, django_capture_on_commit_callbacks
):
    """Someone signs up with Sam's address in their browser: no account is made there, so
    Sam's link (were it ever opened there) still needs Sam's password."""
    sam = helpers.user(FORM["email"], verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/sign-up/", {**FORM, "password": "the-impostors-pass"})
    assert User.objects.count() == 1
    token = actions.verification_token(sam)
    page = client.get(f"/account/verify/{token}/")
    assert asks_for_the_password(page)
    assert "_auth_user_id" not in client.session


def test_a_password_changed_since_signing_up_is_asked_for(
    client, django_capture_on_commit_callbacks
):
    link = sign_up(client, django_capture_on_commit_callbacks)
    person = User.objects.get()
    actions.password_change(actor=person, current=FORM["password"], new="another-long-pass")
    page = client.get(link)
    assert page.status_code == 200
    assert asks_for_the_password(page)
    assert "_auth_user_id" not in client.session
    token = link.rstrip("/").rpartition("/")[2]
    with pytest.raises(Forbidden, match="Sign in with your password to use this link"):
        actions.sign_in_where_signed_up(token=token, account_hash="stale")


def test_a_strangers_guesses_do_not_stop_the_browser_that_signed_up(
    client, django_capture_on_commit_callbacks, settings
):
    """As with a sign-in link, the link with this browser proves the owner: waits end."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    link = sign_up(client, django_capture_on_commit_callbacks)
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(6):
        stranger.post("/account/sign-in/", {"email": FORM["email"], "password": f"guess-{n}"})
    assert helpers.events("account.locked").exists()
    assert client.get(link).status_code == 302
    assert User.objects.get().email_verified
    new_device = Client()
    answer = new_device.post(
        "/account/sign-in/", {"email": FORM["email"], "password": FORM["password"]}
    )
    assert answer.status_code == 302
