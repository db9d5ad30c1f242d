"""The foundation's journeys in a real browser, with axe-core on every page visited."""

import pytest

from openbuy.accounts.models import Invitation, Organisation, User
from tests import helpers
from tests.browser.helpers import read_verification_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supplier_signs_up_verifies_registers_invites_and_switches_language(new_page):
    helpers.jurisdiction()
    helpers.platform_admin()
    page = new_page()

    page.goto("/")
    page.click(page.get_by_role("link", name="Create an account").first)
    page.get_by_label("I am a supplier").check()
    page.get_by_label("Full name").fill("Sam Supplier")
    page.get_by_label("Email address").fill("sam@thistle.example")
    page.get_by_label("Create a password").fill("a-long-enough-pass")
    page.submit("Create account")
    assert page.get_by_role("heading", name="Check your email").is_visible()

    link = read_verification_link(new_page(), "sam@thistle.example")
    page.goto("/" + link)  # the browser that signed up: signed in, no password again
    assert page.get_by_role("heading", name="Email address verified").is_visible()
    page.click(page.get_by_role("button", name="Sign out"))
    page.click(page.get_by_role("link", name="Sign in").first)
    page.get_by_label("Email address").fill("sam@thistle.example")
    page.get_by_label("Password", exact=True).fill("a-long-enough-pass")
    page.submit("Sign in")
    assert page.get_by_role("heading", name="Your account").is_visible()

    page.click(page.get_by_role("link", name="Register a supplier"))
    page.submit("Register company")  # empty: every error is summarised and linked
    assert page.get_by_role("alert").get_by_text("Enter your company's name").is_visible()
    page.get_by_label("Company name").fill("Thistle Digital Ltd")
    page.get_by_label("Register", exact=True).select_option("GB-COH")
    page.get_by_label("Registration number").fill("SC612345")
    page.get_by_label("Country of registration").select_option("GB")
    page.get_by_label("Registered address").fill("1 High Street\nEdinburgh")
    page.get_by_label("Number of staff").fill("6")
    page.get_by_label("Annual turnover").fill("450,000")
    page.get_by_label("Balance sheet total").fill("120000")
    page.submit("Register company")
    assert page.locator("#size-band").inner_text().startswith("Micro")
    assert Organisation.objects.get(kind="supplier").size_band == "micro"

    page.click(page.get_by_role("link", name="Members and invitations"))
    page.click(page.get_by_role("link", name="Invite a colleague"))
    page.get_by_label("Their email address").fill("dana@thistle.example")
    page.get_by_label("Supplier member").check()
    page.submit("Send invitation")
    assert (
        page.locator("#invitations")
        .get_by_role("cell", name="dana@thistle.example", exact=True)
        .is_visible()
    )
    assert Invitation.objects.get().email == "dana@thistle.example"

    page.click(page.get_by_role("link", name="Français"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Membres").is_visible()
    assert page.url.endswith("/fr/organisations/thistle-digital-ltd/members/")
    page.click(page.get_by_role("link", name="English"))
    assert page.get_by_role("heading", name="Members").is_visible()
    assert User.objects.get(email="sam@thistle.example").email_verified
    assert len(page.checked) >= 15
