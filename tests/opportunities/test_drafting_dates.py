"""A requirement's dates hold together: it closes within the jurisdiction's longest
publication period (a year unless its rules say otherwise), and the latest start date
comes after the closing date, when publishing and when amending."""

import datetime
import re

import pytest
from django.utils import timezone

from openbuy.core.errors import Invalid
from openbuy.opportunities import actions
from openbuy.opportunities.models import Requirement
from tests.frameworks.helpers import as_sent

from . import factories

pytestmark = pytest.mark.django_db

TOO_FAR = "The closing date must be within 365 days of today"
LATE_START = "The latest start date must be after the closing date"


@pytest.fixture
def market(client):
    made = factories.market()
    client.force_login(made["buyer"])
    return made


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _starting(person, draft, day: datetime.date):
    return actions.requirement_save(
        actor=person, requirement=draft, submitted={"startDate": day.isoformat()}
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _boxes(day) -> dict:
    return {f"closes_on_{n}": str(v) for n, v in enumerate((day.day, day.month, day.year))}


def test_publishing_refuses_a_closing_date_more_than_a_year_ahead(market):
    person, body = market["buyer"], market["body"]
    draft = _starting(person, factories.complete_draft(person, body), _in(400))
    with pytest.raises(Invalid, match=TOO_FAR) as refused:
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(366))
    assert list(refused.value.errors) == ["closes_on"]
    assert Requirement.objects.get(pk=draft.pk).status == "draft"
    published = actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(365))
    assert published.status == "published"


def test_the_longest_period_is_the_jurisdictions_rule(market):
    person, body = market["buyer"], market["body"]
    factories.thresholds({}, maximum_publication_days=30)
    draft = factories.complete_draft(person, body)
    with pytest.raises(Invalid, match="The closing date must be within 30 days of today"):
        actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(31))
    actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(30))


def test_publishing_refuses_a_latest_start_date_on_or_before_the_closing_date(market):
    person, body = market["buyer"], market["body"]
    draft = _starting(person, factories.complete_draft(person, body), _in(20))
    for closes_on in (_in(20), _in(25)):
        with pytest.raises(Invalid, match=LATE_START) as refused:
            actions.requirement_publish(actor=person, requirement=draft, closes_on=closes_on)
        assert list(refused.value.errors) == ["closes_on"]
    published = actions.requirement_publish(actor=person, requirement=draft, closes_on=_in(19))
    assert published.status == "published"


def test_the_publish_page_says_the_limits_first_and_puts_errors_on_the_closing_date(client, market):
    person, body = market["buyer"], market["body"]
    start = _in(30)
    draft = _starting(person, factories.complete_draft(person, body), start)
    url = f"/buying/requirements/{draft.pk}/publish/"
    page = _text(client.get(url))
    latest = f"{_in(365).day} {_in(365):%B %Y}"
    assert f"It can close at most 365 days from today: {latest} or earlier" in page
    assert f"It must close before the latest start date, {start.day} {start:%B %Y}" in page
    for day, message in ((_in(366), TOO_FAR), (start, LATE_START)):
        response = client.post(url, _boxes(day))
        text = _text(response)
        assert "There is a problem" in text
        assert message in text
        assert 'href="#id_closes_on_0"' in response.content.decode()
        refused = client.post(url, {**_boxes(day), "confirm": "1"})
        assert message in _text(refused)
    assert Requirement.objects.get(pk=draft.pk).status == "draft"


def test_amending_refuses_a_latest_start_date_on_or_before_the_closing_date(client, market):
    person, body = market["buyer"], market["body"]
    requirement = factories.published(person, body, days=14)
    with pytest.raises(Invalid, match=LATE_START) as refused:
        actions.requirement_amend(
            actor=person,
            requirement=requirement,
            submitted={"startDate": _in(14).isoformat()},
            summary="Starting sooner",
        )
    assert list(refused.value.errors) == ["startDate"]
    amendment = actions.requirement_amend(
        actor=person,
        requirement=requirement,
        submitted={"startDate": _in(15).isoformat()},
        summary="Starting sooner",
    )
    assert amendment.changed == ["startDate"]
    # A page sends the section with the summary; the error is on the start date.
    document = requirement.questions.doc
    sent = as_sent(document, document.section("where-and-when"), amendment.requirement.answers)
    day = _in(10)
    sent |= {"startDate_0": str(day.day), "startDate_1": str(day.month)}
    sent |= {"startDate_2": str(day.year), "amendment_summary": "Sooner still"}
    url = f"/buying/requirements/{requirement.pk}/amend/where-and-when/"
    response = client.post(url, sent)
    assert response.status_code == 200
    assert LATE_START in _text(response)
    assert 'href="#id_startDate_0"' in response.content.decode()
    assert Requirement.objects.get(pk=requirement.pk).amendments.count() == 1


def test_an_amendment_that_moves_the_closing_day_past_the_start_date_is_refused(market):
    person, body = market["buyer"], market["body"]
    requirement = factories.published(person, body, days=14)
    requirement = actions.requirement_amend(
        actor=person,
        requirement=requirement,
        submitted={"startDate": _in(16).isoformat()},
        summary="Starting sooner",
    ).requirement
    # Two days before closing, an amendment moves the closing day 5 days on: past the start.
    later = factories.clock(timezone.now() + datetime.timedelta(days=12))
    with later, pytest.raises(Invalid, match=LATE_START):
        actions.requirement_amend(
            actor=person,
            requirement=requirement,
            submitted={"lengthMonths": "9"},
            summary="Nine months",
        )
