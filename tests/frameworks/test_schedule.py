"""A framework's dates: each has its own message, they must follow each other, a new
framework cannot start in the past, and no constraint's name ever reaches a person."""

import datetime
from unittest import mock

import pytest
from django.utils import formats, timezone

from openbuy.core.errors import Conflict, Invalid
from openbuy.frameworks import actions
from openbuy.frameworks.models import Framework
from tests.api_client import api_for, send
from tests.frameworks import factories as f
from tests.frameworks.helpers import date_boxes

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def create(person, authority, **changes):
    return actions.framework_create(
        actor=person,
        authority=authority,
        family="g-cloud",
        slug="g-cloud-15",
        name="G-Cloud 15",
        **{**f.dates(), **changes},
    )


def test_a_new_framework_whose_dates_are_all_in_the_past_is_refused():
    person, authority = f.manager()
    past = f.dates(opens=timezone.localdate() - datetime.timedelta(days=500))
    with pytest.raises(Invalid, match="Applications must open today or later") as refused:
        create(person, authority, **past)
    assert refused.value.errors == {"opens_on": ["Applications must open today or later"]}
    assert not Framework.objects.exists()


def test_dates_out_of_order_are_errors_on_the_dates_that_break_the_order():
    person, authority = f.manager()
    good = f.dates()
    with pytest.raises(Invalid, match="Applications must close on or after") as refused:
        create(
            person,
            authority,
            applications_close_on=good["clarifications_close_on"] - DAY,
            expires_on=good["live_on"],
        )
    assert refused.value.errors == {
        "applications_close_on": [
            "Applications must close on or after the day clarification questions close"
        ],
        "expires_on": ["The framework must expire after the day it goes live"],
    }


def test_the_create_page_names_each_missing_date_and_each_broken_rule(client):
    person, _authority = f.manager()
    client.force_login(person)
    form = {"name": "G-Cloud 15", "family": "g-cloud", "slug": "g-cloud-15"}
    empty = client.post("/frameworks/new/", form).content.decode()
    for message in [
        "Enter the date applications open",
        "Enter the date clarification questions close",
        "Enter the date applications close",
        "Enter the date of the intention to award",
        "Enter the date the framework goes live",
        "Enter the date the framework expires",
    ]:
        assert message in empty
    assert "Enter the date<" not in empty
    good = f.dates()
    disordered = {**good, "live_on": good["intention_to_award_on"] - DAY}
    page = client.post("/frameworks/new/", {**form, **date_boxes(disordered)}).content.decode()
    assert "The framework must go live on or after the intention to award" in page
    assert 'href="#id_live_on_0"' in page
    assert "framework_dates_in_order" not in page
    assert "Constraint" not in page
    assert not Framework.objects.exists()


def test_a_name_in_web_addresses_already_used_is_an_error_on_that_field(client):
    person, authority = f.manager()
    create(person, authority)
    with pytest.raises(Invalid, match="A framework with that name in web addresses exists") as e:
        create(person, authority)
    assert list(e.value.errors) == ["slug"]


def test_the_api_answers_a_broken_schedule_with_field_errors():
    person, authority = f.manager()
    good = f.dates()
    body = {
        "authority": authority.slug,
        "family": "g-cloud",
        "slug": "g-cloud-15",
        "name": "G-Cloud 15",
        **{k: v.isoformat() for k, v in good.items()},
        "clarifications_close_on": (good["opens_on"] - DAY).isoformat(),
    }
    response = send(api_for(person), "post", "/api/v1/frameworks", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "clarifications_close_on": [
            "Clarification questions must close on or after the day applications open"
        ]
    }


def test_the_api_refuses_a_year_typed_with_two_digits():
    """A3 in the API: the web form's date boxes refused "27", the action did not."""
    person, authority = f.manager()
    good = f.dates()
    body = {
        "authority": authority.slug,
        "family": "g-cloud",
        "slug": "g-cloud-15",
        "name": "G-Cloud 15",
        **{k: v.isoformat() for k, v in good.items()},
        "expires_on": good["expires_on"].replace(year=27).isoformat(),
    }
    response = send(api_for(person), "post", "/api/v1/frameworks", body)
    assert response.status_code == 422
    year = timezone.localdate().year + 1
    assert response.json()["errors"] == {"expires_on": [f"Enter the year as 4 digits, like {year}"]}


def test_once_open_the_dates_follow_the_actual_opening_which_can_no_longer_change():
    """B5: a framework planned to open in ten days opened today. Bringing its closing
    dates forward is checked against the day it opened, not the plan; the opening day is
    history."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person, open_it=False)
    today = timezone.localdate()
    framework = actions.framework_update(
        actor=person, framework=framework, **f.dates(opens=today + 10 * DAY)
    )
    framework = actions.framework_open(actor=person, framework=framework)
    framework = actions.framework_update(
        actor=person,
        framework=framework,
        clarifications_close_on=today + DAY,
        applications_close_on=today + 2 * DAY,
    )
    assert (framework.clarifications_close_on, framework.applications_close_on) == (
        today + DAY,
        today + 2 * DAY,
    )
    opened = formats.date_format(today, "j F Y")
    with pytest.raises(Invalid, match="Clarification questions must close on or after") as e:
        actions.framework_update(
            actor=person, framework=framework, clarifications_close_on=today - DAY
        )
    assert e.value.errors == {
        "clarifications_close_on": [
            f"Clarification questions must close on or after the day applications opened ({opened})"
        ]
    }
    with pytest.raises(Invalid, match="Applications must close on or after the day clarif"):
        actions.framework_update(actor=person, framework=framework, applications_close_on=today)
    with pytest.raises(Conflict, match="opens_on can only change before the framework opens"):
        actions.framework_update(actor=person, framework=framework, opens_on=today)
    # Sent unchanged (a whole form, an API client): nothing to refuse.
    actions.framework_update(actor=person, framework=framework, opens_on=framework.opens_on)


def test_an_open_frameworks_closing_day_cannot_move_into_the_past():
    """That would close applications unseen and unrecorded: "Close applications" does it."""
    person, authority = f.manager()
    framework = f.gcloud(authority, person, open_it=False)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - 5 * DAY):
        framework = actions.framework_open(actor=person, framework=framework)
    today = timezone.localdate()
    with pytest.raises(Invalid, match="Applications must close today or later") as e:
        actions.framework_update(
            actor=person,
            framework=framework,
            clarifications_close_on=today - 3 * DAY,
            applications_close_on=today - DAY,
        )
    assert e.value.errors == {
        "applications_close_on": [
            (
                "Applications must close today or later. To close them now, choose 'Close "
                "applications' on the framework's page"
            )
        ]
    }
    framework = actions.framework_update(
        actor=person,
        framework=framework,
        clarifications_close_on=today - 3 * DAY,
        applications_close_on=today,
    )
    assert framework.accepting_applications


def test_a_lot_name_in_web_addresses_used_twice_is_an_error_on_that_field():
    person, authority = f.manager()
    framework = f.gcloud(authority, person, open_it=False)
    with pytest.raises(Invalid, match="This framework already has a lot with that name") as e:
        actions.lot_add(
            actor=person, framework=framework, slug="cloud-hosting", name="Again", questions=None
        )
    assert e.value.errors == {"slug": ["This framework already has a lot with that name"]}
    with pytest.raises(Invalid, match="Enter the lot's name") as e:
        actions.lot_add(actor=person, framework=framework, slug="", name=" ", questions=None)
    assert e.value.errors == {
        "name": ["Enter the lot's name"],
        "slug": ["Enter the name in web addresses"],
    }


def test_a_framework_or_lot_called_new_is_refused_as_its_address_is_a_page_of_its_own():
    """/frameworks/new/ and /frameworks/<slug>/lots/new/ add one: a framework or lot of
    that name could never be reached."""
    person, authority = f.manager()
    with pytest.raises(Invalid, match="“new” is kept for a page of openbuy's own") as e:
        actions.framework_create(
            actor=person, authority=authority, family="g-cloud", slug="New", name="N", **f.dates()
        )
    assert list(e.value.errors) == ["slug"]
    framework = f.gcloud(authority, person, open_it=False)
    with pytest.raises(Invalid, match="“new” is kept for a page of openbuy's own") as e:
        actions.lot_add(actor=person, framework=framework, slug="new", name="New", questions=None)
    assert list(e.value.errors) == ["slug"]
