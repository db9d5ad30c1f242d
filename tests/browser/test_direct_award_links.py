"""In a browser, with axe-core on every page: only buyers are offered direct award; a
supplier or the platform admin is never led to a refusal, and a visitor is told buyers can
sign in, which brings a buyer back to the same search with the offer (issue 7, fix 2)."""

import pytest

from tests import helpers
from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "Save this search as a direct-award project"


def sign_in(page, email):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(helpers.PASSWORD)
    page.submit("Sign in")


def test_only_buyers_are_offered_a_direct_award_project(new_page):
    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting"))]},
        actor=manager,
        authority=authority,
    )
    lot = framework.lots.get(slug="cloud-hosting")
    search = f"/services/?lot={lot.pk}&q="
    member = helpers.member(supplier, "dana@supplier0.example")
    admin = helpers.platform_admin()
    buyer = helpers.user("morag@gov.scot", purpose="buyer")

    for person in (f.supplier_owner(supplier), member, admin):
        page = new_page()
        page.goto("/account/sign-in/")
        sign_in(page, person.email)
        assert page.get_by_role("heading", name="Your account").is_visible()
        assert page.get_by_role("link", name="Direct-award projects").count() == 0
        page.goto(search)
        assert page.get_by_role("heading", name="Cloud hosting").is_visible()
        assert page.get_by_role("link", name=SAVE).count() == 0
        assert page.get_by_text("Buyers can").count() == 0

    page = new_page()
    page.goto(search)
    offer = page.locator("#buyers-sign-in")
    assert offer.inner_text() == (
        "Buyers can sign in to save this search as a direct-award project."
    )
    page.click(offer.get_by_role("link", name="sign in"))
    sign_in(page, buyer.email)
    assert page.url.endswith(search)
    page.click(page.get_by_role("link", name=SAVE))
    assert page.get_by_label("Project name").is_visible()
    page.goto("/account/")
    page.click(page.get_by_role("link", name="Direct-award projects"))
    assert page.get_by_role("heading", name="Direct-award projects").is_visible()
