"""The publication policy page, and the link from each public requirement to its record."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


def test_the_policy_page_names_the_licence_the_prefixes_and_the_endpoints(settings):
    settings.OPENBUY_OCDS_LICENSE = "https://example.org/licence"
    _person, body = f.buyer()
    page = Client().get(reverse("opendata:policy")).content.decode()
    assert 'href="https://example.org/licence">Creative Commons CC0 1.0' in page
    assert "Each address may make 120 requests a minute" in page
    assert body.jurisdiction.ocid_prefix in page
    assert 'href="/api/v1/ocds/releases"' in page
    assert "Who asked a clarification question." in page


def test_every_page_links_the_policy_from_its_footer():
    page = Client().get("/").content.decode()
    assert f'href="{reverse("opendata:policy")}"' in page


def test_a_published_requirement_links_its_record_and_the_record_is_there():
    f.question_sets()
    person, body = f.buyer()
    requirement = f.published(person, body)
    page = Client().get(reverse("opportunities:requirement", args=[requirement.pk]))
    link = f"/api/v1/ocds/records/{requirement.ocid}"
    assert f'href="{link}"' in page.content.decode()
    assert f'href="{reverse("opendata:policy")}">About open data' in page.content.decode()
    assert Client().get(link).status_code == 200


def test_a_draft_links_no_record():
    f.question_sets()
    person, body = f.buyer()
    draft = f.complete_draft(person, body)
    client = Client()
    client.force_login(person)
    page = client.get(reverse("opportunities:requirement", args=[draft.pk])).content.decode()
    assert "/api/v1/ocds/records/" not in page
