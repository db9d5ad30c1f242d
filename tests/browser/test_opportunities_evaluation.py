"""An evaluator's and a moderator's journey through evaluation in a real browser, axe-core
on every page, at 1280 and 320 px; and the evaluator's steps without JavaScript."""

import pytest

from openbuy.opportunities.models import Score
from tests import helpers
from tests.browser.helpers import sign_in
from tests.opportunities import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= innerWidth"


def fill_scores(page, score="2", text="Clear evidence of delivery"):
    for key in f.CRITERIA:
        page.locator(f"#id_score_{key}_{score}").check()
        page.locator(f"#id_justification_{key}").fill(text)


def test_an_evaluator_scores_and_a_moderator_ranks_and_shortlists(new_page):
    _market, requirement, responses = f.with_responses()
    evaluator = f.assigned(requirement, "ian@sepa.org.uk")
    f.score_all(f.evaluator(requirement, "two@sepa.org.uk"), 3)
    base = f"/opportunities/{requirement.pk}/evaluation/"

    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, evaluator.user.email)
    page.goto(base)
    page.click(page.get_by_role("link", name="Declare your interests"))
    page.submit("Declare")  # nothing chosen: the error summary, axe-checked
    assert page.get_by_role("alert").get_by_text("Say whether you have a conflict").is_visible()
    page.get_by_label("No").check()
    page.submit("Declare")
    first = responses[0].supplier.name
    page.click(page.get_by_role("link", name=f"Score {first}"))
    fill_scores(page)
    page.locator("#id_justification_cultural").fill("")
    page.submit("Save scores")  # one justification missing: the rest is kept
    assert page.get_by_role("alert").get_by_text("Explain the score").is_visible()
    assert page.locator("#id_justification_nice-1").input_value() == "Clear evidence of delivery"
    page.locator("#id_justification_cultural").fill("Works in the open")
    page.submit("Save scores")
    for response in responses[1:]:
        page.goto(f"{base}scores/{response.pk}/")
        fill_scores(page)
        page.submit("Save scores")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(FITS), "the responses scroll sideways at 320 px"
    page.check()
    page.click(page.get_by_role("button", name="Check and submit your scores"))
    assert page.evaluate(FITS), "the check page scrolls sideways at 320 px"
    page.submit("Submit scores")
    page.click(page.get_by_role("link", name=f"All scores {first}"))
    assert page.get_by_text("Scored 3 on the evidence").first.is_visible()

    moderator = new_page()
    moderator.set_viewport_size({"width": 1280, "height": 900})
    sign_in(moderator, requirement.created_by.email)
    moderator.goto(base)
    moderator.click(moderator.get_by_role("link", name="Moderate the scores"))
    for response in responses:
        moderator.goto(f"{base}moderation/{response.pk}/")
        for key in f.CRITERIA:
            moderator.locator(f"#id_score_{key}_3").check()
        moderator.submit("Save final scores")  # 3 differs from 2: a reason is needed
        assert moderator.get_by_role("alert").get_by_text("Give a reason").first.is_visible()
        for key in f.CRITERIA:
            moderator.locator(f"#id_reason_{key}").fill("The panel agreed on 3")
        moderator.submit("Save final scores")
    moderator.goto(f"{base}ranking/")
    assert moderator.get_by_role("heading", name="Ranking").is_visible()
    rows = moderator.locator("#ranking-1 tbody tr")
    assert rows.first.inner_text().startswith("1")
    assert responses[2].supplier.name in rows.first.inner_text()  # the lowest day rate
    moderator.set_viewport_size({"width": 320, "height": 800})
    assert moderator.evaluate(FITS), "the ranking scrolls sideways at 320 px"
    moderator.check()
    moderator.click(moderator.get_by_role("link", name="Choose the shortlist for the second stage"))
    moderator.get_by_label(responses[2].supplier.name, exact=False).check()
    moderator.submit("Save shortlist")
    assert moderator.get_by_text("1 supplier is on the shortlist").is_visible()
    assert len(page.checked) > 8
    assert len(moderator.checked) > 8


def test_an_evaluator_declares_and_scores_without_javascript(browser, live_server):
    _market, requirement, responses = f.with_responses(rates=("500.00",))
    evaluator = f.assigned(requirement, "ian@sepa.org.uk")
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    base = f"{live_server.url}/opportunities/{requirement.pk}/evaluation/"
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Email address").fill(evaluator.user.email)
    page.get_by_label("Password", exact=True).fill(helpers.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}interests/")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Declare").click()
    page.wait_for_url(f"{base}scores/")
    page.goto(f"{base}scores/{responses[0].pk}/")
    fill_scores(page)
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_url(f"{base}scores/")
    assert Score.objects.filter(evaluator=evaluator).count() == len(f.CRITERIA)
    context.close()
