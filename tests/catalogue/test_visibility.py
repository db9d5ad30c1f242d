"""One visibility rule per object: the page and the API answer each person alike
(docs/visibility.md). Each case asks both with the same signed-in session."""

import pytest

from openbuy.catalogue import actions
from openbuy.catalogue.models import Service
from tests import helpers
from tests.frameworks import factories as f
from tests.visibility import answer, client_of

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "other supplier", "supplier", "buyer", "manager", "admin"]


@pytest.fixture
def world():
    """A live framework with a service from each of two suppliers, a buyer of another
    body with a project on its lot, and a platform admin."""
    manager, authority = f.manager()
    ours, theirs = f.suppliers(2)
    framework = f.live_gcloud(
        {
            ours: [("cloud-hosting", f.service_answers("Secure hosting"))],
            theirs: [("cloud-hosting", f.service_answers("Other hosting"))],
        },
        actor=manager,
        authority=authority,
    )
    body = helpers.buyer_body()
    buyer = helpers.user("morag@sepa.org.uk", purpose="buyer")
    project = actions.project_create(
        actor=buyer, buyer=body, name="Hosting", lot=framework.lots.get(slug="cloud-hosting")
    )
    return {
        "service": Service.objects.get(supplier=ours),
        "project": project,
        "people": {
            "anonymous": None,
            "other supplier": f.supplier_owner(theirs),
            "supplier": f.supplier_owner(ours),
            "buyer": buyer,
            "manager": manager,
            "admin": helpers.platform_admin(),
        },
    }


def both(person, page: str, api: str) -> tuple[str, str]:
    client = client_of(person)
    return answer(client.get(page)), answer(client.get(api))


SEES_REMOVED = {"supplier", "manager", "admin"}


def answers(world, page: str, api: str, method="get") -> dict[str, tuple[str, str]]:
    """Each person's answer from the page and from the API, asked in one session."""
    found = {}
    for who in PEOPLE:
        client = client_of(world["people"][who])
        found[who] = (answer(client.get(page)), answer(getattr(client, method)(api)))
    return found


def alike(expected: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {who: (expected[who], expected[who]) for who in PEOPLE}


def test_a_removed_service_is_seen_by_its_supplier_managers_and_admins_alone(world):
    service = world["service"]
    actions.service_remove(actor=world["people"]["supplier"], service=service)
    expected = {who: "shown" if who in SEES_REMOVED else "hidden" for who in PEOPLE}
    assert answers(
        world, f"/services/{service.service_id}/", f"/api/v1/services/{service.service_id}"
    ) == alike(expected)


def test_a_published_service_is_shown_to_everyone(world):
    service = world["service"]
    assert answers(
        world, f"/services/{service.service_id}/", f"/api/v1/services/{service.service_id}"
    ) == alike(dict.fromkeys(PEOPLE, "shown"))


def test_a_suspended_service_is_public_and_its_reason_is_for_the_same_people(world):
    service = world["service"]
    actions.service_suspend(
        actor=world["people"]["manager"], service=service, reason="Certificate lapsed"
    )
    told = {}
    for who in PEOPLE:
        client = client_of(world["people"][who])
        page = client.get(f"/services/{service.service_id}/")
        api = client.get(f"/api/v1/services/{service.service_id}")
        assert (page.status_code, api.status_code) == (200, 200), who
        told[who] = (
            "Certificate lapsed" in page.content.decode(),
            api.json()["status_reason"] == "Certificate lapsed",
        )
    assert told == {who: (who in SEES_REMOVED,) * 2 for who in PEOPLE}


def test_a_services_versions_are_for_its_supplier_managers_and_admins(world):
    service = world["service"]
    expected = {
        who: "sign in" if who == "anonymous" else "shown" if who in SEES_REMOVED else "hidden"
        for who in PEOPLE
    }
    assert answers(
        world,
        f"/services/{service.service_id}/versions/",
        f"/api/v1/services/{service.service_id}/versions",
    ) == alike(expected)
    # One version's page follows the same rule as the list.
    assert {
        who: answer(
            client_of(world["people"][who]).get(f"/services/{service.service_id}/versions/1/")
        )
        for who in PEOPLE
    } == expected


def test_a_project_is_for_its_buyer_bodys_buyers(world):
    project = world["project"]
    expected = {
        who: {"anonymous": "sign in", "buyer": "shown"}.get(who, "hidden") for who in PEOPLE
    }
    assert answers(
        world, f"/direct-award/{project.pk}/", f"/api/v1/projects/{project.pk}"
    ) == alike(expected)


def test_people_who_cannot_see_a_removed_service_cannot_act_on_it_either(world):
    """Every address of a service they may not see is a 404, not a refusal that would
    say it exists."""
    service = world["service"]
    actions.service_remove(actor=world["people"]["supplier"], service=service)
    found = answers(
        world,
        f"/services/{service.service_id}/remove/",
        f"/api/v1/services/{service.service_id}/remove",
        method="post",
    )
    assert {who: found[who] for who in ("anonymous", "other supplier", "buyer")} == {
        "anonymous": ("sign in", "sign in"),
        "other supplier": ("hidden", "hidden"),
        "buyer": ("hidden", "hidden"),
    }
