"""The e-mails that send people to their pages: an evaluator assigned, a clarification
question asked (to the team who may answer, never saying who asked), a requirement
withdrawn (to the suppliers it concerned, with the reason); the names an evaluator needs to
declare conflicts; thresholds named in words."""

import datetime

import pytest
from django.utils import timezone

from openbuy.core.errors import Invalid
from openbuy.core.models import Email
from openbuy.opportunities import actions, selectors
from openbuy.opportunities.models import TeamMember
from tests import helpers
from tests.api_client import api_for
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

Permission = TeamMember.Permission


def recipients() -> set[str]:
    return {address for email in Email.objects.all() for address in email.to.split("\n")}


def last_email(to: str) -> Email:
    """The newest e-mail queued to the address (sent once the test's transaction would
    commit)."""
    return Email.objects.filter(to__contains=to).order_by("-id").first()


def test_an_assigned_evaluator_is_sent_a_link_to_the_evaluation():
    _market, requirement, _responses = f.with_responses(rates=("600.00",))
    Email.objects.all().delete()
    assigned = f.assigned(requirement, "ian@sepa.org.uk")
    assert recipients() == {"ian@sepa.org.uk"}
    message = last_email("ian@sepa.org.uk")
    assert message.subject == f"You are an evaluator of {requirement.title}"
    assert helpers.link_in(message) == f"/opportunities/{requirement.pk}/evaluation/"
    assert assigned.user.email == "ian@sepa.org.uk"


def test_a_question_asked_is_e_mailed_to_those_who_may_answer_without_who_asked():
    market = f.market()
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = f.published(person, market["body"], lot=market["lot"])
    answers = f.teammate(requirement, "ann@sepa.org.uk", [Permission.ANSWER], by=person)
    f.teammate(requirement, "rex@sepa.org.uk", [Permission.READ_RESPONSES], by=person)
    Email.objects.all().delete()
    asker = fw.supplier_owner(suppliers[0])
    f.ask(requirement, suppliers[0], "Can Supplier 0 work from Glasgow?")
    assert recipients() == {person.email, answers.email}
    message = last_email(answers.email)
    assert message.subject == f"A clarification question to answer: {requirement.title}"
    assert helpers.link_in(message) == f"/opportunities/{requirement.pk}/questions/"
    # (Everyone made by the helpers is called Sam Person: the e-mail names no one else.)
    for private in (suppliers[0].name, asker.email, "Glasgow"):
        assert private not in message.subject + message.body


def test_withdrawing_e_mails_the_suppliers_it_concerned_with_the_reason():
    market = f.market()
    person, suppliers = market["buyer"], market["suppliers"]
    colleague = helpers.member(suppliers[0], "dana@supplier0.example")
    stranger = helpers.user("sal@elsewhere.example")
    helpers.supplier(stranger, name="Not On The Lot Ltd", registration_number="SC999999")
    requirement = f.published(person, market["body"], lot=market["lot"])
    f.ask(requirement, suppliers[0])
    f.respond(requirement, suppliers[1], submit=False)
    Email.objects.all().delete()
    actions.requirement_withdraw(
        actor=person, requirement=requirement, reason="The flood budget moved to next year."
    )
    owners = {fw.supplier_owner(s).email for s in suppliers}
    assert recipients() == owners | {colleague.email}
    message = last_email(colleague.email)
    assert message.subject == f"A requirement has been withdrawn: {requirement.title}"
    assert "The flood budget moved to next year." in message.body
    assert helpers.link_in(message) == f"/opportunities/{requirement.pk}/"


def test_withdrawing_an_invite_only_requirement_e_mails_only_the_invited():
    market = f.market(suppliers=3)
    person, suppliers = market["buyer"], market["suppliers"]
    draft = f.complete_draft(person, market["body"], lot=market["lot"])
    draft = actions.requirement_audience_save(
        actor=person, requirement=draft, invite_only=True, suppliers=[suppliers[1]]
    )
    requirement = actions.requirement_publish(
        actor=person,
        requirement=draft,
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    f.respond(requirement, suppliers[1])
    Email.objects.all().delete()
    actions.requirement_withdraw(
        actor=person, requirement=requirement, reason="Merged with another"
    )
    assert recipients() == {fw.supplier_owner(suppliers[1]).email}


def test_the_declaration_names_the_suppliers_who_responded_and_only_them():
    _market, requirement, _responses = f.with_responses(suppliers=3, rates=("600.00", "500.00"))
    assigned = f.assigned(requirement, "ian@sepa.org.uk")
    client = api_for(assigned.user)
    me = client.get(f"/api/v1/requirements/{requirement.pk}/evaluation/me").json()
    assert me["suppliers"] == ["Supplier 0", "Supplier 1"]
    from django.test import Client

    browser = Client()
    browser.force_login(assigned.user)
    html = browser.get(f"/opportunities/{requirement.pk}/evaluation/interests/").content.decode()
    assert 'id="responding-suppliers"' in html
    assert "<li>Supplier 0</li><li>Supplier 1</li>" in html
    assert "Supplier 2" not in html
    assert "600.00" not in html  # names only: nothing of the responses


def test_before_closing_no_names_are_given():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    f.respond(requirement, market["suppliers"][0])
    seat = selectors.Seat(requirement=requirement, evaluator=None, team=True)
    assert selectors.responding_suppliers(seat) == []


def test_thresholds_are_named_in_words(client):
    market = f.market()
    f.thresholds({"regulated_goods_services": "40000"})
    person, body = market["buyer"], market["body"]
    draft = f.complete_draft(person, body, lot=market["lot"])  # budget up to 45,000
    words = "above the regulated goods services threshold of £40,000"
    with pytest.raises(Invalid, match=words):
        actions.requirement_publish(actor=person, requirement=draft, closes_on=timezone.localdate())
    client.force_login(person)
    html = client.get(f"/buying/requirements/{draft.pk}/").content.decode()
    assert words in html
    assert "regulated_goods_services" not in html
