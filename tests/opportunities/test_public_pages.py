"""The public list and a requirement's page: what each shows, to whom, in which time zone,
and what bad input in the address gets."""

import pytest
from django.utils import formats

from openbuy.opportunities import actions
from openbuy.opportunities.selectors.public import last_day
from tests.visibility import answer, client_of

from . import factories as f
from .page_text import attributes, said, said_by_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return f.market()


def _label(response, target: str) -> str:
    return said_by_all(response, lambda tag, a: tag == "label" and a.get("for") == target)[0]


def test_the_list_shows_each_result_with_its_filters_and_counts(client, market):
    f.published(market["buyer"], market["body"], lot=market["lot"])
    f.published_with(market["buyer"], market["body"], title="Payroll", location="scotland")
    response = client.get("/opportunities/")
    assert response.status_code == 200
    assert said(response, "result-count") == "2 requirements found"
    results = said(response, "results")
    for shown in (
        "Flood warnings for Scotland",
        "Scottish Environment Protection Agency",
        "Outcomes, Dos 7",
        "Open procedure (no framework)",
        "Location: Offsite (no fixed place)",
        "Location: Scotland",
        "Budget: £20,000 to £45,000",
        "Open Closes at the end of",
    ):
        assert shown in results, shown
    assert _label(response, "f-status-open") == "Open (2)"
    assert _label(response, "f-location-scotland") == "Scotland (1)"
    assert _label(response, "f-closing-soon") == "Closing within 7 days (0)"
    filtered = client.get("/opportunities/?location=scotland&q=payroll")
    assert said(filtered, "result-count") == "1 requirement found"
    checked = attributes(filtered, lambda tag, a: a.get("id") == "f-location-scotland")
    assert "checked" in checked[0]
    links = said_by_all(client.get("/"), lambda tag, a: a.get("href") == "/opportunities/")
    assert "Opportunities" in links


def test_bad_filters_find_nothing_and_say_why(client, market):
    f.published(market["buyer"], market["body"], lot=market["lot"])
    response = client.get("/opportunities/?status=sealed")
    assert response.status_code == 400
    summary = said_by_all(response, lambda tag, a: "govuk-error-summary" in a.get("class", ""))
    assert "sealed is not an option of Status" in summary[0]
    assert said(response, "result-count") == "0 requirements found"
    assert client.get("/opportunities/?page=2").status_code == 404


def test_pages_are_numbered(client, market, monkeypatch):
    monkeypatch.setattr("openbuy.opportunities.selectors.public.PAGE_SIZE", 1)
    for title in ("One", "Two", "Three"):
        f.published_with(market["buyer"], market["body"], title=title)
    first, second = client.get("/opportunities/"), client.get("/opportunities/?page=2")
    assert said(first, "result-count") == "3 requirements found"
    assert attributes(first, lambda tag, a: a.get("href") == "?page=3")
    assert said(first, "results") != said(second, "results")


def test_the_jurisdiction_scope_is_the_catalogues(client, market):
    f.published(market["buyer"], market["body"], lot=market["lot"])
    person, body = f.australian_buyer()
    f.published(person, body)
    scoped = client.get("/opportunities/")
    assert said(scoped, "jurisdiction-scope").startswith("Showing Scotland only.")
    assert "Australian Taxation Office" not in said(scoped, "results")
    everything = said(client.get("/opportunities/?jurisdiction=all"), "results")
    assert "Australian Taxation Office" in everything
    assert "A$20,000 to A$45,000" in everything


def test_the_page_shows_answers_checklist_dates_and_who_can_respond(client, market):
    person, body = f.australian_buyer()
    requirement = f.published(person, body)
    response = client.get(f"/opportunities/{requirement.pk}/")
    assert response.status_code == 200
    closing = formats.date_format(last_day(requirement.closes_at, requirement.zone), "j F Y")
    assert f"Responses close End of {closing} (Australia/Sydney)" in said(response, "dates")
    assert said(response, "who-can-respond") == (
        "Every supplier in the buyer's jurisdiction can respond."
    )
    assert said(response, "status") == "Open Open procedure (no framework)"
    page = response.content.decode()
    assert "Where the work will be done" in page
    checklist = page[page.index('id="checklist"') :]
    assert checklist.count('<h3 class="govuk-heading-m"') == 7
    assert "Problem and ownership" in checklist


def test_a_withdrawn_requirement_says_why(client, market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    actions.requirement_withdraw(
        actor=market["buyer"], requirement=requirement, reason="Funding moved to next year"
    )
    response = client.get(f"/opportunities/{requirement.pk}/")
    assert "Funding moved to next year" in said(response, "withdrawn")
    assert said(response, "status").startswith("Withdrawn")
    assert "Funding moved to next year" in said(response, "history")


def test_a_draft_is_not_there_but_for_its_buyers(market):
    draft = actions.requirement_create(actor=market["buyer"], buyer=market["body"])
    other, _body = f.buyer("kim@nhs.scot", body=f.helpers.buyer_body("NHS", "nhs.scot"))
    supplier = market["suppliers"][0].memberships.get().user
    path, api = f"/opportunities/{draft.pk}/", f"/api/v1/opportunities/{draft.pk}"
    people = {
        "anyone": None,
        "a supplier": supplier,
        "another body's buyer": other,
        "its buyer": market["buyer"],
    }
    seen = {
        name: (answer(client_of(p).get(path)), answer(client_of(p).get(api)))
        for name, p in people.items()
    }
    assert seen == {
        "anyone": ("hidden", "hidden"),
        "a supplier": ("hidden", "hidden"),
        "another body's buyer": ("hidden", "hidden"),
        "its buyer": ("shown", "shown"),
    }
    assert "only your buyer body's buyers can see it" in said(
        client_of(market["buyer"]).get(path), "draft"
    )
    for address in (f"{path}questions/", f"{path}questions/ask/"):
        assert answer(client_of(supplier).get(address)) == "hidden"
    assert "Requirement" not in said(client_of(None).get("/opportunities/"), "results")


def test_long_answers_keep_their_paragraphs_and_line_breaks(client, market):
    problem = "Warnings reach people late.\r\n\r\nThey go by <b>post</b>;\r\nsome never arrive."
    requirement = f.published_with(market["buyer"], market["body"], problem=problem)
    html = client.get(f"/opportunities/{requirement.pk}/").content.decode()
    assert (
        '<p class="govuk-body">Warnings reach people late.</p>'
        '<p class="govuk-body">They go by &lt;b&gt;post&lt;/b&gt;;<br>some never arrive.</p>'
    ) in html
    # A one-line answer stays as it was, with no paragraph of its own.
    assert '<dd class="govuk-summary-list__value">Flood warnings for Scotland</dd>' in html


def test_a_chosen_status_keeps_the_other_statuses_counts(client, market):
    f.published(market["buyer"], market["body"], lot=market["lot"])
    gone = f.published_with(market["buyer"], market["body"], title="Payroll")
    actions.requirement_withdraw(actor=market["buyer"], requirement=gone, reason="Merged")
    response = client.get("/opportunities/?status=open")
    assert said(response, "result-count") == "1 requirement found"
    assert _label(response, "f-status-open") == "Open (1)"
    assert _label(response, "f-status-withdrawn") == "Withdrawn (1)"
