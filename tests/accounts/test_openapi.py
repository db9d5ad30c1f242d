"""The committed OpenAPI document is the one the code generates."""

import json
import re
from pathlib import Path

import pytest

from openbuy.accounts import actions
from openbuy.api import api
from tests import helpers
from tests.api_client import ApiClient

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_document_matches_the_code():
    generated = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True, default=str))
    committed = json.loads(COMMITTED.read_text())
    assert committed == generated, "run `make openapi` and commit docs/openapi.json"


def test_every_endpoint_is_described_and_the_version_is_3_1():
    schema = api.get_openapi_schema()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in [
        "/api/v1/me",
        "/api/v1/me/memberships",
        "/api/v1/jurisdictions",
        "/api/v1/organisations/{slug}",
        "/api/v1/suppliers",
        "/api/v1/organisations/{slug}/invitations",
        "/api/v1/invitations/accept",
        "/api/v1/organisations/{slug}/audit-events",
    ]:
        assert path in paths, path


def test_every_error_response_is_a_problem():
    """B25: 45 operations listed their errors as application/json."""
    schema = api.get_openapi_schema()
    errors = [
        (path, method, status, response)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        for status, response in operation["responses"].items()
        if int(status) >= 400
    ]
    assert len(errors) > 200
    for path, method, status, response in errors:
        assert response["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }, (path, method, status)


def test_statuses_follow_from_each_operations_signature():
    schema = api.get_openapi_schema()

    def statuses(path, method):
        return sorted(int(s) for s in schema["paths"][path][method]["responses"])

    assert statuses("/api/v1/jurisdictions", "get") == [200, 400, 429]
    assert statuses("/api/v1/me", "get") == [200, 400, 401, 429]
    assert statuses("/api/v1/organisations", "get") == [200, 400, 422, 429]
    assert statuses("/api/v1/suppliers", "post") == [
        201, 400, 401, 403, 409, 413, 415, 422, 429,
    ]  # fmt: skip
    assert statuses("/api/v1/invitations/accept", "post") == [
        200, 400, 401, 403, 404, 410, 413, 415, 422, 429,
    ]  # fmt: skip


@pytest.mark.django_db
def test_every_operation_answers_what_its_callers_get_wrong_as_documented_problems():
    """A tour of every operation with what any caller can get wrong: no sign-in, a body
    that is not JSON or not valid JSON, a NUL in the query, ids that do not exist. The
    client checks each error against the document (tests/api_client.py)."""
    helpers.jurisdiction()
    person = helpers.user("sam@example.org")
    _token, secret = actions.api_token_create(actor=person, name="tour")
    anonymous, signed_in = ApiClient(), ApiClient(HTTP_AUTHORIZATION=f"Bearer {secret}")
    schema = api.get_openapi_schema()
    seen = set()
    for template, methods in schema["paths"].items():
        path = re.sub(r"\{[^}]+\}", "0", template)
        for method in methods:
            send = getattr(signed_in, method)
            responses = [
                getattr(anonymous, method)(path),
                send(path + "?q=%00"),
                signed_in.generic(method.upper(), path, "{no", content_type="application/json"),
                signed_in.generic(method.upper(), path, "<x/>", content_type="application/xml"),
                send(re.sub(r"\{[^}]+\}", "none", template)),
            ]
            seen |= {(template, method, r.status_code) for r in responses}
            assert all(r.status_code != 500 for r in responses)
    statuses = {status for _t, _m, status in seen}
    assert {400, 401, 404, 415, 422} <= statuses


@pytest.mark.django_db
def test_the_document_is_built_once_per_process_and_revalidated(client):
    """A15: it was built on every request (0.5–0.8 s)."""
    from openbuy.api import _openapi_document

    _openapi_document.cache_clear()
    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")
    assert first.content == second.content
    assert _openapi_document.cache_info().misses == 1
    assert first.json()["openapi"].startswith("3.1")
    again = client.get("/api/v1/openapi.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_docs_page_is_a_page_of_the_site(client):
    """A15: /api/v1/docs had no lang, no <h1> and no main landmark."""
    helpers.jurisdiction()
    html = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr"' in html
    assert re.search(r'<main [^>]*id="main-content"', html)
    assert re.search(r'<h1 class="govuk-heading-l">Documentation de l(\'|&#x27;)API</h1>', html)
    assert '<div id="swagger-ui" lang="en"' in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
