"""The award pages: for the team members who may award, once the requirement has closed.
Every form says what is wrong in a GOV.UK error summary and keeps what was typed."""

import pytest
from django.utils import timezone

from openbuy.opportunities.models import Award, Requirement, RequirementLot
from tests.api_client import ApiClient
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def evaluated():
    with f.evaluated() as found:
        yield found


def _client(person):
    client = ApiClient()
    client.force_login(person)
    return client


def _dates(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def _summary(page) -> str:
    html = page.content.decode()
    assert 'class="govuk-error-summary"' in html
    return html


def test_the_award_page_ranks_the_responses_for_the_team_who_may_award(evaluated):
    market, requirement, _responses = evaluated
    path = f"/opportunities/{requirement.pk}/award/"
    page = _client(market["buyer"]).get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ranking of the responses to Lot 1" in html
    assert html.index("Supplier 0") < html.index("Supplier 1") < html.index("Supplier 2")
    assert "91.67" in html
    colleague, _body = f.buyer("ailsa@sepa.org.uk", market["body"])
    supplier = f.fw.supplier_owner(market["suppliers"][0])
    for person in (colleague, supplier):
        refused = _client(person).get(path)
        assert refused.status_code == 403
        assert "who may award" in refused.content.decode()
    assert ApiClient().get(path).status_code == 302


def test_the_award_page_waits_for_the_close():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    page = _client(market["buyer"]).get(f"/opportunities/{requirement.pk}/award/")
    assert page.status_code == 409
    assert "Awards are made after the requirement closes" in page.content.decode()


def test_choosing_then_confirming_on_a_page_that_states_the_standstill(evaluated):
    market, requirement, responses = evaluated
    client = _client(market["buyer"])
    choose = f"/opportunities/{requirement.pk}/award/lot-1/"
    assert "Choose the supplier you want to award this to" in _summary(client.post(choose))
    assert "select one of the options shown" in _summary(client.post(choose, {"response": "9"}))
    unsaid = client.post(choose, {"response": str(responses[1].pk)})
    assert "Say why you are choosing the response ranked 2 of 3" in _summary(unsaid)
    chosen = client.post(choose, {"response": str(responses[1].pk), "reason": "Best demo"})
    target = f"/opportunities/{requirement.pk}/award/lot-1/confirm/?response={responses[1].pk}"
    assert chosen.status_code == 302
    assert chosen["Location"] == target
    page = client.get(target).content.decode()
    assert "Award this to Supplier 1?" in page
    assert "2 other suppliers will be told they were not successful this time" in page
    last = (timezone.localdate(timezone=requirement.zone)) + f.datetime.timedelta(days=10)
    assert f"A standstill period runs until the end of {last:%A %-d %B %Y}" in page
    assert "This response is ranked 2 of 3 on the final scores" in page
    assert "Your reason is published with the award: Best demo" in page
    assert not Award.objects.exists()
    assert client.post(target).status_code == 302
    assert (Award.objects.get().response, Award.objects.get().reason) == (responses[1], "Best demo")
    html = client.get(f"/opportunities/{requirement.pk}/award/").content.decode()
    assert f"Until the end of {last:%A %-d %B %Y}" in html
    assert client.get(target).status_code == 200  # the lot is no longer open: said so
    refused = client.post(target)
    assert refused.status_code == 409
    assert "Lot 1 is no longer open to an award" in refused.content.decode()


def test_confirming_before_the_standstill_ends_is_refused_with_when_it_can_be(evaluated):
    market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    path = f"/opportunities/{requirement.pk}/awards/{award.pk}/confirm/"
    client = _client(market["buyer"])
    data = {
        **_dates("contract_start", "1", "4", str(NEXT_YEAR)),
        **_dates("contract_end", "31", "3", str(NEXT_YEAR + 1)),
        "value": "45,000",
    }
    last = award.standstill_ends_at.astimezone(requirement.zone)
    when = f"from 00:00 on {last:%-d %B %Y} (Europe/London time)"
    assert f"You can confirm the award {when}" in client.get(path).content.decode()
    early = _summary(client.post(path, data))
    assert f"The standstill period has not ended: you can confirm the award {when}" in early
    assert 'value="45,000"' in early
    assert Award.objects.get().status == "standstill"
    with f.after_standstill(award):  # signed in afresh: the clock is days on
        assert _client(market["buyer"]).post(path, data).status_code == 302
    assert Award.objects.get().status == "confirmed"
    assert Requirement.objects.get().status == "awarded"


@pytest.mark.parametrize(
    ("typed", "messages"),
    [
        (
            {},
            [
                "Enter the contract start date",
                "Enter the contract end date",
                "Enter the contract value",
            ],
        ),
        (
            {**_dates("contract_start", "1", "4", "27"), "value": "1.000,00"},
            [
                f"Enter the year as 4 digits, like {NEXT_YEAR}",
                "Enter an amount in figures, like 1,250.00",
            ],
        ),
        ({"value": "-5"}, ["Enter an amount of 0 or more"]),
        ({"value": "1e9"}, ["Enter an amount in figures, like 1,250.00"]),
        ({"value": "9" * 100_001}, ["Enter an amount less than 100,000,000,000,000"]),
    ],
)
def test_the_confirm_form_says_what_is_wrong_and_keeps_what_was_typed(evaluated, typed, messages):
    market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    path = f"/opportunities/{requirement.pk}/awards/{award.pk}/confirm/"
    with f.after_standstill(award):
        html = _summary(_client(market["buyer"]).post(path, typed))
    for message in messages:
        assert message in html
    for value in typed.values():
        assert f'value="{value}"' in html
    assert Award.objects.get().status == "standstill"


def test_cancelling_an_award_and_ending_a_lot_need_a_reason(evaluated):
    market, requirement, responses = evaluated
    award = f.award(requirement, responses[0])
    client = _client(market["buyer"])
    cancel = f"/opportunities/{requirement.pk}/awards/{award.pk}/cancel/"
    html = _summary(client.post(cancel, {"reason": "  "}))
    assert "Enter why you are cancelling this award" in html
    html = _summary(client.post(cancel, {"reason": "y" * 100_001}))
    assert "The reason must be 5,000 characters or fewer" in html
    assert "y" * 100_001 in html
    assert client.post(cancel, {"reason": "A challenge was upheld"}).status_code == 302
    assert Award.objects.get().cancelled_reason == "A challenge was upheld"
    decide = f"/opportunities/{requirement.pk}/award/lot-1/no-award/"
    html = _summary(client.post(decide, {}))
    assert "Choose why no contract is awarded" in html
    assert "Enter the reason for the decision" in html
    html = _summary(client.post(decide, {"outcome": "cancelled", "reason": "z" * 100_001}))
    assert "The reason must be 5,000 characters or fewer" in html
    assert "z" * 100_001 in html
    ended = client.post(decide, {"outcome": "unsuccessful", "reason": "None within budget"})
    assert ended.status_code == 302
    lot = RequirementLot.objects.get()
    assert (lot.outcome, lot.outcome_reason) == ("unsuccessful", "None within budget")
    html = client.get(f"/opportunities/{requirement.pk}/award/").content.decode()
    assert "No suitable supplier: None within budget" in html
    assert "Choose the supplier" not in html


def test_cancelling_the_requirement_on_its_page(evaluated):
    market, requirement, _responses = evaluated
    client = _client(market["buyer"])
    path = f"/opportunities/{requirement.pk}/award/cancel/"
    assert "Enter why you are cancelling this requirement" in _summary(client.post(path, {}))
    assert client.post(path, {"reason": "Policy changed"}).status_code == 302
    assert Requirement.objects.get().status == "cancelled"
    assert client.get(path).status_code == 302  # decided: back to the award page


@pytest.mark.parametrize(
    "form",
    [
        "award/lot-1/",
        "award/lot-1/no-award/",
        "award/cancel/",
        "awards/{award}/cancel/",
        "awards/{award}/confirm/",
    ],
)
def test_a_lone_surrogate_is_refused_before_any_form_reads_it(evaluated, form):
    market, requirement, responses = evaluated
    award = f.award(requirement, responses[0]) if "{award}" in form else None
    path = f"/opportunities/{requirement.pk}/" + form.format(award=getattr(award, "pk", 0))
    # A surrogate on its own, UTF-8-encoded, as a form would carry it (B18).
    body = b"reason=%ED%A0%80&response=%ED%A0%80&value=%ED%A0%80&outcome=cancelled"
    refused = _client(market["buyer"]).post(path, body, content_type=FORM)
    assert refused.status_code == 400
    assert "What you sent is not valid UTF-8 text" in _summary(refused)
    assert Requirement.objects.get().status == "closed"
