"""Public pages are kept whole in each process's memory (core/pagecache.py) for visitors with
no session: a change made by any action shows at the next request, and nothing that belongs
to one visitor (a session, a CSRF token, a message, a signed-in page) is ever kept.

The cache stays out of the way inside a transaction, so these tests run outside one."""

import re

import pytest
from django.test import Client

from openbuy.catalogue import actions
from openbuy.catalogue.models import Service
from openbuy.core import pagecache
from openbuy.core.actions import jurisdiction_save
from openbuy.core.actors import SYSTEM
from openbuy.core.models import Jurisdiction
from tests import helpers
from tests.frameworks import factories as f


@pytest.fixture
def live_service(transactional_db):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers("Secure hosting"))]},
        actor=person,
        authority=authority,
    )
    return Service.objects.get(), supplier


def _pages(service):
    return [
        f"/services/{service.service_id}/",
        "/services/?q=hosting",
        f"/api/v1/services/{service.service_id}",
        "/api/v1/services?q=hosting",
        "/",
    ]


def test_a_public_page_is_kept_and_every_change_shows_at_the_next_request(
    client, live_service, django_assert_max_num_queries, monkeypatch
):
    service, supplier = live_service
    for page in _pages(service):
        assert "Secure" in client.get(page).content.decode() or page == "/"
    for page in _pages(service):
        # Kept: the only query asks whether anything changed since.
        with django_assert_max_num_queries(1):
            assert client.get(page).status_code == 200
    # Another server process (a client with its own middleware) finds the pages made here.
    with django_assert_max_num_queries(1):
        assert "Secure hosting" in Client().get(_pages(service)[0]).content.decode()

    actions.service_edit(
        actor=f.supplier_owner(supplier),
        service=service,
        section="description",
        submitted={
            "serviceName": "Sovereign hosting",
            "serviceDescription": "Hosting in Scotland",
            "serviceFeatures": ["Fast"],
            "serviceBenefits": ["Safe"],
        },
    )
    for page in _pages(service)[:4]:
        shown = client.get(page).content.decode()
        assert "Sovereign" in shown, page
        assert "Secure hosting" not in shown, page

    scotland = Jurisdiction.objects.get(code="GB-SCT")
    scotland.name = "Alba"
    jurisdiction_save(scotland, actor=SYSTEM)
    assert "You are viewing Alba." in client.get("/").content.decode()

    # Time alone changes what some pages say (a framework ends on its expiry date): every
    # time zone's midnight falls on a quarter hour, and a kept page lasts no longer.
    later = pagecache.quarter_hour() + 1
    monkeypatch.setattr(pagecache, "quarter_hour", lambda: later)
    with django_assert_max_num_queries(20) as queries:
        client.get("/")
    assert len(queries) > 1


def test_nothing_that_belongs_to_one_visitor_is_kept(client, live_service):
    service, supplier = live_service
    owner = f.supplier_owner(supplier)
    page = f"/services/{service.service_id}/"
    assert owner.email not in client.get(page).content.decode()
    client.force_login(owner)
    assert "Remove this service" in client.get(page).content.decode()
    client.logout()
    client.cookies.clear()
    assert "Remove this service" not in client.get(page).content.decode()

    # A page with a form carries this visitor's CSRF token: made for each of them.
    tokens = set()
    for _visitor in range(2):
        client.cookies.clear()
        response = client.get("/account/sign-in/")
        assert "csrftoken" in response.cookies
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1])
    assert len(tokens) == 2

    # A visitor who chose a jurisdiction has a session, and their own pages and messages.
    client.cookies.clear()
    australia = helpers.jurisdiction("AU", name="Australia", currency="AUD")
    response = client.post("/jurisdictions/choose/", {"code": australia.code, "next": "/"})
    home = client.get(response.url).content.decode()
    assert "You are now viewing Australia." in home
    assert "You are viewing Australia." in home
    client.cookies.clear()
    assert "You are viewing Scotland." in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_need_no_nonce_and_the_brand_colour_is_a_style_sheet(client):
    helpers.jurisdiction(brand_colour="#0065bd")
    response = client.get("/")
    html = response.content.decode()
    assert "nonce" not in html
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "<script>" not in html
    assert "<style" not in html
    assert '<link rel="stylesheet" href="/brand/0065bd.css">' in html
    assert '<script src="/static/openbuy/js/enabled.js"></script>' in html
    sheet = client.get("/brand/0065bd.css")
    assert sheet["Content-Type"] == "text/css; charset=utf-8"
    assert sheet.content == b":root{--govuk-brand-colour:#0065bd;}"
    assert "immutable" in sheet["Cache-Control"]
    assert client.get("/brand/0065bd;x.css").status_code == 404


def test_a_folder_that_cannot_be_written_costs_pages_made_again_not_errors(
    client, transactional_db, settings, tmp_path, caplog
):
    helpers.jurisdiction()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.OPENBUY_PAGE_CACHE_DIR = str(blocked)
    for _attempt in range(2):
        assert "You are viewing Scotland." in client.get("/").content.decode()
    assert "the page cache's folder cannot be used" in caplog.text
