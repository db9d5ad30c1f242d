"""The JSON API: same actions and permissions as the pages, errors as problem details."""

import pytest

from openbuy.accounts import actions
from openbuy.accounts.models import Membership, Organisation
from tests import helpers
from tests.api_client import ApiClient as Client

pytestmark = pytest.mark.django_db

SUPPLIER = {
    "jurisdiction": "GB-SCT",
    "name": "Thistle Digital Ltd",
    "registration_scheme": "GB-COH",
    "registration_number": "SC612345",
    "country": "GB",
    "address": "1 High Street",
    "headcount": 6,
    "annual_turnover": "450000",
    "balance_sheet_total": "120000.50",
}


@pytest.fixture
def api():
    """A client signed in with a personal API token."""
    helpers.jurisdiction()
    person = helpers.user("sam@example.org")
    _token, secret = actions.api_token_create(actor=person, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_me_and_memberships(api):
    assert api.get("/api/v1/me").json() == {
        "id": api.get("/api/v1/me").json()["id"],
        "email": "sam@example.org",
        "name": "Sam Person",
        "language": "en",
        "email_verified": True,
        "is_platform_admin": False,
    }
    assert api.get("/api/v1/me/memberships").json() == []


def test_register_a_supplier_and_see_it_everywhere(api):
    response = post(api, "/api/v1/suppliers", SUPPLIER)
    assert response.status_code == 201
    body = response.json()
    assert body["size_band"] == "micro"
    assert body["registration"] == {"scheme": "GB-COH", "number": "SC612345"}
    assert body["balance_sheet_total"] == "120000.50"
    assert body["currency"] == "GBP"
    memberships = api.get("/api/v1/me/memberships").json()
    assert memberships[0]["role"] == "supplier_admin"
    public = Client().get(f"/api/v1/organisations/{body['slug']}").json()
    assert public["size_band"] == "micro"
    assert "annual_turnover" not in public
    listing = Client().get("/api/v1/organisations?kind=supplier").json()
    assert listing["count"] == 1
    assert listing["items"][0]["slug"] == body["slug"]


@pytest.mark.parametrize(
    ("change", "field", "detail"),
    [
        ({"headcount": -1}, "headcount", "must be 0 or more"),
        ({"headcount": "six"}, "headcount", "must be a whole number"),
        ({"annual_turnover": "-100"}, "annual_turnover", "Enter an amount of 0 or more"),
        ({"annual_turnover": "a lot"}, "annual_turnover", "Enter an amount in figures"),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        (
            {"registration_number": "123"},
            "registration_number",
            "Enter a valid registration number",
        ),
        ({"country": "ZZ"}, "country", "Country: “ZZ” is not one of the choices"),
        ({"jurisdiction": "XX"}, "jurisdiction", "No jurisdiction has that code"),
    ],
)
def test_bad_supplier_input_is_a_problem_with_a_field_map(api, change, field, detail):
    response = post(api, "/api/v1/suppliers", {**SUPPLIER, **change})
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert problem["instance"] == "/api/v1/suppliers"
    assert detail in " ".join(problem["errors"][field])
    assert not Organisation.objects.filter(kind="supplier").exists()


def test_a_duplicate_registration_is_refused(api):
    post(api, "/api/v1/suppliers", SUPPLIER)
    response = post(api, "/api/v1/suppliers", {**SUPPLIER, "name": "Copycat"})
    assert response.status_code == 422
    assert "already on openbuy" in response.json()["errors"]["registration_number"][0]


def test_wrong_or_missing_credentials_are_401_problems():
    helpers.jurisdiction()
    wrong = Client(HTTP_AUTHORIZATION="Bearer obt_not-a-real-token").get("/api/v1/me")
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "The API token is not valid or has been revoked"
    missing = Client().get("/api/v1/me")
    assert missing.status_code == 401
    assert missing.json()["title"] == "Sign-in needed"


def test_the_browser_session_works_with_its_csrf_token_only():
    helpers.jurisdiction()
    person = helpers.user("sam@example.org")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    assert browser.get("/api/v1/me").status_code == 200
    refused = post(browser, "/api/v1/suppliers", SUPPLIER)
    assert refused.status_code == 403
    assert not Organisation.objects.filter(kind="supplier").exists()
    browser.get("/account/")  # sets the CSRF cookie, as a page visit does
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/suppliers", SUPPLIER, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201


def test_invitations_through_the_api(api, django_capture_on_commit_callbacks):
    slug = post(api, "/api/v1/suppliers", SUPPLIER).json()["slug"]
    with django_capture_on_commit_callbacks(execute=True):
        created = post(
            api,
            f"/api/v1/organisations/{slug}/invitations",
            {"email": "dana@thistle.example", "role": "supplier_member"},
        )
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert "token" not in created.json()
    listed = api.get(f"/api/v1/organisations/{slug}/invitations").json()
    assert [i["email"] for i in listed] == ["dana@thistle.example"]

    link = helpers.link_in(helpers.last_email("dana@thistle.example"))
    token = link.rstrip("/").rsplit("/", 1)[1]
    dana = helpers.user("dana@thistle.example")
    _t, secret = actions.api_token_create(actor=dana, name="dana")
    dana_api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    forbidden = dana_api.get(f"/api/v1/organisations/{slug}/invitations")
    assert forbidden.status_code == 403
    accepted = post(dana_api, "/api/v1/invitations/accept", {"token": token})
    assert accepted.status_code == 200
    assert accepted.json()["role"] == "supplier_member"
    again = post(dana_api, "/api/v1/invitations/accept", {"token": token})
    assert again.status_code == 410
    assert again.json()["type"].endswith("/gone")
    members = dana_api.get(f"/api/v1/organisations/{slug}/members").json()
    assert {m["email"] for m in members} == {"sam@example.org", "dana@thistle.example"}


def test_audit_events_for_members_only(api):
    slug = post(api, "/api/v1/suppliers", SUPPLIER).json()["slug"]
    events = api.get(f"/api/v1/organisations/{slug}/audit-events").json()
    assert [e["verb"] for e in events["items"]] == ["supplier.registered"]
    assert len(events["items"][0]["hash"]) == 64
    outsider = helpers.user("eve@example.org")
    _t, secret = actions.api_token_create(actor=outsider, name="eve")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(
        f"/api/v1/organisations/{slug}/audit-events"
    )
    assert response.status_code == 403


def test_jurisdictions_are_public():
    helpers.jurisdiction()
    listing = Client().get("/api/v1/jurisdictions").json()
    assert listing[0]["code"] == "GB-SCT"
    assert listing[0]["currency"] == "GBP"
    assert listing[0]["sme_bands"][0] == {
        "band": "micro",
        "headcount_below": 10,
        "turnover_max": "2000000",
        "balance_sheet_max": "2000000",
    }
    missing = Client().get("/api/v1/jurisdictions/ZZ")
    assert missing.status_code == 404
    assert missing.json()["status"] == 404


def test_supplier_admins_update_through_the_api(api):
    slug = post(api, "/api/v1/suppliers", SUPPLIER).json()["slug"]
    response = api.patch(
        f"/api/v1/suppliers/{slug}", {"headcount": 400}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["size_band"] == "large"
    assert Membership.objects.count() == 1


def test_api_docs_are_served_from_local_files(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    # Closing a file response ends the "request", and with it the test's database connection.
    bundle = client.get("/static/ninja/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()


def test_problems_speak_the_language_the_client_asks_for():
    helpers.jurisdiction()
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["title"] == "Connexion requise"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/organisations?jurisdiction=a%00b", None),
        ("get", "/api/v1/jurisdictions/A%00U", None),
        ("post", "/api/v1/suppliers", {**SUPPLIER, "name": "Th\x00istle"}),
    ],
)
def test_nul_characters_are_a_problem_not_a_server_error(api, method, path, body):
    response = getattr(api, method)(path) if body is None else post(api, path, body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Remove the NUL character")
    assert not Organisation.objects.filter(kind="supplier").exists()
