"""In a browser, with axe-core on every page: the verification link opened in the browser
that signed up signs the person in, so the password is typed once; opened in another
browser it asks for the password, and "Go to your account" then shows the account, not the
sign-in page (issue 7, fix 13)."""

import pytest

from openbuy.accounts.models import User
from tests import helpers
from tests.browser.helpers import read_verification_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-pass"


def sign_up(page, name, email):
    page.goto("/account/sign-up/")
    page.get_by_label("I am a supplier").check()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.submit("Create account")
    assert page.get_by_role("heading", name="Check your email").is_visible()


def test_the_link_signs_in_where_you_signed_up_and_asks_for_the_password_elsewhere(new_page):
    helpers.jurisdiction()
    helpers.platform_admin()
    admin = new_page()

    page = new_page()
    sign_up(page, "Sam Supplier", "sam@thistle.example")
    page.goto("/" + read_verification_link(admin, "sam@thistle.example"))
    assert page.get_by_role("heading", name="Email address verified").is_visible()
    assert page.get_by_label("Password", exact=True).count() == 0
    page.click(page.get_by_role("link", name="Go to your account"))
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert User.objects.get(email="sam@thistle.example").email_verified

    dana = new_page()
    sign_up(dana, "Dana Developer", "dana@thistle.example")
    elsewhere = new_page()  # another device: the link proves only the mailbox
    elsewhere.goto("/" + read_verification_link(admin, "dana@thistle.example"))
    assert elsewhere.get_by_role("heading", name="Confirm your email address").is_visible()
    elsewhere.get_by_label("Password", exact=True).fill(PASSWORD)
    elsewhere.submit("Confirm email address")
    assert elsewhere.get_by_role("heading", name="Email address verified").is_visible()
    elsewhere.click(elsewhere.get_by_role("link", name="Go to your account"))
    assert elsewhere.get_by_role("heading", name="Your account").is_visible()
    dana.goto("/account/")  # the browser that signed up was not signed in by it
    assert dana.get_by_role("heading", name="Sign in").is_visible()
