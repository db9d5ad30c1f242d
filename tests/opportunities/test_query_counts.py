"""The list of requirements takes as many queries for six as for two (tests/query_counts.py)."""

import datetime

import pytest
from django.utils import timezone

from openbuy.opportunities import actions
from tests.api_client import ApiClient, api_for
from tests.query_counts import queries, same_queries

from . import factories

pytestmark = pytest.mark.django_db


def test_the_requirements_list_takes_the_same_queries_for_two_as_for_six(
    django_assert_max_num_queries,
):
    factories.question_sets()
    person, body = factories.buyer()

    def publish(count):
        closes_on = timezone.localdate() + datetime.timedelta(days=20)
        for _ in range(count):
            draft = factories.complete_draft(person, body)
            actions.requirement_publish(actor=person, requirement=draft, closes_on=closes_on)
            actions.requirement_create(actor=person, buyer=body)  # and a draft beside it

    publish(2)
    clients = {"anyone": ApiClient(), "buyer": api_for(person)}
    counts = {name: queries(client, "/api/v1/requirements") for name, client in clients.items()}
    publish(4)
    for name, client in clients.items():
        assert len(client.get("/api/v1/requirements").json()["items"]) == (
            6 if name == "anyone" else 12
        )
        same_queries(client, "/api/v1/requirements", counts[name], django_assert_max_num_queries)
