"""Responses through the API: a supplier's people start, change, submit and withdraw its
response and read it at any time; the requirement's team reads the submitted ones after
closing, and only then; anyone may know how many there are."""

from unittest import mock

import pytest

from openbuy.opportunities import actions
from openbuy.opportunities.models import Response
from openbuy.opportunities.permissions import Permission
from tests import helpers
from tests.api_client import api_for, send
from tests.frameworks import factories as fw
from tests.opportunities import factories as f
from tests.query_counts import queries, same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    market = f.market()
    market["requirement"] = f.published(market["buyer"], market["body"], lot=market["lot"])
    return market


def test_a_supplier_starts_saves_submits_and_withdraws_its_response(market):
    requirement, supplier = market["requirement"], market["suppliers"][0]
    api = api_for(fw.supplier_owner(supplier))
    path = f"/api/v1/requirements/{requirement.pk}/responses"
    started = send(api, "post", path, {"supplier": supplier.slug, "section": "essential"})
    assert started.status_code == 201, started.json()
    body = started.json()
    assert (body["status"], body["lot"], body["supplier"], body["answers"]) == (
        "draft",
        1,
        supplier.slug,
        {},
    )
    again = send(api, "post", path, {"supplier": supplier.slug, "lot": 1})
    assert (again.status_code, again.json()["id"]) == (200, body["id"])
    answers = f.response_answers(requirement.response_questions.doc)
    saved = send(api, "patch", f"/api/v1/responses/{body['id']}", {"answers": answers})
    assert saved.json()["answers"]["dayRate"] == "600.00"
    submitted = send(api, "post", f"/api/v1/responses/{body['id']}/submit")
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"]
    refused = send(api, "patch", f"/api/v1/responses/{body['id']}", {"answers": answers})
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Withdraw your submitted response before you change it"
    withdrawn = send(api, "post", f"/api/v1/responses/{body['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.get(f"/api/v1/responses/{body['id']}").json()["status"] == "withdrawn"
    assert [r["id"] for r in api.get("/api/v1/responses").json()["items"]] == [body["id"]]


def test_a_second_start_answers_200_with_the_response_the_first_made(market):
    requirement, supplier = market["requirement"], market["suppliers"][0]
    api = api_for(fw.supplier_owner(supplier))
    path = f"/api/v1/requirements/{requirement.pk}/responses"
    first = send(api, "post", path, {"supplier": supplier.slug})
    again = send(api, "post", path, {"supplier": supplier.slug, "answers": {"dayRate": "550.00"}})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["answers"] == {"dayRate": "550.00"}
    assert Response.objects.count() == 1
    started = [e.payload["started"] for e in helpers.events("response.saved")]
    assert started == [True, False]


def test_of_two_starts_at_once_only_the_one_that_made_the_response_answers_201(market):
    """Attack: two "start a response" calls at once both answered 201 Created, though one
    row was made: the status came from a read before the action, which both made before
    either had created the row. Here the other call runs, and makes the row, at that very
    moment: as it does on PostgreSQL while this call waits for the requirement's lock."""
    requirement, supplier = market["requirement"], market["suppliers"][0]
    api = api_for(fw.supplier_owner(supplier))
    path = f"/api/v1/requirements/{requirement.pk}/responses"
    real, other = actions.response_save, {}

    def after_the_other_call(**kwargs):
        if "reply" not in other:
            other["reply"] = None  # the other call's own save goes straight through
            other["reply"] = send(api, "post", path, {"supplier": supplier.slug})
        return real(**kwargs)

    with mock.patch.object(actions, "response_save", side_effect=after_the_other_call):
        this = send(api, "post", path, {"supplier": supplier.slug})
    assert (other["reply"].status_code, this.status_code) == (201, 200)
    assert this.json()["id"] == other["reply"].json()["id"]
    assert Response.objects.count() == 1


def test_a_no_to_the_essential_criteria_is_answered_with_the_sets_explanation(market):
    requirement, supplier = market["requirement"], market["suppliers"][0]
    reply = send(
        api_for(fw.supplier_owner(supplier)),
        "post",
        f"/api/v1/requirements/{requirement.pk}/responses",
        {"supplier": supplier.slug, "answers": {"meetsEssential": False}},
    )
    assert reply.status_code == 422
    assert reply.json()["errors"] == {
        "meetsEssential": ["You can respond only if you meet every essential criterion"]
    }
    assert not Response.objects.exists()


def test_refusals_are_problems(market):
    requirement, (ours, theirs) = market["requirement"], market["suppliers"]
    response = f.respond(requirement, ours, submit=False)
    other = api_for(fw.supplier_owner(theirs))
    assert other.get(f"/api/v1/responses/{response.pk}").status_code == 404
    assert send(other, "post", f"/api/v1/responses/{response.pk}/submit").status_code == 404
    path = f"/api/v1/requirements/{requirement.pk}/responses"
    # Someone else's supplier is not one of yours: not there.
    assert send(other, "post", path, {"supplier": ours.slug}).status_code == 404
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    refused = send(api_for(fw.supplier_owner(outsider)), "post", path, {"supplier": outsider.slug})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Your organisation is not eligible to respond to this requirement"
    )
    with f.after_close(requirement):
        ours_api = api_for(fw.supplier_owner(ours))
        late = send(ours_api, "post", f"/api/v1/responses/{response.pk}/submit")
        assert late.status_code == 409
        assert late.json()["detail"] == "This requirement is closed to responses"
        # After closing, the supplier still reads its own.
        assert ours_api.get(f"/api/v1/responses/{response.pk}").status_code == 200


def test_the_team_reads_submitted_responses_after_closing_and_only_then(market):
    requirement, (ours, theirs) = market["requirement"], market["suppliers"]
    submitted = f.respond(requirement, ours)
    draft = f.respond(requirement, theirs, submit=False)
    buyer = api_for(market["buyer"])
    listing = f"/api/v1/requirements/{requirement.pk}/responses"
    assert buyer.get(listing).json() == {"items": [], "count": 0}
    assert buyer.get(f"{listing}/{submitted.pk}").status_code == 404
    count = buyer.get(f"/api/v1/requirements/{requirement.pk}/response-count").json()
    assert count == {"submitted": 1, "closed": False}
    reader, _body = f.buyer("reader@sepa.org.uk", body=market["body"])
    f.team_member(requirement, reader, [Permission.EVALUATE])
    with f.after_close(requirement):
        buyer = api_for(market["buyer"])
        found = buyer.get(listing).json()
        assert [(r["id"], r["supplier_name"]) for r in found["items"]] == [
            (submitted.pk, ours.name)
        ]
        assert buyer.get(f"{listing}/{submitted.pk}").json()["answers"]["dayRate"] == "600.00"
        assert buyer.get(f"{listing}/{draft.pk}").status_code == 404
        # A team member who may not read responses still reads nothing.
        without = api_for(reader)
        assert without.get(listing).json()["items"] == []
        assert without.get(f"{listing}/{submitted.pk}").status_code == 404
        count = without.get(f"/api/v1/requirements/{requirement.pk}/response-count")
        assert count.json() == {"submitted": 1, "closed": True}


def test_the_lists_take_as_many_queries_for_six_as_for_two(django_assert_max_num_queries):
    market = f.market(suppliers=6)
    requirements = [
        f.published(market["buyer"], market["body"], lot=market["lot"]) for _ in range(3)
    ]
    owner = fw.supplier_owner(market["suppliers"][0])
    colleague = helpers.member(market["suppliers"][1], owner.email)
    assert colleague == owner  # one person works for two suppliers
    supplier_api, buyer_api = api_for(owner), api_for(market["buyer"])
    listing = f"/api/v1/requirements/{requirements[0].pk}/responses"
    for requirement in requirements[:1]:
        for supplier in market["suppliers"][:2]:
            f.respond(requirement, supplier)
    with f.after_close(requirements[0]):
        counted = {
            "/api/v1/responses": queries(supplier_api, "/api/v1/responses"),
            listing: queries(api_for(market["buyer"]), listing),
        }
    for requirement in requirements[1:]:
        for supplier in market["suppliers"][:2]:
            f.respond(requirement, supplier)
    for supplier in market["suppliers"][2:]:
        f.respond(requirements[0], supplier)
    with f.after_close(requirements[0]):
        buyer_api = api_for(market["buyer"])
        assert supplier_api.get("/api/v1/responses").json()["count"] == 6
        assert buyer_api.get(listing).json()["count"] == 6
        for path, client in (("/api/v1/responses", supplier_api), (listing, buyer_api)):
            same_queries(client, path, counted[path], django_assert_max_num_queries)
