"""Clarification questions: eligible suppliers ask until the question deadline (the
server's clock), the buyer team answers for everyone, the right suppliers are told, and the
asker is never named."""

import datetime

import pytest

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.core.models import OutboxMessage
from openbuy.opportunities import actions, hooks
from openbuy.opportunities.models import ClarificationQuestion, TeamMember
from tests import helpers
from tests.frameworks import factories as fw

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_requirement():
    market = f.market(suppliers=3)
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    return {**market, "requirement": requirement}


def test_an_eligible_supplier_asks_privately(open_requirement):
    supplier = open_requirement["suppliers"][0]
    asked = f.ask(open_requirement["requirement"], supplier, "  Can we work from Glasgow?  ")
    assert (asked.question, asked.supplier, asked.answered_at) == (
        "Can we work from Glasgow?",
        supplier,
        None,
    )
    event = helpers.events("requirement.question_asked").get()
    assert (event.public, event.organisation_id) == (False, supplier.pk)
    assert "Glasgow" not in str(event.payload)


def test_questions_close_at_the_deadline_by_the_servers_clock(open_requirement):
    requirement = open_requirement["requirement"]
    supplier = open_requirement["suppliers"][0]
    with f.clock(requirement.questions_close_at - datetime.timedelta(microseconds=1)):
        f.ask(requirement, supplier)
    with (
        f.clock(requirement.questions_close_at),
        pytest.raises(Conflict, match="Clarification questions closed at the end of"),
    ):
        f.ask(requirement, supplier)
    assert ClarificationQuestion.objects.count() == 1


def test_no_question_on_a_withdrawn_requirement(open_requirement):
    requirement = open_requirement["requirement"]
    actions.requirement_withdraw(
        actor=open_requirement["buyer"], requirement=requirement, reason="Not needed"
    )
    with pytest.raises(Conflict, match="not open, so questions cannot be asked"):
        f.ask(requirement, open_requirement["suppliers"][0])


def test_an_ineligible_supplier_and_a_stranger_are_refused(open_requirement):
    requirement = open_requirement["requirement"]
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    with pytest.raises(Forbidden, match="not eligible to respond, so it cannot ask"):
        f.ask(requirement, outsider)
    with pytest.raises(Forbidden, match="Only the supplier's people can ask"):
        actions.question_ask(
            actor=open_requirement["buyer"],
            requirement=requirement,
            supplier=open_requirement["suppliers"][0],
            text="Hello?",
        )
    assert not ClarificationQuestion.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Enter your question"), ("x" * 5001, "must be 5,000 characters or fewer")],
)
def test_an_empty_or_huge_question_is_refused(open_requirement, text, message):
    with pytest.raises(Invalid, match=message):
        f.ask(open_requirement["requirement"], open_requirement["suppliers"][0], text)


def test_the_team_answers_for_everyone_with_the_question_reworded(open_requirement):
    requirement, buyer = open_requirement["requirement"], open_requirement["buyer"]
    asked = f.ask(requirement, open_requirement["suppliers"][0], "Supplier 0 asks: Glasgow?")
    heard = []
    with hooks.question_answered.connected(heard.append):
        answered = f.answer(asked, buyer, "Yes.", worded="Can the team work from Glasgow?")
    assert (answered.published_question, answered.answer) == (
        "Can the team work from Glasgow?",
        "Yes.",
    )
    assert answered.question == "Supplier 0 asks: Glasgow?"  # kept for the asker and the team
    assert [event.question.pk for event in heard] == [asked.pk]
    event = helpers.events("requirement.question_answered").get()
    assert event.public
    assert event.payload == {
        "requirement": requirement.pk,
        "question": "Can the team work from Glasgow?",
        "answer": "Yes.",
    }
    with pytest.raises(Conflict, match="already answered"):
        f.answer(asked, buyer)


def test_an_answer_left_unworded_publishes_the_question_as_asked(open_requirement):
    asked = f.ask(open_requirement["requirement"], open_requirement["suppliers"][0])
    answered = f.answer(asked, open_requirement["buyer"])
    assert answered.published_question == "Can the team work from Glasgow?"


def test_only_team_members_who_may_answer_can(open_requirement):
    requirement, buyer = open_requirement["requirement"], open_requirement["buyer"]
    asked = f.ask(requirement, open_requirement["suppliers"][0])
    colleague, _body = f.buyer("ailsa@sepa.org.uk", body=open_requirement["body"])
    with pytest.raises(Forbidden, match="who may answer questions"):
        f.answer(asked, colleague)
    # A drafter on the team (added here directly: the team's pages come with drafting).
    TeamMember.objects.create(
        requirement=requirement, user=colleague, permissions=["draft"], added_by=buyer
    )
    with pytest.raises(Forbidden, match="who may answer questions"):
        f.answer(asked, colleague)
    with pytest.raises(Invalid, match="Enter the answer"):
        f.answer(asked, buyer, "  ")
    with pytest.raises(Invalid, match="The answer must be 10,000 characters or fewer"):
        f.answer(asked, buyer, "x" * 10_001)
    assert ClarificationQuestion.objects.get().answered_at is None


def test_suppliers_who_asked_or_responded_are_told_without_the_askers_name(
    open_requirement, django_capture_on_commit_callbacks
):
    requirement, buyer = open_requirement["requirement"], open_requirement["buyer"]
    asker, responder, bystander = open_requirement["suppliers"]
    colleague = helpers.member(asker, "kirsty@supplier0.example")
    f.respond(requirement, responder, submit=False)  # a draft counts
    asked = f.ask(requirement, asker, "Supplier 0 here: is Glasgow fine?")
    with django_capture_on_commit_callbacks(execute=True):
        f.answer(asked, buyer, "Yes, Glasgow is fine.", worded="Is Glasgow fine?")
    told = {m.to: m for m in OutboxMessage.objects.filter(subject__contains="clarification")}
    assert set(told) == {
        fw.supplier_owner(asker).email,
        colleague.email,
        fw.supplier_owner(responder).email,
    }
    assert fw.supplier_owner(bystander).email not in told
    message = told[fw.supplier_owner(responder).email]
    assert message.subject == "A clarification answer is published: Flood warnings for Scotland"
    assert "Is Glasgow fine?" in message.body
    assert "Yes, Glasgow is fine." in message.body
    assert f"/opportunities/{requirement.pk}/" in message.body
    for mail in told.values():
        assert "Supplier 0" not in mail.body
        assert fw.supplier_owner(asker).email not in mail.body
