"""The public list of requirements and a requirement's page in a real browser, axe-checked:
filters at 1280 and 320 px, the same filters without JavaScript, and a supplier asking a
clarification question that the buyer answers for everyone."""

import pytest

from tests.browser.helpers import sign_in
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= innerWidth"


@pytest.fixture
def market():
    market = f.market()
    person, body = market["buyer"], market["body"]
    flood = f.published(person, body, lot=market["lot"])
    f.published_with(
        person,
        body,
        title="Payroll for councils with a very long title that has to wrap on a phone",
        location="scotland",
        budgetMax="150000",
    )
    return {**market, "flood": flood}


def test_the_list_filters_at_both_widths_and_without_javascript(new_page, browser, market):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/opportunities/")
    assert page.evaluate(FITS)
    assert page.locator("#result-count").inner_text() == "2 requirements found"
    page.locator("#f-location-scotland").check()
    page.locator("#f-status-open").check()
    page.submit("Apply filters")
    assert page.locator("#result-count").inner_text() == "1 requirement found"
    assert "Payroll for councils" in page.locator("#results").inner_text()
    assert page.locator("#f-location-scotland").is_checked()
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(FITS), "the filtered list scrolls sideways at 320 px"
    page.check()
    page.click(page.get_by_role("link", name="Show all jurisdictions"))
    assert page.locator("#result-count").inner_text() == "1 requirement found"
    assert page.evaluate(FITS)

    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        plain = context.new_page()
        plain.goto(page.base_url + "/opportunities/")
        plain.locator("#f-budget-100000-500000").check()
        with plain.expect_navigation():
            plain.get_by_role("button", name="Apply filters").click()
        assert plain.locator("#result-count").inner_text() == "1 requirement found"
        assert "£20,000 to £150,000" in plain.locator("#results").inner_text()
        with plain.expect_navigation():
            plain.get_by_role("link", name="Payroll for councils", exact=False).click()
        assert plain.get_by_role("heading", level=1).inner_text().startswith("Payroll")
    finally:
        context.close()


def test_a_supplier_asks_and_the_buyer_answers_for_everyone(new_page, market):
    flood = market["flood"]
    path = f"/opportunities/{flood.pk}/"
    supplier = new_page()
    sign_in(supplier, fw.supplier_owner(market["suppliers"][0]).email)
    supplier.goto(path)
    supplier.submit("Send question")  # nothing typed: the ask page says so, axe-checked
    assert supplier.get_by_role("alert").get_by_text("Enter your question").is_visible()
    supplier.get_by_label("Your question").fill("Can Thistle's team work from Glasgow?")
    supplier.submit("Send question")
    assert supplier.get_by_role("alert").get_by_text("Your question is sent.").is_visible()
    assert "Waiting for an answer" in supplier.locator("main").inner_text()
    supplier.click(supplier.get_by_role("link", name="Every question your organisations asked"))
    assert (
        "Can Thistle's team work from Glasgow?" in supplier.locator("#question-list").inner_text()
    )

    buyer = new_page()
    sign_in(buyer, market["buyer"].email)
    buyer.goto(path)
    buyer.click(buyer.get_by_role("link", name="All questions (1 waiting for an answer)"))
    buyer.click(buyer.get_by_role("link", name="Answer question 1"))
    buyer.get_by_label("The question as it will be published").fill(
        "Can the team work from Glasgow?"
    )
    buyer.get_by_label("Answer", exact=True).fill("")
    buyer.submit("Publish answer")  # nothing typed: the error summary, axe-checked
    assert buyer.get_by_role("alert").get_by_text("Enter the answer").is_visible()
    buyer.get_by_label("Answer", exact=True).fill("Yes, two days a week.")
    buyer.submit("Publish answer")
    assert "Can the team work from Glasgow?" in buyer.locator("#question-list").inner_text()

    anyone = new_page()
    anyone.set_viewport_size({"width": 320, "height": 800})
    anyone.goto(path)
    assert anyone.evaluate(FITS)
    history = anyone.locator("#history").inner_text()
    assert "Can the team work from Glasgow?" in history
    assert "Yes, two days a week." in history
    assert "Thistle" not in anyone.locator("main").inner_text()
    anyone.set_viewport_size({"width": 1280, "height": 800})
    anyone.check()
