"""Signing up, verifying the address, and joining a buyer body by e-mail domain."""

import pytest
from django.test import Client

from openbuy.accounts import actions
from openbuy.accounts.models import Membership, User
from openbuy.core.errors import Forbidden, Invalid
from tests import helpers

pytestmark = pytest.mark.django_db

FORM = {
    "purpose": "buyer",
    "name": "Morag Buyer",
    "email": "Morag@SEPA.org.uk",
    "password": "a-long-enough-pass",
}


@pytest.fixture
def sepa():
    return helpers.buyer_body()


def test_buyer_signs_up_verifies_and_joins_their_body(
    client, sepa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/sign-up/", FORM)
    assert response.status_code == 302
    assert response.url == "/account/check-your-email/"
    person = User.objects.get()
    assert person.email == "morag@sepa.org.uk"
    assert not person.email_verified
    assert person.password.startswith("argon2")
    message = helpers.last_email("morag@sepa.org.uk")
    assert message.subject == "Verify your email address for openbuy"

    # Opened on another device (the browser that signed up needs no password: see
    # test_verify_sign_in.py), the link asks for the password.
    other_device = Client()
    link = helpers.link_in(message)
    assert "Enter the account" in other_device.get(link).content.decode()
    wrong = other_device.post(link, {"password": "not-the-password"})
    assert "Enter the password of this account" in wrong.content.decode()
    response = other_device.post(link, {"password": FORM["password"]})
    assert response.url == link
    page = other_device.get(link).content.decode()
    assert "Email address verified" in page
    assert "You are a Buyer at Scottish Environment Protection Agency" in page
    person.refresh_from_db()
    assert person.email_verified
    assert Membership.objects.get(user=person).role == "buyer"
    assert [e.verb for e in helpers.events()][-4:] == [
        "account.signed_up",
        "account.sign_in_failed",
        "account.signed_in",
        "account.email_verified",
    ]


def test_subdomains_join_the_body_owning_the_longest_matching_domain():
    helpers.buyer_body("Scottish Government", "gov.scot")
    transport = helpers.buyer_body("Transport Scotland", "transport.gov.scot")
    person = helpers.user("ann@roads.transport.gov.scot", purpose="buyer")
    assert person.memberships.get().organisation == transport


def test_a_buyer_address_outside_every_body_is_refused_with_what_to_do(client, sepa):
    response = client.post("/account/sign-up/", {**FORM, "email": "me@gmail.com"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "gmail.com is not the e-mail domain of a public body on openbuy" in html
    assert "choose &#x27;I am a supplier&#x27;" in html
    assert '<a href="#id_email">' in html  # linked from the error summary
    assert "<title>Error:" in html
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"email": "a" * 250 + "@x.org"}, "email", "Email address must be 254 characters or fewer"),
        ({"name": "x" * 151}, "name", "Full name must be 150 characters or fewer"),
        ({"name": ""}, "name", "Enter your full name"),
        ({"purpose": ""}, "purpose", "Select what you will use openbuy for"),
        ({"password": "short"}, "password", "This password is too short"),
        ({"password": "password1234"}, "password", "This password is too common"),
    ],
)
def test_bad_sign_up_input_gets_a_clear_error_and_creates_nothing(
    client, sepa, change, field, message
):
    response = client.post("/account/sign-up/", {**FORM, **change})
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.exists()


def test_signing_up_again_reveals_nothing_and_tells_the_owner(
    client, sepa, django_capture_on_commit_callbacks
):
    existing = helpers.user("morag@sepa.org.uk", purpose="buyer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/sign-up/", FORM)
    assert response.url == "/account/check-your-email/"
    assert User.objects.count() == 1
    assert helpers.last_email(existing.email).subject == "You already have an account on openbuy"


def test_verification_links_that_are_tampered_or_expired_do_not_work(client, settings):
    person = helpers.user("sam@example.org", verified=False)
    token = actions.verification_token(person)
    response = client.get(f"/account/verify/{token}x/")
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    settings.EMAIL_VERIFICATION_MAX_AGE = -1
    with pytest.raises(Invalid, match="This link has expired"):
        actions.email_verify(actor=person, token=token)
    person.refresh_from_db()
    assert not person.email_verified


def test_verifying_twice_changes_nothing_more():
    person = helpers.user("sam@example.org")
    before = helpers.events().count()
    actions.email_verify(actor=person, token=actions.verification_token(person))
    assert helpers.events().count() == before


def test_the_link_alone_does_not_verify_someone_elses_sign_up(client, sepa):
    """Someone signs up with Morag's address. Morag's mailbox gets the link, but without the
    impostor's password it verifies nothing; the impostor has the password but not the link."""
    impostor = helpers.user("morag@sepa.org.uk", verified=False, purpose="buyer")
    token = actions.verification_token(impostor)
    assert (
        client.post(f"/account/verify/{token}/", {"password": "morag-own-pass"}).status_code == 200
    )
    stranger = helpers.user("eve@example.org")
    with pytest.raises(Forbidden, match=r"This link is for morag@sepa\.org\.uk"):
        actions.email_verify(actor=stranger, token=token)
    impostor.refresh_from_db()
    assert not impostor.email_verified
    assert not Membership.objects.filter(user=impostor).exists()
    with pytest.raises(Forbidden, match="Verify your email address before you create API tokens"):
        actions.api_token_create(actor=impostor, name="backdoor")


def test_a_password_reset_proves_the_address_joins_the_body_and_revokes_tokens(
    client, sepa, django_capture_on_commit_callbacks
):
    person = helpers.user("morag@sepa.org.uk", verified=False, purpose="buyer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/forgotten-password/", {"email": person.email})
    link = helpers.link_in(helpers.last_email(person.email))
    client.post(link, {"new_password": "morags-own-secret"})
    person.refresh_from_db()
    assert person.email_verified
    assert Membership.objects.get(user=person).organisation == sepa
    assert helpers.events("account.password_reset").get().payload == {
        "revoked_tokens": 0,
        "joined": sepa.slug,
    }


def test_sign_up_in_french_sends_french_email(client, sepa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/account/sign-up/", FORM)
    person = User.objects.get()
    assert person.language == "fr"
    assert helpers.last_email(person.email).subject == "Vérifiez votre adresse e-mail pour openbuy"
