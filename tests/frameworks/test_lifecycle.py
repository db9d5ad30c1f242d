"""The framework lifecycle is a state machine with guards, moved only by actions."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from openbuy.catalogue import actions as catalogue
from openbuy.catalogue.models import Service
from openbuy.core import search
from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.frameworks import actions
from openbuy.frameworks.models import Framework, Lot
from tests import helpers
from tests.frameworks import factories as f
from tests.frameworks.helpers import expire_by_the_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return f.manager()


def test_a_framework_opens_only_with_a_declaration_and_lots_with_questions(manager):
    person, authority = manager
    framework = f.gcloud(authority, person, open_it=False, lots=())
    with pytest.raises(Conflict, match=r"^Add at least one lot\.$"):
        actions.framework_open(actor=person, framework=framework)
    actions.lot_add(
        actor=person,
        framework=framework,
        slug="cloud-hosting",
        name="Hosting",
        questions=f.question_set(authority, "g-cloud-hosting"),
    )
    framework = actions.framework_open(actor=person, framework=framework)
    assert framework.status == Framework.Status.OPEN
    assert helpers.events("framework.opened").get().public


def test_a_manager_may_close_applications_before_the_planned_day(manager):
    """Closing early is a step of its own, recorded when it happens; the plan stays."""
    person, authority = manager
    framework = f.gcloud(authority, person)
    closed = actions.framework_close(actor=person, framework=framework)
    assert closed.status == Framework.Status.PENDING
    assert closed.closed_at is not None
    assert closed.applications_close_on == framework.applications_close_on
    assert not closed.accepting_clarifications
    with pytest.raises(
        Conflict,
        match="Only a framework that is open for applications can close them; G Cloud 14 is "
        "closed for evaluation",
    ):
        actions.framework_close(actor=person, framework=closed)


def test_a_status_jump_the_state_machine_forbids_is_refused(manager):
    person, authority = manager
    framework = f.gcloud(authority, person, open_it=False)
    with pytest.raises(
        Conflict, match="A framework goes live after its standstill; G Cloud 14 is coming"
    ):
        actions.framework_go_live(actor=person, framework=framework)
    with pytest.raises(
        Conflict, match="Results are announced while applications are evaluated; G Cloud 14 is"
    ):
        actions.framework_announce(actor=person, framework=framework)
    assert Framework.objects.get(pk=framework.pk).status == "coming"
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        framework.status = "live"


def test_results_must_all_be_recorded_before_they_are_announced(manager):
    person, authority = manager
    (supplier,) = f.suppliers(1)
    framework = f.gcloud(authority, person)
    application = f.apply(framework, supplier)
    framework = f.close(framework, person)
    with pytest.raises(
        Conflict,
        match=r"^1 submitted declaration has no result yet\. "
        r"1 complete service has no result yet\.$",
    ):
        actions.framework_announce(actor=person, framework=framework)
    actions.result_record(actor=person, application=application, declaration=("pass", ""))
    with pytest.raises(Conflict, match=r"^1 complete service has no result yet\.$"):
        actions.framework_announce(actor=person, framework=framework)
    actions.result_record(
        actor=person,
        application=application,
        services={application.services.get().pk: ("pass", "")},
    )
    assert actions.framework_announce(actor=person, framework=framework).status == "standstill"


def test_going_live_needs_every_agreement_countersigned_and_publishes_services(manager):
    person, authority = manager
    a, b = f.suppliers(2)
    framework = f.gcloud(authority, person)
    applications = [f.apply(framework, a), f.apply(framework, b)]
    framework = f.pass_all(f.close(framework, person), person, applications)
    with pytest.raises(Conflict, match="No supplier has signed the framework agreement yet"):
        actions.framework_go_live(actor=person, framework=framework)
    owner = f.supplier_owner(a)
    agreement = actions.agreement_sign(
        actor=owner,
        application=applications[0],
        signer_name="Ann Owner",
        signer_role="Director",
        authority_confirmed=True,
    )
    with pytest.raises(
        Conflict, match=r"^1 signed framework agreement is not countersigned yet\.$"
    ):
        actions.framework_go_live(actor=person, framework=framework)
    actions.agreement_countersign(actor=person, agreement=agreement)
    framework = actions.framework_go_live(actor=person, framework=framework)
    # Only the supplier whose agreement was countersigned is published.
    assert list(Service.objects.values_list("supplier", flat=True)) == [a.pk]
    assert search.search(search.Query(kind="service")).total == 1
    assert helpers.events("framework.live").get().payload == {"succeeded": None}
    (published,) = helpers.events("service.published")
    assert published.object_id == str(Service.objects.get().pk)
    assert (published.organisation_id, published.public) == (a.pk, True)
    assert published.seq > helpers.events("framework.live").get().seq


def test_one_live_iteration_per_family_with_one_step_succession(manager):
    person, authority = manager
    (supplier,) = f.suppliers(1)
    offers = {supplier: [("cloud-hosting", f.service_answers("Old hosting"))]}
    old = f.live_gcloud(offers, slug="g-cloud-13", actor=person, authority=authority)
    new = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("New hosting"))]},
        slug="g-cloud-14",
        actor=person,
        authority=authority,
        previous=old,
    )
    assert Framework.objects.get(pk=old.pk).status == "expired"
    assert new.status == "live"
    found = search.search(search.Query(kind="service", text="hosting"))
    assert [Service.objects.get(pk=pk).framework_id for pk in found.object_ids] == [new.pk]
    went_live = helpers.events("framework.live").last()
    assert went_live.payload["succeeded"] == "g-cloud-13"
    # The predecessor's expiry is its own event, on that framework, in the same step.
    expired = helpers.events("framework.expired").get()
    assert (expired.object_id, expired.payload) == (str(old.pk), {"succeeded_by": "g-cloud-14"})
    assert expired.seq < went_live.seq
    # The database itself refuses a second live iteration of a family.
    with pytest.raises(IntegrityError, match=r"(?i)unique constraint"), transaction.atomic():
        Framework.objects.filter(pk=old.pk).update(status="live")


def test_expiry_takes_services_out_of_search(manager):
    person, authority = manager
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=person, authority=authority
    )
    actions.framework_expire(actor=person, framework=framework)
    assert search.search(search.Query(kind="service")).total == 0


def test_only_the_authoritys_framework_managers_run_its_frameworks(manager):
    person, authority = manager
    framework = f.gcloud(authority, person, open_it=False)
    buyer = helpers.user("bob@gov.scot", purpose="buyer")
    with pytest.raises(Forbidden, match="Only the authority's framework managers can do that"):
        actions.framework_open(actor=buyer, framework=framework)
    with pytest.raises(
        Forbidden, match="Only the authority's framework managers create frameworks"
    ):
        actions.framework_create(
            actor=buyer, authority=authority, family="x", slug="x", name="X", **f.dates()
        )


def test_dates_must_be_in_order_and_questions_are_fixed_once_open(manager):
    person, authority = manager
    bad = {**f.dates(), "expires_on": timezone.localdate() - datetime.timedelta(days=1)}
    with pytest.raises(Invalid, match="The framework must expire after the day it goes live"):
        actions.framework_create(
            actor=person,
            authority=authority,
            family="g-cloud",
            slug="g-cloud-15",
            name="G-Cloud 15",
            **bad,
        )
    framework = f.gcloud(authority, person)
    with pytest.raises(Conflict, match="declaration can only change before the framework opens"):
        actions.framework_update(
            actor=person, framework=framework, declaration=framework.declaration
        )
    with pytest.raises(Conflict, match="Lots can only be added before the framework opens"):
        actions.lot_add(actor=person, framework=framework, slug="late", name="Late", questions=None)


def test_each_authority_runs_its_own_family_of_the_same_name(manager):
    person, authority = manager
    other, other_authority = f.manager("lee@ccs.gov.uk", "Crown Commercial Service")
    (supplier,) = f.suppliers(1)
    offers = {supplier: [("cloud-hosting", f.service_answers("Scottish hosting"))]}
    scottish = f.live_gcloud(offers, slug="g-cloud-14", actor=person, authority=authority)
    # The same question-set names and family name, kept apart by authority.
    uk = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("UK hosting"))]},
        slug="uk-g-cloud-14",
        actor=other,
        authority=other_authority,
    )
    assert Framework.objects.get(pk=scottish.pk).status == "live"
    assert uk.status == "live"
    assert uk.declaration.authority == other_authority
    assert search.search(search.Query(kind="service", text="hosting")).total == 2


def test_a_framework_past_its_expiry_date_leaves_the_catalogue_before_anyone_records_it(
    client, manager
):
    person, authority = manager
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=person, authority=authority
    )
    lot = framework.lots.get(slug="cloud-hosting")
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    project = catalogue.project_create(
        actor=buyer, buyer=authority, name="Hosting", lot=lot, keywords="hosting"
    )
    assert "1 service found" in client.get("/services/", {"q": "hosting"}).content.decode()
    expire_by_the_calendar(framework)
    assert "0 services found" in client.get("/services/", {"q": "hosting"}).content.decode()
    # The lot is no longer offered: a link to it says so and leads to every lot.
    gone = client.get("/services/", {"lot": lot.pk})
    assert gone.status_code == 404
    assert "The framework may have expired since the link was made" in gone.content.decode()
    assert not Framework.objects.get(pk=framework.pk).is_live
    with pytest.raises(Conflict, match="no longer live"):
        catalogue.project_end(actor=buyer, project=project)
    with pytest.raises(Invalid, match="Choose a lot of a live framework"):
        catalogue.project_create(
            actor=buyer, buyer=authority, name="Late", lot=Lot.objects.get(pk=lot.pk)
        )
    with pytest.raises(Conflict, match="Only published services on a live framework"):
        catalogue.service_edit(
            actor=f.supplier_owner(supplier),
            service=Service.objects.get(),
            section="description",
            submitted={"serviceName": "Renamed"},
        )
