"""Refusals that Django answers before any view are in the product's words (issue 7,
review): a failed CSRF check is a page in the site's layout and language, or a problem in
the API; a request for a host not served is a problem on /api/ addresses."""

import pytest
from django.test import Client

from tests import helpers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/account/sign-in/", "Your session may have expired. Go back, reload the page"),
        ("/fr/account/sign-in/", "Votre session a peut-être expiré."),
    ],
)
def test_a_form_sent_without_its_csrf_token_gets_a_page_saying_what_to_do(path, words):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(path, {"email": "sam@example.org", "password": "x"})
    assert refused.status_code == 403
    page = refused.content.decode()
    assert words in page
    assert 'class="govuk-main-wrapper' in page
    assert "CSRF" not in page


def test_the_api_answers_a_failed_csrf_check_with_a_translated_problem():
    helpers.jurisdiction()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(helpers.user("sam@example.org"))
    for language, words in [("en", "Your session may have expired"), ("fr", "Votre session")]:
        refused = browser.post(
            "/api/v1/suppliers",
            "{}",
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert refused.status_code == 403
        assert refused["Content-Type"] == "application/problem+json"
        assert refused.json()["detail"].startswith(words)


def test_the_csrf_failure_view_answers_api_addresses_with_a_problem(rf):
    from openbuy.core.csrf import csrf_failure

    refused = csrf_failure(rf.post("/api/v1/anything"), reason="CSRF cookie not set.")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/jurisdictions", "/api/v1/nothing"])
def test_an_api_request_for_a_host_not_served_is_a_problem(path, settings):
    settings.ALLOWED_HOSTS = ["openbuy.example"]
    refused = Client(HTTP_HOST="evil.example").get(path)
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 400
    assert "evil.example" not in refused.json()["detail"]


def test_a_page_request_for_a_host_not_served_stays_a_page(settings):
    settings.ALLOWED_HOSTS = ["openbuy.example"]
    refused = Client(HTTP_HOST="evil.example").get("/services/")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/html")


def test_keywords_are_refused_long_before_the_servers_request_line_limit(client):
    """gunicorn refuses request lines over 8190 bytes in HTML (docs/api.md); keywords are
    refused as a problem from 501 characters, so no search needs an address near that."""
    helpers.jurisdiction()
    refused = client.get("/api/v1/services", {"q": "cloud " * 84})
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert "500 characters" in refused.json()["detail"]
