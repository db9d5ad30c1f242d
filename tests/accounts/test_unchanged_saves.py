"""Your details and your company's sent back unchanged, as a browser sends them (line
breaks as CR LF): nothing is written, no audit event, the search index is left alone, and
the page says that nothing changed (the role journeys found both saying "saved")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openbuy.accounts import actions
from openbuy.core.models import AuditEvent
from tests import helpers

pytestmark = pytest.mark.django_db


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]


def test_account_details_sent_back_unchanged_write_nothing_and_say_so(client):
    person = helpers.user("sam@example.org", name="Sam Person")
    client.force_login(person)
    client.get("/account/details/")
    events = AuditEvent.objects.count()
    response = client.post("/account/details/", {"name": "Sam Person", "language": "en"})
    assert response.url == "/account/"
    page = client.get(response.url).content.decode()
    assert "You did not change anything" in page
    assert "Your details have been saved" not in page
    assert AuditEvent.objects.count() == events


def test_company_details_sent_back_unchanged_with_cr_lf_write_nothing(client):
    owner = helpers.user("owner@thistle.example")
    org = helpers.supplier(owner, address="1 High Street\nEdinburgh")
    client.force_login(owner)
    client.get(f"/organisations/{org.slug}/edit/")
    shown = {
        "name": org.name,
        "registration_scheme": org.registration_scheme,
        "registration_number": org.registration_number,
        "country": org.country.code,
        "address": "1 High Street\r\nEdinburgh",
        "headcount": str(org.headcount),
        "annual_turnover": str(org.annual_turnover),
        "balance_sheet_total": str(org.balance_sheet_total),
    }
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/organisations/{org.slug}/edit/", shown)
    assert response.url == f"/organisations/{org.slug}/"
    assert _writes(queries) == []  # nor a re-index of its services, which a save starts
    assert "You did not change anything" in client.get(response.url).content.decode()
    assert AuditEvent.objects.count() == events


def test_the_action_writes_nothing_when_the_details_are_the_same():
    """Through the API too: the same details (the number as typed, normalised) save
    nothing, so the search index is not rebuilt for a supplier that did not change."""
    owner = helpers.user("owner@thistle.example")
    org = helpers.supplier(owner)
    same = {**helpers.SUPPLIER, "registration_number": "sc 612 345"}
    with CaptureQueriesContext(connection) as queries:
        actions.supplier_update(actor=owner, organisation=org, **same)
    assert _writes(queries) == []
    assert not helpers.events("supplier.updated").exists()
