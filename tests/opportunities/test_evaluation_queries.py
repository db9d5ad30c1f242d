"""The evaluation's pages and API lists take as many queries for six responses as for two
(tests/query_counts.py): the evaluation page of a requirement with 500 responses must stay
fast, so nothing is read once per response."""

import pytest
from django.test import Client

from tests.api_client import api_for
from tests.query_counts import queries, same_queries

from . import factories as f

pytestmark = pytest.mark.django_db

PAGES = {
    "team": ["", "moderation/", "moderation/{response}/", "ranking/", "shortlist/"],
    "evaluator": ["scores/", "scores/{response}/", "scores/{response}/others/"],
}
API = {
    "team": ["", "/moderation", "/moderation/{response}", "/ranking"],
    "evaluator": ["/me", "/me/responses", "/me/responses/{response}/others"],
}


def evaluated(made, rates, email):
    _made, requirement, responses = f.with_responses(rates=rates, made=made)
    first, second = f.evaluator(requirement, email), f.evaluator(requirement, "second-" + email)
    evaluator = f.score_all(first, 2)
    f.score_all(second, 3)
    f.moderate_all(requirement)
    return requirement, responses[0], evaluator.user


def test_the_evaluation_takes_the_same_queries_for_two_responses_as_for_six(
    django_assert_max_num_queries,
):
    made = f.market(suppliers=6)
    small = evaluated(made, ["500.00"] * 2, "small@sepa.org.uk")
    big = evaluated(
        made, ["500.00", "450.00", "400.00", "550.00", "600.00", "620.00"], "big@sepa.org.uk"
    )
    for who, tails in PAGES.items():
        for tail in tails:
            counts = []
            for requirement, response, evaluator in (small, big):
                client = Client()
                client.force_login(requirement.created_by if who == "team" else evaluator)
                path = f"/opportunities/{requirement.pk}/evaluation/" + tail.format(
                    response=response.pk
                )
                counts.append((client, path))
            expected = queries(*counts[0])
            same_queries(*counts[1], expected, django_assert_max_num_queries)
    for who, tails in API.items():
        for tail in tails:
            clients = []
            for requirement, response, evaluator in (small, big):
                client = api_for(requirement.created_by if who == "team" else evaluator)
                path = f"/api/v1/requirements/{requirement.pk}/evaluation" + tail.format(
                    response=response.pk
                )
                clients.append((client, path))
            expected = queries(*clients[0])
            same_queries(*clients[1], expected, django_assert_max_num_queries)
