"""The site shell: header, footer, skip link, phase banner, static pages, error pages,
language switching and the jurisdiction choice."""

import pytest
from django.test import Client, override_settings

from openbuy.core.views import error_500
from tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def scotland():
    return helpers.jurisdiction()


@pytest.mark.parametrize(
    "path", ["/", "/cookies/", "/accessibility/", "/privacy/", "/jurisdictions/"]
)
def test_every_page_has_the_shell(client, scotland, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert "govuk-phase-banner" in html
    assert "Scotland</a>" in html  # the jurisdiction in the header
    assert '<link rel="stylesheet" href="/brand/0065bd.css">' in html  # the brand colour
    assert 'href="/account/sign-in/"' in html  # signed-out state
    assert "GDS Transport" not in html
    assert "govuk-header__logotype" not in html
    assert "<footer" in html
    assert 'href="/privacy/"' in html


def test_signed_in_state_shows_sign_out(client, scotland):
    person = helpers.user()
    client.force_login(person)
    html = client.get("/").content.decode()
    assert 'action="/account/sign-out/"' in html
    assert person.email in html
    assert 'href="/account/sign-in/"' not in html


def test_pages_carry_a_content_security_policy_that_allows_no_inline_code(client, scotland):
    """Pages run only files from the site (no inline script or style, so no nonce either:
    a page kept in the cache must never reuse one)."""
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "nonce" not in response.content.decode()


def test_french_pages_are_at_fr_and_translated(client, scotland):
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr"' in html
    assert "Aller au contenu principal" in html
    assert "Se connecter" in html
    assert 'href="/" lang="en"' in html  # the way back to English keeps the page
    english = client.get("/cookies/").content.decode()
    assert 'href="/fr/cookies/" lang="fr" hreflang="fr"' in english


def test_an_unknown_language_is_a_clear_not_found(client, scotland):
    response = client.get("/de/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_not_found_and_forbidden_pages_are_in_the_service_style(client, scotland):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "govuk-heading-l" in response.content.decode()
    person = helpers.user()
    client.force_login(person)
    response = client.get("/platform/")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_server_error_page_renders_without_request_context(rf):
    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_visitors_choose_a_jurisdiction(scotland):
    helpers.jurisdiction(
        "AU", name="Australia", currency="AUD", time_zone="Australia/Sydney", brand_colour="#00698f"
    )
    client = Client()
    assert "Scotland</a>" in client.get("/").content.decode()
    response = client.post("/jurisdictions/choose/", {"code": "AU", "next": "/cookies/"})
    assert response.status_code == 302
    assert response.url == "/cookies/"
    html = client.get("/").content.decode()
    assert "Australia</a>" in html
    assert "Prices are in AUD" in html
    assert client.post("/jurisdictions/choose/", {"code": "ZZ"}).status_code == 404


def test_post_without_csrf_token_is_refused_and_changes_nothing(scotland):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/account/sign-up/",
        {
            "purpose": "supplier",
            "name": "Sam",
            "email": "sam@example.org",
            "password": "x" * 12,
        },
    )
    assert response.status_code == 403
    from openbuy.accounts.models import User

    assert not User.objects.exists()


@override_settings(OPENBUY_PHASE="alpha")
def test_phase_banner_follows_the_setting(client, scotland):
    assert ">Alpha<" in client.get("/").content.decode()


def test_health_check_answers_for_load_balancers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "not used"}


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/organisations/?jurisdiction=a%00b", None),
        ("post", "/jurisdictions/choose/", {"code": "A\x00U"}),
        ("post", "/account/sign-in/", {"email": "a\x00@example.org", "password": "x"}),
    ],
)
def test_nul_characters_are_a_clear_error_on_every_database(client, scotland, method, path, data):
    response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    assert response.status_code == 400
    assert "Remove the NUL character" in response.content.decode()


def test_the_admin_signs_in_through_the_sites_own_sign_in(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response.url == "/account/sign-in/?next=/django-admin/"


def test_language_links_after_a_post_open_a_page_that_answers_get(client, scotland):
    """A page shown in answer to a POST (here a refusal) is at an address that takes only
    POST: its language links go to the page the form was on, or else home, never a 405."""
    refused = client.post(
        "/jurisdictions/choose/", {"code": "ZZ"}, HTTP_REFERER="http://testserver/cookies/?a=1"
    )
    assert refused.status_code == 404
    assert 'href="/fr/cookies/?a=1" lang="fr"' in refused.content.decode()
    assert client.get("/fr/cookies/?a=1").status_code == 200
    for referer in ({}, {"HTTP_REFERER": "https://elsewhere.example/cookies/"}):
        html = client.post("/jurisdictions/choose/", {"code": "ZZ"}, **referer).content.decode()
        assert 'href="/fr/" lang="fr"' in html
    french = client.post(
        "/fr/jurisdictions/choose/", {"code": "ZZ"}, HTTP_REFERER="http://testserver/fr/cookies/"
    )
    assert 'href="/cookies/" lang="en"' in french.content.decode()
    assert client.get("/fr/jurisdictions/choose/").status_code == 405
