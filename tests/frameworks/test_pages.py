"""The framework pages: managers set up and run a framework, suppliers apply, in the browser's
forms (GOV.UK markup, errors on the fields, nothing saved on bad input)."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from openbuy.frameworks import actions
from openbuy.frameworks.models import Agreement, Application, DraftService, Framework
from openbuy.questions.models import QuestionSet
from tests.frameworks import factories as f
from tests.frameworks.helpers import date_boxes

pytestmark = pytest.mark.django_db


def test_a_manager_creates_a_framework_adds_a_lot_and_opens_it(client):
    person, authority = f.manager()
    declaration = f.question_set(authority, "g-cloud-declaration")
    hosting = f.question_set(authority, "g-cloud-hosting")
    client.force_login(person)
    form = {
        "name": "G-Cloud 15",
        "family": "g-cloud",
        "slug": "g-cloud-15",
        "declaration": declaration.pk,
        **date_boxes(f.dates()),
    }
    bad = client.post("/frameworks/new/", {**form, "expires_on_0": "31", "expires_on_1": "2"})
    assert "Enter a real date, like 31 3 2027" in bad.content.decode()
    assert not Framework.objects.exists()
    response = client.post("/frameworks/new/", form)
    assert response.url == "/frameworks/g-cloud-15/"
    client.post(
        "/frameworks/g-cloud-15/lots/new/",
        {"name": "Cloud hosting", "slug": "cloud-hosting", "questions": hosting.pk},
    )
    client.post("/frameworks/g-cloud-15/status/open/")
    assert Framework.objects.get().status == "open"
    page = client.get("/frameworks/g-cloud-15/").content.decode()
    assert "Close applications" in page


def test_question_sets_are_uploaded_and_versioned_in_the_app(client):
    person, _authority = f.manager()
    client.force_login(person)
    document = (f.SETS / "g-cloud-hosting.json").read_text()
    broken = client.post("/question-sets/new/", {"slug": "hosting", "document": "{not json"})
    # Review finding 8: the parser's own English ("unexpected character, …") is not shown.
    assert (
        "The text is not valid JSON: line 1, column 2 needs a name in double quotes"
        in broken.content.decode()
    )
    invalid = client.post(
        "/question-sets/new/",
        {
            "slug": "hosting",
            "document": json.dumps({"title": "x", "kind": "service", "sections": []}),
        },
    )
    assert "sections: needs at least 1 item" in invalid.content.decode()
    nul = io.BytesIO(document.replace("Service name", "Service\\u0000name").encode())
    nul.name = "hosting.json"
    refused = client.post("/question-sets/new/", {"slug": "hosting", "file": nul})
    assert "Remove the NUL character" in refused.content.decode()
    assert not QuestionSet.objects.exists()
    client.post("/question-sets/new/", {"slug": "hosting", "document": document})
    upload = io.BytesIO(document.replace("Service name", "Name of the service").encode())
    upload.name = "hosting.json"
    client.post("/question-sets/new/", {"slug": "hosting", "file": upload})
    assert list(QuestionSet.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    page = client.get(f"/question-sets/{QuestionSet.objects.first().pk}/").content.decode()
    assert "serviceName" in page
    assert client.get("/question-sets/").status_code == 200


def test_a_supplier_applies_through_the_pages(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    client.force_login(f.supplier_owner(supplier))
    base = f"/frameworks/{framework.slug}/apply/{supplier.slug}/"
    assert client.post(f"{base}start/").url == base
    refused = client.post(
        f"{base}declaration/essentials/", {"acceptTerms": "no", "indemnityInsurance": "1,00"}
    )
    html = refused.content.decode()
    assert "You must accept the terms to apply" in html
    assert "Enter an amount in figures" in html
    assert 'class="govuk-error-summary"' in html
    assert Application.objects.get().declaration == {}
    too_little = client.post(
        f"{base}declaration/essentials/",
        {"indemnityInsuranceHeld": "held", "indemnityInsurance": "999,999"},
    )
    assert "Enter an amount of £1,000,000 or more" in too_little.content.decode()
    saved = client.post(
        f"{base}declaration/essentials/",
        {
            "acceptTerms": "yes",
            "indemnityInsuranceHeld": "held",
            "indemnityInsurance": "1,000,000",
            "accessibilityCommitment": "yes",
            "fairPayment": "yes",
        },
    )
    assert saved.url == f"{base}declaration/how-you-work/"
    assert Application.objects.get().declaration["indemnityInsurance"] == "1000000"
    response = client.post(f"{base}services/new/cloud-hosting/")
    draft = DraftService.objects.get()
    assert response.url == f"{base}services/{draft.pk}/description/"
    client.post(
        f"{base}services/{draft.pk}/pricing/",
        {
            "price_0": "400",
            "price_1": "",
            "price_2": "user",
            "price_3": "month",
            "freeVersionOrTrial": "no",
            "educationPricing": "yes",
        },
    )
    assert DraftService.objects.get().answers["price"]["min"] == "400"
    incomplete = client.post(f"{base}services/{draft.pk}/complete/").content.decode()
    assert "Answer “Service features”" in incomplete
    assert f'href="{base}services/{draft.pk}/technical/#id_deploymentModel_0"' in incomplete
    dashboard = client.get(base).content.decode()
    assert "Before you can submit" in dashboard
    assert "govuk-task-list" in dashboard


def test_managers_export_applications_and_record_results(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier)
    f.close(framework, person)
    client.force_login(person)
    csv = client.get(f"/frameworks/{framework.slug}/applications/?format=csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert "Supplier 0" in csv.content.decode("utf-8-sig")
    ods = client.get(f"/frameworks/{framework.slug}/applications/?format=ods")
    with zipfile.ZipFile(io.BytesIO(ods.content)) as archive:
        assert "Supplier 0" in archive.read("content.xml").decode()
    draft = application.services.get()
    client.post(
        f"/frameworks/{framework.slug}/applications/{application.pk}/",
        {
            "declaration": "pass",
            "declaration_reason": "",
            f"service_{draft.pk}": "fail",
            f"reason_{draft.pk}": "Too vague",
        },
    )
    assert DraftService.objects.get().result_reason == "Too vague"
    upload = io.BytesIO(b"application,service,result,reason\n999,,pass,\n")
    upload.name = "results.csv"
    page = client.post(f"/frameworks/{framework.slug}/applications/", {"file": upload})
    assert "Row 2: unknown application or service" in page.content.decode()


def test_signing_and_countersigning_pages(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier)
    f.pass_all(f.close(framework, person), person, [application])
    client.force_login(f.supplier_owner(supplier))
    base = f"/frameworks/{framework.slug}/apply/{supplier.slug}/"
    missing = client.post(f"{base}agreement/", {"signer_name": "Ann", "signer_role": "CEO"})
    assert "Confirm you have the authority to sign" in missing.content.decode()
    client.post(
        f"{base}agreement/",
        {"signer_name": "Ann", "signer_role": "CEO", "authority_confirmed": "on"},
    )
    agreement = Agreement.objects.get()
    client.force_login(person)
    countersign = f"/frameworks/{framework.slug}/agreements/{agreement.pk}/countersign/"
    client.post(f"/frameworks/{framework.slug}/agreements/", {"agreement": agreement.pk})
    assert Agreement.objects.get().countersigned_by is None  # only after its page's "Yes"
    client.post(countersign)
    assert Agreement.objects.get().countersigned_by == person


def test_odd_ids_in_addresses_and_forms_are_not_found_not_errors(client):
    person, authority = f.manager()
    # A framework still being set up has no declaration yet.
    framework = actions.framework_create(
        actor=person, authority=authority, family="dos", slug="dos-7", name="DOS 7", **f.dates()
    )
    client.force_login(person)
    for odd in ["abc", "²", "99999999999999999999", "-1"]:
        agreement = client.post(f"/frameworks/{framework.slug}/agreements/{odd}/countersign/")
        assert agreement.status_code == 404
        based_on = client.get("/question-sets/new/", {"from": odd})
        assert based_on.status_code == 200
    export = client.get(f"/frameworks/{framework.slug}/applications/", {"format": "csv"})
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").splitlines()[0].startswith("Application,Supplier")


def test_a_manager_saves_the_change_form_unchanged_and_then_brings_the_closing_date_forward(
    client,
):
    """Saving "Change dates and questions" unchanged says so; a changed date is saved."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    client.force_login(person)
    url = f"/frameworks/{framework.slug}/edit/"
    form = {"name": framework.name, **date_boxes(f.dates())}
    unchanged = client.post(url, form, follow=True)
    assert "You did not change anything" in unchanged.content.decode()
    # Once open, when applications opened is shown, not asked (it is history).
    assert 'name="opens_on_0"' not in client.get(url).content.decode()
    today = timezone.localdate()
    earlier = {
        "clarifications_close_on": today + datetime.timedelta(days=1),
        "applications_close_on": today + datetime.timedelta(days=2),
    }
    changed = client.post(url, {**form, **date_boxes(earlier)}, follow=True)
    assert "Your changes are saved" in changed.content.decode()
    assert Framework.objects.get().applications_close_on == earlier["applications_close_on"]


def test_a_step_refused_after_a_form_offers_the_way_back_to_that_form(client):
    """A refusal the page could not foresee (the framework closed while the form was open)
    ends on a problem page that links back to the form's page, not only to the home page."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person, open_it=False)
    (supplier,) = f.suppliers(1)
    client.force_login(f.supplier_owner(supplier))
    page = f"http://testserver/frameworks/{framework.slug}/"
    refused = client.post(
        f"/frameworks/{framework.slug}/apply/{supplier.slug}/start/", HTTP_REFERER=page
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert f'href="/frameworks/{framework.slug}/" id="problem-back"' in html
    elsewhere = client.post(
        f"/frameworks/{framework.slug}/apply/{supplier.slug}/start/",
        HTTP_REFERER="https://evil.example/phish",
    )
    assert 'id="problem-back"' not in elsewhere.content.decode()
    assert not Application.objects.exists()
