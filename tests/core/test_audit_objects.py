"""The audit trail names each event's object and links to its page, resolved in bulk."""

import pytest

from openbuy.accounts import actions as accounts
from openbuy.catalogue import actions as catalogue
from openbuy.catalogue.models import Service
from openbuy.core import audit_objects
from openbuy.core.models import AuditEvent
from openbuy.frameworks import actions
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    """A framework run to live with one service, a buyer's project, an API token, an
    invitation and a deleted draft: events on every kind of object openbuy records."""
    manager, authority = f.manager()
    supplier, other = f.suppliers(2)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting"))]},
        actor=manager,
        authority=authority,
    )
    buyer_body = helpers.buyer_body()
    buyer = helpers.user("morag@sepa.org.uk", purpose="buyer")
    catalogue.project_create(
        actor=buyer, buyer=buyer_body, name="Council hosting", lot=framework.lots.first()
    )
    accounts.api_token_create(actor=buyer, name="spend report")
    owner = f.supplier_owner(other)
    accounts.invitation_create(
        actor=owner, organisation=other, email="dana@supplier1.example", role="supplier_member"
    )
    service = Service.objects.get()
    catalogue.service_edit(
        actor=f.supplier_owner(supplier),
        service=service,
        section="description",
        submitted={
            "serviceName": "Secure hosting",
            "serviceDescription": "Hosting in Scotland",
            "serviceFeatures": ["Fast"],
            "serviceBenefits": ["Safe"],
        },
    )
    later = f.gcloud(authority, manager, slug="g-cloud-15")
    actions.clarification_ask(
        actor=owner, framework=later, supplier=other, question="Is hosting in Wales allowed?"
    )
    application = f.apply(later, other, submit=False)
    actions.draft_delete(actor=owner, draft=application.services.get())
    return framework


def test_every_recorded_object_has_a_name_and_a_page_in_one_query_per_type(
    trail, django_assert_num_queries
):
    events = list(AuditEvent.objects.order_by("seq"))
    types = {e.object_type for e in events}
    assert len(types) == 15  # every kind the actions above record
    with django_assert_num_queries(len(types)):
        described = audit_objects.describe(events)

    def of(event):
        return described[(event.object_type, event.object_id)]

    by_verb = {e.verb: of(e) for e in events}
    framework = by_verb["framework.live"]
    assert (framework.kind, framework.name, framework.url) == (
        "Framework",
        "G Cloud 14",
        "/frameworks/g-cloud-14/",
    )
    service = Service.objects.get()
    assert by_verb["service.edited"] == audit_objects.AuditObject(
        "Service", "Secure hosting", f"/services/{service.service_id}/"
    )
    assert by_verb["clarification.asked"].name == "Question from Supplier 1"
    assert by_verb["framework.lot_added"].name == "G Cloud 15: Cloud support"
    assert by_verb["project.created"].name == "Council hosting"
    assert by_verb["api_token.created"] == audit_objects.AuditObject("API token", "spend report")
    invitation = by_verb["invitation.created"]
    assert invitation.name == "dana@supplier1.example to Supplier 1"
    assert invitation.url == "/organisations/supplier-1/members/"
    assert by_verb["draft.created"].name  # drafted services are named from their answers
    gone = by_verb["draft.deleted"]
    assert gone.gone
    assert gone.kind == "Service in an application"
    assert not gone.url
    assert by_verb["account.signed_up"].kind == "Person"
    assert not any(
        o.name.startswith(("accounts.", "frameworks.", "catalogue.")) for o in described.values()
    )
    assert Service.objects.count() == 1


def test_an_undeclared_type_shows_its_raw_reference(trail):
    event = AuditEvent(object_type="elsewhere.thing", object_id="7")
    assert audit_objects.describe([event])[("elsewhere.thing", "7")] == (
        audit_objects.AuditObject(kind="", name="elsewhere.thing:7")
    )
