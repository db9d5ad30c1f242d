"""The API's edges (issue 7, B18–B20, B24–B26): what cannot be read or stored is refused
with a problem before anything is written, and every error is a problem the OpenAPI
document lists."""

import json

import pytest
from django.test import override_settings
from django.utils.crypto import get_random_string

from openbuy.accounts.models import Organisation
from openbuy.catalogue.models import Service
from openbuy.core.api import MAX_LIMIT, MAX_OFFSET
from openbuy.frameworks import actions
from openbuy.questions.models import QuestionSet
from tests import helpers
from tests.api_client import ApiClient as Client
from tests.api_client import api_for
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db

SURROGATE = "\\ud800"  # as it travels in JSON: six characters, an escape


@pytest.fixture
def live():
    """One live service: (service, supplier, manager, framework)."""
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting"))]},
        actor=person,
        authority=authority,
    )
    return Service.objects.get(), supplier, person, framework


def section_answers(service, **changes) -> dict:
    section = service.lot.questions.document["sections"][0]
    ids = {question["id"] for question in section["questions"]}
    answers = {k: v for k, v in service.current.answers.items() if k in ids}
    return section["slug"], {**answers, **changes}


@pytest.mark.parametrize(
    "body",
    [
        # A lone surrogate as a JSON escape, as raw (invalid) UTF-8, and in a key.
        lambda answers: json.dumps({"answers": answers}).replace("LONE", SURROGATE),
        lambda answers: json.dumps({"answers": answers}).encode().replace(b"LONE", b"\xed\xa0\x80"),
        lambda answers: json.dumps({"answers": {**answers, "LONE": "x"}}).replace(
            "LONE", SURROGATE
        ),
    ],
)
def test_a_lone_surrogate_is_refused_and_the_service_still_renders(live, client, body):
    """B18: on SQLite the answer used to be committed while the request failed, and then
    every page and API answer showing the service failed for everyone."""
    service, supplier, _manager, _framework = live
    section, answers = section_answers(service, serviceName="Bad LONE name")
    response = api_for(f.supplier_owner(supplier)).put(
        f"/api/v1/services/{service.service_id}/sections/{section}",
        body(answers),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["type"] == "https://openbuy.dev/problems/unreadable"
    service = Service.objects.get()
    assert service.current.number == 1
    assert service.current.answers["serviceName"] == "Secure hosting"
    assert Client().get(f"/api/v1/services/{service.service_id}").status_code == 200
    assert client.get(f"/services/{service.service_id}/").status_code == 200
    assert client.get("/services/?q=hosting").status_code == 200


@pytest.mark.parametrize(
    ("content_type", "body", "status", "detail"),
    [
        ("application/json", '{"name": "Th\\u0000istle"}', 400, "Remove the NUL character"),
        ("application/merge-patch+json", '{"name": "a\\u0000"}', 400, "Remove the NUL"),
        ("text/plain", '{"name": "Th\\u0000istle"}', 415, "Content-Type: application/json"),
        ("application/x-www-form-urlencoded", "name=Th%00istle", 415, "Send the body as JSON"),
        ("application/json; charset=utf-16", '{"name": "x"}', 415, "in UTF-8"),
        ("application/json", '{"name": "x"', 400, "The text is not valid JSON"),
        ("application/json", '{"a": NaN}', 400, "The text is not valid JSON"),
        ("application/json", "[null, null]", 422, "Send a JSON object as the body"),
    ],
)
def test_every_body_is_json_read_strictly_whatever_its_content_type(
    content_type, body, status, detail
):
    """B19: the API parsed JSON whatever the Content-Type, and only application/json bodies
    were checked for NUL, which PostgreSQL cannot store."""
    org = f.suppliers(1)[0]
    api = api_for(f.supplier_owner(org))
    response = api.patch(f"/api/v1/suppliers/{org.slug}", body, content_type=content_type)
    assert response.status_code == status
    assert detail in response.json()["detail"]
    assert Organisation.objects.get(pk=org.pk).name == org.name


def test_a_body_the_operation_does_not_read_is_not_refused():
    person, authority = f.manager()
    framework = f.gcloud(authority, person, open_it=False)
    api = api_for(person)
    opened = api.post(
        f"/api/v1/frameworks/{framework.slug}/status",
        '{"action": "open"}',
        content_type="application/json",
    )
    assert opened.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"limit={2**63}", "limit"),
        (f"offset={2**63}", "offset"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        (f"offset={MAX_OFFSET + 1}", "offset"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_paging_is_bounded_on_every_paged_list(query, field):
    """B20: 2^63 reached the database and failed with a 500."""
    org = f.suppliers(1)[0]
    api = api_for(f.supplier_owner(org))
    for path in ("/api/v1/organisations", f"/api/v1/organisations/{org.slug}/audit-events"):
        response = api.get(f"{path}?{query}")
        assert response.status_code == 422
        assert list(response.json()["errors"]) == [field]


def test_the_largest_page_is_served(django_assert_max_num_queries, settings):
    settings.API_RATE = "off"  # counted apart: tests/core/test_throttle.py
    org = f.suppliers(1)[0]
    api = api_for(f.supplier_owner(org))
    # token and its wait, the organisation, membership (asked twice), admin?, the
    # requirements whose responses the reader may read, count, page
    with django_assert_max_num_queries(9):
        events = api.get(
            f"/api/v1/organisations/{org.slug}/audit-events?limit={MAX_LIMIT}&offset=0"
        )
    assert events.status_code == 200
    assert events.json()["count"] >= 1
    with django_assert_max_num_queries(3):
        page = api.get(f"/api/v1/organisations?limit={MAX_LIMIT}&offset={MAX_OFFSET}")
    assert page.json()["items"] == []


def test_the_previous_declaration_is_reused_through_the_api():
    """B24: a PUT route for declaration sections answered this address first (405)."""
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    old = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]},
        slug="g-cloud-13",
        actor=person,
        authority=authority,
    )
    new = f.gcloud(authority, person, slug="g-cloud-14", previous=old)
    owner = f.supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=new, supplier=supplier)
    response = api_for(owner).post(f"/api/v1/applications/{application.pk}/declaration/reuse")
    assert response.status_code == 200, response.json()
    assert response.json()["declaration"]["acceptTerms"] is True
    saved = helpers.events("application.declaration_saved").filter(object_id=application.pk)
    assert [event.payload["reused_from"] for event in saved] == [old.applications.get().pk]


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        ('{"title": ' + "[" * 40 + "]" * 40 + "}", "nested too deeply"),
        ('{"title": ' + "9" * 5000 + "}", "The text is not valid JSON"),
        ('{"title": ' + "9" * 30 + "}", "Numbers must be between"),
        ('{"title": "' + SURROGATE + '"}', "The text is not valid JSON"),
    ],
)
def test_deep_or_huge_json_is_refused_in_question_sets(client, document, detail):
    """B25: a deeply nested or huge-integer document failed with RecursionError or
    ValueError (500) on the upload page."""
    person, authority = f.manager()
    api = api_for(person)
    response = api.post(
        "/api/v1/question-sets",
        f'{{"authority": "{authority.slug}", "slug": "bad", "document": {document}}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert detail in response.json()["detail"]
    client.force_login(person)
    page = client.post("/question-sets/new/", {"slug": "bad", "document": document})
    assert page.status_code == 200
    assert detail in page.content.decode()
    assert 'class="govuk-error-summary"' in page.content.decode()
    assert not QuestionSet.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_upload_limit_is_a_problem():
    """B25: it was Django's HTML 400 page, even in the API."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    response = api_for(person).post(
        f"/api/v1/frameworks/{framework.slug}/results",
        json.dumps({"csv": "x" * 2000}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["type"] == "https://openbuy.dev/problems/unreadable"
    assert response.json()["detail"] == "What you sent is larger than 1000\xa0bytes"


def test_an_anonymous_post_is_asked_to_sign_in_and_a_session_needs_its_csrf_token():
    """B25: an anonymous POST was told its CSRF check failed (403), not to sign in."""
    helpers.jurisdiction()
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/api/v1/suppliers", "{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["title"] == "Sign-in needed"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(helpers.user("sam@example.org"))
    refused = browser.post("/api/v1/suppliers", "{}", content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["type"] == "https://openbuy.dev/problems/forbidden"
    assert refused.json()["detail"].startswith("Your session may have expired")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/nothing-here", 404),
        ("delete", "/api/v1/jurisdictions", 405),
        ("put", "/api/v1/me", 405),
        ("get", "/api/v1/jurisdictions?code=%ED%A0%80", 400),
        ("get", "/api/v1/question-sets/99999999999999999999999", 404),
    ],
)
def test_errors_outside_operations_are_problems_too(method, path, status):
    helpers.jurisdiction()
    response = getattr(Client(), method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("multipart/form-data; boundary=xx", b"no boundary anywhere", 415),
        ("multipart/form-data", b"--xx\r\n", 400),
        (
            "multipart/form-data; boundary=xx",
            b'--xx\r\nContent-Disposition: form-data; name="',
            415,
        ),
    ],
)
def test_a_malformed_multipart_body_is_a_problem(content_type, body, status):
    """B26, in the API: a session's CSRF check reads the form before the body is parsed."""
    token = get_random_string(32)
    browser = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=token)
    browser.cookies["csrftoken"] = token
    helpers.jurisdiction()
    browser.force_login(helpers.user("sam@example.org"))
    response = browser.post("/api/v1/suppliers", body, content_type=content_type)
    assert response.status_code == status
    assert not Organisation.objects.exists()


def test_field_errors_are_written_for_people_in_their_language():
    """A13: the API passed on pydantic's English ("Input should be greater than or equal
    to 1") whatever language the client asked for."""
    org = f.suppliers(1)[0]
    api = api_for(f.supplier_owner(org))
    english = api.get("/api/v1/organisations?limit=0&offset=x")
    assert english.json()["errors"] == {
        "limit": ["must be 1 or more"],
        "offset": ["must be a whole number"],
    }
    french = api.get("/api/v1/organisations?limit=0", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["errors"] == {"limit": ["doit être supérieur ou égal à 1"]}


def test_json_that_cannot_be_read_is_explained_in_the_askers_language_with_its_place(live):
    """Review finding 8: the parser's own English ("no low surrogate in string: line 1
    column 29 (char 28)") reached people, inside a French sentence."""
    service, supplier, _manager, _framework = live
    api = api_for(f.supplier_owner(supplier))
    body = '{"answers":{"teamName":"bad ' + SURROGATE + ' x"}}'
    url = f"/api/v1/services/{service.service_id}/sections/description"
    english = api.put(url, body, content_type="application/json").json()["detail"]
    assert english == (
        "The text is not valid JSON: line 1, column 29 has a lone surrogate "
        "(an unpaired \\ud800 escape)"
    )
    french = api.put(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    detail = french.json()["detail"]
    assert detail.startswith("Le texte n'est pas du JSON valide : à la ligne 1, colonne 29, le")
    assert "surrogate in string" not in detail
    assert "char 28" not in detail
