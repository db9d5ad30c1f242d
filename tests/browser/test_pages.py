"""Every page with a table, at 320 px and at 1280 px: nothing scrolls sideways, axe finds
nothing (content outside landmarks included), and every table stacks with labelled cells.
Then numbered pagination and a page past the end, the operator's own page, and the
language link on a page shown in answer to a POST."""

import pytest

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Organisation
from openbuy.catalogue import actions as catalogue
from openbuy.catalogue.models import Service
from openbuy.core.models import AuditEvent
from tests import helpers
from tests.browser.helpers import sign_in
from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= innerWidth"
# Tables that do not use the shared responsive pattern (the responsive_table tag).
NOT_SHARED = """[...document.querySelectorAll('main table')]
  .filter(t => !t.parentElement.classList.contains('app-table-container')).length"""


def at_both_widths(page, path):
    """Open the page at 320 px, check it, widen it to 1280 px and check it again."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate(FITS), f"{path} scrolls sideways at 320 px"
    assert page.evaluate(NOT_SHARED) == 0, f"{path} has a table without the shared pattern"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(FITS), f"{path} scrolls sideways at 1280 px"
    page.check()


@pytest.fixture
def world():
    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting"))]},
        actor=manager,
        authority=authority,
    )
    project = catalogue.project_create(
        actor=manager,
        buyer=authority,
        name="Council hosting",
        lot=framework.lots.get(slug="cloud-hosting"),
        keywords="hosting",
    )
    catalogue.project_end(actor=manager, project=project)
    accounts.invitation_create(
        actor=f.supplier_owner(supplier),
        organisation=supplier,
        email="a.very.long.address.for.a.new.colleague@supplier0.example",
        role="supplier_member",
    )
    admin = helpers.platform_admin()
    accounts.api_token_create(actor=admin, name="nightly-spend-report-script-" * 3)
    while AuditEvent.objects.count() < 260:  # six pages of the audit trail
        accounts.sign_out(actor=admin)
    return manager, admin, supplier, framework, project


def test_pages_fit_320_and_1280_pixels_and_page_through_by_number(new_page, world):
    manager, admin, supplier, framework, project = world
    service = Service.objects.get()

    buyer = new_page()
    sign_in(buyer, manager.email)
    for path in ("/direct-award/", f"/direct-award/{project.pk}/"):
        at_both_widths(buyer, path)

    page = new_page()
    sign_in(page, admin.email)
    for path in (
        "/frameworks/",
        "/jurisdictions/",
        "/open-data/",
        "/account/api-tokens/",
        f"/frameworks/{framework.slug}/applications/",
        f"/frameworks/{framework.slug}/agreements/",
        "/question-sets/",
        f"/question-sets/{framework.declaration_id}/",
        f"/services/{service.service_id}/versions/",
        f"/organisations/{supplier.slug}/members/",
        "/platform/outbox/",
        "/platform/audit/?page=2",
    ):
        at_both_widths(page, path)

    # Numbered pages: the first, the last, the current one and its neighbours.
    numbers = page.locator(".govuk-pagination__item").all_inner_texts()
    assert [n.strip() for n in numbers] == ["1", "2", "3", "⋯", "6"]
    assert page.get_by_role("link", name="Page 6").get_attribute("href") == "?page=6"
    page.goto("/platform/audit/?page=7")
    assert page.get_by_role("heading", name="There is no such page").is_visible()
    assert page.get_by_text("Page 7 does not exist: there are only 6 pages.").is_visible()
    page.click(page.get_by_role("link", name="Go to the last page"))
    assert page.get_by_role("link", name="Page 6").get_attribute("aria-current") == "page"
    # The audit trail names what each event is about, with a link to it.
    events = page.locator("#audit-events")
    assert events.get_by_role("link", name=framework.name).first.is_visible()
    assert "frameworks.framework:" not in events.inner_text()

    # The admin's account links to the platform operator's page, which exists for them.
    page.goto("/account/")
    operator = Organisation.objects.get(kind=Organisation.Kind.OPERATOR)
    page.click(page.get_by_role("link", name=operator.name))
    assert page.get_by_role("heading", name=operator.name).is_visible()
    page.click(page.get_by_role("link", name="Members and invitations"))
    # Removing the only platform admin is refused on its confirmation page, which says
    # why; its language link opens that page in French.
    page.click(page.get_by_role("button", name=f"Remove {admin.name}, Platform admin"))
    assert page.get_by_text("An organisation needs at least one person").is_visible()
    assert page.get_by_role("button", name="Yes, remove them").count() == 0
    page.click(page.get_by_role("link", name="Français"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "/fr/organisations/" in page.url
    assert page.get_by_role("alert").is_visible()
    page.click(page.get_by_role("link", name="Retour", exact=True))
    assert page.url.endswith(f"/fr/organisations/{operator.slug}/members/")
    assert page.get_by_role("heading", name="Membres").is_visible()
