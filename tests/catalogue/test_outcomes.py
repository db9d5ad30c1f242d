"""A direct-award outcome's dates are real dates of this era, no earlier than the search
that made the shortlist; an outcome recorded wrongly is corrected by the buyer, with a
reason that is kept, shown and audited."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from openbuy.catalogue import actions
from openbuy.catalogue.models import Outcome
from openbuy.core.errors import Conflict, Invalid
from tests import helpers
from tests.api_client import api_for, send

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def project(live):
    """An ended direct-award project with one shortlisted service."""
    service, _supplier, _manager, framework = live
    buyer = helpers.user("morag@gov.scot", purpose="buyer")
    project = actions.project_create(
        actor=buyer, buyer=framework.authority, name="Hosting", lot=service.lot, keywords="secure"
    )
    return actions.project_end(actor=buyer, project=project), buyer


def _award(project, buyer, **changes):
    fields = {
        "result": "awarded",
        "awarded": project.shortlist.get(),
        "start_date": datetime.date(NEXT_YEAR, 1, 1),
        "end_date": datetime.date(NEXT_YEAR, 12, 31),
        "value": Decimal(50000),
    }
    return actions.outcome_record(actor=buyer, project=project, **(fields | changes))


def _dates(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def test_a_two_digit_year_on_the_outcome_page_is_refused_not_stored_as_year_27(client, project):
    project, buyer = project
    client.force_login(buyer)
    page = client.post(
        f"/direct-award/{project.pk}/",
        {
            "result": "awarded",
            "awarded": project.shortlist.get().pk,
            **_dates("start_date", "1", "4", "27"),
            **_dates("end_date", "31", "3", "20288"),
            "value": "1000",
        },
    ).content.decode()
    assert page.count(f"Enter the year as 4 digits, like {NEXT_YEAR}") == 4  # summary and field
    assert 'href="#id_start_date_0"' in page
    assert not Outcome.objects.exists()


def test_the_action_refuses_far_off_years_and_a_contract_before_the_search(project):
    """The API passes dates straight to the action, which checks them itself."""
    project, buyer = project
    with pytest.raises(Invalid, match="Enter the year as 4 digits") as error:
        _award(project, buyer, start_date=datetime.date(27, 1, 1))
    assert set(error.value.errors) == {"start_date"}
    with pytest.raises(Invalid, match="Enter a year from 1900 to 2200"):
        _award(project, buyer, end_date=datetime.date(2201, 1, 1))
    ended = timezone.localdate(project.ended_at)
    with pytest.raises(Invalid, match="cannot start before the search ended") as error:
        _award(project, buyer, start_date=ended - datetime.timedelta(days=1))
    assert error.value.errors["start_date"] == [
        f"The contract cannot start before the search ended, on {ended:%-d %B %Y}"
    ]
    assert _award(project, buyer, start_date=ended).start_date == ended


def test_the_api_refuses_a_two_digit_year_with_a_field_error(project):
    project, buyer = project
    response = _api_award(project, buyer, start_date="0027-01-01")
    assert response.status_code == 422
    assert response.json()["errors"]["start_date"] == [
        f"Enter the year as 4 digits, like {NEXT_YEAR}"
    ]


def test_a_buyer_corrects_an_outcome_with_a_reason_that_is_audited(project):
    project, buyer = project
    _award(project, buyer, value=Decimal(5000000))
    with pytest.raises(Invalid, match="Enter why you are correcting the outcome"):
        _correct(project, buyer, reason="  ")
    with pytest.raises(Invalid, match="The outcome is the same as before"):
        _correct(project, buyer, reason="Typo", value=Decimal(5000000))
    outcome = _correct(project, buyer, reason="Typed two zeros too many")
    assert (outcome.value, outcome.correction_reason) == (
        Decimal(50000),
        outcome.correction_reason,
    )
    assert outcome.corrected_by == buyer
    event = helpers.events("project.outcome_corrected").get()
    assert event.payload["reason"] == "Typed two zeros too many"
    assert (event.payload["before"]["value"], event.payload["after"]["value"]) == (
        "5000000.00",
        "50000.00",
    )
    cancelled = actions.outcome_correct(
        actor=buyer, project=project, reason="The award fell through", result="cancelled"
    )
    assert (cancelled.result, cancelled.awarded, cancelled.value) == ("cancelled", None, None)


def test_only_a_recorded_outcome_is_corrected(project):
    project, buyer = project
    with pytest.raises(Conflict, match="no outcome to correct"):
        _correct(project, buyer, reason="Oops")


def _correct(project, buyer, *, reason, **changes):
    fields = {
        "result": "awarded",
        "awarded": project.shortlist.get(),
        "start_date": datetime.date(NEXT_YEAR, 1, 1),
        "end_date": datetime.date(NEXT_YEAR, 12, 31),
        "value": Decimal(50000),
    }
    return actions.outcome_correct(
        actor=buyer, project=project, reason=reason, **(fields | changes)
    )


def test_the_correction_page_and_api_and_the_project_page_says_it_was_corrected(client, project):
    project, buyer = project
    _award(project, buyer, value=Decimal(5000000))
    client.force_login(buyer)
    page = client.get(f"/direct-award/{project.pk}/").content.decode()
    correct = f"/direct-award/{project.pk}/outcome/correct/"
    assert f'href="{correct}"' in page
    form = client.get(correct).content.decode()
    assert 'value="5,000,000"' in form  # finding 10: as people write it
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in form
    assert f'value="{NEXT_YEAR}"' in form
    corrected = {
        "result": "awarded",
        "awarded": project.shortlist.get().pk,
        **_dates("start_date", "1", "1", str(NEXT_YEAR)),
        **_dates("end_date", "31", "12", str(NEXT_YEAR)),
        "value": "50,000",
    }
    response = client.post(correct, {**corrected, "reason": ""})
    assert "Enter why you are correcting the outcome" in response.content.decode()
    response = client.post(correct, {**corrected, "reason": "Typed two zeros too many"})
    assert response.url == f"/direct-award/{project.pk}/"
    page = client.get(response.url).content.decode()
    assert "Typed two zeros too many" in page
    assert "£50,000" in page
    api = send(
        api_for(buyer),
        "post",
        f"/api/v1/projects/{project.pk}/outcome/correct",
        {"result": "none-suitable", "reason": "None of them could start in time"},
    )
    assert api.status_code == 200
    assert api.json()["result"] == "none-suitable"
    assert api.json()["correction_reason"] == "None of them could start in time"
    assert helpers.events("project.outcome_corrected").count() == 2


def test_an_awarded_contract_worth_nothing_is_refused_by_the_action_the_form_and_the_api(
    client, project
):
    """Review finding 10: a contract value of £0 was accepted for an awarded outcome."""
    project, buyer = project
    with pytest.raises(Invalid, match="The contract value must be more than 0") as error:
        _award(project, buyer, value=Decimal(0))
    assert set(error.value.errors) == {"value"}
    client.force_login(buyer)
    page = client.post(
        f"/direct-award/{project.pk}/", {**_awarded_form(project), "value": "0.00"}
    ).content.decode()
    assert page.count("The contract value must be more than 0") == 2  # summary and field
    response = _api_award(project, buyer, value="0")
    assert response.status_code == 422
    assert response.json()["errors"]["value"] == ["The contract value must be more than 0"]
    assert not Outcome.objects.exists()


def test_words_typed_as_an_amount_are_answered_with_an_example_not_a_length(client, project):
    """Review finding 11: "Enter an amount of 30 characters or fewer" for text typed into a
    money field."""
    project, buyer = project
    client.force_login(buyer)
    fields = _awarded_form(project)
    url = f"/direct-award/{project.pk}/"
    words = client.post(url, {**fields, "value": "about forty thousand pounds a year, or so"})
    assert "Enter an amount in figures, like 1,250.00" in words.content.decode()
    assert "characters or fewer" not in words.content.decode()
    digits = client.post(url, {**fields, "value": "9" * 40})
    assert "Enter an amount less than 100,000,000,000,000" in digits.content.decode()
    french = client.post(f"/fr{url}", {**fields, "value": "quarante mille livres par an environ"})
    assert "Saisissez un montant en chiffres, par exemple 1,250.00" in french.content.decode()
    assert not Outcome.objects.exists()


def _awarded_form(project) -> dict:
    """The outcome page's fields for an award next year, but for its value."""
    return {
        "result": "awarded",
        "awarded": project.shortlist.get().pk,
        **_dates("start_date", "1", "1", str(NEXT_YEAR)),
        **_dates("end_date", "31", "12", str(NEXT_YEAR)),
    }


def _api_award(project, buyer, **changes):
    fields = {
        "result": "awarded",
        "awarded": project.shortlist.get().pk,
        "start_date": f"{NEXT_YEAR}-01-01",
        "end_date": f"{NEXT_YEAR}-12-31",
        "value": "1000",
    }
    return send(api_for(buyer), "post", f"/api/v1/projects/{project.pk}/outcome", fields | changes)
