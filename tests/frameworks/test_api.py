"""Frameworks, applications and the catalogue through the API: same actions, same rules."""

import json

import pytest

from openbuy.catalogue.models import Project, Service
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application, Framework
from tests import helpers
from tests.api_client import ApiClient as Client
from tests.api_client import api_for, send
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


def test_a_manager_sets_up_and_opens_a_framework_through_the_api():
    person, authority = f.manager()
    api = api_for(person)
    document = json.loads((f.SETS / "g-cloud-declaration.json").read_text())
    declaration = send(
        api,
        "post",
        "/api/v1/question-sets",
        {"authority": authority.slug, "slug": "decl", "document": document},
    )
    assert declaration.status_code == 201
    assert declaration.json()["version"] == 1
    again = send(
        api,
        "post",
        "/api/v1/question-sets",
        {"authority": authority.slug, "slug": "decl", "document": document},
    )
    assert again.status_code == 200  # the same document: no new version
    assert again.json() == declaration.json()
    hosting = send(
        api,
        "post",
        "/api/v1/question-sets",
        {
            "authority": authority.slug,
            "slug": "hosting",
            "document": json.loads((f.SETS / "g-cloud-hosting.json").read_text()),
        },
    )
    dates = {k: v.isoformat() for k, v in f.dates().items()}
    created = send(
        api,
        "post",
        "/api/v1/frameworks",
        {
            "authority": authority.slug,
            "family": "g-cloud",
            "slug": "g-cloud-20",
            "name": "G-Cloud 20",
            "declaration": declaration.json()["id"],
            **dates,
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "coming"
    early = send(api, "post", "/api/v1/frameworks/g-cloud-20/status", {"action": "open"})
    assert early.status_code == 409
    assert early.json()["detail"] == "Add at least one lot."
    lot = send(
        api,
        "post",
        "/api/v1/frameworks/g-cloud-20/lots",
        {"slug": "cloud-hosting", "name": "Hosting", "questions": hosting.json()["id"]},
    )
    assert lot.status_code == 201
    jump = send(api, "post", "/api/v1/frameworks/g-cloud-20/status", {"action": "go-live"})
    assert jump.status_code == 409
    assert jump.json()["detail"] == (
        "A framework goes live after its standstill; G-Cloud 20 is coming"
    )
    opened = send(api, "post", "/api/v1/frameworks/g-cloud-20/status", {"action": "open"})
    assert opened.json()["status"] == "open"
    assert (
        Client().get("/api/v1/frameworks/g-cloud-20").json()["lots"][0]["slug"] == "cloud-hosting"
    )


def test_a_broken_question_set_is_a_422_naming_the_place():
    person, authority = f.manager()
    response = send(
        api_for(person),
        "post",
        "/api/v1/question-sets",
        {
            "authority": authority.slug,
            "slug": "bad",
            "document": {"title": "x", "kind": "service", "sections": []},
        },
    )
    assert response.status_code == 422
    assert "sections" in response.json()["errors"]["document"][0]


def test_a_supplier_applies_through_the_api_with_the_same_rules():
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    api = api_for(f.supplier_owner(supplier))
    started = send(
        api,
        "post",
        f"/api/v1/frameworks/{framework.slug}/applications",
        {"supplier": supplier.slug},
    )
    assert started.status_code == 201
    application = started.json()
    assert "Complete the declaration" in application["problems"][0]
    bad = send(
        api,
        "put",
        f"/api/v1/applications/{application['id']}/declaration/essentials",
        {"answers": {"acceptTerms": False, "indemnityInsurance": 5.5}},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {
        "acceptTerms": ["You must accept the terms to apply"],
        "indemnityInsurance": ['Give numbers as whole numbers or as text, like "12.50"'],
    }
    for section in framework.declaration.doc.sections:
        answers = {q.id: f.DECLARATION[q.id] for q in section.questions if q.id in f.DECLARATION}
        ok = send(
            api,
            "put",
            f"/api/v1/applications/{application['id']}/declaration/{section.slug}",
            {"answers": answers},
        )
        assert ok.status_code == 200, ok.json()
    draft = send(
        api,
        "post",
        f"/api/v1/applications/{application['id']}/services",
        {"lot": "cloud-hosting", "answers": f.service_answers()},
    )
    assert draft.status_code == 201, draft.json()
    assert send(api, "post", f"/api/v1/drafts/{draft.json()['id']}/complete").status_code == 200
    submitted = send(api, "post", f"/api/v1/applications/{application['id']}/submit")
    assert submitted.json()["status"] == "submitted"
    again = send(api, "post", f"/api/v1/applications/{application['id']}/submit")
    assert again.status_code == 409
    outsider = api_for(helpers.user("eve@outside.example"))
    assert outsider.get(f"/api/v1/applications/{application['id']}").status_code == 404


def test_results_agreements_and_go_live_through_the_api():
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier)
    f.close(framework, person)
    manager_api = api_for(person)
    draft_id = application.services.get().pk
    result = send(
        manager_api,
        "post",
        f"/api/v1/frameworks/{framework.slug}/results",
        {
            "csv": f"application,service,result,reason\n{application.pk},,pass,\n"
            f"{application.pk},{draft_id},pass,\n"
        },
    )
    assert result.json() == {"rows": 2}
    send(manager_api, "post", f"/api/v1/frameworks/{framework.slug}/status", {"action": "announce"})
    supplier_api = api_for(f.supplier_owner(supplier))
    agreement = send(
        supplier_api,
        "post",
        f"/api/v1/applications/{application.pk}/agreement",
        {"signer_name": "Ann", "signer_role": "Director", "authority_confirmed": True},
    )
    assert agreement.status_code == 201
    send(manager_api, "post", f"/api/v1/agreements/{agreement.json()['id']}/countersign")
    live = send(
        manager_api, "post", f"/api/v1/frameworks/{framework.slug}/status", {"action": "go-live"}
    )
    assert live.json()["status"] == "live"
    assert Framework.objects.get().status == "live"
    assert Application.objects.get().passed
    found = Client().get("/api/v1/services", {"q": "hosting"}).json()
    assert found["total"] == 1
    assert found["services"][0]["answers"]["serviceName"] == "Secure hosting"


def test_the_catalogue_and_direct_award_through_the_api():
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {
            supplier: [
                ("cloud-hosting", f.service_answers("Secure hosting")),
                ("cloud-hosting", f.service_answers("Cheap storage")),
            ]
        },
        actor=person,
        authority=authority,
    )
    lot = framework.lots.get(slug="cloud-hosting")
    page = Client().get("/api/v1/services", {"lot": lot.pk, "filter.api": "yes"}).json()
    assert page["total"] == 2
    assert {f["question"] for f in page["facets"]} >= {"serviceCategories", "api"}
    bad = Client().get("/api/v1/services", {"lot": lot.pk, "filter.api": "perhaps"})
    assert bad.status_code == 422
    service = Service.objects.get(current__answers__serviceName="Secure hosting")
    supplier_api = api_for(f.supplier_owner(supplier))
    edited = send(
        supplier_api,
        "put",
        f"/api/v1/services/{service.service_id}/sections/technical",
        {
            "answers": {
                "deploymentModel": "private",
                "dataLocation": "uk",
                "api": True,
                "openSource": False,
            }
        },
    )
    assert edited.json()["version"] == 2
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    buyer_api = api_for(buyer)
    project = send(
        buyer_api,
        "post",
        "/api/v1/projects",
        {"buyer": authority.slug, "name": "Hosting", "lot": lot.pk, "keywords": "secure"},
    )
    assert project.status_code == 201
    ended = send(buyer_api, "post", f"/api/v1/projects/{project.json()['id']}/end")
    assert [e["version"] for e in ended.json()["shortlist"]] == [2]
    shortlist = buyer_api.get(f"/api/v1/projects/{project.json()['id']}/shortlist?format=csv")
    assert "Secure hosting" in shortlist.content.decode("utf-8-sig")
    entry = ended.json()["shortlist"][0]["id"]
    outcome = send(
        buyer_api,
        "post",
        f"/api/v1/projects/{project.json()['id']}/outcome",
        {
            "result": "awarded",
            "awarded": entry,
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "value": "1,000",
        },
    )
    assert outcome.status_code == 201
    assert outcome.json()["value"] == "1000"
    second = send(
        buyer_api,
        "post",
        f"/api/v1/projects/{project.json()['id']}/outcome",
        {"result": "cancelled"},
    )
    assert second.status_code == 409
    assert Project.objects.get().outcome.result == "awarded"
    assert supplier_api.get(f"/api/v1/projects/{project.json()['id']}").status_code == 404


def test_suppliers_see_their_results_through_the_api_only_once_announced():
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier)
    framework = f.close(framework, person)
    draft = application.services.get()
    actions.result_record(
        actor=person,
        application=application,
        declaration=("fail", "No insurance"),
        services={draft.pk: ("fail", "Too vague")},
    )
    path = f"/api/v1/applications/{application.pk}"
    before = api_for(f.supplier_owner(supplier)).get(path).json()
    assert (before["declaration_result"], before["declaration_reason"]) == ("", "")
    assert (before["services"][0]["result"], before["services"][0]["result_reason"]) == ("", "")
    managing = api_for(person).get(path).json()
    assert managing["declaration_result"] == "fail"
    assert managing["services"][0]["result_reason"] == "Too vague"
    actions.framework_announce(actor=person, framework=framework)
    after = api_for(f.supplier_owner(supplier)).get(path).json()
    assert (after["declaration_result"], after["declaration_reason"]) == ("fail", "No insurance")
    assert after["services"][0]["result"] == "fail"


def test_a_new_service_with_any_bad_answer_is_not_created_at_all():
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier, submit=False)
    api = api_for(f.supplier_owner(supplier))
    drafts_before = application.services.count()
    events_before = helpers.events().count()
    answers = f.service_answers(price={"min": "cheap", "unit": "user", "interval": "month"})
    answers["colour"] = "blue"
    bad = send(
        api,
        "post",
        f"/api/v1/applications/{application.pk}/services",
        {"lot": "cloud-hosting", "answers": answers},
    )
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"price", "colour"}
    assert bad.json()["errors"]["colour"] == ["This is not a question here"]
    assert application.services.count() == drafts_before
    assert helpers.events().count() == events_before
    good = send(
        api,
        "post",
        f"/api/v1/applications/{application.pk}/services",
        {"lot": "cloud-hosting", "answers": f.service_answers("Quiet hosting")},
    )
    assert good.status_code == 201
    assert good.json()["answers"]["serviceName"] == "Quiet hosting"
    assert helpers.events("draft.created").count() == 2
