"""A buyer drafts, divides, publishes, amends and withdraws a requirement in a real browser:
axe-core on every page, nothing scrolling sideways at 320 px, and the same journey with
JavaScript switched off."""

import datetime

import pytest
from django.utils import timezone

from openbuy.opportunities import actions
from openbuy.opportunities.models import Requirement
from tests.browser.conftest import AccessiblePage
from tests.browser.helpers import sign_in
from tests.opportunities import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "document.documentElement.scrollWidth <= innerWidth"


def _answer_the_rest(person, requirement):
    """Every section but the one answered on the page, through the actions."""
    requirement = Requirement.objects.get(pk=requirement.pk)
    for save, document, answers in (
        (
            actions.requirement_save,
            requirement.questions.doc,
            factories.requirement_answers(requirement.questions.doc),
        ),
        (
            actions.checklist_save,
            requirement.checklist.doc,
            factories.checklist_answers(requirement.checklist.doc),
        ),
    ):
        for section in document.sections[1:]:
            save(
                actor=person,
                requirement=requirement,
                section=section.slug,
                submitted={q.id: answers[q.id] for q in section.questions if q.id in answers},
            )


def _fits_at_320(page, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate(FITS), f"{path} scrolls sideways at 320 px"
    page.set_viewport_size({"width": 1280, "height": 800})


def _closing_boxes(page, day):
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_a_buyer_drafts_publishes_amends_and_withdraws_a_requirement(new_page):
    market = factories.market()
    person = market["buyer"]
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, person.email)
    page.goto("/account/")
    page.click(page.get_by_role("link", name="Your requirements"))
    page.click(page.get_by_role("button", name="Start a requirement"))
    page.get_by_label("Dos 7: Outcomes").check()
    page.submit("Continue")
    page.submit("Start requirement")
    assert page.get_by_role("heading", name="Untitled requirement").is_visible()
    draft = Requirement.objects.get()

    page.click(page.get_by_role("link", name="About the work"))
    page.get_by_label("Title").fill("Flood warnings for Scotland")
    page.get_by_label("The problem to solve or the outcome to achieve").fill("Warn people")
    page.get_by_label("Who the users are and what they need to do").fill("Residents")
    page.submit("Save and return")
    assert page.get_by_role("heading", name="Flood warnings for Scotland").is_visible()
    page.click(page.get_by_role("link", name="Problem and ownership"))
    for group in page.get_by_role("group").all():
        group.get_by_label("Yes", exact=True).check()
    page.submit("Save and return")
    assert page.locator("#checklist-missing").is_visible()  # the other six groups
    _answer_the_rest(person, draft)

    page.goto(f"/buying/requirements/{draft.pk}/")
    page.click(page.get_by_role("link", name="Lots and how the requirement is divided"))
    page.click(page.get_by_role("button", name="Add a lot"))
    page.get_by_label("Title").fill("Discovery")
    page.get_by_label("Estimated value").fill("1.000,00")
    page.submit("Add lot")  # refused, what was typed kept
    assert page.get_by_label("Estimated value").input_value() == "1.000,00"
    page.get_by_label("Estimated value").fill("20,000")
    page.submit("Add lot")
    page.click(page.get_by_role("link", name="Change lot 1"))
    page.get_by_label("Title").fill("Alpha")
    page.submit("Save lot")
    _fits_at_320(page, f"/buying/requirements/{draft.pk}/lots/")
    _fits_at_320(page, f"/buying/requirements/{draft.pk}/")

    page.goto(f"/buying/requirements/{draft.pk}/")
    page.click(page.get_by_role("link", name="Publish the requirement"))
    _closing_boxes(page, timezone.localdate() + datetime.timedelta(days=20))
    page.submit("Continue")
    assert page.get_by_role("heading", name="Check the dates and publish").is_visible()
    assert page.locator("#deadlines").get_by_text("Clarification questions close").is_visible()
    page.submit("Publish requirement")
    assert page.get_by_text("The requirement is published").is_visible()

    page.click(page.get_by_role("button", name="Amend the requirement"))
    page.click(page.get_by_role("link", name="About the work"))
    page.get_by_label("Title").fill("Flood warnings for all of Scotland")
    page.get_by_label("Summary of the change").fill("The whole country is covered")
    page.submit("Publish amendment")
    assert page.get_by_text("Amendment 1 is published").is_visible()
    assert page.get_by_text("The whole country is covered").is_visible()
    _fits_at_320(page, "/buying/requirements/")

    page.goto(f"/buying/requirements/{draft.pk}/")
    page.click(page.get_by_role("button", name="Withdraw the requirement"))
    page.get_by_label("Why are you withdrawing the requirement?").fill("The need went away")
    page.submit("Withdraw requirement")
    assert page.get_by_text("The requirement is withdrawn").is_visible()
    assert Requirement.objects.get().status == "withdrawn"


def test_the_journey_works_without_javascript(browser, live_server):
    market = factories.market()
    person = market["buyer"]
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()

    class NoScript(AccessiblePage):
        def check(self):  # axe needs JavaScript; the other test runs it on these pages
            self.checked.append(self.page.url)

    page = NoScript(page, live_server.url)
    try:
        sign_in(page, person.email)
        page.goto("/buying/requirements/start/")
        page.get_by_label("Open procedure, outside any framework").check()
        page.submit("Continue")
        page.submit("Start requirement")
        draft = Requirement.objects.get()
        page.click(page.get_by_role("link", name="About the work"))
        page.get_by_label("Title").fill("Flood warnings for Scotland")
        page.submit("Save and return")
        _answer_the_rest(person, draft)
        actions.requirement_save(
            actor=person,
            requirement=draft,
            section="about",
            submitted={"title": "Flood warnings", "problem": "Warn people", "users": "Residents"},
        )
        actions.checklist_save(
            actor=person,
            requirement=draft,
            section="problem-and-ownership",
            submitted={f"item{n}": "yes" for n in range(1, 5)},
        )
        page.goto(f"/buying/requirements/{draft.pk}/publish/")
        _closing_boxes(page, timezone.localdate() + datetime.timedelta(days=20))
        page.submit("Continue")
        page.submit("Publish requirement")
        assert Requirement.objects.get().status == "published"
        page.click(page.get_by_role("button", name="Withdraw the requirement"))
        page.get_by_label("Why are you withdrawing the requirement?").fill("No longer needed")
        page.submit("Withdraw requirement")
        assert Requirement.objects.get().status == "withdrawn"
    finally:
        context.close()
