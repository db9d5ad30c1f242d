"""Evaluation through the API: an evaluator declares, scores and submits, then reads the
others' scores; the team follows the progress, moderates, ranks and shortlists. The same
rules as the pages: nothing before closing, nothing for a conflicted evaluator, nothing for
anyone outside the evaluation (404), what comes later refused until then (403)."""

import pytest

from openbuy.accounts.models import Role
from tests import helpers
from tests.api_client import ApiClient, api_for, send
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    return f.with_responses()


def base(requirement) -> str:
    return f"/api/v1/requirements/{requirement.pk}/evaluation"


def test_an_evaluator_declares_scores_submits_and_then_reads_the_others(closed):
    market, requirement, responses = closed
    person = helpers.member(requirement.buyer, "ian@sepa.org.uk", role=Role.EVALUATOR)
    team = api_for(market["buyer"])
    assigned = send(team, "post", f"{base(requirement)}/evaluators", {"user": "IAN@sepa.org.uk"})
    assert assigned.status_code == 201, assigned.content
    api, path = api_for(person), base(requirement)
    one = f"{path}/me/responses/{responses[0].pk}"

    early = send(api, "put", f"{one}/scores", {"scores": f.scores_for()})
    assert early.status_code == 403
    assert "Declare your interests, without a conflict" in early.json()["detail"]
    assert api.get(f"{path}/me/responses").status_code == 403

    refused = send(api, "post", f"{path}/me/interests", {"has_conflict": True, "details": " "})
    assert refused.json()["errors"] == {"details": ["Describe the conflict of interest"]}
    declared = send(api, "post", f"{path}/me/interests", {"has_conflict": False})
    assert declared.status_code == 200
    assert declared.json()["declared_at"] is not None

    listed = api.get(f"{path}/me/responses").json()
    assert [r["id"] for r in listed["items"]] == [r.pk for r in responses]
    first = listed["items"][0]
    assert [c["key"] for c in first["criteria"]] == f.CRITERIA
    assert first["criteria"][0]["evidence"] == "Accessible to everyone"
    assert first["answers"]["dayRate"] == "600.00"

    bad = f.scores_for() | {
        "cultural": {"score": 4, "justification": "Great"},
        "essential-1": {"score": 2, "justification": "   "},
        "nice-1": {"score": 2, "justification": "x" * 5001},
        "made-up": {"score": 1, "justification": "Hm"},
    }
    refused = send(api, "put", f"{one}/scores", {"scores": bad})
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "cultural": ["Score from 0 to 3"],
        "essential-1": ["Explain the score"],
        "nice-1": ["Explain it in 5,000 characters or fewer"],
        "made-up": ["There is no such criterion"],
    }
    saved = send(api, "put", f"{one}/scores", {"scores": f.scores_for(3)})
    assert saved.json()["scores"]["cultural"] == {
        "score": 3,
        "justification": "Clear evidence of delivery",
    }

    others = api.get(f"{one}/others")
    assert others.status_code == 403
    assert "once you have submitted yours" in others.json()["detail"]
    too_soon = send(api, "post", f"{path}/me/submit")
    assert too_soon.status_code == 422
    assert "10 still to score" in too_soon.json()["detail"]

    colleague = f.evaluator(requirement, "two@sepa.org.uk")
    f.score_all(colleague, 1)
    for response in responses[1:]:
        send(api, "put", f"{path}/me/responses/{response.pk}/scores", {"scores": f.scores_for()})
    assert send(api, "post", f"{path}/me/submit").json()["submitted_at"] is not None
    read = api.get(f"{one}/others").json()
    assert read[0]["yours"]["score"] == 3
    assert [(o["evaluator"], o["score"]) for o in read[0]["others"]] == [("Sam Person", 1)]
    changed = send(api, "put", f"{one}/scores", {"scores": f.scores_for(1)})
    assert changed.status_code == 409


def test_the_others_scores_show_only_those_who_have_submitted(closed):
    _market, requirement, responses = closed
    first, second = f.evaluator(requirement), f.evaluator(requirement, "two@sepa.org.uk")
    f.score_all(second, 1, submit=False)
    f.score_all(first, 2)
    read = api_for(first.user).get(f"{base(requirement)}/me/responses/{responses[0].pk}/others")
    assert [row["others"] for row in read.json()] == [[]] * len(f.CRITERIA)


def test_a_conflicted_evaluator_sees_nothing_of_the_responses(closed):
    _market, requirement, responses = closed
    conflicted = f.evaluator(requirement, "con@sepa.org.uk", conflict=True)
    api, path = api_for(conflicted.user), base(requirement)
    assert api.get(f"{path}/me").json()["has_conflict"] is True
    one = f"{path}/me/responses/{responses[0].pk}"
    for answer in (
        api.get(f"{path}/me/responses"),
        api.get(f"{one}/others"),
        send(api, "put", f"{one}/scores", {"scores": f.scores_for()}),
        api.get(f"{path}/moderation"),
        api.get(f"{path}/ranking"),
    ):
        assert answer.status_code == 404


@pytest.mark.parametrize("who", ["colleague", "admin", "supplier", "anonymous"])
def test_no_one_outside_the_evaluation_sees_any_of_it(closed, who):
    market, requirement, responses = closed
    evaluator = f.evaluator(requirement)
    f.score_all(evaluator)
    f.moderate_all(requirement)
    client = {
        "colleague": lambda: api_for(f.buyer("other@sepa.org.uk", body=requirement.buyer)[0]),
        "admin": lambda: api_for(helpers.platform_admin()),
        "supplier": lambda: api_for(f.fw.supplier_owner(market["suppliers"][0])),
        "anonymous": ApiClient,
    }[who]()
    path = base(requirement)
    expected = 401 if who == "anonymous" else 404
    for address in (
        path,
        f"{path}/me",
        f"{path}/me/responses",
        f"{path}/me/responses/{responses[0].pk}/others",
        f"{path}/moderation",
        f"{path}/moderation/{responses[0].pk}",
        f"{path}/ranking",
    ):
        assert client.get(address).status_code == expected, address
    put = send(client, "put", f"{path}/shortlist", {"responses": [responses[0].pk]})
    assert put.status_code == expected


def test_before_closing_the_team_sees_an_empty_evaluation_and_cannot_assign():
    market, requirement, _responses = f.with_responses(closed=False)
    team, path = api_for(market["buyer"]), base(requirement)
    assert team.get(path).json()["sealed"] is True
    assert team.get(path).json()["responses"] == 0
    refused = send(team, "post", f"{path}/evaluators", {"user": market["buyer"].email})
    assert refused.status_code == 409
    assert "Evaluation starts when the requirement closes" in refused.json()["detail"]
    assert team.get(f"{path}/ranking").status_code == 404


def test_the_team_follows_the_progress_and_moderates_with_reasons(closed):
    market, requirement, responses = closed
    team, path = api_for(market["buyer"]), base(requirement)
    unknown = send(team, "post", f"{path}/evaluators", {"user": "nobody@example.org"})
    assert unknown.json()["errors"] == {
        "user": ["There is no member of the buyer body with this e-mail address"]
    }
    first = f.evaluator(requirement)
    f.evaluator(requirement, "con@sepa.org.uk", conflict=True)
    second = f.evaluator(requirement, "two@sepa.org.uk")
    f.score_all(first, 2)
    progress = team.get(path).json()
    assert (progress["declared"], progress["conflicted"], progress["submitted"]) == (3, 1, 1)
    assert (progress["responses"], progress["to_score"]) == (3, 15)
    assert [e["scored"] for e in progress["evaluators"]] == [15, 0, 0]
    assert progress["all_submitted"] is False

    final = f"{path}/moderation/{responses[0].pk}/cultural"
    assert team.get(f"{path}/moderation").status_code == 403
    assert team.get(f"{path}/ranking").status_code == 403
    early = send(team, "put", final, {"score": 2})
    assert early.status_code == 409
    f.score_all(second, 3)
    assert team.get(path).json()["all_submitted"] is True

    listed = team.get(f"{path}/moderation").json()["items"]
    cultural = listed[0]["criteria"][-1]
    assert [g["score"] for g in cultural["scores"]] == [2, 3]
    assert cultural["agreed"] is None
    assert cultural["final"] is None
    no_reason = send(team, "put", final, {"score": 2, "reason": "  "})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == {
        "reason": ["Give a reason: the evaluators did not all give this score"]
    }
    out_of_range = send(team, "put", final, {"score": 9, "reason": "Why not"})
    assert out_of_range.json()["errors"] == {"score": ["Score from 0 to 3"]}
    set_ = send(team, "put", final, {"score": 2, "reason": "Evidence was thin"})
    assert set_.status_code == 200
    assert set_.json()["reason"] == "Evidence was thin"
    one = team.get(f"{path}/moderation/{responses[0].pk}").json()
    assert one["criteria"][-1]["final"]["score"] == 2


def test_a_team_member_who_declared_a_conflict_cannot_moderate(closed):
    market, requirement, _responses = closed
    creator = market["buyer"]
    scoring = f.evaluator(requirement)
    team = api_for(creator)
    assigned = send(team, "post", f"{base(requirement)}/evaluators", {"user": creator.email})
    assert assigned.status_code == 201
    conflict = {"has_conflict": True, "details": "I used to work for a bidder"}
    send(team, "post", f"{base(requirement)}/me/interests", conflict)
    f.score_all(scoring)
    assert team.get(base(requirement)).status_code == 200  # the progress, still
    assert team.get(f"{base(requirement)}/moderation").status_code == 404
    assert team.get(f"{base(requirement)}/ranking").status_code == 404
