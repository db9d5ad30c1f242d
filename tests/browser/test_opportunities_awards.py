"""Awarding in a real browser, with axe-core on every page visited: a buyer chooses a
supplier that is not ranked first, is refused confirming before the standstill ends, and
confirms after it without JavaScript; suppliers read their feedback at 320 px, one of them
without JavaScript. Nothing scrolls sideways."""

import datetime
import re

import pytest
from django.utils import timezone

from openbuy.opportunities.models import Award
from tests.browser.conftest import AccessiblePage
from tests.browser.helpers import sign_in
from tests.opportunities import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= innerWidth"
SCRIPTS_RAN = "document.body.classList.contains('govuk-frontend-supported')"
NEXT_YEAR = timezone.localdate().year + 1


class WithoutJavaScript(AccessiblePage):
    """A page none of whose own scripts run (every script the site serves is refused; it
    has no inline ones), as for someone whose JavaScript is off or failed to load. Axe is
    still injected, so the page is checked as it is shown then."""

    def check(self):
        assert self.page.evaluate(SCRIPTS_RAN) is False
        super().check()


@pytest.fixture
def without_javascript(browser, live_server):
    contexts = []

    def make(width=1280):
        context = browser.new_context(bypass_csp=True, locale="en-GB")
        context.route(re.compile(r"\.m?js(\?.*)?$"), lambda route: route.abort())
        contexts.append(context)
        page = WithoutJavaScript(context.new_page(), live_server.url)
        page.set_viewport_size({"width": width, "height": 800})
        return page

    yield make
    for context in contexts:
        context.close()


def _closed_and_evaluated():
    """A requirement that closed two weeks ago, its three responses moderated 3, 2, 1."""
    now = timezone.now()
    with f.clock(now - datetime.timedelta(days=30)):
        market = f.market(suppliers=3)
        requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
        rates = ("600.00", "500.00", "400.00")
        responses = [
            f.respond(requirement, s, rate=r)
            for s, r in zip(market["suppliers"], rates, strict=True)
        ]
    with f.clock(now - datetime.timedelta(days=15)):
        f.score_all(f.evaluator(requirement))
        f.moderate_all(requirement, {r.pk: s for r, s in zip(responses, (3, 2, 1), strict=True)})
    return market, requirement


def _fill_contract(page, year, value, end_year=None):
    for legend, day, month, in_year in (
        ("When does the contract start?", "1", "4", year),
        ("When does the contract end?", "31", "3", end_year or year),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(in_year)
    page.get_by_label("Total contract value").fill(value)


def _read_feedback(page, requirement):
    page.goto(f"/opportunities/{requirement.pk}/feedback/")
    assert page.evaluate(FITS), "the feedback page scrolls sideways"
    return page.locator("main").inner_text()


def test_a_buyer_awards_and_suppliers_read_their_feedback(new_page, without_javascript, settings):
    # Signed in now, still signed in when the clock is moved past the standstill (signing
    # in under a moved clock would meet the sign-in throttles' windows, kept in real time).
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
    market, requirement = _closed_and_evaluated()
    buyer = new_page()
    buyer.set_viewport_size({"width": 1280, "height": 800})
    sign_in(buyer, market["buyer"].email)
    buyer.goto(f"/opportunities/{requirement.pk}/award/")
    assert buyer.evaluate(SCRIPTS_RAN)  # this one runs the site's scripts
    assert buyer.locator("#ranking-1").get_by_text("91.67").is_visible()
    buyer.click(buyer.get_by_role("button", name="Choose the supplier for Lot 1"))
    buyer.submit("Continue")
    alert = buyer.get_by_role("alert")
    assert alert.get_by_text("Choose the supplier you want to award this to").is_visible()
    buyer.get_by_label("Supplier 1 (ranked 2, 70.00 out of 100)").check()
    buyer.submit("Continue")  # not ranked first: a reason is needed
    assert alert.get_by_text("Say why you are choosing the response ranked 2 of 3").is_visible()
    buyer.get_by_label("Why this supplier, if it is not ranked first?").fill(
        "Its presentation showed the strongest plan for Gaelic speakers"
    )
    buyer.submit("Continue")
    consequences = buyer.locator("#consequences").inner_text()
    assert "Your reason is published with the award: Its presentation" in consequences
    assert "A standstill period runs until the end of" in consequences
    assert buyer.get_by_text("This response is ranked 2 of 3 on the final scores").is_visible()
    buyer.submit("Yes, award to Supplier 1")
    assert buyer.locator("#lot-1-standstill").inner_text().startswith("Until the end of")
    assert buyer.evaluate(FITS)
    buyer.click(buyer.get_by_role("button", name="Confirm the award of Lot 1"))
    assert buyer.locator("#earliest").inner_text().startswith("You can confirm the award from")
    _fill_contract(buyer, "27", "1.000,00")
    buyer.submit("Confirm award")
    alert = buyer.get_by_role("alert").inner_text()
    assert f"Enter the year as 4 digits, like {NEXT_YEAR}" in alert
    assert "Enter an amount in figures, like 1,250.00" in alert
    assert buyer.get_by_label("Total contract value").input_value() == "1.000,00"
    _fill_contract(buyer, str(NEXT_YEAR), "45,000", str(NEXT_YEAR + 1))
    buyer.submit("Confirm award")
    refusal = buyer.get_by_role("alert").inner_text()
    assert "The standstill period has not ended: you can confirm the award from" in refusal
    award = Award.objects.get()
    assert award.status == "standstill"

    loser = new_page()
    loser.set_viewport_size({"width": 320, "height": 800})
    sign_in(loser, f.fw.supplier_owner(market["suppliers"][2]).email)
    text = _read_feedback(loser, requirement)
    assert "Your response was not successful this time. The buyer chose Supplier 1." in text
    assert "50.00" in text
    assert "70.00" in text
    assert "Supplier 0" not in text

    buyer = without_javascript()
    sign_in(buyer, market["buyer"].email)
    first = without_javascript(width=320)
    sign_in(first, f.fw.supplier_owner(market["suppliers"][0]).email)
    with f.clock(award.standstill_ends_at + datetime.timedelta(hours=9)):
        buyer.goto(f"/opportunities/{requirement.pk}/awards/{award.pk}/confirm/")
        _fill_contract(buyer, str(NEXT_YEAR), "45,000", str(NEXT_YEAR + 1))
        buyer.submit("Confirm award")
        contract = buyer.locator("#lot-1-contract").inner_text()
        assert contract == f"1 April {NEXT_YEAR} to 31 March {NEXT_YEAR + 1}, £45,000"
        assert buyer.locator("#requirement-status").inner_text() == "Status: Awarded"
        text = _read_feedback(first, requirement)
    assert "The buyer chose Supplier 1" in text
    assert "91.67" in text
    assert "Supplier 2" not in text
    assert Award.objects.get().status == "confirmed"
