"""Every add, change and delete in Django's admin writes an audit event, in the admin's
transaction: through the model's own actions, or core.admin.AuditedAdmin's defaults, which
name the admin, the object and the fields changed."""

import json
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory

from openbuy.accounts.models import BuyerEmailDomain, Organisation
from openbuy.core.admin import AuditedAdmin
from openbuy.core.models import Jurisdiction
from tests import helpers

pytestmark = pytest.mark.django_db


def test_every_admin_that_changes_anything_is_audited():
    request = RequestFactory().get("/django-admin/")
    request.user = helpers.platform_admin()
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedAdmin):
            continue
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            unaudited.append(model._meta.label)
    assert unaudited == []
    assert "auth.Group" not in {model._meta.label for model in admin.site._registry}


def _jurisdiction_form(**changes) -> dict:
    return {
        "code": "GB-WLS",
        "name": "Wales",
        "currency": "GBP",
        "languages": '["en"]',
        "time_zone": "Europe/London",
        "ocid_prefix": "ocds-wales1",
        "sme_bands": json.dumps(helpers.jurisdiction().sme_bands),
        "brand_colour": "#0065bd",
        "thresholds": "{}",
        **changes,
    }


@pytest.mark.urls("tests.core.audited_admin_urls")
def test_adds_changes_and_deletes_without_actions_of_their_own_are_audited(client):
    admin_user = helpers.platform_admin()
    client.force_login(admin_user)
    base = "/audited-admin/core/jurisdiction/"

    response = client.post(f"{base}add/", _jurisdiction_form())
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.DOTALL
    )
    wales = Jurisdiction.objects.get(code="GB-WLS")
    added = helpers.events("admin.added").get()
    assert (added.actor_id, added.object_type, added.object_id) == (
        admin_user.pk,
        "core.jurisdiction",
        str(wales.pk),
    )
    assert added.payload["name"] == "Wales"
    assert {"code", "name", "ocid_prefix"} <= set(added.payload["fields"])

    response = client.post(f"{base}{wales.pk}/change/", _jurisdiction_form(name="Cymru"))
    assert response.status_code == 302
    assert helpers.events("admin.changed").get().payload == {"fields": ["name"], "name": "Cymru"}
    response = client.post(f"{base}{wales.pk}/change/", _jurisdiction_form(name="Cymru"))
    assert helpers.events("admin.changed").count() == 1  # saved unchanged: nothing to record

    response = client.post(f"{base}{wales.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Jurisdiction.objects.filter(code="GB-WLS").exists()
    deleted = helpers.events("admin.deleted").get()
    assert (deleted.actor_id, deleted.object_id, deleted.payload) == (
        admin_user.pk,
        str(wales.pk),
        {"name": "Cymru"},
    )
    assert [e.verb for e in helpers.events()][-3:] == [
        "admin.added",
        "admin.changed",
        "admin.deleted",
    ]


@pytest.mark.urls("tests.core.audited_admin_urls")
def test_inline_rows_are_audited_one_event_each(client):
    body = helpers.buyer_body()
    client.force_login(helpers.platform_admin())
    existing = body.email_domains.get()
    response = client.post(
        f"/audited-admin/accounts/organisation/{body.pk}/change/",
        {
            "name": body.name,
            "email_domains-TOTAL_FORMS": "2",
            "email_domains-INITIAL_FORMS": "1",
            "email_domains-0-id": existing.pk,
            "email_domains-0-organisation": body.pk,
            "email_domains-0-domain": existing.domain,
            "email_domains-0-DELETE": "on",
            "email_domains-1-organisation": body.pk,
            "email_domains-1-domain": "sepa.scot",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(BuyerEmailDomain.objects.values_list("domain", flat=True)) == ["sepa.scot"]
    events = list(helpers.events())[-2:]
    assert [(e.verb, e.object_type, e.payload["name"]) for e in events] == [
        ("admin.deleted", "accounts.buyeremaildomain", existing.domain),
        ("admin.added", "accounts.buyeremaildomain", "sepa.scot"),
    ]
    assert events[1].payload["fields"] == ["domain", "organisation"]
    assert Organisation.objects.get(pk=body.pk).name == body.name
