"""A requirement's public history (selectors/history.py), as its page and the API show it:
every public event in order, the responses as a count only, in a fixed number of queries.

Amendments, awards and lots' outcomes are written here through the models: their actions
come with other parts of issue 9 (which test those entries through them)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openbuy.opportunities import actions, selectors
from openbuy.opportunities.models import Amendment, Award, Requirement, RequirementLot
from tests.api_client import ApiClient
from tests.visibility import client_of

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return f.market(suppliers=3)


def _amend(requirement, person, number=1, days=2):
    moved = requirement.closes_at + datetime.timedelta(days=days)
    Amendment.objects.create(
        requirement=requirement,
        number=number,
        summary=f"Amendment {number}: the budget is higher.",
        changed=["budgetMax", "title"],
        before={"budgetMax": "45000"},
        closes_at_before=requirement.closes_at,
        closes_at_after=moved,
        made_by=person,
    )
    Requirement.objects.filter(pk=requirement.pk).update(closes_at=moved)
    return Requirement.objects.get(pk=requirement.pk)


def _kinds(requirement) -> list[str]:
    return [entry.kind for entry in selectors.history(requirement)]


def test_published_amended_answered_then_closed_with_the_number_of_responses(market):
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = f.published(person, market["body"], lot=market["lot"])
    asked = f.ask(requirement, suppliers[0], "Supplier 0 wonders: remote work?")
    f.answer(asked, person, "Yes, mostly.", worded="Can the work be done remotely?")
    requirement = _amend(requirement, person)
    f.respond(requirement, suppliers[0])
    f.respond(requirement, suppliers[1])
    f.respond(requirement, suppliers[2], submit=False)  # a draft is no response
    assert _kinds(requirement) == ["published", "answered", "amended"]
    with f.after_close(requirement):
        entries = selectors.history(requirement)
        page = client_of(None).get(f"/opportunities/{requirement.pk}/").content.decode()
    assert [e.kind for e in entries] == ["published", "answered", "amended", "closed"]
    answered, amended, closed = entries[1:]
    assert (answered.question, answered.answer) == (
        "Can the work be done remotely?",
        "Yes, mostly.",
    )
    assert amended.changed == ["Budget: at most", "Title"]
    assert amended.text == "Amendment 1: the budget is higher."
    assert (closed.at, closed.responses) == (requirement.closes_at, 2)
    assert "2 responses were submitted." in page
    assert "The closing date moved from" in page
    assert "Supplier 0" not in page


def test_withdrawn_with_its_reason_and_never_closed_after(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    actions.requirement_withdraw(
        actor=market["buyer"], requirement=requirement, reason="The service is no longer needed"
    )
    requirement = Requirement.objects.get(pk=requirement.pk)
    with f.after_close(requirement, minutes=60 * 24 * 30):
        entries = selectors.history(requirement)
    assert [e.kind for e in entries] == ["published", "withdrawn"]
    assert entries[-1].text == "The service is no longer needed"


def test_a_draft_has_no_history(market):
    draft = actions.requirement_create(actor=market["buyer"], buyer=market["body"])
    assert selectors.history(draft) == []


def _award(requirement, response, person, **fields) -> Award:
    award = Award.objects.create(
        requirement=requirement,
        lot=response.lot,
        response=response,
        decided_by=person,
        standstill_ends_at=requirement.closes_at + datetime.timedelta(days=14),
    )
    if fields:  # the status is the award actions' to change: written here directly
        Award.objects.filter(pk=award.pk).update(**fields)
    return Award.objects.get(pk=award.pk)


def test_standstill_then_confirmed_awards_and_lots_ended_without_one(market):
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = f.published(person, market["body"], lot=market["lot"])
    hosting = RequirementLot.objects.create(requirement=requirement, number=2, title="Hosting")
    lot_1 = requirement.lots.get(number=1)
    first = f.respond(requirement, suppliers[0], lot=lot_1)
    second = f.respond(requirement, suppliers[1], lot=hosting)
    with f.after_close(requirement):
        chosen = _award(requirement, first, person)
        assert _kinds(requirement)[-1] == "standstill"
        entry = selectors.history(requirement)[-1]
        assert (entry.supplier, entry.lot) == ("Supplier 0", "Lot 1")
        assert entry.standstill_ends_at == chosen.standstill_ends_at
        _award(requirement, second, person, status="cancelled", cancelled_reason="Conflict found")
    ends = chosen.standstill_ends_at
    Award.objects.filter(pk=chosen.pk).update(
        status="confirmed",
        confirmed_at=ends,
        contract_start=datetime.date(2027, 2, 1),
        contract_end=datetime.date(2027, 7, 31),
        value=Decimal(44000),
        currency="GBP",
    )
    RequirementLot.objects.filter(requirement=requirement, number=2).update(
        outcome="unsuccessful", outcome_reason="No response met the essential criteria"
    )
    with f.clock(ends + datetime.timedelta(days=1)):
        entries = selectors.history(requirement)
        page = ApiClient().get(f"/api/v1/opportunities/{requirement.pk}").json()
    assert [e.kind for e in entries] == [
        "published",
        "closed",
        "award_cancelled",
        "awarded",
        "unsuccessful",
    ]
    awarded = entries[3]
    assert (awarded.supplier, awarded.value, awarded.contract_start) == (
        "Supplier 0",
        Decimal("44000.00"),
        datetime.date(2027, 2, 1),
    )
    assert entries[2].text == "Conflict found"
    assert (entries[4].lot, entries[4].text) == (
        "Lot 2: Hosting",
        "No response met the essential criteria",
    )
    assert page["history"][3]["value"] == "44000.00"
    assert page["history"][4]["at"] is None  # a lot keeps no time of its decision


def _history_queries(requirement) -> int:
    requirement = Requirement.objects.select_related("questions", "buyer__jurisdiction").get(
        pk=requirement.pk
    )
    with CaptureQueriesContext(connection) as captured:
        selectors.history(requirement)
    return len(captured)


def test_the_history_takes_the_same_queries_however_long(market):
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = f.published(person, market["body"], lot=market["lot"])
    f.answer(f.ask(requirement, suppliers[0]), person)
    requirement = _amend(requirement, person)
    with f.after_close(requirement):
        short = _history_queries(requirement)
    for n in range(3):
        f.answer(f.ask(requirement, suppliers[n], f"Question {n}?"), person)
    for number in (2, 3, 4):
        requirement = _amend(requirement, person, number=number, days=0)
    for supplier in suppliers:
        f.respond(requirement, supplier)
    with f.after_close(requirement):
        assert len(selectors.history(requirement)) == 10
        assert _history_queries(requirement) == short
