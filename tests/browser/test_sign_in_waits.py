"""In a browser, with axe-core on every page: a stranger's guesses make only the stranger's
browser wait; the owner signs in on a new browser with a link by e-mail, and changing the
password there revokes the API tokens and says so (issue 7, B21 and B23)."""

import re

import pytest

from openbuy.accounts import actions
from openbuy.accounts.models import ApiToken
from tests import helpers

WAIT_A_MINUTE = re.compile(r"Wait (1 minute|[45]\d seconds), then try again")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER = "sam@example.org"


def test_a_stranger_waits_and_the_owner_gets_in_by_link_then_changes_the_password(
    new_page, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    helpers.jurisdiction()
    owner = helpers.user(OWNER)
    actions.api_token_create(actor=owner, name="spend script")

    stranger = new_page()
    stranger.set_viewport_size({"width": 320, "height": 640})
    stranger.goto("/account/sign-in/")
    for n in range(5):
        stranger.get_by_label("Email address").fill(OWNER)
        stranger.get_by_label("Password", exact=True).fill(f"guess-{n}")
        stranger.submit("Sign in")
    summary = stranger.get_by_role("alert")
    # A minute's wait, as much of it as is left when the page is made (a slow machine).
    assert WAIT_A_MINUTE.search(summary.inner_text())

    page = new_page()
    page.goto("/account/sign-in/")
    page.click(page.get_by_role("link", name="Sign in with a link by email instead"))
    page.submit("Send link")  # empty: the error is summarised and linked
    assert page.get_by_role("alert").get_by_text("Enter your email address").is_visible()
    page.get_by_label("Email address").fill(OWNER)
    page.submit("Send link")
    assert page.get_by_role("heading", name="Check your email").is_visible()
    page.goto(helpers.link_in(helpers.last_email(OWNER)))
    page.submit(f"Sign in as {OWNER}")
    assert page.get_by_role("heading", name="Your account").is_visible()

    page.goto("/account/password/")
    assert page.get_by_label("Keep my 1 API token working").is_visible()
    page.get_by_label("Current password").fill(helpers.PASSWORD)
    page.get_by_label("New password").fill("another-long-secret")
    page.submit("Change password")
    assert page.get_by_text("Your 1 API token has been revoked").is_visible()
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert len(page.checked) >= 6
