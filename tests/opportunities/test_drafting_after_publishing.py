"""Once published, a requirement's draft-only pages (its sections, checklist, lots and who
can respond) offer no form and change nothing, whether read or sent: they send the buyer
to the amend page while it is open, else to its overview; the actions refuse too."""

import datetime
import re

import pytest
from django.utils import timezone

from openbuy.core.errors import Conflict
from openbuy.opportunities import actions
from openbuy.opportunities.models import Requirement
from tests import helpers
from tests.frameworks.helpers import as_sent

from . import factories

pytestmark = pytest.mark.django_db

LOTS = "its lots can no longer change"
AUDIENCE = "who can respond can no longer change"
CHECKLIST = "its checklist answers can no longer change"


@pytest.fixture
def published(client):
    """A requirement on the outcomes lot in two lots, published; its buyer signed in."""
    market = factories.market()
    person, body = market["buyer"], market["body"]
    draft = factories.complete_draft(person, body, lot=market["lot"])
    factories.second_lot(draft)
    closes_on = timezone.localdate() + datetime.timedelta(days=14)
    draft = actions.requirement_publish(actor=person, requirement=draft, closes_on=closes_on)
    client.force_login(person)
    return {**market, "requirement": draft}


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _pages(requirement) -> dict[str, str]:
    """Each draft-only page but the questions' sections → what it says instead."""
    base = f"/buying/requirements/{requirement.pk}"
    checklist = requirement.checklist.doc.sections[0].slug
    return {
        f"{base}/lots/": LOTS,
        f"{base}/lots/add/": LOTS,
        f"{base}/lots/2/": LOTS,
        f"{base}/lots/2/remove/": LOTS,
        f"{base}/audience/": AUDIENCE,
        f"{base}/checklist/{checklist}/": CHECKLIST,
    }


def _state(requirement):
    requirement = Requirement.objects.get(pk=requirement.pk)
    lots = [(lot.number, lot.title, lot.value) for lot in requirement.lots.order_by("number")]
    return (
        lots,
        requirement.max_lots_per_supplier,
        requirement.division_reason,
        requirement.invite_only,
        requirement.answers,
        requirement.checklist_answers,
    )


def test_draft_only_pages_offer_no_form_once_published(client, published):
    requirement = published["requirement"]
    overview = f"/buying/requirements/{requirement.pk}/"
    for url, message in _pages(requirement).items():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == overview, url
        page = client.get(response.url)
        assert message in _text(page), url
        # The overview offers amending instead, and no draft task list.
        assert f'href="/buying/requirements/{requirement.pk}/amend/"' in page.content.decode()
    section = requirement.questions.doc.sections[0].slug
    response = client.get(f"{overview}questions/{section}/")
    assert response.url == f"{overview}amend/{section}/"
    assert "The requirement is published: amend it instead" in _text(client.get(response.url))


def test_posts_to_draft_only_pages_change_nothing_once_published(client, published):
    requirement, suppliers = published["requirement"], published["suppliers"]
    before, events = _state(requirement), helpers.events().count()
    sent = {
        "lots/": {"max_lots_per_supplier": "1", "division_reason": "Changed after publishing"},
        "lots/add/": {"title": "Three"},
        "lots/2/": {"title": "Renamed", "value": "1,000"},
        "lots/2/remove/": {},
        "audience/": {"invite_only": "yes", "suppliers": [str(suppliers[0].pk)]},
    }
    base = f"/buying/requirements/{requirement.pk}/"
    for page, data in sent.items():
        response = client.post(base + page, data)
        assert (response.status_code, response.url) == (302, base), page
    checklist = requirement.checklist.doc
    part = checklist.sections[0]
    answers = {q.id: "no" for q in part.questions if q.depends_on is None}
    response = client.post(f"{base}checklist/{part.slug}/", answers)
    assert response.url == base
    document = requirement.questions.doc
    where = document.section("where-and-when")
    changed = {**as_sent(document, where, requirement.answers), "lengthMonths": "9"}
    response = client.post(f"{base}questions/where-and-when/", changed)
    assert response.url == f"{base}amend/where-and-when/"
    assert _state(requirement) == before
    assert helpers.events().count() == events


def test_once_closed_a_questions_section_goes_to_the_overview(client, published):
    requirement = published["requirement"]
    base = f"/buying/requirements/{requirement.pk}/"
    with factories.after_close(requirement):
        client.force_login(published["buyer"])
        response = client.get(f"{base}questions/where-and-when/")
        assert response.url == base
        page = _text(client.get(base))
    assert "The requirement is no longer open: its answers can no longer change" in page
    assert "Amend the requirement" not in page


def test_the_actions_refuse_to_edit_a_published_requirement_as_a_draft(published):
    requirement, person = published["requirement"], published["buyer"]
    lot = requirement.lots.get(number=2)
    refusals = [
        lambda: actions.lot_save(actor=person, requirement=requirement, lot=lot, title="New"),
        lambda: actions.lot_remove(actor=person, requirement=requirement, lot=lot),
        lambda: actions.requirement_audience_save(
            actor=person,
            requirement=requirement,
            invite_only=True,
            suppliers=[published["suppliers"][0]],
        ),
        lambda: actions.requirement_save(
            actor=person, requirement=requirement, submitted={"lengthMonths": "9"}
        ),
        lambda: actions.checklist_save(
            actor=person, requirement=requirement, submitted={"item1": "no"}
        ),
    ]
    before = _state(requirement)
    for refused in refusals:
        with pytest.raises(Conflict, match="can no longer be edited as a draft"):
            refused()
    assert _state(requirement) == before
