"""The buyer team, amending an open requirement, and who is e-mailed on publishing and on
an amendment."""

import datetime

import pytest
from django.utils import timezone

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.core.models import Email
from openbuy.opportunities import actions
from openbuy.opportunities.models import ClarificationQuestion, Requirement
from openbuy.opportunities.verbs import Verb
from tests import helpers
from tests.frameworks import factories as fw

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return factories.market(suppliers=3)


def _recipients() -> set[str]:
    return {address for email in Email.objects.all() for address in email.to.split("\n")}


def test_the_team_always_keeps_someone_who_may_publish(market):
    person, body = market["buyer"], market["body"]
    draft = actions.requirement_create(actor=person, buyer=body)
    lead = draft.team.get(user=person)
    outsider = helpers.user("sam@thistle.example")
    with pytest.raises(Invalid, match="Only buyers of Scottish Environment Protection Agency"):
        actions.team_member_add(
            actor=person, requirement=draft, user=outsider, permissions=["draft"]
        )
    colleague, _body = factories.buyer("ailsa@sepa.org.uk", body)
    with pytest.raises(Invalid, match="Choose what they may do"):
        actions.team_member_add(actor=person, requirement=draft, user=colleague, permissions=[])
    with pytest.raises(Invalid, match="is not a permission"):
        actions.team_member_add(actor=person, requirement=draft, user=colleague, permissions=["x"])
    member = actions.team_member_add(
        actor=person, requirement=draft, user=colleague, permissions=["evaluate", "draft"]
    )
    assert member.permissions == ["draft", "evaluate"]
    with pytest.raises(Conflict, match="already on the team"):
        actions.team_member_add(
            actor=person, requirement=draft, user=colleague, permissions=["draft"]
        )
    with pytest.raises(Forbidden, match="who may publish"):
        actions.team_member_save(
            actor=colleague, requirement=draft, member=lead, permissions=["draft"]
        )
    with pytest.raises(Conflict, match="Someone on the team must be able to publish"):
        actions.team_member_save(
            actor=person, requirement=draft, member=lead, permissions=["draft"]
        )
    with pytest.raises(Conflict, match="Someone on the team must be able to publish"):
        actions.team_member_remove(actor=person, requirement=draft, member=lead)
    actions.team_member_save(
        actor=person, requirement=draft, member=member, permissions=["draft", "publish"]
    )
    actions.team_member_remove(actor=colleague, requirement=draft, member=lead)
    assert list(draft.team.values_list("user__email", flat=True)) == ["ailsa@sepa.org.uk"]
    assert [e.verb for e in helpers.events() if e.verb.startswith("requirement.team")] == [
        Verb.TEAM_MEMBER_ADDED,
        Verb.TEAM_MEMBER_SAVED,
        Verb.TEAM_MEMBER_REMOVED,
    ]


def test_publishing_emails_the_people_of_every_eligible_supplier(
    market, django_capture_on_commit_callbacks
):
    person, body, suppliers = market["buyer"], market["body"], market["suppliers"]
    colleague = helpers.member(suppliers[0], "dana@supplier0.example")
    helpers.supplier(helpers.user("x@elsewhere.example"), name="Not On The Lot Ltd")
    draft = factories.complete_draft(person, body, lot=market["lot"])
    Email.objects.all().delete()  # the accounts' own e-mails
    with django_capture_on_commit_callbacks(execute=True):
        requirement = actions.requirement_publish(
            actor=person,
            requirement=draft,
            closes_on=timezone.localdate() + datetime.timedelta(days=20),
        )
    owners = {fw.supplier_owner(s).email for s in suppliers}
    assert _recipients() == owners | {colleague.email}
    message = helpers.last_email(colleague.email)
    assert message.subject == "New requirement you can respond to: Flood warnings for Scotland"
    assert str(requirement.pk) in message.body


def test_an_invite_only_requirement_emails_only_the_invited(market):
    person, body, suppliers = market["buyer"], market["body"], market["suppliers"]
    draft = factories.complete_draft(person, body, lot=market["lot"])
    actions.requirement_audience_save(
        actor=person, requirement=draft, invite_only=True, suppliers=[suppliers[1]]
    )
    Email.objects.all().delete()  # the accounts' own e-mails
    actions.requirement_publish(
        actor=person,
        requirement=draft,
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert _recipients() == {fw.supplier_owner(suppliers[1]).email}


def _published_invite_only(market):
    person, body, suppliers = market["buyer"], market["body"], market["suppliers"]
    draft = factories.complete_draft(person, body, lot=market["lot"])
    actions.requirement_audience_save(
        actor=person, requirement=draft, invite_only=True, suppliers=suppliers[:2]
    )
    return actions.requirement_publish(
        actor=person,
        requirement=draft,
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )


def test_an_amendment_is_recorded_shown_and_sent_to_those_concerned(market):
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = _published_invite_only(market)
    factories.respond(requirement, suppliers[0])
    # A supplier that asked before the invitation was narrowed (no action asks yet).
    ClarificationQuestion.objects.create(
        requirement=requirement,
        supplier=suppliers[2],
        asked_by=fw.supplier_owner(suppliers[2]),
        question="Is there a budget for discovery?",
    )
    Email.objects.all().delete()
    closes_at = requirement.closes_at
    questions = requirement.questions.doc.section("about").questions
    about = {q.id: requirement.answers[q.id] for q in questions if q.id in requirement.answers}
    amendment = actions.requirement_amend(
        actor=person,
        requirement=requirement,
        submitted={**about, "title": "Flood warnings for all of Scotland"},
        section="about",
        summary="The title now says the whole country",
    )
    requirement = Requirement.objects.get(pk=requirement.pk)
    assert requirement.title == "Flood warnings for all of Scotland"
    assert (amendment.number, amendment.changed) == (1, ["title"])
    assert amendment.before == {"title": "Flood warnings for Scotland"}
    assert amendment.closes_at_before == amendment.closes_at_after == closes_at
    assert requirement.closes_at == closes_at
    assert requirement.amended_at is not None
    event = helpers.events(Verb.REQUIREMENT_AMENDED).get()
    assert event.public
    assert event.payload["summary"] == "The title now says the whole country"
    assert _recipients() == {fw.supplier_owner(s).email for s in suppliers}
    message = Email.objects.filter(to=fw.supplier_owner(suppliers[2]).email).get()
    assert "The title now says the whole country" in message.body
    assert "Responses still close at" in message.body


def test_an_amendment_close_to_closing_moves_the_closing_day(market):
    person, body = market["buyer"], market["body"]
    requirement = factories.published(person, body, days=14)
    later = timezone.now() + datetime.timedelta(days=11)
    with factories.clock(later):
        closes_at, questions_close_at, moved = actions.amended_closing(requirement)
        amendment = actions.requirement_amend(
            actor=person,
            requirement=requirement,
            submitted={"lengthMonths": "9"},
            summary="Nine months, not six",
        )
    requirement = Requirement.objects.get(pk=requirement.pk)
    zone = requirement.zone
    expected_day = later.astimezone(zone).date() + datetime.timedelta(days=5)
    assert moved
    assert requirement.closes_at == closes_at
    assert (requirement.closes_at - datetime.timedelta(seconds=1)).astimezone(zone).date() == (
        expected_day
    )
    assert requirement.questions_close_at == questions_close_at < requirement.closes_at
    assert amendment.closes_at_after == requirement.closes_at > amendment.closes_at_before


def test_amending_is_refused_for_drafts_without_a_change_summary_or_completeness(market):
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body)
    with pytest.raises(Conflict, match="Only an open requirement can be amended"):
        actions.requirement_amend(
            actor=person, requirement=draft, submitted={"title": "X"}, summary="x"
        )
    requirement = actions.requirement_publish(
        actor=person,
        requirement=draft,
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    with pytest.raises(Invalid, match="Say what changed") as refused:
        actions.requirement_amend(
            actor=person, requirement=requirement, submitted={"title": "X"}, summary=" "
        )
    assert list(refused.value.errors) == ["summary"]
    with pytest.raises(Invalid, match="You did not change any answer"):
        actions.requirement_amend(
            actor=person,
            requirement=requirement,
            submitted={"title": requirement.title},
            summary="Nothing",
        )
    with pytest.raises(Invalid, match="must stay complete"):
        actions.requirement_amend(
            actor=person, requirement=requirement, submitted={}, section="about", summary="Gone"
        )
    with pytest.raises(Invalid, match="The weightings must add up to 100; they add up to 110"):
        actions.requirement_amend(
            actor=person,
            requirement=requirement,
            submitted={"weightTechnical": "70", "weightCultural": "15", "weightPrice": "25"},
            section="evaluation",
            summary="More weight",
        )
    reader = factories.teammate(requirement, "ailsa@sepa.org.uk", ["answer"], by=person)
    with pytest.raises(Forbidden, match="who may draft"):
        actions.requirement_amend(
            actor=reader, requirement=requirement, submitted={"title": "X"}, summary="x"
        )
    assert not requirement.amendments.exists()
