"""Final and destructive steps go through a page that says what will happen, counted from
the data; the step happens only on "Yes"; a refused step stays on that page and says why.
A framework's page offers a step only when its guard allows it, and otherwise says what
stops it. Dates that actually happened replace the planned ones."""

import re

import pytest
from django.utils import formats, timezone

from openbuy.catalogue.models import Service
from openbuy.frameworks import actions
from openbuy.frameworks.models import DraftService, Framework
from tests.frameworks import factories as f
from tests.frameworks.helpers import refusal

pytestmark = pytest.mark.django_db


def consequences(response) -> list[str]:
    html = response.content.decode()
    block = re.search(r'<ul[^>]*id="consequences">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def status(framework) -> str:
    return Framework.objects.get(pk=framework.pk).status


def test_closing_applications_early_is_confirmed_with_counts_and_refused_on_a_stale_page(
    client,
):
    """A manager may close applications before the planned day: the page says how early
    and who has not submitted; a second "Yes" (someone closed it meanwhile) is refused on
    the page, with the reason."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    a, b, c = f.suppliers(3)
    f.apply(framework, a)
    f.apply(framework, b)
    f.apply(framework, c, submit=False)
    client.force_login(person)
    url = f"/frameworks/{framework.slug}/status/close/"

    page = client.get(f"/frameworks/{framework.slug}/").content.decode()
    assert url in page
    assert "You can close them sooner" in page
    shown = client.get(url)
    date = formats.date_format(framework.applications_close_on, "j F Y")
    assert consequences(shown) == [
        (
            f"Applications were due to close at the end of {date} (Europe/London). They close "
            "now instead, and so do clarification questions."
        ),
        "3 applications will be closed.",
        "2 submitted applications will be evaluated.",
        (
            "1 application was not submitted: it will not be evaluated, and its supplier can no "
            "longer submit it."
        ),
    ]
    assert "Yes, close applications now" in shown.content.decode()
    assert status(framework) == "open"

    assert client.post(url).url == f"/frameworks/{framework.slug}/"
    assert status(framework) == "pending"
    refused = client.post(url)
    assert refused.status_code == 409
    assert 'class="govuk-error-summary"' in refused.content.decode()
    assert refusal(refused) == [
        (
            "Only a framework that is open for applications can close them; G Cloud 14 is closed "
            "for evaluation"
        )
    ]
    assert "Yes, close applications" not in refused.content.decode()
    dates = client.get(f"/frameworks/{framework.slug}/").content.decode()
    today = formats.date_format(timezone.localdate(), "j F Y")
    assert f"{today} (planned for {date})" in dates
    assert "Clarification questions closed" in dates


def test_announcing_going_live_and_expiring_each_say_what_they_do(client):
    person, authority = f.manager()
    a, b = f.suppliers(2)
    old = f.live_gcloud(
        {a: [("cloud-hosting", f.service_answers("Old hosting"))]},
        slug="g-cloud-13",
        actor=person,
        authority=authority,
    )
    framework = f.gcloud(authority, person)
    passed = f.apply(
        framework,
        a,
        [
            ("cloud-hosting", f.service_answers()),
            ("cloud-hosting", f.service_answers("More hosting")),
        ],
    )
    failed = f.apply(framework, b)
    framework = f.close(framework, person)
    client.force_login(person)
    base = f"/frameworks/{framework.slug}/status/"

    refused = client.get(f"{base}announce/")
    assert refusal(refused) == [
        "2 submitted declarations have no result yet.",
        "3 complete services have no result yet.",
    ]
    assert "Yes, announce results" not in refused.content.decode()
    actions.result_record(
        actor=person,
        application=passed,
        declaration=("pass", ""),
        services={d.pk: ("pass", "") for d in passed.services.all()},
    )
    actions.result_record(
        actor=person,
        application=failed,
        declaration=("fail", "No insurance"),
        services={d.pk: ("fail", "No insurance") for d in failed.services.all()},
    )
    assert consequences(client.get(f"{base}announce/")) == [
        "2 suppliers will be told their results by e-mail.",
        "1 of them passed and can sign the framework agreement.",
    ]
    client.post(f"{base}announce/")
    assert status(framework) == "standstill"

    assert refusal(client.get(f"{base}go-live/")) == [
        "No supplier has signed the framework agreement yet."
    ]
    f.sign_and_countersign(framework, person, [passed])
    assert consequences(client.get(f"{base}go-live/")) == [
        "2 services will be published and found in search.",
        "1 supplier will be told their services are live.",
        "G Cloud 13 expires at the same moment: 1 service will leave search.",
    ]
    client.post(f"{base}go-live/")
    assert status(framework) == "live"
    assert status(old) == "expired"

    page = client.get(f"/frameworks/{framework.slug}/").content.decode()
    assert f"{base}expire/" in page
    assert consequences(client.get(f"{base}expire/"))[0] == "2 services will leave search."
    assert status(framework) == "live"
    client.post(f"{base}expire/")
    assert status(framework) == "expired"
    assert Service.objects.filter(framework=framework).count() == 2


def test_a_coming_framework_without_lots_shows_why_it_cannot_open(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person, open_it=False, lots=())
    client.force_login(person)
    page = client.get(f"/frameworks/{framework.slug}/").content.decode()
    assert f"/frameworks/{framework.slug}/status/open/" not in page
    assert "Next step: Open for applications" in page
    assert "Add at least one lot." in page
    refused = client.post(f"/frameworks/{framework.slug}/status/open/")
    assert refused.status_code == 409
    assert refusal(refused) == ["Add at least one lot."]
    assert f'href="/frameworks/{framework.slug}/lots/new/"' in refused.content.decode()


def test_deleting_a_draft_service_is_confirmed_first(client):
    person, authority = f.manager()
    framework = f.gcloud(authority, person)
    (supplier,) = f.suppliers(1)
    application = f.apply(framework, supplier, submit=False)
    draft = application.services.get()
    client.force_login(f.supplier_owner(supplier))
    url = f"/frameworks/{framework.slug}/apply/{supplier.slug}/services/{draft.pk}/delete/"
    shown = client.get(url)
    assert consequences(shown) == [
        f"The draft service and its {len(draft.answers)} answers will be deleted."
    ]
    assert "Yes, delete this draft" in shown.content.decode()
    assert DraftService.objects.filter(pk=draft.pk).exists()
    assert client.post(url).status_code == 302
    assert not DraftService.objects.filter(pk=draft.pk).exists()


def test_dates_that_happened_replace_the_planned_ones(client):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=person, authority=authority
    )
    today = formats.date_format(timezone.localdate(), "j F Y")
    planned = formats.date_format(framework.live_on, "j F Y")
    page = client.get(f"/frameworks/{framework.slug}/").content.decode()
    assert (
        f'Went live</dt><dd class="govuk-summary-list__value">{today} (planned for {planned})'
        in page
    )
    assert "Goes live" not in page
    assert "Applications closed" in page
    assert "Results announced" in page
    actions.framework_expire(actor=person, framework=framework)
    api = client.get(f"/api/v1/frameworks/{framework.slug}").json()
    assert api["went_live_at"]
    assert api["expired_at"]
    assert "Expired</dt>" in client.get(f"/frameworks/{framework.slug}/").content.decode()


def test_frameworks_that_moved_before_the_moments_were_recorded_get_them_from_the_audit():
    import importlib

    from django.apps import apps

    from openbuy.core.models import AuditEvent

    backfill = importlib.import_module(
        "openbuy.frameworks.migrations.0003_framework_actual_moments"
    ).backfill
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    offers = {supplier: [("cloud-hosting", f.service_answers())]}
    old = f.live_gcloud(offers, slug="g-cloud-13", actor=person, authority=authority)
    new = f.live_gcloud(offers, slug="g-cloud-14", actor=person, authority=authority)
    moments = ["opened_at", "closed_at", "results_announced_at", "went_live_at", "expired_at"]
    Framework.objects.update(**dict.fromkeys(moments))
    backfill(apps, None)
    went_live = AuditEvent.objects.get(verb="framework.live", object_id=str(new.pk)).created_at
    assert Framework.objects.get(pk=new.pk).went_live_at == went_live
    assert Framework.objects.get(pk=old.pk).expired_at == went_live
    assert Framework.objects.get(pk=old.pk).opened_at is not None
    assert Framework.objects.get(pk=new.pk).expired_at is None


def test_a_move_the_status_rules_out_says_why_and_not_what_it_would_do(client):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.live_gcloud(
        {supplier: [("cloud-hosting", f.service_answers())]}, actor=person, authority=authority
    )
    client.force_login(person)
    for name in ("open", "close", "announce", "go-live"):
        shown = client.get(f"/frameworks/{framework.slug}/status/{name}/")
        assert len(refusal(shown)) == 1
        assert f"{framework.name} is live" in refusal(shown)[0]
        assert consequences(shown) == []
        page = shown.content.decode()
        assert "govuk-warning-text" not in page
        assert "Record the results" not in page
        assert "Change dates and questions" not in page
