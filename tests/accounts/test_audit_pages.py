"""Platform admins read and filter the whole trail; members see their organisation's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openbuy.accounts import actions
from tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org = helpers.supplier()
    other = helpers.supplier(
        helpers.user("boss@loch.example"), name="Loch Data", registration_number="SC598765"
    )
    return org, other


def test_platform_admins_list_and_filter_every_event(client, world):
    org, _other = world
    client.force_login(helpers.platform_admin())
    html = client.get("/platform/audit/").content.decode()
    assert "Registered supplier" in html
    assert "Signed up" in html
    assert "Loch Data" in html
    filtered = client.get(
        "/platform/audit/", {"verb": "supplier.registered", "organisation": org.slug}
    ).content.decode()
    assert "1 event, newest first" in filtered
    by_actor = client.get("/platform/audit/", {"actor": "boss@loch.example"}).content.decode()
    assert "Thistle Digital" not in by_actor
    assert "boss@loch.example" in by_actor
    bad = client.get("/platform/audit/", {"since": "yesterday"})
    assert "Enter the date like 2026-11-23" in bad.content.decode()


def test_members_see_only_their_organisations_events(client, world):
    org, other = world
    owner = org.memberships.get().user
    client.force_login(owner)
    html = client.get(f"/organisations/{org.slug}/audit/").content.decode()
    assert "Registered supplier" in html
    assert client.get(f"/organisations/{other.slug}/audit/").status_code == 403
    assert client.get("/platform/audit/").status_code == 403


def test_platform_admins_read_the_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        helpers.user("sam@example.org", verified=False)
    anonymous = client.get("/platform/outbox/")
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/account/sign-in/")
    client.force_login(helpers.platform_admin())
    listing = client.get("/platform/outbox/").content.decode()
    assert "Verify your email address for openbuy" in listing
    message = helpers.last_email("sam@example.org")
    detail = client.get(f"/platform/outbox/{message.pk}/").content.decode()
    assert "/account/verify/" in detail


def test_each_event_names_its_object_and_links_to_its_page_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    """The "On" column reads "Loch Data" with a link, never a raw `accounts.organisation:2`,
    and a page of 50 events costs the same queries as a page of a few."""
    org, _other = world
    admin = helpers.platform_admin()
    client.force_login(admin)
    client.get("/platform/audit/")  # the session's first read is not what is measured
    with CaptureQueriesContext(connection) as few:
        first = client.get("/platform/audit/").content.decode()
    for n in range(50):
        actions.api_token_create(actor=admin, name=f"script {n}")
    with django_assert_max_num_queries(len(few)):
        html = client.get("/platform/audit/").content.decode()
    assert "50 events" not in first
    assert "of 2" not in first
    assert 'aria-label="Page 2"' in html  # a full page of 50
    assert len(few) <= 13  # with the reader's roles, read once to check each link
    assert f'<a class="govuk-link" href="/organisations/{org.slug}/">{org.name}</a>' in first
    assert "script 49" in html
    assert "accounts.organisation:" not in html
    assert "accounts.user:" not in html
