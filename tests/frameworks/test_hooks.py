"""The catalogue takes part in a framework's moves through frameworks' hooks: in their
documented order, inside the move's transaction. A receiver that refuses or fails undoes
the whole move (the framework's status, services, audit events), and the page and the
API say why."""

import json

import pytest

from openbuy.accounts import actions as accounts
from openbuy.catalogue.models import Service
from openbuy.catalogue.receivers import publish_services, withdraw_services
from openbuy.core import search
from openbuy.core.errors import Conflict
from openbuy.core.hooks import DOMAIN, REPORTING
from openbuy.core.models import AuditEvent
from openbuy.frameworks import actions, hooks
from openbuy.frameworks.models import Framework
from tests.frameworks import factories as f

from .helpers import refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    """A G-Cloud-like framework in standstill, one countersigned supplier with one passed
    service, and the family's live predecessor: (framework, predecessor, manager)."""
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    offers = {supplier: [("cloud-hosting", f.service_answers("Old hosting"))]}
    old = f.live_gcloud(offers, slug="g-cloud-13", actor=person, authority=authority)
    framework = f.gcloud(authority, person, previous=old)
    applications = [f.apply(framework, supplier)]
    framework = f.pass_all(f.close(framework, person), person, applications)
    f.sign_and_countersign(framework, person, applications)
    return framework, old, person


def state(framework, old) -> tuple:
    return (
        Framework.objects.get(pk=framework.pk).status,
        Framework.objects.get(pk=old.pk).status,
        Service.objects.filter(framework=framework).count(),
        search.search(search.Query(kind="service")).total,
        AuditEvent.objects.count(),
    )


def test_the_catalogue_registers_its_receivers_on_frameworks_hooks():
    assert publish_services in hooks.framework_went_live.receivers()
    assert withdraw_services in hooks.framework_expired.receivers()


def test_receivers_run_in_order_around_the_catalogues(ready):
    """Receivers with a lower order run before the catalogue publishes; reporting ones
    (open data) after, and see the services."""
    framework, _old, person = ready
    seen = []

    def early(event):
        seen.append(("early", Service.objects.filter(framework=event.framework).count()))

    def reporting(event):
        seen.append(("reporting", Service.objects.filter(framework=event.framework).count()))

    with (
        hooks.framework_went_live.connected(reporting, order=REPORTING),
        hooks.framework_went_live.connected(early, order=DOMAIN - 1),
    ):
        actions.framework_go_live(actor=person, framework=framework)
    assert seen == [("early", 0), ("reporting", 1)]


def refuse(event):
    raise Conflict("The catalogue is being rebuilt; try again in an hour")


def test_a_receivers_refusal_undoes_the_whole_move_and_says_why(ready, client):
    framework, old, person = ready
    before = state(framework, old)
    assert before[:4] == ("standstill", "live", 0, 1)
    with hooks.framework_went_live.connected(refuse, order=REPORTING):
        with pytest.raises(Conflict, match=r"^The catalogue is being rebuilt; try again"):
            actions.framework_go_live(actor=person, framework=framework)
        assert state(framework, old) == before

        client.force_login(person)
        page = client.post(f"/frameworks/{framework.slug}/status/go-live/")
        assert page.status_code == 409
        assert refusal(page) == ["The catalogue is being rebuilt; try again in an hour"]

        _token, secret = accounts.api_token_create(actor=person, name="tests")
        answer = client.post(
            f"/api/v1/frameworks/{framework.slug}/status",
            json.dumps({"action": "go-live"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert answer.status_code == 409
        assert answer.json()["detail"] == "The catalogue is being rebuilt; try again in an hour"
    # The token is the only thing that changed (its own audited action).
    assert state(framework, old)[:4] == before[:4]


def test_a_receivers_failure_undoes_the_whole_move(ready):
    framework, old, person = ready
    before = state(framework, old)

    def broken(event):
        raise RuntimeError("bug in a receiver")

    with (
        hooks.framework_expired.connected(broken),
        pytest.raises(RuntimeError, match="bug in a receiver"),
    ):
        actions.framework_go_live(actor=person, framework=framework)
    assert state(framework, old) == before


def test_going_live_publishes_and_expiry_withdraws_through_the_hooks(ready):
    framework, old, person = ready
    framework = actions.framework_go_live(actor=person, framework=framework)
    assert state(framework, old)[:4] == ("live", "expired", 1, 1)
    (found,) = search.search(search.Query(kind="service")).object_ids
    assert Service.objects.get(pk=found).framework_id == framework.pk
    actions.framework_expire(actor=person, framework=framework)
    assert state(framework, old)[:4] == ("expired", "expired", 1, 0)


def test_every_public_framework_event_is_sent_once_in_the_action(ready):
    """Open data will publish a release for each: every move sends its event."""
    framework, _old, person = ready
    sent = []
    public = [
        hooks.framework_created,
        hooks.framework_updated,
        hooks.lot_added,
        hooks.framework_opened,
        hooks.framework_closed,
        hooks.results_announced,
        hooks.framework_went_live,
        hooks.framework_expired,
    ]
    for hook in public:
        hook.connect(sent.append, order=REPORTING)
    try:
        actions.framework_go_live(actor=person, framework=framework)
        authority = framework.authority
        fresh = f.gcloud(authority, person, slug="g-cloud-15", open_it=False)
        actions.framework_update(actor=person, framework=fresh, name="G-Cloud 15")
        actions.framework_open(actor=person, framework=fresh)
    finally:
        for hook in public:
            hook.disconnect(sent.append)
    assert [type(event).__name__ for event in sent] == [
        "FrameworkExpired",
        "FrameworkWentLive",
        "FrameworkCreated",
        "LotAdded",
        "LotAdded",
        "LotAdded",
        "FrameworkUpdated",
        "FrameworkOpened",
    ]
    assert sent[0].succeeded_by == sent[1].framework
    assert sent[6].changed == ("name",)
