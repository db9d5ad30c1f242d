"""The audit trail names each event's object and links to its page, resolved in bulk."""

import pytest
from django.test import Client

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import User
from openbuy.accounts.selectors import audit_viewer
from openbuy.catalogue import actions as catalogue
from openbuy.catalogue.models import Project, Service
from openbuy.core import audit_objects
from openbuy.core.models import AuditEvent
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application
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
    admin = audit_objects.Viewer(is_admin=True)
    with django_assert_num_queries(len(types)):
        described = audit_objects.describe(events, admin)

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


def test_each_reader_gets_links_only_to_pages_that_let_them_in(trail):
    """A supplier's application links to the supplier's own page for its people, to the
    evaluation page for the framework's managers, and nowhere for anyone else; a project
    only for its buyers. Every link given to a reader opens for them (the role journeys
    found the trail linking managers and admins to pages that refused them)."""
    events = list(AuditEvent.objects.order_by("seq"))
    readers = {
        "manager": User.objects.get(email="fiona@gov.scot"),
        "owner": f.supplier_owner(Application.objects.get(framework__slug="g-cloud-15").supplier),
        "buyer": User.objects.get(email="morag@sepa.org.uk"),
        "admin": helpers.platform_admin(),
    }
    links = {}
    for who, user in readers.items():
        described = audit_objects.describe(events, audit_viewer(user))
        links[who] = {key: found.url for key, found in described.items()}
        client = Client()
        client.force_login(user)
        for url in {url for url in links[who].values() if url}:
            assert client.get(url).status_code == 200, (who, url)
    application = Application.objects.get(framework__slug="g-cloud-15")
    key = ("frameworks.application", str(application.pk))
    assert links["owner"][key] == f"/frameworks/g-cloud-15/apply/{application.supplier.slug}/"
    assert links["manager"][key] == f"/frameworks/g-cloud-15/applications/{application.pk}/"
    assert links["admin"][key] == links["manager"][key]
    assert links["buyer"][key] == ""
    project = ("catalogue.project", str(Project.objects.get().pk))
    assert links["buyer"][project] == f"/direct-award/{Project.objects.get().pk}/"
    assert links["manager"][project] == links["admin"][project] == ""
