"""Suppliers apply while a framework is open: declaration, services per lot, submission."""

import threading

import pytest
from django.db import connections

from openbuy.catalogue.models import Service
from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application, DraftService
from tests import helpers
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    return f.gcloud(authority, person), supplier, person


def test_a_supplier_drafts_completes_and_submits_an_application(
    setup, django_capture_on_commit_callbacks
):
    framework, supplier, _manager = setup
    with django_capture_on_commit_callbacks(execute=True):
        application = f.apply(framework, supplier)
    assert application.status == Application.Status.SUBMITTED
    assert application.services.get().status == DraftService.Status.COMPLETE
    owner = f.supplier_owner(supplier)
    assert helpers.last_email(owner.email).subject.startswith("Your application to G Cloud 14")
    event = helpers.events("application.submitted").get()
    assert event.organisation_id == supplier.pk
    assert event.payload == {"complete_services": 1}


def test_submission_needs_a_complete_declaration_and_a_complete_service(setup):
    framework, supplier, _manager = setup
    owner = f.supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    with pytest.raises(Invalid, match="Complete the declaration"):
        actions.application_submit(actor=owner, application=application)
    assert actions.application_problems(application)[-1] == "Mark at least one service as complete"


def test_marking_a_service_complete_checks_every_question(setup):
    framework, supplier, _manager = setup
    owner = f.supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    draft = actions.draft_create(
        actor=owner, application=application, lot=framework.lots.get(slug="cloud-hosting")
    )
    actions.draft_save(
        actor=owner, draft=draft, section="description", submitted={"serviceName": "Half done"}
    )
    with pytest.raises(Invalid, match="Answer this question") as error:
        actions.draft_complete(actor=owner, draft=draft)
    assert error.value.errors["serviceDescription"] == ["Answer this question"]
    assert DraftService.objects.get(pk=draft.pk).status == "draft"


def test_a_declaration_answer_outside_its_rules_is_refused_and_nothing_saved(setup):
    framework, supplier, _manager = setup
    owner = f.supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    with pytest.raises(Invalid, match="Enter an amount of 0 or more") as error:
        actions.declaration_save(
            actor=owner,
            application=application,
            section="essentials",
            submitted={"acceptTerms": False, "indemnityInsurance": "-5"},
        )
    assert error.value.errors == {
        "acceptTerms": ["You must accept the terms to apply"],
        "indemnityInsurance": ["Enter an amount of 0 or more"],
    }
    assert Application.objects.get(pk=application.pk).declaration == {}


def test_applying_to_a_framework_that_is_not_open_is_refused(setup):
    framework, supplier, person = setup
    authority = framework.authority
    coming = f.gcloud(authority, person, slug="g-cloud-15", open_it=False)
    with pytest.raises(Conflict, match="is not open for applications yet"):
        actions.application_start(
            actor=f.supplier_owner(supplier), framework=coming, supplier=supplier
        )


def test_nothing_can_be_edited_after_applications_close(setup):
    framework, supplier, person = setup
    application = f.apply(framework, supplier, submit=False)
    f.close(framework, person)
    owner = f.supplier_owner(supplier)
    draft = application.services.get()
    with pytest.raises(Conflict, match="closed at the end of"):
        actions.draft_save(
            actor=owner, draft=draft, section="description", submitted={"serviceName": "Too late"}
        )
    with pytest.raises(Conflict, match="closed at the end of"):
        actions.application_submit(actor=owner, application=application)
    assert DraftService.objects.get(pk=draft.pk).answers["serviceName"] == "Secure hosting"


def test_a_submitted_application_is_reopened_to_change_it(setup):
    framework, supplier, _manager = setup
    application = f.apply(framework, supplier)
    owner = f.supplier_owner(supplier)
    with pytest.raises(Conflict, match="Choose 'Change application'"):
        actions.draft_create(
            actor=owner, application=application, lot=framework.lots.get(slug="cloud-software")
        )
    actions.application_reopen(actor=owner, application=application)
    actions.draft_create(
        actor=owner, application=application, lot=framework.lots.get(slug="cloud-software")
    )
    assert application.services.count() == 2


def test_only_the_suppliers_people_work_on_it_and_only_admins_submit(setup):
    framework, supplier, _manager = setup
    application = f.apply(framework, supplier, submit=False)
    member = helpers.member(supplier, "dev@supplier0.example")
    with pytest.raises(Forbidden, match="Only the supplier's admins can submit"):
        actions.application_submit(actor=member, application=application)
    stranger = helpers.user("eve@example.org")
    with pytest.raises(
        Forbidden, match="Only the supplier's own people can work on its application"
    ):
        actions.declaration_save(
            actor=stranger, application=application, section="about-you", submitted={}
        )


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_application_count_once():
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.gcloud(authority, person)
    application = f.apply(framework, supplier, submit=False)
    owner = f.supplier_owner(supplier)
    outcomes = []

    def submit():
        try:
            actions.application_submit(actor=owner, application=application)
            outcomes.append("submitted")
        except Conflict as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("submitted") == 1
    assert outcomes.count("This application is already submitted") == 3
    assert helpers.events("application.submitted").count() == 1


def test_one_service_limit_lots_take_one_service(setup):
    framework, supplier, person = setup
    authority = framework.authority
    limited = f.gcloud(authority, person, slug="dos-7", family="dos", open_it=False, lots=())
    lot = actions.lot_add(
        actor=person,
        framework=limited,
        slug="specialists",
        name="Specialists",
        questions=f.question_set(authority, "dos-specialists"),
        one_service_limit=True,
    )
    limited = actions.framework_open(actor=person, framework=limited)
    owner = f.supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=limited, supplier=supplier)
    actions.draft_create(actor=owner, application=application, lot=lot)
    with pytest.raises(Conflict, match="You can offer one service in Specialists"):
        actions.draft_create(actor=owner, application=application, lot=lot)


def test_the_next_iteration_reuses_the_declaration_and_copies_live_services():
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    old = f.live_gcloud(
        {
            supplier: [
                ("cloud-hosting", f.service_answers("Old hosting")),
                ("cloud-software", f.service_answers("Old CRM", serviceCategories=["crm"])),
            ]
        },
        slug="g-cloud-13",
        actor=person,
        authority=authority,
    )
    new = f.gcloud(authority, person, slug="g-cloud-14", previous=old)
    owner = f.supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=new, supplier=supplier)
    application = actions.declaration_reuse(actor=owner, application=application)
    assert application.declaration["acceptTerms"] is True
    assert actions.application_problems(application) == ["Mark at least one service as complete"]
    services = Service.objects.filter(framework=old)
    drafts = actions.drafts_copy(
        actor=owner,
        application=application,
        sources=[(s.lot.slug, s.current.answers, f"service:{s.service_id}") for s in services],
    )
    assert sorted(d.answers["serviceName"] for d in drafts) == ["Old CRM", "Old hosting"]
    assert {d.lot.framework_id for d in drafts} == {new.pk}
    assert all(d.copied_from.startswith("service:") for d in drafts)
