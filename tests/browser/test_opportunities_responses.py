"""A supplier responds to a requirement in a real browser with JavaScript switched off:
starts, is stopped by a "no" to the essential criteria, answers every section (a day rate
above its catalogue rate is refused and kept), checks, submits, withdraws, and finds it in
its list. Every page it lands on is checked by axe-core, as that browser received it, at
1280 px and at 320 px, with nothing scrolling sideways."""

import re
from pathlib import Path

import pytest

from openbuy.opportunities.models import Response
from tests import helpers
from tests.browser.conftest import AXE, EXTRA_RULES, WCAG_TAGS
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= innerWidth"
STYLED = "[...document.styleSheets].some(sheet => sheet.cssRules.length > 100)"
SCRIPTS = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


class WithoutJavaScript:
    """A page in a browser with JavaScript off. Axe needs JavaScript, so each page the
    journey lands on is copied, without its scripts (as this browser ran none), into a
    second page that runs axe on it at both widths."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.context = browser.new_context(java_script_enabled=False, locale="en-GB")
        self.page = self.context.new_page()
        self.checker = browser.new_context(bypass_csp=True, locale="en-GB").new_page()
        self.checked: list[str] = []

    def close(self):
        self.checker.context.close()
        self.context.close()

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check()

    def click(self, locator):
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def submit(self, label):
        self.click(self.page.get_by_role("button", name=label, exact=True))

    def follow(self, name):
        self.click(self.page.get_by_role("link", name=name, exact=True))

    def check(self):
        url = self.page.url.removeprefix(self.base_url)
        html = SCRIPTS.sub("", self.page.content())
        self.checker.goto(self.base_url + "/healthz")  # the site's origin, for its CSS
        for width in (320, 1280):
            self.checker.set_viewport_size({"width": width, "height": 800})
            self.checker.set_content(html, wait_until="load")
            assert self.checker.evaluate(STYLED), f"{url}: the site's stylesheet did not load"
            assert self.checker.evaluate(FITS), f"{url} scrolls sideways at {width} px"
            self.checker.evaluate(Path(AXE).read_text() + "\n;0")
            result = self.checker.evaluate(
                "([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " rules, resultTypes: ['violations']})",
                [WCAG_TAGS, EXTRA_RULES],
            )
            problems = [f"{v['id']}: {v['help']}" for v in result["violations"]]
            assert problems == [], f"axe found WCAG problems on {url} at {width} px: {problems}"
        self.checked.append(url)

    def text(self, selector="main") -> str:
        return self.page.locator(selector).inner_text()


@pytest.fixture
def without_js(browser, live_server):
    pages = []

    def make():
        pages.append(WithoutJavaScript(browser, live_server.url))
        return pages[-1]

    yield make
    for page in pages:
        page.close()


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.page.get_by_label("Email address").fill(email)
    page.page.get_by_label("Password", exact=True).fill(helpers.PASSWORD)
    page.submit("Sign in")


def test_a_supplier_responds_without_javascript(without_js):
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    owner = fw.supplier_owner(market["suppliers"][0])
    page = without_js()
    sign_in(page, owner.email)
    page.goto(f"/opportunities/{requirement.pk}/respond/")
    assert "Responses close at the end of" in page.text("#closing")
    page.submit("Start your response")
    page.follow("Essential criteria")
    assert "Accessible to everyone" in page.text("#criteria-essentialEvidence")
    essential = page.page.get_by_role("group", name="Do you meet every essential criterion?")
    essential.get_by_label("No").check()
    page.submit("Save and continue")
    assert "only if you meet every essential criterion" in page.text("#ended-reason")
    page.follow("Change your answer")
    essential.get_by_label("Yes").check()
    page.page.get_by_label("Evidence for each essential criterion").fill(
        "Accessible flood maps for SEPA, 2024\nNightly backups for 5 councils"
    )
    page.submit("Save and continue")
    page.page.get_by_label("Evidence for each nice-to-have criterion you meet").fill("Gaelic")
    page.submit("Save and continue")
    page.page.get_by_label("How would your team work with ours?").fill("We pair with you")
    page.submit("Save and continue")
    page.page.get_by_label("Day rate").fill("1,000.00")
    start = f.start_fields()
    page.page.get_by_label("Day", exact=True).fill(start["availability_0"])
    page.page.get_by_label("Month").fill(start["availability_1"])
    page.page.get_by_label("Year").fill(start["availability_2"])
    page.submit("Save and continue")  # read as a thousand: above the catalogue's £650
    assert "above your catalogue rate of £650" in page.text(".govuk-error-summary")
    assert page.page.get_by_label("Day rate").input_value() == "1,000.00"
    assert page.page.get_by_label("Year").input_value() == start["availability_2"]
    page.page.get_by_label("Day rate").fill("600")
    page.submit("Save and continue")
    assert "Check your response before submitting it" in page.text("h1")
    page.submit("Submit response")
    assert "Response submitted" in page.text()
    assert Response.objects.get().status == "submitted"
    page.submit("Withdraw response")  # a link that looks like a button
    page.submit("Yes, withdraw response")
    assert Response.objects.get().status == "withdrawn"
    page.follow("Your responses")
    assert "Flood warnings for Scotland" in page.text("table")
    assert "Withdrawn" in page.text("table")
    assert len(page.checked) >= 12


def test_a_supplier_that_may_not_respond_and_the_buyer_before_and_after_closing(without_js):
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    f.respond(requirement, market["suppliers"][0])
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider")
    page = without_js()
    sign_in(page, fw.supplier_owner(outsider).email)
    page.goto(f"/opportunities/{requirement.pk}/respond/")
    assert "Only suppliers with a live service on Outcomes" in page.text("#refusals")
    buyer = without_js()
    sign_in(buyer, market["buyer"].email)
    buyer.goto(f"/opportunities/{requirement.pk}/responses/")
    assert buyer.text("#response-count") == "1 response submitted"
    assert "Responses are sealed until" in buyer.text("#sealed")
    with f.after_close(requirement):
        buyer = without_js()
        sign_in(buyer, market["buyer"].email)  # the earlier session has run out by now
        buyer.goto(f"/opportunities/{requirement.pk}/responses/")
        buyer.follow(market["suppliers"][0].name)
        assert "Accessible to everyone" in buyer.text()
