"""The buyer's drafting pages: the list, starting, sections saved unchanged or with bad
input, the checklist's missing items, lots, publishing, amending and withdrawing."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Role
from openbuy.core.actors import SYSTEM
from openbuy.opportunities import actions
from openbuy.opportunities.models import Requirement
from openbuy.opportunities.verbs import Verb
from tests import helpers
from tests.frameworks.helpers import as_sent
from tests.query_counts import queries, same_queries

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(client):
    made = factories.market()
    client.force_login(made["buyer"])
    return made


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return _text(response)


def _boxes(day) -> dict:
    return {
        "closes_on_0": str(day.day),
        "closes_on_1": str(day.month),
        "closes_on_2": str(day.year),
    }


def test_the_list_is_for_buyers_and_takes_the_same_queries_for_more_rows(
    client, market, django_assert_max_num_queries
):
    person, body = market["buyer"], market["body"]
    assert "Your requirements" in _page(client, "/account/")
    for _n in range(2):
        factories.published(person, body, lot=market["lot"])
        actions.requirement_create(actor=person, buyer=body)
    count = queries(client, "/buying/requirements/")
    for _n in range(2):
        factories.published(person, body)
        actions.requirement_create(actor=person, buyer=body, lot=market["lot"])
    page = _page(client, "/buying/requirements/")
    assert page.count("Flood warnings for Scotland") == 4
    assert page.count("Untitled requirement") == 4
    same_queries(client, "/buying/requirements/", count, django_assert_max_num_queries)
    client.force_login(helpers.user("sam@thistle.example"))
    assert client.get("/buying/requirements/").status_code == 403


def test_starting_on_a_specialists_lot_asks_for_the_role_then_offers_a_copy(client, market):
    person, body = market["buyer"], market["body"]
    earlier = factories.complete_draft(person, body)
    specialists = market["framework"].lots.get(slug="specialists")
    page = _page(client, "/buying/requirements/start/")
    assert "How will you buy?" in page
    assert "Open procedure, outside any framework" in page
    form = client.get("/buying/requirements/start/").content.decode()
    assert 'name="step" value="procedure"' in form
    unchosen = _text(client.get("/buying/requirements/start/?step=procedure"))
    assert "There is a problem Select a framework's lot, or an open procedure" in unchosen
    page = _page(client, f"/buying/requirements/start/?procedure={specialists.pk}")
    assert "Which specialist do you need?" in page
    asked = f"/buying/requirements/start/?procedure={specialists.pk}&role=nobody"
    assert "Select a role from the list" in _page(client, asked)
    chosen = f"/buying/requirements/start/?procedure={specialists.pk}&role=delivery-manager"
    assert "A copy of “Flood warnings for Scotland”" in _page(client, chosen)
    response = client.post(chosen, {"source": str(earlier.pk)})
    draft = Requirement.objects.get(copied_from=earlier)
    assert response.url == f"/buying/requirements/{draft.pk}/"
    assert (draft.lot, draft.specialist_role) == (specialists, "delivery-manager")
    assert draft.answers == earlier.answers


def test_a_person_buying_for_two_bodies_chooses_one_first(client, market):
    other = helpers.buyer_body("NatureScot", "nature.scot")
    accounts.membership_grant(
        actor=SYSTEM, organisation=other, user=market["buyer"], role=Role.BUYER
    )
    assert "Who are you buying for?" in _page(client, "/buying/requirements/start/")
    response = client.post(
        f"/buying/requirements/start/?buyer={other.slug}&procedure=open", {"source": ""}
    )
    assert response.status_code == 302
    assert Requirement.objects.get().buyer == other


def test_a_section_saved_unchanged_records_nothing_and_says_so(client, market):
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body)
    document = draft.questions.doc
    events = helpers.events().count()
    for section in document.sections:
        url = f"/buying/requirements/{draft.pk}/questions/{section.slug}/"
        response = client.post(url, as_sent(document, section, draft.answers))
        assert response.status_code == 302, section.slug
        assert "You did not change anything" in _page(client, response.url)
    assert helpers.events().count() == events


def test_weights_not_totalling_100_and_huge_text_keep_what_was_typed(client, market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    url = f"/buying/requirements/{draft.pk}/questions/evaluation/"
    sent = {"weightTechnical": "70", "weightCultural": "20", "weightPrice": "25", "shortlist": "3"}
    response = client.post(url, sent)
    assert response.status_code == 200
    assert "The weightings must add up to 100; they add up to 115" in _text(response)
    assert 'value="70"' in response.content.decode()
    huge = "Flood " * 20000
    response = client.post(f"/buying/requirements/{draft.pk}/questions/about/", {"title": huge})
    assert response.status_code == 200
    assert "There is a problem" in _text(response)
    assert huge.strip() in response.content.decode()
    response = client.post(
        f"/buying/requirements/{draft.pk}/questions/about/",
        b"title=Flood%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert Requirement.objects.get(pk=draft.pk).answers == {}


def test_the_overview_lists_unanswered_checklist_items_with_links(client, market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    answers = factories.checklist_answers(draft.checklist.doc)
    answers.pop("item27")
    answers.pop("item28")
    actions.checklist_save(actor=person, requirement=draft, submitted=answers)
    response = client.get(f"/buying/requirements/{draft.pk}/")
    html = response.content.decode()
    assert "2 checklist items are still to answer" in _text(response)
    assert f'href="/buying/requirements/{draft.pk}/checklist/outcomes/#id_item27_0"' in html
    assert "Cannot start yet" in _text(response)


def test_an_explanation_typed_after_an_answer_that_needs_none_is_said_not_kept(client, market):
    draft = actions.requirement_create(actor=market["buyer"], buyer=market["body"])
    url = f"/buying/requirements/{draft.pk}/checklist/algorithmic-harm/"
    answers = {f"item{n}": "not-applicable" for n in range(18, 23)}
    saved = client.post(
        url,
        {**answers, "item18": "yes", "item18Explanation": "Reviewed", "item19Explanation": "No AI"},
    )
    assert saved.status_code == 302, _text(saved)
    page = html.unescape(_page(client, saved.url))
    assert (
        "Your answer to “Explain your answer to question 18” was not kept: it is asked only "
        "after “No” or “Not applicable”" in page
    )
    assert "question 19" not in page  # asked after "Not applicable", though not needed
    kept = Requirement.objects.get(pk=draft.pk).checklist_answers
    assert "item18Explanation" not in kept
    assert (kept["item18"], kept["item19"], kept["item19Explanation"]) == (
        "yes",
        "not-applicable",
        "No AI",
    )


def test_lots_adding_up_to_more_than_the_published_budget_are_warned_of(client, market):
    draft = factories.complete_draft(market["buyer"], market["body"], lot=market["lot"])
    lots = f"/buying/requirements/{draft.pk}/lots/"
    assert "more than the top of the budget" not in _page(client, lots)
    client.post(f"{lots}1/", {"title": "", "value": "30,000", "criteria": ""})
    assert "more than the top of the budget" not in _page(client, lots)
    client.post(f"{lots}add/", {"title": "Beta", "value": "20,000", "criteria": ""})
    assert (
        "The lots add up to £50,000, more than the top of the budget you publish, "
        "£45,000" in html.unescape(_page(client, lots))
    )


def test_a_lot_with_a_badly_written_value_keeps_it(client, market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    url = f"/buying/requirements/{draft.pk}/lots/add/"
    # Every problem at once, not the amount's first and the others after it is mended.
    all_wrong = {"title": "", "value": "1.000,00", "criteria": "A" * 1001}
    text = _text(client.post(url, all_wrong))
    assert "Enter the lot's title" in text
    assert "Enter an amount in figures" in text
    assert "Each criterion must be 1,000 characters or fewer" in text
    response = client.post(url, {"title": "Beta", "value": "1.000,00", "criteria": "A\r\nB"})
    assert "Enter an amount in figures" in _text(response)
    assert 'value="1.000,00"' in response.content.decode()
    response = client.post(url, {"title": "Beta", "value": "1,000.00", "criteria": "A\r\nB"})
    assert response.url == f"/buying/requirements/{draft.pk}/lots/"
    lot = draft.lots.get(number=2)
    assert (lot.value, lot.criteria) == (1000, ["A", "B"])
    response = client.post(
        f"/buying/requirements/{draft.pk}/lots/2/",
        {"title": "Beta", "value": "1,000", "criteria": "A\r\nB"},
    )
    assert "You did not change anything" in _page(client, response.url)
    response = client.post(f"/buying/requirements/{draft.pk}/lots/2/remove/")
    assert not draft.lots.filter(number=2).exists()
    refused = client.post(f"/buying/requirements/{draft.pk}/lots/1/remove/")
    assert refused.status_code == 409
    assert "the only lot stays" in _text(refused)


def test_publishing_shows_the_deadlines_before_confirming(client, market):
    person, body = market["buyer"], market["body"]
    # Mid-2099 (an open procedure: the framework has expired by then), so that a closing
    # day on 2 December 2099 is within a year.
    with factories.clock(datetime.datetime(2099, 7, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(person)
        draft = factories.complete_draft(person, body)
        url = f"/buying/requirements/{draft.pk}/publish/"
        page = _page(client, url)
        assert "Suppliers need at least 10 days to respond" in page
        assert "It can close at most 365 days from today: 1 July 2100 or earlier" in page
        assert "It must close before the latest start date, 28 December 2099" in page
        two_digits = client.post(
            url, {"closes_on_0": "1", "closes_on_1": "12", "closes_on_2": "26"}
        )
        assert "Enter the year as 4 digits" in _text(two_digits)
        assert 'value="26"' in two_digits.content.decode()
        soon = timezone.localdate() + datetime.timedelta(days=3)
        assert "at least 10 days away" in _text(client.post(url, _boxes(soon)))
        day = datetime.date(2099, 12, 2)  # a Wednesday
        preview = client.post(url, _boxes(day))
        text = _text(preview)
        assert "Check the dates and publish" in text
        assert "Responses close Wednesday 2 December 2099 23:59 GMT" in text
        assert "Clarification questions close Friday 27 November 2099 23:59 GMT" in text
        assert "2 eligible suppliers are e-mailed" in text
        assert Requirement.objects.get(pk=draft.pk).status == "draft"
        response = client.post(url, {**_boxes(day), "confirm": "1"})
        assert response.url == f"/buying/requirements/{draft.pk}/"
        assert Requirement.objects.get(pk=draft.pk).status == "published"


def test_amending_says_when_the_closing_day_moves_and_withdrawing_needs_a_reason(client, market):
    person, body = market["buyer"], market["body"]
    requirement = factories.published(person, body, days=12)
    url = f"/buying/requirements/{requirement.pk}/amend/where-and-when/"
    page = _page(client, url)
    assert "Responses still close at" in page
    later = timezone.now() + datetime.timedelta(days=9)
    with factories.clock(later):
        client.force_login(person)  # a session ends after days idle
        assert "amending it now moves the closing time to" in _page(client, url)
        document = requirement.questions.doc
        sent = as_sent(document, document.section("where-and-when"), requirement.answers)
        response = client.post(url, {**sent, "lengthMonths": "9"})
        assert "Say what changed" in _text(response)
        response = client.post(
            url, {**sent, "lengthMonths": "9", "amendment_summary": "Nine months"}
        )
        assert response.url == f"/buying/requirements/{requirement.pk}/"
        assert "Amendment 1 is published" in _page(client, response.url)
    client.force_login(person)
    withdraw = f"/buying/requirements/{requirement.pk}/withdraw/"
    assert "Enter why the requirement is withdrawn" in _text(client.post(withdraw, {"reason": " "}))
    client.post(withdraw, {"reason": "The need went away"})
    assert Requirement.objects.get(pk=requirement.pk).withdrawn_reason == "The need went away"
    assert helpers.events(Verb.REQUIREMENT_WITHDRAWN).count() == 1


def test_other_buyers_get_404_and_a_teammate_without_the_permission_403(client, market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    section = f"/buying/requirements/{draft.pk}/questions/about/"
    other, _body = factories.buyer(
        "kim@nature.scot", helpers.buyer_body("NatureScot", "nature.scot")
    )
    client.force_login(other)
    assert client.get(f"/buying/requirements/{draft.pk}/").status_code == 404
    assert client.get(section).status_code == 404
    reader = factories.teammate(draft, "ailsa@sepa.org.uk", ["answer"], by=person)
    client.force_login(reader)
    assert "you can read it, not change it" in _page(client, f"/buying/requirements/{draft.pk}/")
    assert client.get(section).status_code == 403
    assert client.get(f"/buying/requirements/{draft.pk}/publish/").status_code == 403
    team = _page(client, f"/buying/requirements/{draft.pk}/team/")
    assert "Add someone to the team" not in team


def test_sections_say_each_questions_limits_before_anyone_types(client, market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    about = _page(client, f"/buying/requirements/{draft.pk}/questions/about/")
    assert "Describe the problem or the outcome, not a solution You can enter up to 500 words." in (
        about
    )
    assert "Who the users are and what they need to do You can enter up to 300 words." in about
    # The set's own hint gives the criteria's limits: they are not said twice.
    criteria = _page(client, f"/buying/requirements/{draft.pk}/questions/criteria/")
    assert "up to 20, each in 50 words or fewer" in criteria
    assert "You can enter up to" not in criteria
    checklist = draft.checklist.doc.sections[0].slug
    items = _page(client, f"/buying/requirements/{draft.pk}/checklist/{checklist}/")
    assert "You can enter up to 150 words." in items
