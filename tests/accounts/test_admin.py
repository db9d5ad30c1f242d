"""Django's admin is for platform admins, and its changes are audited actions."""

import json

import pytest

from openbuy.accounts import actions
from openbuy.accounts.models import BuyerEmailDomain, Organisation
from openbuy.core.errors import Forbidden, Invalid
from tests import helpers

NO_DOMAINS = {"email_domains-TOTAL_FORMS": "0", "email_domains-INITIAL_FORMS": "0"}

pytestmark = pytest.mark.django_db


def test_only_platform_admins_enter_the_admin(client):
    client.force_login(helpers.user("sam@example.org"))
    assert client.get("/django-admin/").status_code == 302
    client.force_login(helpers.platform_admin())
    assert client.get("/django-admin/").status_code == 200


def test_adding_a_public_body_with_a_domain_in_the_admin_is_audited(client):
    scotland = helpers.jurisdiction()
    client.force_login(helpers.platform_admin())
    response = client.post(
        "/django-admin/accounts/organisation/add/",
        {
            "kind": "buyer",
            "name": "Transport Scotland",
            "jurisdiction": scotland.pk,
            "email_domains-TOTAL_FORMS": "1",
            "email_domains-INITIAL_FORMS": "0",
            "email_domains-0-domain": "transport.gov.scot",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(name="Transport Scotland")
    assert BuyerEmailDomain.objects.get().organisation == org
    verbs = [e.verb for e in helpers.events()]
    assert verbs[-2:] == ["organisation.created", "organisation.domain_added"]


def test_platform_admins_rename_a_public_body_in_the_admin_not_a_supplier(client):
    buyer, supplier = helpers.buyer_body(), helpers.supplier()
    old_name = buyer.name
    client.force_login(helpers.platform_admin())
    form = {"name": "Environment Agency Scotland", **NO_DOMAINS}
    saved = client.post(f"/django-admin/accounts/organisation/{buyer.pk}/change/", form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    buyer.refresh_from_db()
    assert buyer.name == "Environment Agency Scotland"
    event = helpers.events("organisation.renamed").get()
    assert event.payload == {"name": "Environment Agency Scotland", "name_before": old_name}
    client.post(f"/django-admin/accounts/organisation/{supplier.pk}/change/", {"name": "Other"})
    supplier.refresh_from_db()
    assert supplier.name != "Other"
    with pytest.raises(Invalid, match="Suppliers change their own name"):
        actions.organisation_rename(
            actor=helpers.platform_admin(), organisation=supplier, name="Other"
        )
    with pytest.raises(Forbidden, match="Only platform admins can rename public bodies"):
        actions.organisation_rename(
            actor=helpers.user("sam@example.org"), organisation=buyer, name="Other"
        )
    assert helpers.events("organisation.renamed").count() == 1


def test_a_supplier_in_the_admin_is_not_offered_e_mail_domains_it_cannot_have(client):
    supplier = helpers.supplier()
    buyer = helpers.buyer_body()
    client.force_login(helpers.platform_admin())
    page = client.get(f"/django-admin/accounts/organisation/{supplier.pk}/change/")
    assert "email_domains-TOTAL_FORMS" not in page.content.decode()
    saved = client.post(f"/django-admin/accounts/organisation/{supplier.pk}/change/", {})
    assert saved.status_code == 302
    page = client.get(f"/django-admin/accounts/organisation/{buyer.pk}/change/")
    assert "email_domains-TOTAL_FORMS" in page.content.decode()


def test_editing_a_jurisdiction_in_the_admin_is_audited(client):
    scotland = helpers.jurisdiction()
    client.force_login(helpers.platform_admin())
    data = {
        "code": "GB-SCT",
        "name": "Alba",
        "currency": "GBP",
        "languages": '["en"]',
        "time_zone": "Europe/London",
        "ocid_prefix": scotland.ocid_prefix,
        "sme_bands": json.dumps(scotland.sme_bands),
        "brand_colour": "#0065bd",
        "thresholds": "{}",
    }
    response = client.post(f"/django-admin/core/jurisdiction/{scotland.pk}/change/", data)
    assert response.status_code == 302
    assert helpers.events("jurisdiction.updated").get().payload == {"changed": {"name": "Alba"}}


def test_createsuperuser_makes_a_verified_platform_admin(monkeypatch):
    from django.core.management import call_command

    from openbuy.accounts.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-secret")
    call_command("createsuperuser", "--noinput", email="ops@example.gov", name="Ops", verbosity=0)
    admin = User.objects.get(email="ops@example.gov")
    assert admin.is_platform_admin
    assert admin.email_verified
    assert admin.check_password("a-long-admin-secret")
    event = helpers.events("platform_admin.bootstrapped").get()
    assert (event.object_id, event.payload) == (
        str(admin.pk),
        {"created_user": True, "via": "system"},
    )


def test_people_are_not_added_or_changed_in_the_admin(client):
    """People sign up (or are made platform admins from the command line, audited above);
    the admin only shows them."""
    person = helpers.user("sam@example.org")
    client.force_login(helpers.platform_admin())
    assert client.get("/django-admin/accounts/user/").status_code == 200
    assert client.get("/django-admin/accounts/user/add/").status_code == 403
    response = client.post(f"/django-admin/accounts/user/{person.pk}/change/", {"name": "X"})
    assert response.status_code == 403


def test_the_platform_operators_page_opens_for_its_members_and_no_one_else(client):
    """The admin's account page links to the operator's page, which must exist for them."""
    admin = helpers.platform_admin()
    operator = Organisation.objects.get(kind=Organisation.Kind.OPERATOR)
    client.force_login(admin)
    assert f'href="/organisations/{operator.slug}/"' in client.get("/account/").content.decode()
    page = client.get(f"/organisations/{operator.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{operator.name}</h1>" in html
    assert 'href="/platform/">Platform admin</a>' in html
    assert client.get(f"/organisations/{operator.slug}/members/").status_code == 200
    client.force_login(helpers.user())
    assert client.get(f"/organisations/{operator.slug}/").status_code == 404
    client.logout()
    assert client.get(f"/organisations/{operator.slug}/").status_code == 404
    assert operator.slug not in client.get("/organisations/").content.decode()


def test_changepassword_from_the_command_line_is_audited_and_revokes_tokens(monkeypatch):
    """Django's own changepassword would save the password unrecorded; openbuy's goes
    through an action: checked like any new password, tokens revoked, one event."""
    import io

    from django.core.management import CommandError, call_command

    from openbuy.accounts import actions
    from openbuy.accounts.models import ApiToken

    person = helpers.user("sam@example.org")
    actions.api_token_create(actor=person, name="laptop")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match=r"^This password is too short.*; nothing changed$"):
        call_command("changepassword", "sam@example.org", "--stdin")
    assert not helpers.events("account.password_set_by_operator").exists()

    monkeypatch.setattr("sys.stdin", io.StringIO("a-brand-new-long-secret\n"))
    with pytest.raises(CommandError, match=r"^No account has the address nobody@x\.org"):
        call_command("changepassword", "nobody@x.org", "--stdin")

    monkeypatch.setattr("sys.stdin", io.StringIO("a-brand-new-long-secret\n"))
    out = io.StringIO()
    call_command("changepassword", "Sam@Example.org", "--stdin", stdout=out)
    assert "their API tokens are revoked" in out.getvalue()
    person.refresh_from_db()
    assert person.check_password("a-brand-new-long-secret")
    assert not ApiToken.objects.filter(user=person, revoked_at__isnull=True).exists()
    event = helpers.events("account.password_set_by_operator").get()
    assert (event.object_id, event.payload) == (
        str(person.pk),
        {"revoked_tokens": 1, "via": "system"},
    )


def test_a_jurisdiction_keeps_its_currency_while_frameworks_price_in_it(client):
    """Amounts are never converted, so the currency cannot change under a framework: the
    admin's form says so beside the field, the action refuses it, nothing is saved."""
    from openbuy.core import actions as core_actions
    from openbuy.core.errors import Conflict
    from tests.frameworks import factories as f

    manager, authority = f.manager()
    f.gcloud(authority, manager)
    scotland = authority.jurisdiction
    client.force_login(helpers.platform_admin())
    data = {
        "code": scotland.code,
        "name": scotland.name,
        "currency": "AUD",
        "languages": json.dumps(scotland.languages),
        "time_zone": scotland.time_zone,
        "ocid_prefix": scotland.ocid_prefix,
        "sme_bands": json.dumps(scotland.sme_bands),
        "brand_colour": scotland.brand_colour,
        "thresholds": json.dumps(scotland.thresholds),
    }
    response = client.post(f"/django-admin/core/jurisdiction/{scotland.pk}/change/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The currency cannot change: frameworks in" in page
    scotland.refresh_from_db()
    assert scotland.currency == "GBP"
    assert not helpers.events("jurisdiction.updated").exists()

    scotland.currency = "AUD"
    with pytest.raises(Conflict, match=r"^The currency cannot change: frameworks in .* in GBP$"):
        core_actions.jurisdiction_save(scotland, actor=helpers.platform_admin())
    scotland.refresh_from_db()
    assert scotland.currency == "GBP"

    data["currency"], data["name"] = "GBP", "Alba"
    response = client.post(f"/django-admin/core/jurisdiction/{scotland.pk}/change/", data)
    assert response.status_code == 302
    assert helpers.events("jurisdiction.updated").get().payload == {"changed": {"name": "Alba"}}
