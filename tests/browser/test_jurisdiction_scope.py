"""A visitor who chooses Australia sees Australia's services in its currency, told so, with
a way to see every jurisdiction: in a real browser, axe-checked, at 320 px too."""

import pytest

from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_australia_scopes_the_catalogue_and_all_can_still_be_seen(new_page):
    f.scottish_and_australian_catalogues()
    page = new_page()
    page.goto("/jurisdictions/")
    page.submit("View Australia")
    page.click(page.get_by_role("link", name="Services", exact=True))
    results = page.locator("#results").inner_text()
    assert "Outback hosting" in results
    assert "Highland hosting" not in results
    assert "£" not in page.locator("main").inner_text()
    assert page.locator("#jurisdiction-scope").inner_text().startswith("Showing Australia only.")
    page.set_viewport_size({"width": 320, "height": 640})
    page.click(page.get_by_role("link", name="Show all jurisdictions"))
    results = page.locator("#results").inner_text()
    assert "Outback hosting" in results
    assert "Highland hosting" in results
    page.goto("/frameworks/")
    assert "Cloud Marketplace 2" in page.locator("main").inner_text()
    assert "G Cloud 14" not in page.locator("main").inner_text()
