"""Issue 7 review, in a real browser with axe-core on every page: a would-be supplier finds
the way into an open framework and reads a lot's questions first (B3); the agreement page
shows where a countersigned agreement stands, with no form (B4); removing a member is
confirmed first (B6)."""

import pytest

from openbuy.accounts.models import Membership
from openbuy.frameworks.models import Agreement
from tests import helpers
from tests.browser.helpers import sign_in
from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_would_be_supplier_reads_a_lots_questions_signs_in_registers_and_can_apply(new_page):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    person = helpers.user("alex@newco.example", name="Alex New")
    helpers.user("morag@gov.scot", purpose="buyer")

    page = new_page()
    page.goto(f"/frameworks/{framework.slug}/")
    assert "Create an account" in page.locator("#way-in").inner_text()
    page.click(page.locator("#lots").get_by_role("link", name="Cloud hosting"))
    assert page.get_by_role("heading", name="Cloud hosting", level=1).is_visible()
    assert page.get_by_role("heading", name="Service name").is_visible()
    page.click(page.get_by_role("link", name="G Cloud 14"))
    page.click(page.locator("#way-in").get_by_role("link", name="sign in"))
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(helpers.PASSWORD)
    page.submit("Sign in")
    assert page.url.endswith(f"/frameworks/{framework.slug}/")
    page.click(page.get_by_role("button", name="Register your company"))
    page.get_by_label("Company name").fill("Newco Digital Ltd")
    page.get_by_label("Register", exact=True).select_option("GB-COH")
    page.get_by_label("Registration number").fill("SC655321")
    page.get_by_label("Country of registration").select_option("GB")
    page.get_by_label("Registered address").fill("2 High Street\nGlasgow")
    page.get_by_label("Number of staff").fill("3")
    page.get_by_label("Annual turnover").fill("90000")
    page.get_by_label("Balance sheet total").fill("20000")
    page.submit("Register company")
    page.goto(f"/frameworks/{framework.slug}/")
    page.submit("Apply as Newco Digital Ltd")
    assert page.get_by_role("heading", name="Apply to G Cloud 14").is_visible()

    buyer = new_page()
    sign_in(buyer, "morag@gov.scot")
    buyer.goto(f"/frameworks/{framework.slug}/")
    assert "Your account belongs to a buyer" in buyer.locator("#way-in").inner_text()
    buyer.click(buyer.get_by_role("link", name="Declaration questions every supplier answers"))
    assert buyer.get_by_role("heading", name="Declaration", level=1).is_visible()


def test_a_countersigned_agreement_shows_its_state_and_terms_without_a_form(new_page):
    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud({supplier: None}, actor=manager, authority=authority)
    owner = f.supplier_owner(supplier)
    member = helpers.member(supplier, "dana@supplier0.example")
    agreement = Agreement.objects.get()
    for person in (owner, member):
        page = new_page()
        sign_in(page, person.email)
        page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/")
        assert page.get_by_role("heading", name="Your application to G Cloud 14").is_visible()
        assert page.locator("#application-outcome").inner_text() == "Successful"
        page.click(page.get_by_role("link", name="View the framework agreement"))
        state = page.locator("#agreement-state").inner_text()
        assert f"By {agreement.signer_name}, Director" in state
        assert "By Scottish Government" in state
        assert "Secure hosting (Cloud hosting)" in page.locator("#terms").inner_text()
        assert page.get_by_role("button", name="Sign agreement").count() == 0
        assert page.get_by_role("heading", name="Sign the framework agreement").count() == 0


def test_removing_a_member_says_what_they_lose_before_it_happens(new_page):
    (supplier,) = f.suppliers(1)
    owner = f.supplier_owner(supplier)
    helpers.member(supplier, "dana@supplier0.example")
    dana = Membership.objects.get(user__email="dana@supplier0.example")
    page = new_page()
    sign_in(page, owner.email)
    page.goto(f"/organisations/{supplier.slug}/members/")
    page.click(page.get_by_role("button", name=f"Remove {dana.user.name}, Supplier member"))
    assert (
        page.locator("#consequences")
        .get_by_text(f"{dana.user.name} will lose access to {supplier.name}.")
        .is_visible()
    )
    assert Membership.objects.filter(pk=dana.pk).exists()
    page.click(page.get_by_role("link", name="Cancel"))
    assert Membership.objects.filter(pk=dana.pk).exists()
    page.click(page.get_by_role("button", name=f"Remove {dana.user.name}, Supplier member"))
    page.submit("Yes, remove them")
    assert page.get_by_text(f"{dana.user.name} is no longer a supplier member").is_visible()
    assert not Membership.objects.filter(pk=dana.pk).exists()
