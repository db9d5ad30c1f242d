"""Bad input to a response, through the page and the API: amounts read strictly in the
jurisdiction's way ("1,000.00" is a thousand, then refused above the catalogue rate of
£650), empty, huge, two-digit years and lone surrogates. The page loses nothing typed."""

import html
import json

import pytest

from openbuy.opportunities.models import Response
from tests.api_client import api_for, send
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

ABOVE = "Your day rate cannot be above your catalogue rate of £650"
FIGURES = "Enter an amount in figures, like 1,250.00"
AMOUNTS = [
    ("1,000.00", ABOVE),  # read as one thousand, then refused on the rate
    ("1.000,00", FIGURES),
    ("-5", "Enter an amount of 0 or more"),
    ("1e9", FIGURES),
    ("9" * 40, "Enter an amount less than 100,000,000,000,000"),
    ("9" * 100_000, "Enter an amount less than 100,000,000,000,000"),
    ("£6OO", FIGURES),
]
SECTION = "price-and-availability"


@pytest.fixture
def draft():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    response = f.respond(requirement, market["suppliers"][0], submit=False)
    return response, fw.supplier_owner(market["suppliers"][0])


def section_path(response) -> str:
    return f"/opportunities/{response.requirement_id}/respond/{response.pk}/section/{SECTION}/"


def post(client, response, rate, year=None):
    data = {"dayRate": rate, **f.start_fields()}
    if year is not None:
        data["availability_2"] = year
    return client.post(section_path(response), data)


@pytest.mark.parametrize(("rate", "message"), AMOUNTS)
def test_the_page_says_what_is_wrong_and_keeps_what_was_typed(client, draft, rate, message):
    response, owner = draft
    client.force_login(owner)
    reply = post(client, response, rate)
    assert reply.status_code == 200
    text = html.unescape(reply.content.decode())
    assert "There is a problem" in text
    assert text.count(message) == 2  # in the summary and beside the box
    assert f'value="{rate}"' in text
    start = f.start_fields()
    assert f'value="{start["availability_0"]}"' in text  # the section's other answers too
    assert f'value="{start["availability_2"]}"' in text
    assert Response.objects.get().answers["dayRate"] == "600.00"


@pytest.mark.parametrize(("rate", "message"), AMOUNTS)
def test_the_api_refuses_the_same_amounts_with_the_same_messages(draft, rate, message):
    response, owner = draft
    reply = send(
        api_for(owner),
        "patch",
        f"/api/v1/responses/{response.pk}",
        {"answers": {"dayRate": rate}, "section": SECTION},
    )
    assert reply.status_code == 422
    assert reply.json()["errors"]["dayRate"] == [message]
    assert Response.objects.get().answers["dayRate"] == "600.00"


def test_amounts_at_the_rate_and_with_a_thousands_comma_are_read(client, draft):
    response, owner = draft
    client.force_login(owner)
    assert post(client, response, "650.00").status_code == 302
    assert Response.objects.get().answers["dayRate"] == "650.00"
    assert post(client, response, " £640 ").status_code == 302
    assert Response.objects.get().answers["dayRate"] == "640"


def test_a_number_in_json_is_not_an_amount(draft):
    response, owner = draft
    reply = send(
        api_for(owner),
        "patch",
        f"/api/v1/responses/{response.pk}",
        {"answers": {"dayRate": 1e9}, "section": SECTION},
    )
    assert reply.json()["errors"]["dayRate"] == [
        'Give numbers as whole numbers or as text, like "12.50"'
    ]


def test_an_empty_rate_is_a_draft_without_one_and_stops_submitting(client, draft):
    response, owner = draft
    client.force_login(owner)
    assert post(client, response, "").status_code == 302
    assert "dayRate" not in Response.objects.get().answers
    check = f"/opportunities/{response.requirement_id}/respond/{response.pk}/check/"
    refused = client.post(check)
    assert refused.status_code == 422
    assert "Day rate: Answer this question" in refused.content.decode()
    assert Response.objects.get().status == "draft"
    emptied = send(
        api_for(owner),
        "patch",
        f"/api/v1/responses/{response.pk}",
        {"answers": {"dayRate": "", "availability": ""}, "section": SECTION},
    )
    assert emptied.status_code == 200
    assert "availability" not in emptied.json()["answers"]


def test_a_two_digit_year_is_refused_and_kept(client, draft):
    response, owner = draft
    client.force_login(owner)
    reply = post(client, response, "600", year="26")
    text = html.unescape(reply.content.decode())
    assert "Enter the year as 4 digits" in text
    assert 'value="26"' in text


def test_a_lone_surrogate_is_refused_and_nothing_is_saved(client, draft):
    response, owner = draft
    client.force_login(owner)
    body = b"dayRate=6%ED%A0%8000&availability_0=1&availability_1=9&availability_2=2026"
    reply = client.post(
        section_path(response), body, content_type="application/x-www-form-urlencoded"
    )
    assert reply.status_code == 400
    assert "not valid UTF-8 text" in reply.content.decode()
    evidence = '{"answers": {"essentialEvidence": ["a \\ud800 b", "c"]}, "section": "essential"}'
    refused = api_for(owner).patch(
        f"/api/v1/responses/{response.pk}", evidence, content_type="application/json"
    )
    assert refused.status_code == 400
    assert json.loads(refused.content)["type"].endswith("/unreadable")
    assert Response.objects.get().answers == f.response_answers(response.questions.doc) | {
        "dayRate": "600.00"
    }
