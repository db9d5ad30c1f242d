"""An event shows only to those who may see its object, on pages and in the API alike
(issue 7, B22): an evaluator invited from outside a buyer body reads its trail, but not
its direct-award projects, which only the body's buyers see."""

import pytest
from django.test import Client

from openbuy.accounts.models import Role
from openbuy.catalogue import actions
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Hosting"))]},
        actor=person,
        authority=authority,
    )
    body = helpers.buyer_body()
    buyer = helpers.user("morag@sepa.org.uk", purpose="buyer")
    project = actions.project_create(
        actor=buyer,
        buyer=body,
        name="Secret flood sensors",
        lot=framework.lots.get(slug="cloud-hosting"),
        keywords="hosting",
    )
    outsider = f.supplier_owner(supplier)
    helpers.member(body, outsider.email, role=Role.EVALUATOR)
    return body, buyer, outsider, project, person, authority


def _events_on_page(client, body) -> str:
    """The organisation's audit page after its filter form (which names every verb)."""
    html = client.get(f"/organisations/{body.slug}/audit/").content.decode()
    return html.split("Apply filters", 1)[1]


def _api(client, body, **query):
    response = client.get(f"/api/v1/organisations/{body.slug}/audit-events", query)
    assert response.status_code == 200
    return response.json()["items"]


def test_an_outside_evaluator_does_not_see_the_bodys_direct_award_projects(world):
    body, buyer, outsider, project, _manager, _authority = world
    insider, stranger = Client(), Client()
    insider.force_login(buyer)
    stranger.force_login(outsider)

    page = _events_on_page(stranger, body)
    assert "Invited colleague" in page
    assert "Saved search as project" not in page
    verbs = {event["verb"] for event in _api(stranger, body)}
    assert "invitation.accepted" in verbs
    assert not {verb for verb in verbs if verb.startswith("project.")}
    assert stranger.get(f"/direct-award/{project.pk}/").status_code in {403, 404}

    # The body's buyers see the project's events, on the page and in the API.
    assert (
        "Saved search as project"
        in insider.get(f"/organisations/{body.slug}/audit/").content.decode()
    )
    assert "project.created" in {event["verb"] for event in _api(insider, body)}


def test_the_authoritys_evaluators_do_not_see_results_they_could_not_open(world):
    _body, _buyer, _outsider, _project, manager, authority = world
    evaluator = helpers.user("eval@example.org")
    from openbuy.accounts import actions as accounts
    from openbuy.core.actors import SYSTEM

    accounts.membership_grant(
        actor=SYSTEM, organisation=authority, user=evaluator, role=Role.EVALUATOR
    )
    reader, runner = Client(), Client()
    reader.force_login(evaluator)
    runner.force_login(manager)
    seen = {event["verb"] for event in _api(reader, authority, limit=100)}
    assert "framework.opened" in seen
    assert "application.result_recorded" not in seen
    assert "agreement.countersigned" not in seen
    assert "application.result_recorded" in {
        event["verb"] for event in _api(runner, authority, limit=100)
    }


def test_the_trail_costs_the_same_number_of_queries_however_long(
    world, django_assert_max_num_queries
):
    body, buyer, outsider, project, _manager, _authority = world
    client = Client()
    client.force_login(outsider)
    for rounds in range(2):
        # session, user, roles (twice), admin?, count, events, their people and
        # organisations, the jurisdiction, the reader's roles (for the links), and one per
        # kind of object named in the "On" column (core.audit_objects), the requirements
        # whose responses the reader may read (permissions are JSON, read in Python):
        # however many events
        with django_assert_max_num_queries(16):
            assert client.get(f"/organisations/{body.slug}/audit/").status_code == 200
        # the same less the page's own, and up to eight (with savepoints) to count the request
        # against the API rate in the database cache
        with django_assert_max_num_queries(18):
            _api(client, body)
        for n in range(5):
            actions.project_search_update(
                actor=buyer, project=project, keywords=f"hosting {rounds} {n}", filters={}
            )
