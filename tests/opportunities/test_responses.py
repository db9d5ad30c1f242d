"""Responses: eligible suppliers draft, submit and withdraw while open; the deadline and the
catalogue rate are checked on the server."""

import datetime

import pytest

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.opportunities import actions
from openbuy.opportunities.models import Response
from tests import helpers
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return f.market()


def test_an_eligible_supplier_submits_a_complete_response(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    response = f.respond(requirement, market["suppliers"][0])
    assert response.status == Response.Status.SUBMITTED
    assert response.lot.number == 1
    assert helpers.events("response.submitted").count() == 1


def test_a_supplier_without_a_live_service_on_the_lot_is_refused(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    with pytest.raises(Forbidden, match="not eligible to respond"):
        f.respond(requirement, outsider)


def test_a_day_rate_above_the_catalogue_rate_is_refused(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    with pytest.raises(Invalid, match="above your catalogue rate of £650"):
        f.respond(requirement, market["suppliers"][0], rate="650.01")


def test_a_submission_after_the_closing_time_is_refused(market):
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    response = f.respond(requirement, market["suppliers"][0], submit=False)
    owner = fw.supplier_owner(market["suppliers"][0])
    with f.clock(requirement.closes_at), pytest.raises(Conflict, match="closed to responses"):
        actions.response_submit(actor=owner, response=response)
    with f.clock(requirement.closes_at - datetime.timedelta(microseconds=1)):
        assert actions.response_submit(actor=owner, response=response).submitted_at
