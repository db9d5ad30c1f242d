"""Drafting actions: starting on a role or from an earlier requirement, lots, the threshold
rules, who can respond, and every refusal of publishing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from openbuy.core.errors import Conflict, Forbidden, Invalid, NotFound
from openbuy.opportunities import actions, selectors
from openbuy.opportunities.verbs import Verb
from tests import helpers

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return factories.market()


def _in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_specialists_requirement_is_for_one_of_the_lots_roles(market):
    person, body = market["buyer"], market["body"]
    specialists = market["framework"].lots.get(slug="specialists")
    with pytest.raises(Invalid, match="Choose the role you need"):
        actions.requirement_create(actor=person, buyer=body, lot=specialists)
    with pytest.raises(Invalid, match="Choose the role you need"):
        actions.requirement_create(
            actor=person, buyer=body, lot=specialists, specialist_role="astronaut"
        )
    with pytest.raises(Invalid, match="Only a specialists lot has roles"):
        actions.requirement_create(
            actor=person, buyer=body, lot=market["lot"], specialist_role="delivery-manager"
        )
    draft = actions.requirement_create(
        actor=person, buyer=body, lot=specialists, specialist_role="delivery-manager"
    )
    assert draft.specialist_role == "delivery-manager"


def test_a_copy_carries_answers_checklist_lots_and_invitations(market):
    person, body = market["buyer"], market["body"]
    source = factories.complete_draft(person, body, lot=market["lot"])
    actions.lot_save(
        actor=person,
        requirement=source,
        lot=source.lots.get(),
        title="Alpha",
        value="30,000.00",
        criteria=["Has run an alpha"],
    )
    actions.lot_add(actor=person, requirement=source, title="Beta", value="15000")
    invited = market["suppliers"][0]
    actions.requirement_audience_save(
        actor=person, requirement=source, invite_only=True, suppliers=[invited]
    )
    copy = actions.requirement_copy(actor=person, source=source)
    assert copy.pk != source.pk
    assert copy.status == "draft"
    assert (copy.copied_from, copy.lot) == (source, market["lot"])
    assert copy.answers == source.answers
    assert copy.checklist_answers == source.checklist_answers
    assert [(lot.number, lot.title, lot.value, lot.criteria) for lot in copy.lots.all()] == [
        (1, "Alpha", Decimal("30000.00"), ["Has run an alpha"]),
        (2, "Beta", Decimal("15000.00"), []),
    ]
    assert (copy.invite_only, list(copy.invited_suppliers.all())) == (True, [invited])
    assert helpers.events(Verb.REQUIREMENT_COPIED).get().payload["from"] == source.pk
    other, _body = factories.buyer(
        "kim@nature.scot", helpers.buyer_body("NatureScot", "nature.scot")
    )
    with pytest.raises(Forbidden, match="Only the buyer body's buyers"):
        actions.requirement_copy(actor=other, source=source)


def test_lots_are_added_saved_and_removed_with_unique_numbers(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body, lot=market["lot"])
    with pytest.raises(Invalid, match="Enter the lot's title"):
        actions.lot_add(actor=person, requirement=draft, title="  ")
    two = actions.lot_add(actor=person, requirement=draft, title="Discovery", criteria=["A", " "])
    three = actions.lot_add(actor=person, requirement=draft, title="Alpha")
    assert (two.number, three.number, two.criteria) == (2, 3, ["A"])
    actions.lot_remove(actor=person, requirement=draft, lot=two)
    four = actions.lot_add(actor=person, requirement=draft, title="Beta")
    assert sorted(draft.lots.values_list("number", flat=True)) == [1, 3, 4]
    assert four.number == 4
    with pytest.raises(NotFound, match="no such lot"):
        actions.lot_remove(actor=person, requirement=draft, lot=two)
    for lot in (three, four):
        actions.lot_remove(actor=person, requirement=draft, lot=lot)
    with pytest.raises(Conflict, match="at least one lot"):
        actions.lot_remove(actor=person, requirement=draft, lot=draft.lots.get())


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.000,00", "Enter an amount in figures"),
        ("-5", "Enter an amount of 0 or more"),
        ("1e9", "Enter an amount in figures"),
        ("£ten", "Enter an amount in figures"),
    ],
)
def test_a_lots_value_is_read_strictly(market, typed, message):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    with pytest.raises(Invalid, match=message) as refused:
        actions.lot_save(actor=person, requirement=draft, lot=draft.lots.get(), value=typed)
    assert list(refused.value.errors) == ["value"]
    saved = actions.lot_save(
        actor=person, requirement=draft, lot=draft.lots.get(), value="1,000.00"
    )
    assert saved.value == Decimal("1000.00")


def test_a_lot_saved_unchanged_records_nothing(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    lot = actions.lot_save(actor=person, requirement=draft, lot=draft.lots.get(), value="500")
    events = helpers.events().count()
    actions.lot_save(actor=person, requirement=draft, lot=lot, value=Decimal("500.00"))
    assert helpers.events().count() == events


def test_above_the_threshold_one_lot_needs_a_reason_to_publish(market):
    factories.thresholds({"regulated": "40000", "works": "2000000"})
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body, lot=market["lot"])  # budget up to 45,000
    check = selectors.division(draft)
    assert (check.threshold_name, check.value, check.problem) == (
        "regulated",
        Decimal(45000),
        "undivided",
    )
    with pytest.raises(Invalid, match="is above the regulated threshold of £40,000") as refused:
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))
    assert "£45,000" in str(refused.value)
    assert list(refused.value.errors) == ["division_reason"]
    actions.requirement_division_save(
        actor=person,
        requirement=draft,
        max_lots_per_supplier=None,
        division_reason="One team must own the service end to end",
    )
    published = actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))
    assert published.division_reason == "One team must own the service end to end"


def test_lots_each_under_the_threshold_but_over_it_together_look_split(market):
    factories.thresholds({"regulated": "40000"}, division_threshold="regulated")
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body)
    actions.lot_save(
        actor=person, requirement=draft, lot=draft.lots.get(), title="One", value="30000"
    )
    actions.lot_add(actor=person, requirement=draft, title="Two", value="30000")
    assert selectors.division(draft).problem == "split"
    with pytest.raises(Invalid, match="look split to stay under the threshold"):
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))
    actions.lot_save(
        actor=person, requirement=draft, lot=draft.lots.get(number=2), title="Two", value="50000"
    )
    assert selectors.division(draft).problem == ""  # one lot is over it: not split
    actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))


def test_without_thresholds_nothing_is_asked_and_divided_lots_need_titles(market):
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body)
    assert selectors.division(draft) is None
    actions.lot_add(actor=person, requirement=draft, title="Second")
    with pytest.raises(Invalid, match="Give lot 1 a title"):
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))


def test_the_limit_of_lots_per_supplier_is_within_the_number_of_lots(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    actions.lot_add(actor=person, requirement=draft, title="Second")
    with pytest.raises(Invalid, match="from 1 to 2"):
        actions.requirement_division_save(
            actor=person, requirement=draft, max_lots_per_supplier=3, division_reason=""
        )
    saved = actions.requirement_division_save(
        actor=person, requirement=draft, max_lots_per_supplier=1, division_reason=""
    )
    assert saved.max_lots_per_supplier == 1


def test_invitations_are_among_those_who_can_respond(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body, lot=market["lot"])
    stranger = helpers.supplier(helpers.user("x@stranger.example"), name="Stranger Ltd")
    with pytest.raises(Invalid, match="Invite only suppliers who can respond"):
        actions.requirement_audience_save(
            actor=person, requirement=draft, invite_only=True, suppliers=[stranger]
        )
    with pytest.raises(Invalid, match="Choose the suppliers to invite, or a category"):
        actions.requirement_audience_save(actor=person, requirement=draft, invite_only=True)
    with pytest.raises(Invalid, match="Choose a category from the list"):
        actions.requirement_audience_save(
            actor=person, requirement=draft, invite_only=True, category={"nope": "x"}
        )
    question, _text, options = selectors.category_choices(draft)[0]
    saved = actions.requirement_audience_save(
        actor=person, requirement=draft, invite_only=True, category={question: options[0][0]}
    )
    assert saved.invited_category == {question: options[0][0]}
    opened = actions.requirement_audience_save(actor=person, requirement=draft, invite_only=False)
    assert (opened.invite_only, opened.invited_category) == (False, {})
    open_procedure = actions.requirement_create(actor=person, buyer=body)
    invited = actions.requirement_audience_save(
        actor=person, requirement=open_procedure, invite_only=True, suppliers=[stranger]
    )
    assert list(selectors.eligible_suppliers(invited)) == [stranger]


def test_publishing_refuses_a_two_digit_year_and_a_date_too_soon(market):
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body)
    with pytest.raises(Invalid, match="Enter the year as 4 digits") as refused:
        actions.requirement_publish(
            actor=person, requirement=draft, closes_on=datetime.date(26, 12, 1)
        )
    assert list(refused.value.errors) == ["closes_on"]
    with pytest.raises(Invalid, match="at least 10 days away"):
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(9))


def test_publishing_an_incomplete_checklist_lists_its_items(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    draft = actions.requirement_save(
        actor=person,
        requirement=draft,
        submitted=factories.requirement_answers(draft.questions.doc),
    )
    answers = factories.checklist_answers(draft.checklist.doc)
    answers.pop("item9")
    draft = actions.checklist_save(actor=person, requirement=draft, submitted=answers)
    with pytest.raises(
        Invalid, match=r"Still to answer: 9\. Is the submission window long enough"
    ) as refused:
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))
    assert list(refused.value.errors) == ["checklist.item9"]


def test_drafting_needs_the_right_team_permission_and_a_draft(market):
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body)
    reader = factories.teammate(draft, "ailsa@sepa.org.uk", ["read_responses"], by=person)
    drafter = factories.teammate(draft, "iain@sepa.org.uk", ["draft"], by=person)
    with pytest.raises(Forbidden, match="who may draft"):
        actions.lot_add(actor=reader, requirement=draft, title="Two")
    with pytest.raises(Forbidden, match="who may draft"):
        actions.requirement_audience_save(actor=reader, requirement=draft, invite_only=False)
    with pytest.raises(Forbidden, match="who may publish"):
        actions.requirement_publish(actor=drafter, requirement=draft, closes_on=_in(20))
    actions.lot_add(actor=drafter, requirement=draft, title="Two")
    actions.lot_save(actor=drafter, requirement=draft, lot=draft.lots.get(number=1), title="One")
    actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(20))
    with pytest.raises(Conflict, match="can no longer be edited as a draft"):
        actions.lot_add(actor=drafter, requirement=draft, title="Three")
    with pytest.raises(Conflict, match="can no longer be edited as a draft"):
        actions.requirement_division_save(
            actor=drafter, requirement=draft, max_lots_per_supplier=None, division_reason="x"
        )
