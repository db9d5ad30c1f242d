"""The public list, a requirement's page, its questions and the API's list and view take as
many queries with much on them as with little (tests/query_counts.py)."""

import pytest

from openbuy.opportunities.models import RequirementLot
from tests.api_client import ApiClient
from tests.frameworks import factories as fw
from tests.query_counts import queries, same_queries
from tests.visibility import client_of

from . import factories as f
from .test_public_history import _amend

pytestmark = pytest.mark.django_db


def test_the_list_and_the_api_list_take_the_same_queries_for_two_as_for_six(
    django_assert_max_num_queries,
):
    market = f.market()
    person, body = market["buyer"], market["body"]
    clients = {
        "anyone": client_of(None),
        "a supplier": client_of(fw.supplier_owner(market["suppliers"][0])),
        "the api": ApiClient(),
    }
    paths = {
        "anyone": "/opportunities/?status=open",
        "a supplier": "/opportunities/?location=offsite",
        "the api": "/api/v1/opportunities?status=open",
    }

    def publish(count):
        for n in range(count):
            f.published_with(person, body, lot=market["lot"] if n % 2 else None, title=f"R{n}")

    publish(2)
    counts = {name: queries(client, paths[name]) for name, client in clients.items()}
    publish(4)
    assert ApiClient().get(paths["the api"]).json()["total"] == 6
    for name, client in clients.items():
        same_queries(client, paths[name], counts[name], django_assert_max_num_queries)


def test_a_requirements_page_takes_the_same_queries_however_much_it_shows(
    django_assert_max_num_queries,
):
    market = f.market(suppliers=2)
    person, suppliers = market["buyer"], market["suppliers"]
    requirement = f.published(person, market["body"], lot=market["lot"])
    f.answer(f.ask(requirement, suppliers[0]), person)
    f.ask(requirement, suppliers[0], "Still waiting?")
    requirement = _amend(requirement, person)
    clients = {
        "anyone": client_of(None),
        "the asker": client_of(fw.supplier_owner(suppliers[0])),
        "the team": client_of(person),
        "the api": ApiClient(),
    }
    page, api = f"/opportunities/{requirement.pk}/", f"/api/v1/opportunities/{requirement.pk}"
    paths = {"anyone": page, "the asker": page, "the team": page, "the api": api}
    questions = f"/opportunities/{requirement.pk}/questions/"
    counts = {name: queries(client, paths[name]) for name, client in clients.items()}
    counts["questions"] = queries(clients["the team"], questions)
    for n in range(3):
        f.answer(f.ask(requirement, suppliers[n % 2], f"Question {n}?"), person)
        f.ask(requirement, suppliers[0], f"Waiting {n}?")
    for number in (2, 3):
        requirement = _amend(requirement, person, number=number, days=0)
    for number in (2, 3):
        RequirementLot.objects.create(requirement=requirement, number=number, title=f"Lot {number}")
    for name, client in clients.items():
        same_queries(client, paths[name], counts[name], django_assert_max_num_queries)
    same_queries(clients["the team"], questions, counts["questions"], django_assert_max_num_queries)
