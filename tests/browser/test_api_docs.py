"""The API's docs page in a real browser: Swagger UI drawn from local files inside a page of
the site, passing axe-core (issue 7, A15)."""

import pytest

from tests import helpers
from tests.browser.conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Beside WCAG: the rules /api/v1/docs used to break.
# ("region" waits for the phase banner to move into a landmark, on every page.)
STRUCTURE = ["html-has-lang", "page-has-heading-one", "landmark-one-main", "heading-order"]


def test_the_api_docs_page_draws_swagger_ui_and_passes_axe(new_page):
    helpers.jurisdiction()
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/api/v1/docs")
        page.locator(".opblock-tag").first.wait_for()
        operation = page.locator("#operations-frameworks-openbuy_frameworks_api_create_framework")
        operation.locator(".opblock-summary-control").click()
        operation.get_by_role("button", name="Try it out").click()
        page.check()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})", STRUCTURE
        )
        assert [v["id"] for v in result["violations"]] == []
    assert page.locator("main h1").first.inner_text() == "API documentation"
    # Review finding 14: Swagger UI titled the API with a second <h1>.
    assert page.locator("h1").count() == 1
    assert page.locator("#swagger-ui h2.title").inner_text().startswith("openbuy API")
    assert errors == []
