"""The public list and view of requirements, and clarification questions, through the API:
the same search, selectors and actions as the pages, errors as problem details."""

import datetime

import pytest
from django.utils import timezone

from openbuy.opportunities.models import Requirement
from tests import helpers
from tests.api_client import ApiClient, api_for, send
from tests.frameworks import factories as fw

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    market = f.market()
    flood = f.published(market["buyer"], market["body"], lot=market["lot"])
    payroll = f.published_with(
        market["buyer"], market["body"], title="Payroll", location="scotland"
    )
    return {**market, "flood": flood, "payroll": payroll}


def test_the_list_takes_the_pages_filters(market):
    client = ApiClient()
    everything = client.get("/api/v1/opportunities").json()
    assert everything["total"] == 2
    assert [facet["name"] for facet in everything["facets"]] == [
        "status",
        "closing",
        "lot",
        "filter.location",
        "budget",
    ]
    found = client.get("/api/v1/opportunities?filter.location=scotland&status=open").json()
    assert [o["title"] for o in found["opportunities"]] == ["Payroll"]
    payroll = found["opportunities"][0]
    assert (payroll["status"], payroll["lot"], payroll["location"]) == (
        "open",
        "Open procedure (no framework)",
        "Scotland",
    )
    assert (payroll["budget_max"], payroll["currency"]) == ("45000", "GBP")
    assert payroll["closes_at"] == market["payroll"].closes_at.isoformat().replace(
        "+00:00", "Z"
    ) or (payroll["closes_at"].startswith(market["payroll"].closes_at.date().isoformat()))
    lot = client.get(f"/api/v1/opportunities?lot={market['lot'].pk}&q=flood").json()
    assert [o["title"] for o in lot["opportunities"]] == ["Flood warnings for Scotland"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=sealed", "status"),
        ("filter.location=mars", "filter.location"),
        ("jurisdiction=ZZ", "jurisdiction"),
    ],
)
def test_bad_filters_are_problems_naming_the_field(market, query, field):
    refused = ApiClient().get(f"/api/v1/opportunities?{query}")
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == [field]


def test_the_view_has_lots_checklist_and_history(market):
    flood = market["flood"]
    view = ApiClient().get(f"/api/v1/opportunities/{flood.pk}").json()
    assert (view["title"], view["status"], view["procedure"]) == (
        "Flood warnings for Scotland",
        "open",
        "Outcomes, Dos 7",
    )
    assert [lot["number"] for lot in view["lots"]] == [1]
    assert view["checklist_answers"]["item1"] == "yes"
    assert [entry["kind"] for entry in view["history"]] == ["published"]
    assert ApiClient().get("/api/v1/opportunities/999999").status_code == 404


def test_a_supplier_asks_lists_its_own_and_the_team_answers(market):
    flood, supplier = market["flood"], market["suppliers"][0]
    owner = api_for(fw.supplier_owner(supplier))
    path = f"/api/v1/opportunities/{flood.pk}/questions"
    asked = send(owner, "post", path, {"supplier": supplier.slug, "question": "Remote work?"})
    assert asked.status_code == 201, asked.content
    question = asked.json()
    assert (question["question"], question["asked"], question["answered_at"]) == (
        "Remote work?",
        "Remote work?",
        None,
    )
    assert "supplier" not in question
    mine = owner.get("/api/v1/opportunities/questions/mine").json()
    assert [q["id"] for q in mine["items"]] == [question["id"]]
    assert ApiClient().get(path).json() == []
    team = api_for(market["buyer"])
    assert [q["asked"] for q in team.get(path).json()] == ["Remote work?"]
    answer = f"{path}/{question['id']}/answer"
    empty = send(team, "post", answer, {"answer": " "})
    assert (empty.status_code, empty.json()["errors"]) == (422, {"answer": ["Enter the answer"]})
    done = send(team, "post", answer, {"question": "Can the team work remotely?", "answer": "Yes"})
    assert done.status_code == 200, done.content
    public = ApiClient().get(path).json()
    assert [(q["question"], q["asked"], q["answer"]) for q in public] == [
        ("Can the team work remotely?", None, "Yes")
    ]
    again = send(team, "post", answer, {"answer": "No"})
    assert again.status_code == 409


def test_asking_is_refused_as_the_pages_refuse(market):
    flood, supplier = market["flood"], market["suppliers"][0]
    owner = api_for(fw.supplier_owner(supplier))
    path = f"/api/v1/opportunities/{flood.pk}/questions"
    other = market["suppliers"][1].slug
    assert send(owner, "post", path, {"supplier": other, "question": "Hi"}).status_code == 404
    empty = send(owner, "post", path, {"supplier": supplier.slug, "question": ""})
    assert (empty.status_code, empty.json()["errors"]) == (
        422,
        {"question": ["Enter your question"]},
    )
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    stranger = api_for(outsider.memberships.get().user)
    refused = send(stranger, "post", path, {"supplier": outsider.slug, "question": "Hi"})
    assert refused.status_code == 403
    # The deadline passed a second ago (the clock itself is left alone: the API's rate
    # counts by it).
    Requirement.objects.filter(pk=flood.pk).update(
        questions_close_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    late = send(owner, "post", path, {"supplier": supplier.slug, "question": "Late?"})
    assert late.status_code == 409
    assert "Clarification questions closed at the end of" in late.json()["detail"]
    assert (
        send(ApiClient(), "post", path, {"supplier": supplier.slug, "question": "Hi"}).status_code
        == 401
    )


def test_only_the_team_may_answer_and_others_do_not_see_the_question(market):
    flood, supplier = market["flood"], market["suppliers"][0]
    question = f.ask(flood, supplier)
    path = f"/api/v1/opportunities/{flood.pk}/questions/{question.pk}/answer"
    colleague, _body = f.buyer("ailsa@sepa.org.uk", body=market["body"])
    assert send(api_for(colleague), "post", path, {"answer": "Yes"}).status_code == 404
    asker = send(api_for(fw.supplier_owner(supplier)), "post", path, {"answer": "Yes"})
    assert asker.status_code == 403
