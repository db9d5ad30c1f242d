"""Requirements through the API: the same actions, and 404 where a draft is not visible."""

import datetime

import pytest
from django.utils import timezone

from openbuy.opportunities.verbs import Verb
from tests import helpers
from tests.api_client import ApiClient, api_for, send

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    requirement_set, checklist_set = factories.question_sets()
    person, body = factories.buyer()
    return person, body, requirement_set, checklist_set


def _closing(days=20) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_buyer_drafts_completes_publishes_and_withdraws(buyer):
    person, body, requirement_set, checklist_set = buyer
    api = api_for(person)
    created = send(api, "post", "/api/v1/requirements", {"buyer": body.slug})
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["status"], draft["framework"], draft["lot"]) == ("draft", None, None)
    assert (draft["questions"], draft["checklist"]) == (requirement_set.pk, checklist_set.pk)
    path = f"/api/v1/requirements/{draft['id']}"

    refused = send(api, "post", f"{path}/publish", {"closes_on": _closing()})
    assert refused.status_code == 422
    assert "Still to answer" in refused.json()["detail"]
    assert "checklist.item28" in refused.json()["errors"]

    answers = factories.requirement_answers(requirement_set.doc)
    saved = send(api, "patch", path, {"answers": answers})
    assert saved.status_code == 200, saved.content
    assert saved.json()["title"] == "Flood warnings for Scotland"
    checklist = factories.checklist_answers(checklist_set.doc)
    assert send(api, "put", f"{path}/checklist", {"answers": checklist}).status_code == 200

    too_soon = send(api, "post", f"{path}/publish", {"closes_on": _closing(3)})
    assert too_soon.status_code == 422
    assert "closes_on" in too_soon.json()["errors"]

    published = send(api, "post", f"{path}/publish", {"closes_on": _closing()})
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["questions_close_at"] < published.json()["closes_at"]

    changed = send(api, "patch", path, {"answers": {"title": "Another"}})
    assert changed.status_code == 409

    withdrawn = send(api, "post", f"{path}/withdraw", {"reason": "The need went away"})
    assert withdrawn.status_code == 200
    public = ApiClient().get(path).json()
    assert (public["status"], public["withdrawn_reason"]) == ("withdrawn", "The need went away")
    verbs = [e.verb for e in helpers.events() if e.object_type == "opportunities.requirement"]
    assert verbs == [
        Verb.REQUIREMENT_CREATED,
        Verb.REQUIREMENT_SAVED,
        Verb.REQUIREMENT_CHECKLIST_SAVED,
        Verb.REQUIREMENT_PUBLISHED,
        Verb.REQUIREMENT_WITHDRAWN,
    ]


def test_drafts_are_not_there_for_anyone_but_the_buyer_bodys_buyers(buyer):
    person, body, _requirement_set, _checklist_set = buyer
    draft = send(api_for(person), "post", "/api/v1/requirements", {"buyer": body.slug}).json()
    path = f"/api/v1/requirements/{draft['id']}"
    outsider = api_for(helpers.user("sam@thistle.example"))
    other_buyer, _other_body = factories.buyer(
        "kim@nature.scot", helpers.buyer_body("NatureScot", "nature.scot")
    )
    for client in (ApiClient(), outsider, api_for(other_buyer)):
        assert client.get(path).status_code == 404
        assert client.get("/api/v1/requirements").json()["items"] == []
        assert send(client, "patch", path, {"answers": {"title": "Mine"}}).status_code in {
            401,
            404,
        }
    colleague, _body = factories.buyer("ailsa@sepa.org.uk", body)
    assert api_for(colleague).get(path).status_code == 200
    assert [r["id"] for r in api_for(colleague).get("/api/v1/requirements").json()["items"]] == [
        draft["id"]
    ]


def test_a_person_who_is_not_a_buyer_there_cannot_start_one(buyer):
    _person, body, _requirement_set, _checklist_set = buyer
    outsider = api_for(helpers.user("sam@thistle.example"))
    refused = send(outsider, "post", "/api/v1/requirements", {"buyer": body.slug})
    assert refused.status_code == 403
    unknown = send(outsider, "post", "/api/v1/requirements", {"buyer": "nobody"})
    assert unknown.status_code == 404
    half = send(outsider, "post", "/api/v1/requirements", {"buyer": body.slug, "lot": "x"})
    assert half.status_code == 422
