"""Responses: eligible suppliers draft, submit and withdraw while open; the deadline and the
catalogue rate are checked on the server."""

import datetime

import pytest

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.core.models import OutboxMessage
from openbuy.opportunities import actions
from openbuy.opportunities.models import Response
from tests import helpers
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return f.market()


def test_an_eligible_supplier_submits_a_complete_response(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    response = f.respond(requirement, market["suppliers"][0])
    assert response.status == Response.Status.SUBMITTED
    assert response.lot.number == 1
    assert helpers.events("response.submitted").count() == 1


def test_a_supplier_without_a_live_service_on_the_lot_is_refused(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    with pytest.raises(Forbidden, match="not eligible to respond"):
        f.respond(requirement, outsider)


def test_a_day_rate_above_the_catalogue_rate_is_refused(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    with pytest.raises(Invalid, match="above your catalogue rate of £650"):
        f.respond(requirement, market["suppliers"][0], rate="650.01")


def test_a_submission_after_the_closing_time_is_refused(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    response = f.respond(requirement, market["suppliers"][0], submit=False)
    owner = fw.supplier_owner(market["suppliers"][0])
    with f.clock(requirement.closes_at), pytest.raises(Conflict, match="closed to responses"):
        actions.response_submit(actor=owner, response=response)
    with f.clock(requirement.closes_at - datetime.timedelta(microseconds=1)):
        assert actions.response_submit(actor=owner, response=response).submitted_at


def test_a_no_to_the_essential_criteria_ends_the_response_with_the_sets_explanation(market):
    """Nothing is started or saved: the supplier is told why it cannot respond."""
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    owner = fw.supplier_owner(supplier)
    with pytest.raises(actions.ResponseEnded, match="only if you meet every essential") as ended:
        actions.response_save(
            actor=owner,
            requirement=requirement,
            supplier=supplier,
            section="essential",
            submitted={"meetsEssential": False},
        )
    assert ended.value.errors == {
        "meetsEssential": ["You can respond only if you meet every essential criterion"]
    }
    assert not Response.objects.exists()
    assert not helpers.events("response.saved").exists()


def test_a_no_after_a_saved_draft_leaves_the_draft_as_it_was(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    draft = f.respond(requirement, market["suppliers"][0], submit=False)
    owner = fw.supplier_owner(market["suppliers"][0])
    with pytest.raises(actions.ResponseEnded):
        actions.response_save(
            actor=owner,
            requirement=requirement,
            supplier=draft.supplier,
            submitted={"meetsEssential": False},
            section="essential",
        )
    assert Response.objects.get(pk=draft.pk).answers["meetsEssential"] is True


def test_evidence_has_a_line_per_criterion_within_the_sets_word_limit(market):
    """Two essential criteria: three lines are refused when saved, one when submitted; each
    line's limit is the response question set's (100 words)."""
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    owner = fw.supplier_owner(supplier)

    def save(lines):
        return actions.response_save(
            actor=owner,
            requirement=requirement,
            supplier=supplier,
            section="essential",
            submitted={"meetsEssential": True, "essentialEvidence": lines},
        )

    with pytest.raises(Invalid, match="each of the 2 criteria, in their order; you gave 3"):
        save(["One", "Two", "Three"])
    with pytest.raises(Invalid, match="Each item must be 100 words or fewer"):
        save(["word " * 101, "Two"])
    with pytest.raises(Invalid, match="Each item must be 100 words or fewer") as both:
        save(["word " * 101, "Two", "Three"])
    assert both.value.errors["essentialEvidence"] == [
        "Each item must be 100 words or fewer",
        "Give one line of evidence for each of the 2 criteria, in their order; you gave 3",
    ]
    response = f.respond(requirement, supplier, submit=False)
    response = save(["Only one"])
    with pytest.raises(Invalid, match="Answer every question") as refused:
        actions.response_submit(actor=owner, response=response)
    assert refused.value.errors == {
        "essentialEvidence": [
            "Give one line of evidence for each of the 2 criteria, in their order; you gave 1"
        ]
    }


def test_a_supplier_withdraws_changes_and_submits_again_while_open(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    owner = fw.supplier_owner(supplier)
    first = f.respond(requirement, supplier)
    with pytest.raises(Conflict, match="Withdraw your submitted response before you change it"):
        f.respond(requirement, supplier, rate="500.00")
    withdrawn = actions.response_withdraw(actor=owner, response=first)
    assert withdrawn.status == Response.Status.WITHDRAWN
    changed = f.respond(requirement, supplier, rate="500.00")
    assert (changed.pk, changed.status, changed.answers["dayRate"]) == (
        first.pk,
        Response.Status.SUBMITTED,
        "500.00",
    )
    assert changed.submitted_at > first.submitted_at
    with pytest.raises(Forbidden, match="Only the supplier's people"):
        actions.response_withdraw(actor=market["buyer"], response=changed)


def test_a_withdrawn_requirement_takes_no_responses(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    actions.requirement_withdraw(actor=market["buyer"], requirement=requirement, reason="Funds")
    with pytest.raises(Conflict, match="was withdrawn: it no longer takes responses"):
        f.respond(requirement, market["suppliers"][0])


def test_the_lot_limit_holds_on_resubmission_too(market):
    """Limit 1 of 2 lots: a withdrawn response on lot 1 cannot be submitted again once
    lot 2 has a response."""
    requirement, (lot1, lot2) = f.published_in_lots(
        market["buyer"], market["body"], market["lot"], count=1, limit=1
    )
    supplier = market["suppliers"][0]
    owner = fw.supplier_owner(supplier)
    first = f.respond(requirement, supplier, lot=lot1)
    with pytest.raises(Conflict, match="at most 1 of this requirement's lots"):
        f.respond(requirement, supplier, lot=lot2)
    actions.response_withdraw(actor=owner, response=first)
    f.respond(requirement, supplier, lot=lot2)
    with pytest.raises(Conflict, match="at most 1 of this requirement's lots"):
        actions.response_submit(actor=owner, response=first)


def test_its_people_get_a_receipt_without_the_answers(market, django_capture_on_commit_callbacks):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    colleague = helpers.member(supplier, "colleague@supplier0.example")
    answers = f.sealed_answers(requirement.response_questions.doc)
    with django_capture_on_commit_callbacks(execute=True):
        response = f.respond_with(requirement, supplier, answers)
    for person in (fw.supplier_owner(supplier), colleague):
        receipt = helpers.last_email(person.email)
        # Nothing in it says which requirement: platform admins can read the outbox.
        assert receipt.subject == f"Your response {response.pk} is submitted"
        assert "only after responses close" in receipt.body
        assert f.PHRASE not in receipt.body
        assert "Flood warnings" not in receipt.subject + receipt.body
        assert "/opportunities/your-responses/" in receipt.body
    assert not OutboxMessage.objects.filter(to__contains=market["buyer"].email).exists()


def test_the_trail_records_who_did_what_but_no_answers(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    response = f.respond_with(
        requirement, supplier, f.sealed_answers(requirement.response_questions.doc)
    )
    actions.response_withdraw(actor=fw.supplier_owner(supplier), response=response)
    events = helpers.events().filter(verb__startswith="response.")
    assert [e.verb for e in events] == [
        "response.saved",
        "response.submitted",
        "response.withdrawn",
    ]
    for event in events:
        assert event.organisation_id == supplier.pk
        assert f.PHRASE not in str(event.payload)
        assert "requirement" not in event.payload


def test_the_earliest_start_is_from_today_and_by_the_latest_start_date(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    supplier = market["suppliers"][0]
    latest = datetime.date.fromisoformat(requirement.answers["startDate"])
    answers = f.response_answers(requirement.response_questions.doc)
    late = {**answers, "availability": (latest + datetime.timedelta(days=1)).isoformat()}
    with pytest.raises(Invalid, match="must be on or before the latest start date") as refused:
        f.respond_with(requirement, supplier, late)
    assert list(refused.value.errors) == ["availability"]
    past = {**answers, "availability": "2020-01-01"}
    with pytest.raises(Invalid, match="The date must be on or after"):
        f.respond_with(requirement, supplier, past)
    on_time = {**answers, "availability": latest.isoformat()}
    assert f.respond_with(requirement, supplier, on_time).status == Response.Status.SUBMITTED
