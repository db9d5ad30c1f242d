"""The award page, the feedback page and the awards and feedback API take as many queries
for six responses as for two (tests/query_counts.py)."""

import pytest

from openbuy.opportunities import actions
from tests.api_client import ApiClient, api_for
from tests.opportunities import factories as f
from tests.query_counts import queries, same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_api_rate(settings):
    f.api_rate_off(settings)


def test_award_and_feedback_take_the_same_queries_for_two_responses_as_for_six(
    django_assert_max_num_queries,
):
    market = f.market(suppliers=6)
    buyer, suppliers = market["buyer"], market["suppliers"]
    small = f.published(buyer, market["body"], lot=market["lot"])
    large = f.published(buyer, market["body"], lot=market["lot"])
    answered = {
        small: [f.respond(small, s) for s in suppliers[:2]],
        large: [f.respond(large, s) for s in suppliers],
    }
    with f.after_close(small):
        for requirement, responses in answered.items():
            f.score_all(f.evaluator(requirement, f"eve{requirement.pk}@sepa.org.uk"))
            f.moderate_all(requirement)
            # The larger one has awards cancelled before the one that stands.
            for response in responses[2:4]:
                award = f.award(requirement, response)
                actions.award_cancel(actor=buyer, award=award, reason="Challenged")
            f.award(requirement, responses[0])
        team = ApiClient()
        team.force_login(buyer)
        loser = ApiClient()
        loser.force_login(f.fw.supplier_owner(suppliers[1]))
        loser_api = api_for(f.fw.supplier_owner(suppliers[1]))
        public = ApiClient()
        paths = [
            (team, "/opportunities/{}/award/"),
            (loser, "/opportunities/{}/feedback/"),
            (loser_api, "/api/v1/requirements/{}/feedback"),
            (public, "/api/v1/requirements/{}/awards"),
            (public, "/api/v1/requirements/{}/decision"),
        ]
        for client, path in paths:
            counted = queries(client, path.format(small.pk))
            same_queries(client, path.format(large.pk), counted, django_assert_max_num_queries)
