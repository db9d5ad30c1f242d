"""Drafting through the API: the same actions as the pages, problem details for refusals,
404 for what the asker may not see, and a list that takes the same queries for more rows."""

import datetime

import pytest
from django.utils import timezone

from openbuy.opportunities import actions
from tests import helpers
from tests.api_client import ApiClient, api_for, send
from tests.query_counts import queries, same_queries

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    made = factories.market()
    made["api"] = api_for(made["buyer"])
    return made


def _closing(days=20) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_lots_division_and_publishing_through_the_api(market):
    factories.thresholds({"regulated": "40000"})
    api, person, body = market["api"], market["buyer"], market["body"]
    draft = factories.complete_draft(person, body, lot=market["lot"])
    path = f"/api/v1/requirements/{draft.pk}"
    bad = send(api, "post", f"{path}/lots", {"title": "Beta", "value": "1.000,00"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"value": ["Enter an amount in figures, like 1,250.00"]}
    added = send(api, "post", f"{path}/lots", {"title": "Beta", "value": "25,000.00"})
    assert added.status_code == 201, added.content
    assert (added.json()["number"], added.json()["value"]) == (2, "25000.00")
    saved = send(api, "put", f"{path}/lots/1", {"title": "Alpha", "value": "20000"})
    assert saved.status_code == 200
    assert [lot["title"] for lot in api.get(f"{path}/lots").json()] == ["Alpha", "Beta"]
    refused = send(api, "post", f"{path}/publish", {"closes_on": _closing()})
    assert refused.status_code == 422
    assert "look split to stay under the threshold" in refused.json()["detail"]
    assert list(refused.json()["errors"]) == ["division_reason"]
    reason = {"max_lots_per_supplier": 1, "division_reason": "Discovery and alpha differ"}
    assert send(api, "put", f"{path}/division", reason).status_code == 200
    assert send(api, "post", f"{path}/publish", {"closes_on": "0026-12-01"}).status_code == 422
    published = send(api, "post", f"{path}/publish", {"closes_on": _closing()})
    assert published.status_code == 200, published.content
    body_ = ApiClient().get(path).json()
    assert (body_["division_reason"], body_["max_lots_per_supplier"]) == (
        "Discovery and alpha differ",
        1,
    )
    assert api.delete(f"{path}/lots/2").status_code == 409


def test_weights_not_totalling_100_are_refused_with_a_field_map(market):
    api, person, body = market["api"], market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    weights = {"weightTechnical": "50", "weightCultural": "20", "weightPrice": "20"}
    refused = send(
        api,
        "patch",
        f"/api/v1/requirements/{draft.pk}",
        {"answers": weights, "section": "evaluation"},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "weightTechnical": ["The weightings must add up to 100; they add up to 90"]
    }


def test_copy_audience_and_team_through_the_api(market):
    api, person, body = market["api"], market["buyer"], market["body"]
    source = factories.complete_draft(person, body, lot=market["lot"])
    path = f"/api/v1/requirements/{source.pk}"
    copied = send(api, "post", f"{path}/copy", {})
    assert copied.status_code == 201, copied.content
    assert copied.json()["copied_from"] == source.pk
    assert copied.json()["answers"] == source.answers
    invited = market["suppliers"][1]
    audience = {"invite_only": True, "suppliers": [invited.slug]}
    saved = send(api, "put", f"{path}/audience", audience)
    assert saved.json() == {"invite_only": True, "suppliers": [invited.slug], "category": {}}
    unknown = send(api, "put", f"{path}/audience", {"invite_only": True, "suppliers": ["nope"]})
    assert unknown.status_code == 422
    assert list(unknown.json()["errors"]) == ["suppliers"]

    colleague, _body = factories.buyer("ailsa@sepa.org.uk", body)
    stranger = send(api, "post", f"{path}/team", {"email": "x@y.example", "permissions": ["draft"]})
    assert stranger.status_code == 422
    assert list(stranger.json()["errors"]) == ["email"]
    member = send(api, "post", f"{path}/team", {"email": colleague.email, "permissions": ["draft"]})
    assert member.status_code == 201, member.content
    member_path = f"{path}/team/{member.json()['id']}"
    bad = send(api, "put", member_path, {"permissions": []})
    assert bad.status_code == 422
    assert send(api, "put", member_path, {"permissions": ["draft", "publish"]}).status_code == 200
    team = api.get(f"{path}/team").json()
    assert [(m["email"], m["permissions"]) for m in team] == [
        (person.email, ["draft", "publish", "answer", "read_responses", "evaluate", "award"]),
        (colleague.email, ["draft", "publish"]),
    ]
    drafter = api_for(colleague)
    lead = team[0]["id"]
    assert (
        send(drafter, "put", f"{path}/team/{lead}", {"permissions": ["answer"]}).status_code == 200
    )
    last = api_for(colleague).delete(member_path)
    assert last.status_code == 409
    assert "must be able to publish" in last.json()["detail"]


def test_amending_through_the_api(market):
    api, person, body = market["api"], market["buyer"], market["body"]
    requirement = factories.published(person, body)
    path = f"/api/v1/requirements/{requirement.pk}/amendments"
    refused = send(api, "post", path, {"answers": {"lengthMonths": "9"}, "summary": ""})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["summary"]
    made = send(api, "post", path, {"answers": {"lengthMonths": "9"}, "summary": "Nine months"})
    assert made.status_code == 201, made.content
    assert (made.json()["number"], made.json()["changed"]) == (1, ["lengthMonths"])
    assert ApiClient().get(f"/api/v1/requirements/{requirement.pk}").json()["amended_at"]


def test_others_get_404_and_a_teammate_without_the_permission_403(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    path = f"/api/v1/requirements/{draft.pk}"
    other, _body = factories.buyer(
        "kim@nature.scot", helpers.buyer_body("NatureScot", "nature.scot")
    )
    for client in (api_for(other), api_for(helpers.user("sam@thistle.example"))):
        assert client.get(f"{path}/lots").status_code == 404
        assert send(client, "post", f"{path}/lots", {"title": "Mine"}).status_code == 404
        assert client.get("/api/v1/requirements/mine").json()["items"] == []
    assert ApiClient().get(f"{path}/team").status_code == 401
    reader = factories.teammate(draft, "ailsa@sepa.org.uk", ["answer"], by=person)
    refused = send(api_for(reader), "post", f"{path}/lots", {"title": "Two"})
    assert refused.status_code == 403
    assert "who may draft" in refused.json()["detail"]


def test_the_buyers_list_takes_the_same_queries_for_more_rows(
    market, django_assert_max_num_queries
):
    api, person, body = market["api"], market["buyer"], market["body"]
    for _n in range(2):
        factories.published(person, body, lot=market["lot"])
        actions.requirement_create(actor=person, buyer=body)
    count = queries(api, "/api/v1/requirements/mine")
    for _n in range(2):
        factories.published(person, body)
        actions.requirement_create(actor=person, buyer=body, lot=market["lot"])
    items = api.get("/api/v1/requirements/mine").json()["items"]
    assert [item["status"] for item in items] == ["draft"] * 4 + ["published"] * 4
    same_queries(api, "/api/v1/requirements/mine", count, django_assert_max_num_queries)
