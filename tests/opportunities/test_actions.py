"""Buyers draft, publish and withdraw requirements through the actions."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone, translation

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.opportunities import actions, hooks
from openbuy.opportunities.verbs import Verb
from tests import helpers
from tests.frameworks import factories as fw

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sets():
    return factories.question_sets()


@pytest.fixture
def morag(sets):
    return factories.buyer()


def test_a_buyer_drafts_an_open_procedure_with_the_newest_sets(sets, morag):
    person, body = morag
    requirement = actions.requirement_create(actor=person, buyer=body)
    assert requirement.status == "draft"
    assert requirement.lot is None
    assert (requirement.questions, requirement.checklist) == sets
    assert helpers.events(Verb.REQUIREMENT_CREATED).get().object_id == str(requirement.pk)


def test_a_draft_may_be_incomplete_but_what_it_holds_is_checked(morag):
    person, body = morag
    requirement = actions.requirement_create(actor=person, buyer=body)
    requirement = actions.requirement_save(
        actor=person, requirement=requirement, submitted={"title": "Flood warnings"}
    )
    assert requirement.answers == {"title": "Flood warnings"}
    with pytest.raises(Invalid, match="not a question here"):
        actions.requirement_save(actor=person, requirement=requirement, submitted={"nope": 1})
    requirement = actions.requirement_save(
        actor=person,
        requirement=requirement,
        section="about",
        submitted={"title": "Flood alerts", "users": "People living by rivers"},
    )
    assert requirement.answers == {"title": "Flood alerts", "users": "People living by rivers"}
    assert helpers.events(Verb.REQUIREMENT_SAVED).count() == 2


def test_only_the_buyer_bodys_buyers_draft_its_requirements(sets, morag):
    _person, body = morag
    outsider = helpers.user("sam@thistle.example")
    with pytest.raises(Forbidden, match="Only the buyer body's buyers"):
        actions.requirement_create(actor=outsider, buyer=body)


def test_a_requirement_on_a_lot_needs_a_live_framework(sets, morag):
    person, body = morag
    manager, authority = fw.manager("ian@procurement.scot", "Scottish Procurement")
    coming = fw.gcloud(authority, manager, open_it=False)
    with pytest.raises(Conflict, match="is not live"):
        actions.requirement_create(actor=person, buyer=body, lot=coming.lots.first())
    supplier = fw.suppliers(1)[0]
    live = fw.live_gcloud(
        {supplier: [("cloud-hosting", fw.service_answers())]},
        slug="g-cloud-15",
        actor=manager,
        authority=authority,
    )
    lot = live.lots.get(slug="cloud-hosting")
    requirement = actions.requirement_create(actor=person, buyer=body, lot=lot)
    assert requirement.lot == lot


def test_publishing_is_refused_listing_every_unanswered_item(morag):
    person, body = morag
    requirement = actions.requirement_create(actor=person, buyer=body)
    requirement = actions.checklist_save(
        actor=person, requirement=requirement, submitted={"item1": "no"}
    )
    closes_on = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(Invalid, match="Still to answer") as refused:
        actions.requirement_publish(actor=person, requirement=requirement, closes_on=closes_on)
    errors = refused.value.errors
    assert "answers.title" in errors
    assert "checklist.item1Explanation" in errors  # "No" asks why
    assert "checklist.item28" in errors
    assert "checklist.item1" not in errors
    assert "Explain your answer to question 1" in str(refused.value)
    assert "28." in str(refused.value)


def test_the_closing_date_must_leave_the_minimum_period(morag):
    person, body = morag
    requirement = factories.complete_draft(person, body)
    too_soon = timezone.localdate(timezone=requirement.zone) + datetime.timedelta(days=9)
    with pytest.raises(Invalid, match="at least 10 days away"):
        actions.requirement_publish(actor=person, requirement=requirement, closes_on=too_soon)
    published = actions.requirement_publish(
        actor=person, requirement=requirement, closes_on=too_soon + datetime.timedelta(days=1)
    )
    assert published.status == "published"
    assert published.is_open


def test_the_question_deadline_skips_st_andrews_day(morag):
    """Closing on Wednesday 2 December 2026 in Scotland, questions close 2 working days
    before: Tuesday 1 December, then (Monday 30 November being St Andrew's Day) Friday 27
    November, at the end of the day in Edinburgh."""
    person, body = morag
    requirement = factories.complete_draft(person, body)
    sent = []
    publishing_day = datetime.datetime(2026, 11, 16, 10, tzinfo=datetime.UTC)
    with (
        hooks.requirement_published.connected(sent.append),
        mock.patch.object(timezone, "now", return_value=publishing_day),
    ):
        published = actions.requirement_publish(
            actor=person, requirement=requirement, closes_on=datetime.date(2026, 12, 2)
        )
    london = requirement.zone
    assert published.closes_at == datetime.datetime(2026, 12, 3, tzinfo=london)
    assert published.questions_close_at == datetime.datetime(2026, 11, 28, tzinfo=london)
    assert published.published_at == publishing_day
    assert [event.requirement.pk for event in sent] == [published.pk]
    event = helpers.events(Verb.REQUIREMENT_PUBLISHED).get()
    assert event.public
    assert event.payload["questions_close_at"] == "2026-11-28T00:00:00+00:00"


def test_a_published_requirement_is_no_longer_a_draft(morag):
    person, body = morag
    requirement = factories.complete_draft(person, body)
    requirement = actions.requirement_publish(
        actor=person,
        requirement=requirement,
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    with pytest.raises(Conflict, match="no longer be edited"):
        actions.requirement_save(actor=person, requirement=requirement, submitted={"title": "X"})


def test_withdrawing_needs_a_reason_shown_to_everyone(morag):
    person, body = morag
    requirement = factories.complete_draft(person, body)
    with pytest.raises(Conflict, match="Only a published requirement"):
        actions.requirement_withdraw(actor=person, requirement=requirement, reason="Oops")
    requirement = actions.requirement_publish(
        actor=person,
        requirement=requirement,
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    with pytest.raises(Invalid, match="Enter why"):
        actions.requirement_withdraw(actor=person, requirement=requirement, reason="  ")
    sent = []
    with hooks.requirement_withdrawn.connected(sent.append):
        withdrawn = actions.requirement_withdraw(
            actor=person, requirement=requirement, reason=" Budget moved to next year "
        )
    assert withdrawn.status == "withdrawn"
    assert withdrawn.withdrawn_reason == "Budget moved to next year"
    assert not withdrawn.is_open
    assert [event.reason for event in sent] == ["Budget moved to next year"]
    event = helpers.events(Verb.REQUIREMENT_WITHDRAWN).get()
    assert event.public
    assert event.payload == {"reason": "Budget moved to next year"}


def test_checklist_saves_are_audited(morag):
    person, body = morag
    requirement = actions.requirement_create(actor=person, buyer=body)
    actions.checklist_save(
        actor=person, requirement=requirement, submitted={"item2": "not-applicable"}
    )
    assert helpers.events(Verb.REQUIREMENT_CHECKLIST_SAVED).count() == 1


def test_refusals_speak_french_on_french_pages(morag):
    person, body = morag
    requirement = actions.requirement_create(actor=person, buyer=body)
    with translation.override("fr"), pytest.raises(Invalid, match="Reste à répondre") as refused:
        actions.requirement_publish(
            actor=person,
            requirement=requirement,
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    assert "Expliquez" not in str(refused.value)  # only asked after "No" or "Not applicable"
    assert "1. Le besoin est-il formulé" in str(refused.value)
