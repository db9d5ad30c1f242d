"""The team's part of evaluation: assigning, moderation with reasons, the ranking's order
and ties, the shortlist's limit, the ranking's downloads; on the pages, through the
actions they call."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from openbuy.core.errors import Conflict, Invalid
from openbuy.core.search import tiebreak
from openbuy.opportunities import actions, scoring
from tests import helpers
from tests.api_client import api_for, send
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


def url(requirement, tail="") -> str:
    return f"/opportunities/{requirement.pk}/evaluation/{tail}"


def team(requirement) -> Client:
    client = Client()
    client.force_login(requirement.created_by)
    return client


@pytest.fixture
def scored():
    """Three responses scored 2 throughout by one evaluator and 3 by another."""
    _market, requirement, responses = f.with_responses(rates=("400.00", "500.00", "500.00"))
    first, second = f.evaluator(requirement), f.evaluator(requirement, "two@sepa.org.uk")
    f.score_all(first, 2)
    f.score_all(second, 3)
    return requirement, responses


def finals(requirement, response, technical, cultural, reason="Agreed at moderation"):
    keys = [k for k in f.CRITERIA if k != "cultural"]
    chosen = dict(zip(keys, technical, strict=True)) | {"cultural": cultural}
    return actions.final_scores_save(
        actor=requirement.created_by,
        response=response,
        finals={k: (v, reason) for k, v in chosen.items()},
    )


def test_once_every_evaluator_has_submitted_no_one_joins_and_no_form_is_offered(scored):
    """Usability walk: "Add evaluator" was offered, and accepted, once every evaluator had
    submitted and the team could see every score, until a final score was set."""
    requirement, _responses = scored
    client = team(requirement)
    page = client.get(url(requirement)).content.decode()
    assert "2 assigned, 2 declared, 0 with a conflict, 2 submitted" in page
    assert "Moderate the scores" in page
    assert "Add evaluator" not in page
    assert "Moderation has started: no more evaluators can join" in page
    late, _body = f.buyer("late@sepa.org.uk", body=requirement.buyer)
    refused = client.post(url(requirement), {"user": late.pk})
    assert refused.status_code == 409
    assert "Moderation has started: no more evaluators can join" in refused.content.decode()
    with pytest.raises(Conflict, match="Moderation has started: no more evaluators can join"):
        actions.evaluator_assign(actor=requirement.created_by, requirement=requirement, user=late)
    api = api_for(requirement.created_by)
    path = f"/api/v1/requirements/{requirement.pk}/evaluation/evaluators"
    answer = send(api, "post", path, {"user": late.email})
    assert answer.status_code == 409
    assert answer.json()["errors"] == {
        "user": ["Moderation has started: no more evaluators can join"]
    }
    assert requirement.evaluators.count() == 2


def test_evaluators_join_until_every_one_without_a_conflict_has_submitted():
    _market, requirement, _responses = f.with_responses()
    f.evaluator(requirement, "conflicted@sepa.org.uk", conflict=True)
    client = team(requirement)
    assert "Add evaluator" in client.get(url(requirement)).content.decode()
    scoring_one = f.evaluator(requirement)
    f.score_all(scoring_one, 2, submit=False)
    second = f.evaluator(requirement, "two@sepa.org.uk")
    assert "Add evaluator" in client.get(url(requirement)).content.decode()
    f.score_all(second, 2)
    actions.scores_submit(actor=scoring_one.user, evaluator=scoring_one)
    page = client.get(url(requirement)).content.decode()
    assert "Add evaluator" not in page
    assert "Moderation has started: no more evaluators can join" in page


def test_before_closing_the_overview_says_when_evaluation_starts():
    market, requirement, _responses = f.with_responses(closed=False)
    page = team(requirement).get(url(requirement)).content.decode()
    assert "Evaluation starts when the requirement closes" in page
    assert market["suppliers"][0].name not in page
    assert team(requirement).get(url(requirement, "ranking/")).status_code == 404


def test_moderation_waits_for_every_evaluator():
    _market, requirement, responses = f.with_responses()
    first = f.evaluator(requirement)
    f.evaluator(requirement, "slow@sepa.org.uk")
    f.score_all(first, 2)
    client = team(requirement)
    assert "Moderation starts when every evaluator" in client.get(url(requirement)).content.decode()
    for tail in ("moderation/", f"moderation/{responses[0].pk}/", "ranking/", "shortlist/"):
        answer = client.get(url(requirement, tail))
        assert answer.status_code == 403, tail
        assert "once every evaluator has submitted theirs" in answer.content.decode()


def test_a_final_score_that_differs_needs_a_reason_and_what_was_typed_stays(scored):
    requirement, responses = scored
    client = team(requirement)
    path = url(requirement, f"moderation/{responses[0].pk}/")
    page = client.get(path).content.decode()
    assert "Scored 2 on the evidence" in page
    assert "Scored 3 on the evidence" in page
    data = {f"score_{k}": "2" for k in f.CRITERIA} | {"reason_nice-1": "Kept reason"}
    refused = client.post(path, data | {"reason_cultural": "  "})
    page = refused.content.decode()
    assert refused.status_code == 422
    assert "Give a reason: the evaluators did not all give this score" in page
    assert "Kept reason" in page
    data |= {f"reason_{k}": "Split panel" for k in f.CRITERIA}
    assert client.post(path, data).status_code == 302
    assert "Moderated" in client.get(url(requirement, "moderation/")).content.decode()
    event = helpers.events("evaluation.final_score_set").last()
    assert event.payload == {"response": responses[0].pk, "criteria": sorted(f.CRITERIA)}


def test_a_final_score_every_evaluator_gave_needs_no_reason():
    _market, requirement, responses = f.with_responses(rates=("500.00",))
    f.score_all(f.evaluator(requirement), 2)
    saved = actions.final_score_set(
        actor=requirement.created_by, response=responses[0], criterion="cultural", score=2
    )
    assert saved.reason == ""
    with pytest.raises(Invalid, match="Give a reason"):
        actions.final_score_set(
            actor=requirement.created_by, response=responses[0], criterion="cultural", score=1
        )
    with pytest.raises(Invalid, match="Give the reason in 5,000 characters or fewer"):
        actions.final_score_set(
            actor=requirement.created_by,
            response=responses[0],
            criterion="cultural",
            score=1,
            reason="x" * 5001,
        )


def test_ties_go_to_the_lower_day_rate_then_to_the_hash_of_the_response(scored):
    requirement, (cheap, one, other) = scored
    # 60/15/25: all 1s at the lowest rate, 5 × 4 + 5 × 1 + 25 = 50; mixed scores at a rate
    # a fifth higher, 5 × 5 + 5 × 1 + 20 = 50.
    finals(requirement, cheap, (1, 1, 1, 1), 1)
    finals(requirement, one, (2, 1, 1, 1), 1)
    finals(requirement, other, (2, 1, 1, 1), 1)
    standings = scoring.ranking(requirement, cheap.lot)
    assert [s.total for s in standings] == [Decimal("50.00")] * 3
    hashed = sorted([one, other], key=lambda r: tiebreak("response", r.pk))
    assert [s.response for s in standings] == [cheap, *hashed]
    page = team(requirement).get(url(requirement, "ranking/")).content.decode()
    assert page.index(cheap.supplier.name) < page.index(hashed[0].supplier.name)
    assert page.index(hashed[0].supplier.name) < page.index(hashed[1].supplier.name)
    assert "the cheapest gets all 25" in page


def test_the_ranking_lists_responses_not_yet_moderated_after_the_ranked(scored):
    requirement, (first, second, _third) = scored
    finals(requirement, second, (3, 3, 3, 3), 3)
    page = team(requirement).get(url(requirement, "ranking/")).content.decode()
    assert "Not yet moderated: 5 scores to agree" in page
    assert page.index(second.supplier.name) < page.index(first.supplier.name)
    assert ">100.00<" in page  # the lowest rate among the ranked responses is its own


def test_the_ranking_downloads_as_csv_and_ods_and_is_audited(scored):
    """Usability walk: the day rates and scores were text, in ODS too; they are numbers,
    the currency in the header, and empty where there is none yet."""
    requirement, (first, second, third) = scored
    for response in (first, second):
        finals(requirement, response, (2, 2, 2, 2), 2)
    client = team(requirement)
    answer = client.get(url(requirement, "ranking.csv"))
    assert answer["Content-Disposition"] == f'attachment; filename="ranking-{requirement.pk}.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Lot",
        "Rank",
        "Supplier",
        "Day rate (GBP)",
        "Technical (out of 60)",
        "Cultural (out of 15)",
        "Price (out of 25)",
        "Total (out of 100)",
        "Shortlisted",
        "Not yet moderated",
    ]
    one, two, three = first.supplier.name, second.supplier.name, third.supplier.name
    assert rows[1] == ["1", "1", one, "400.00", "40.00", "10.00", "25.00", "75.00", "No", ""]
    assert rows[2] == ["1", "2", two, "500.00", "40.00", "10.00", "20.00", "70.00", "No", ""]
    assert rows[3][:8] == ["1", "", three, "500.00", "", "", "", ""]
    ods = client.get(url(requirement, "ranking.ods"))
    cells = helpers.ods_rows(ods.content)
    assert cells[0][3] == ("string", "Day rate (GBP)")
    assert cells[1] == [
        ("float", "1"),
        ("float", "1"),
        ("string", one),
        ("float", "400.00"),
        ("float", "40.00"),
        ("float", "10.00"),
        ("float", "25.00"),
        ("float", "75.00"),
        ("string", "No"),
        ("string", ""),
    ]
    assert cells[3][:4] == [("float", "1"), ("string", ""), ("string", three), ("float", "500.00")]
    assert cells[3][7] == ("string", "")
    assert [e.payload for e in helpers.events("evaluation.ranking_downloaded")] == [
        {"format": "csv"},
        {"format": "ods"},
    ]
    assert client.get(url(requirement, "ranking.pdf")).status_code == 404


def test_the_shortlist_takes_at_most_the_requirements_number():
    _market, requirement, responses = f.with_responses(changes={"shortlist": "2"})
    f.score_all(f.evaluator(requirement), 2)
    client = team(requirement)
    with pytest.raises(Conflict, match="Moderate every score of"):
        actions.shortlist_set(
            actor=requirement.created_by, requirement=requirement, responses=responses[:1]
        )
    f.moderate_all(requirement)
    page = client.get(url(requirement, "shortlist/")).content.decode()
    assert "Choose up to 2, as the requirement said." in page
    everyone = {"responses": [str(r.pk) for r in responses]}
    refused = client.post(url(requirement, "shortlist/"), everyone)
    assert "Shortlist at most 2 suppliers, as the requirement said" in refused.content.decode()
    chosen = {"responses": [str(responses[0].pk), str(responses[2].pk)]}
    assert client.post(url(requirement, "shortlist/"), chosen).status_code == 302
    assert [r.shortlisted for r in type(responses[0]).objects.order_by("pk")] == [
        True,
        False,
        True,
    ]
    event = helpers.events("evaluation.shortlist_set").get()
    assert event.payload["added"] == [responses[0].pk, responses[2].pk]
    ranking = client.get(url(requirement, "ranking/")).content.decode()
    assert ranking.count(">Shortlisted<") == 2
    emptied = client.post(url(requirement, "shortlist/"), {}, follow=True).content.decode()
    assert "The shortlist is empty: no supplier goes on to the second stage" in emptied


def test_no_shortlist_without_a_second_stage():
    _market, requirement, responses = f.with_responses(
        rates=("500.00",), changes={"assessmentMethods": ["written-proposal", "reference"]}
    )
    f.score_all(f.evaluator(requirement), 2)
    f.moderate_all(requirement)
    assert team(requirement).get(url(requirement, "shortlist/")).status_code == 404
    with pytest.raises(Conflict, match="This requirement has no second stage"):
        actions.shortlist_set(
            actor=requirement.created_by, requirement=requirement, responses=responses
        )
