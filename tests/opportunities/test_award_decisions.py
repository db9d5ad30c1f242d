"""Lots end without an award ("no suitable supplier" or cancelled) with a published reason,
or the whole requirement is cancelled; once every lot is decided the requirement is too:
awarded when any lot was, else unsuccessful, else cancelled."""

import datetime

import pytest
from django.utils import timezone

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.core.models import Email
from openbuy.opportunities import actions, hooks
from openbuy.opportunities.models import Requirement, RequirementLot
from tests import helpers
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_lots():
    """A closed requirement of two lots: Supplier 0 responded to lot 1, Supplier 1 to lot
    2, Supplier 2 to both."""
    market = f.market(suppliers=3)
    draft = f.complete_draft(market["buyer"], market["body"], lot=market["lot"])
    second = f.second_lot(draft)
    closes_on = timezone.localdate() + datetime.timedelta(days=14)
    requirement = actions.requirement_publish(
        actor=market["buyer"], requirement=draft, closes_on=closes_on
    )
    first = requirement.lots.get(number=1)
    zero, one, two = market["suppliers"]
    responses = {
        "0-1": f.respond(requirement, zero, lot=first),
        "1-2": f.respond(requirement, one, lot=second),
        "2-1": f.respond(requirement, two, lot=first),
        "2-2": f.respond(requirement, two, lot=second),
    }
    with f.after_close(requirement):
        yield requirement, first, second, responses


def _decide(lot, outcome="unsuccessful", reason="No response met the essential criteria"):
    return actions.lot_decide(
        actor=lot.requirement.created_by, lot=lot, outcome=outcome, reason=reason
    )


def _cancel(requirement, reason):
    return actions.requirement_cancel(
        actor=requirement.created_by, requirement=requirement, reason=reason
    )


def _status():
    return Requirement.objects.get().status


def test_no_suitable_supplier_is_published_with_its_reason_and_sent_to_every_responder():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    for supplier in market["suppliers"]:
        f.respond(requirement, supplier)
    lot = requirement.lots.get()
    with f.after_close(requirement):
        with pytest.raises(Invalid, match="Enter the reason"):
            _decide(lot, reason="")
        with pytest.raises(Invalid, match="5,000 characters or fewer"):
            _decide(lot, reason="x" * 5001)
        with pytest.raises(Invalid, match="Choose no suitable supplier or cancelled"):
            _decide(lot, outcome="awarded")
        Email.objects.all().delete()
        received = []
        with hooks.lot_decided.connected(received.append):
            decided = _decide(lot)
    assert (decided.outcome, decided.outcome_reason) == (
        "unsuccessful",
        "No response met the essential criteria",
    )
    (sent,) = received
    assert isinstance(sent, hooks.LotDecided)
    assert (sent.lot.pk, sent.outcome, sent.reason, sent.requirement.status) == (
        lot.pk,
        "unsuccessful",
        "No response met the essential criteria",
        "unsuccessful",
    )
    event = helpers.events("lot.decided").get()
    assert (event.public, event.payload) == (
        True,
        {"lot": 1, "outcome": "unsuccessful", "reason": "No response met the essential criteria"},
    )
    requirement = Requirement.objects.get()
    assert (requirement.status, requirement.decision_reason) == (
        "unsuccessful",
        "No response met the essential criteria",
    )
    assert requirement.decided_at is not None
    assert sorted(Email.objects.values_list("to", flat=True)) == [
        "owner0@supplier0.example",
        "owner1@supplier1.example",
    ]
    for email in Email.objects.all():
        assert email.subject == "Flood warnings for Scotland: no suitable supplier was found"
        assert "Reason: No response met the essential criteria" in email.body
        assert f"/opportunities/{requirement.pk}/feedback/" in email.body


def test_a_lot_being_awarded_cannot_end_until_its_award_is_cancelled(two_lots):
    requirement, first, _second, responses = two_lots
    award = f.award(requirement, responses["0-1"])
    with pytest.raises(
        Conflict, match="Flood warnings is being awarded to Supplier 0: cancel that"
    ):
        _decide(first)
    actions.award_cancel(actor=requirement.created_by, award=award, reason="Challenged")
    assert _decide(first).outcome == "unsuccessful"
    with pytest.raises(Conflict, match="Flood warnings is already decided: no suitable supplier"):
        f.award(requirement, responses["2-1"])


def test_the_requirement_is_decided_when_its_last_lot_is(two_lots):
    requirement, _first, second, responses = two_lots
    award = f.award(requirement, responses["2-1"])
    with f.after_standstill(award):
        f.confirm(award, value="80,000")
        assert _status() == "closed"  # lot 2 is still open
        assert not helpers.events("requirement.decided").exists()
        _decide(second, outcome="cancelled", reason="The budget for lot 2 was withdrawn")
    assert _status() == "awarded"
    assert helpers.events("requirement.decided").get().payload == {
        "status": "awarded",
        "reason": "",
        "lots": {"1": "awarded", "2": "cancelled"},
    }
    assert Requirement.objects.get().decision_reason == ""


def test_no_lot_awarded_and_one_unsuitable_leaves_the_requirement_unsuccessful(two_lots):
    _requirement, first, second, _responses = two_lots
    _decide(first, outcome="cancelled", reason="Not needed")
    assert _status() == "closed"
    _decide(second, outcome="unsuccessful", reason="None suitable")
    assert _status() == "unsuccessful"


def test_cancelling_the_requirement_cancels_every_undecided_lot(two_lots):
    requirement, first, second, responses = two_lots
    _decide(first, outcome="unsuccessful", reason="None suitable")
    award = f.award(requirement, responses["1-2"])
    with pytest.raises(
        Conflict, match="Lot 2: Flood models is being awarded to Supplier 1: cancel"
    ):
        actions.requirement_cancel(
            actor=requirement.created_by, requirement=requirement, reason="x"
        )
    actions.award_cancel(actor=requirement.created_by, award=award, reason="Challenged")
    Email.objects.all().delete()
    received = []
    with hooks.lot_decided.connected(received.append):
        actions.requirement_cancel(
            actor=requirement.created_by, requirement=requirement, reason="Policy changed"
        )
    assert [(e.lot.pk, e.outcome, e.reason) for e in received] == [
        (second.pk, "cancelled", "Policy changed")
    ]
    assert list(RequirementLot.objects.values_list("number", "outcome")) == [
        (1, "unsuccessful"),
        (2, "cancelled"),
    ]
    requirement = Requirement.objects.get()
    # A lot found none suitable: not every lot was cancelled.
    assert (requirement.status, requirement.decision_reason) == ("unsuccessful", "Policy changed")
    recipients = sorted(Email.objects.values_list("to", flat=True))
    assert recipients == ["owner1@supplier1.example", "owner2@supplier2.example"]
    with pytest.raises(Conflict, match="This requirement is already decided: no suitable supplier"):
        actions.requirement_cancel(
            actor=requirement.created_by, requirement=requirement, reason="x"
        )


def test_a_requirement_cancelled_whole_is_cancelled(two_lots):
    requirement, _first, _second, responses = two_lots
    with pytest.raises(Invalid, match="Enter the reason"):
        actions.requirement_cancel(actor=requirement.created_by, requirement=requirement, reason="")
    actions.requirement_cancel(
        actor=requirement.created_by, requirement=requirement, reason="Policy changed"
    )
    assert _status() == "cancelled"
    assert [e.payload["lot"] for e in helpers.events("lot.decided")] == [1, 2]
    assert helpers.events("requirement.decided").get().payload["status"] == "cancelled"
    with pytest.raises(Conflict, match="This requirement is already decided: cancelled"):
        f.award(requirement, responses["0-1"])


def test_only_the_team_with_the_award_permission_decides_and_only_after_closing():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    lot = requirement.lots.get()
    with pytest.raises(Conflict, match="Awards are made after the requirement closes"):
        _decide(lot)
    with pytest.raises(Conflict, match="Awards are made after the requirement closes"):
        actions.requirement_cancel(actor=market["buyer"], requirement=requirement, reason="x")
    colleague, _body = f.buyer("ailsa@sepa.org.uk", market["body"])
    with f.after_close(requirement):
        with pytest.raises(Forbidden, match="who may award"):
            actions.lot_decide(actor=colleague, lot=lot, outcome="cancelled", reason="x")
        with pytest.raises(Forbidden, match="who may award"):
            actions.requirement_cancel(actor=colleague, requirement=requirement, reason="x")
    assert RequirementLot.objects.get().outcome == ""
