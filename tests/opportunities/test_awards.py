"""Awards: the intended supplier of a lot is chosen after closing, a standstill period
follows, and only then is the award confirmed, with the contract's dates and value; an
award in standstill can be cancelled and the lot awarded again. Each step leaves a public
audit event and sends its hook with typed fields."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.opportunities import actions, hooks
from openbuy.opportunities.models import Award, Requirement, RequirementLot, end_of
from tests import helpers
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
START, END = datetime.date(NEXT_YEAR, 4, 1), datetime.date(NEXT_YEAR + 1, 3, 31)


@pytest.fixture
def evaluated():
    with f.evaluated() as found:
        yield found


def _confirm(award, value="45,000.00", start=START, end=END):
    return f.confirm(award, value=value, start=start, end=end)


def test_the_buyer_may_choose_a_response_that_is_not_ranked_first_and_its_rank_is_recorded(
    evaluated,
):
    _market, requirement, responses = evaluated
    received = []
    with hooks.award_made.connected(received.append):
        award = f.award(requirement, responses[1])
    assert (award.status, award.response, award.in_standstill) == ("standstill", responses[1], True)
    # Ten calendar days from today in Scotland, to the end of the last one.
    today = timezone.localdate(timezone=requirement.zone)
    assert award.standstill_ends_at == end_of(today + datetime.timedelta(days=10), requirement.zone)
    event = helpers.events("award.made").get()
    assert event.public
    assert event.payload == {
        "award": award.pk,
        "lot": 1,
        "response": responses[1].pk,
        "supplier": "Supplier 1",
        "standstill_ends_at": award.standstill_ends_at.isoformat(),
        "rank": 2,
        "ranked": 3,
        "reason": f.AWARD_REASON,
    }
    assert award.reason == f.AWARD_REASON
    (sent,) = received
    assert isinstance(sent, hooks.AwardMade)
    assert (sent.requirement.pk, sent.actor, sent.award.pk) == (
        requirement.pk,
        requirement.created_by,
        award.pk,
    )
    assert sent.standstill_ends_at == award.standstill_ends_at


def test_choosing_any_but_the_first_ranked_needs_a_reason(evaluated):
    _market, requirement, responses = evaluated
    with pytest.raises(Invalid, match="Say why you are choosing the response ranked 2 of 3"):
        f.award(requirement, responses[1], reason="  ")
    assert not helpers.events("award.made").exists()
    first = f.award(requirement, responses[0], reason="")
    assert first.reason == ""


def test_with_a_shortlist_only_a_supplier_on_it_can_be_chosen(evaluated):
    _market, requirement, responses = evaluated
    actions.shortlist_set(
        actor=requirement.created_by, requirement=requirement, responses=responses[1:]
    )
    with pytest.raises(Invalid, match="Choose a supplier on this lot's shortlist"):
        f.award(requirement, responses[0])
    assert f.award(requirement, responses[2]).response == responses[2]


def test_an_award_needs_the_award_permission(evaluated):
    _market, requirement, responses = evaluated
    colleague, _body = f.buyer("ailsa@sepa.org.uk", requirement.buyer)
    with pytest.raises(Forbidden, match="Only members of the requirement's team who may award"):
        f.award(requirement, responses[0], actor=colleague)
    supplier_owner = f.fw.supplier_owner(responses[0].supplier)
    with pytest.raises(Forbidden, match="who may award"):
        f.award(requirement, responses[0], actor=supplier_owner)
    assert not Award.objects.exists()


def test_no_award_before_the_requirement_closes():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    response = f.respond(requirement, market["suppliers"][0])
    with pytest.raises(Conflict, match="Awards are made after the requirement closes"):
        f.award(requirement, response)
    with f.after_close(requirement):
        award = f.award(requirement, response)
    # The close was recorded first, with its public event, by the award itself.
    assert Requirement.objects.get(pk=requirement.pk).status == "closed"
    assert helpers.events("requirement.closed").get().payload["responses"] == 1
    assert award.pk


def test_only_a_response_submitted_to_that_lot_can_be_chosen(evaluated):
    market, _requirement, responses = evaluated
    other = f.published(market["buyer"], market["body"], lot=market["lot"])
    with pytest.raises(Invalid, match="Choose a response submitted to this lot") as refused:
        actions.award_make(actor=market["buyer"], lot=responses[0].lot, response=None)
    assert refused.value.errors == {"response": ["Choose a response submitted to this lot"]}
    with pytest.raises(Conflict, match="Awards are made after the requirement closes"):
        actions.award_make(actor=market["buyer"], lot=other.lots.get(), response=responses[0])


def test_a_withdrawn_response_cannot_be_chosen():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    kept = f.respond(requirement, market["suppliers"][0])
    gone = f.respond(requirement, market["suppliers"][1])
    actions.response_withdraw(actor=f.fw.supplier_owner(gone.supplier), response=gone)
    with f.after_close(requirement), pytest.raises(Invalid, match="submitted to this lot"):
        f.award(requirement, gone)
    with f.after_close(requirement):
        assert f.award(requirement, kept).response == kept


def test_a_second_award_is_refused_while_one_stands_and_a_cancelled_one_frees_the_lot(
    evaluated,
):
    _market, requirement, responses = evaluated
    first = f.award(requirement, responses[0])
    with pytest.raises(Conflict, match="Lot 1 is already being awarded to Supplier 0"):
        f.award(requirement, responses[1])
    with pytest.raises(Invalid, match="Enter the reason"):
        actions.award_cancel(actor=requirement.created_by, award=first, reason="  ")
    received = []
    with hooks.award_cancelled.connected(received.append):
        cancelled = actions.award_cancel(
            actor=requirement.created_by, award=first, reason="A challenge was upheld"
        )
    assert (cancelled.status, cancelled.cancelled_reason) == ("cancelled", "A challenge was upheld")
    (sent,) = received
    assert isinstance(sent, hooks.AwardCancelled)
    assert (sent.award.pk, sent.reason, sent.requirement.pk) == (
        first.pk,
        "A challenge was upheld",
        requirement.pk,
    )
    assert helpers.events("award.cancelled").get().payload == {
        "award": first.pk,
        "lot": 1,
        "supplier": "Supplier 0",
        "reason": "A challenge was upheld",
    }
    again = f.award(requirement, responses[1])
    assert (again.status, again.response) == ("standstill", responses[1])
    with pytest.raises(Conflict, match="This award was cancelled"):
        actions.award_cancel(actor=requirement.created_by, award=first, reason="Again")
    assert RequirementLot.objects.get().outcome == ""


def test_confirming_is_refused_until_the_standstill_ends_by_the_server_clock(evaluated):
    _market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    with (
        f.after_standstill(award, microseconds=-1),
        pytest.raises(Conflict, match="The standstill period has not ended") as refused,
    ):
        _confirm(award)
    last = award.standstill_ends_at.astimezone(requirement.zone)
    assert str(refused.value) == (
        "The standstill period has not ended: you can confirm the award from 00:00 on "
        f"{last:%-d %B %Y} (Europe/London time)"
    )
    assert Award.objects.get().status == "standstill"
    received = []
    with f.after_standstill(award), hooks.award_confirmed.connected(received.append):
        confirmed = _confirm(award)
    assert (confirmed.status, confirmed.value, confirmed.currency) == (
        "confirmed",
        Decimal("45000.00"),
        "GBP",
    )
    assert (confirmed.contract_start, confirmed.contract_end) == (START, END)
    assert confirmed.confirmed_at == award.standstill_ends_at
    (sent,) = received
    assert isinstance(sent, hooks.AwardConfirmed)
    assert (sent.award.pk, sent.requirement.status, sent.actor) == (
        award.pk,
        "awarded",
        requirement.created_by,
    )
    assert helpers.events("award.confirmed").get().payload == {
        "award": award.pk,
        "lot": 1,
        "supplier": "Supplier 0",
        "contract_start": START.isoformat(),
        "contract_end": END.isoformat(),
        "value": "45000.00",
        "currency": "GBP",
    }
    decided = helpers.events("requirement.decided").get()
    assert (decided.public, decided.payload) == (
        True,
        {"status": "awarded", "reason": "", "lots": {"1": "awarded"}},
    )
    assert (Requirement.objects.get().status, RequirementLot.objects.get().outcome) == (
        "awarded",
        "awarded",
    )
    with (
        f.after_standstill(award),
        pytest.raises(Conflict, match="This requirement is already decided: awarded"),
    ):
        actions.award_cancel(actor=requirement.created_by, award=award, reason="Too late")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.000,00", "Enter an amount in figures, like 1,250.00"),
        ("-5", "Enter an amount of 0 or more"),
        ("1e9", "Enter an amount in figures, like 1,250.00"),
        ("0", "The contract value must be more than 0"),
        ("", "Enter the contract value"),
        ("1" * 15, "Enter an amount less than 100,000,000,000,000"),
        ("12.345", "Enter an amount with no more than 2 decimal places"),
    ],
)
def test_the_value_is_read_strictly_in_the_jurisdictions_currency(evaluated, value, message):
    _market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    with f.after_standstill(award):
        with pytest.raises(Invalid, match=message) as refused:
            _confirm(award, value=value)
        assert refused.value.errors == {"value": [message]}
        assert _confirm(award, value="1,000.00").value == Decimal("1000.00")


def test_the_contract_dates_are_real_dates_of_this_era_in_order(evaluated):
    _market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    made_on = award.decided_at.astimezone(requirement.zone).date()
    with f.after_standstill(award):
        with pytest.raises(Invalid) as refused:
            actions.award_confirm(
                actor=requirement.created_by,
                award=award,
                contract_start=datetime.date(27, 4, 1),
                contract_end=None,
                value="45,000",
            )
        assert refused.value.errors == {
            "contract_start": [f"Enter the year as 4 digits, like {NEXT_YEAR}"],
            "contract_end": ["Enter the contract end date"],
        }
        with pytest.raises(Invalid, match="on or after its start date"):
            _confirm(award, start=END, end=START)
        with pytest.raises(Invalid, match="cannot start before the award was made"):
            _confirm(award, start=made_on - datetime.timedelta(days=1))
        assert _confirm(award, start=END, end=END).contract_end == END


def test_a_working_day_standstill_skips_st_andrews_day():
    """Two working days from Friday 27 November 2026 in Scotland: Monday 30 November is a
    public holiday, so the standstill runs to the end of Wednesday 2 December."""
    from openbuy.core.actions import jurisdiction_save
    from openbuy.core.actors import SYSTEM

    scotland = helpers.jurisdiction()
    scotland.procurement_rules = {"standstill_days": 2, "standstill_working_days": True}
    jurisdiction_save(scotland, actor=SYSTEM)
    market = f.market()
    with f.clock(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)):
        requirement = f.published(market["buyer"], market["body"], lot=market["lot"], days=12)
        response = f.respond(requirement, market["suppliers"][0])
    with f.clock(datetime.datetime(2026, 11, 27, 16, tzinfo=datetime.UTC)):
        award = f.award(requirement, response)
    assert award.standstill_ends_at == datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)
    with f.clock(datetime.datetime(2026, 12, 2, 23, 59, 59, tzinfo=datetime.UTC)):
        assert Award.objects.get().in_standstill
        with pytest.raises(Conflict, match="from 00:00 on 3 December 2026"):
            _confirm(award)
    with f.clock(datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)):
        assert not Award.objects.get().in_standstill
        assert _confirm(award).status == "confirmed"


def test_amounts_follow_the_buyers_jurisdiction_an_open_procedure_in_iceland():
    """Icelandic krónur have no minor unit: a value with decimals is refused there."""
    iceland = helpers.jurisdiction(
        "IS", name="Iceland", currency="ISK", time_zone="Atlantic/Reykjavik"
    )
    authority = helpers.buyer_body(
        "Ríkiskaup", "rikiskaup.is", kind="authority", jurisdiction=iceland
    )
    f.question_sets(authority)
    hospital = helpers.buyer_body("Landspítali", "landspitali.is", jurisdiction=iceland)
    person, body = f.buyer("anna@landspitali.is", hospital)
    supplier = helpers.supplier(
        helpers.user("owner@vefur.is"),
        name="Vefur ehf",
        registration_number="SC999001",
        jurisdiction=iceland,
    )
    requirement = f.published(person, body)
    response = f.respond(requirement, supplier, rate="600")
    with f.after_close(requirement):
        award = f.award(requirement, response)
    with f.after_standstill(award):
        with pytest.raises(Invalid, match="Enter a whole amount, without decimals"):
            _confirm(award, value="1,000.50")
        confirmed = _confirm(award, value="1,000,000")
    assert (confirmed.value, confirmed.currency) == (Decimal(1000000), "ISK")
