"""Final scores stop changing once a decision rests on the lot's ranking: its shortlist is
chosen, a supplier is chosen for it (an award in standstill or confirmed) or it ended
without one. Emptying the shortlist or cancelling the award lets them change again. The
action refuses (409 in the API, with problem details); the pages show the final scores
read-only."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from openbuy.core.errors import Conflict
from openbuy.opportunities import actions
from openbuy.opportunities.models import FinalScore
from tests.api_client import api_for, send
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

SHORTLISTED = "The shortlist has been chosen, so final scores can no longer change"
CHOSEN = "A supplier has been chosen for this lot, so final scores can no longer change"
DECIDED = "This lot has been decided, so final scores can no longer change"


@pytest.fixture
def moderated():
    """Three responses to one lot, scored and moderated (2 throughout), by the real clock
    after closing."""
    _market, requirement, responses = f.with_responses(changes={"shortlist": "2"})
    f.score_all(f.evaluator(requirement), 2)
    f.moderate_all(requirement)
    return requirement, responses


def final(response, score=3, criterion="cultural"):
    return actions.final_score_set(
        actor=response.requirement.created_by,
        response=response,
        criterion=criterion,
        score=score,
        reason="Raised on a second reading",
    )


def save_all(response, score=3):
    return actions.final_scores_save(
        actor=response.requirement.created_by,
        response=response,
        finals=dict.fromkeys(f.CRITERIA, (score, "Raised on a second reading")),
    )


def shortlist(requirement, responses):
    return actions.shortlist_set(
        actor=requirement.created_by, requirement=requirement, responses=responses
    )


def cultural_scores(requirement) -> list[int]:
    return list(
        FinalScore.objects.filter(response__requirement=requirement, criterion="cultural")
        .order_by("response_id")
        .values_list("score", flat=True)
    )


def test_the_shortlist_fixes_its_lots_final_scores_until_it_is_emptied(moderated):
    requirement, (first, second, _third) = moderated
    shortlist(requirement, [first])
    with pytest.raises(Conflict, match=SHORTLISTED):
        final(first)
    with pytest.raises(Conflict, match=SHORTLISTED):
        save_all(second)  # off the shortlist, but ranked against those on it
    assert cultural_scores(requirement) == [2, 2, 2]
    shortlist(requirement, [])
    final(second)
    assert cultural_scores(requirement) == [2, 3, 2]


def test_with_a_shortlist_the_pages_show_the_final_scores_read_only(moderated):
    requirement, (first, second, _third) = moderated
    shortlist(requirement, [first])
    client = Client()
    client.force_login(requirement.created_by)
    base = f"/opportunities/{requirement.pk}/evaluation/"
    listed = client.get(base + "moderation/").content.decode()
    assert ">Moderate<" not in listed
    assert listed.count(">View<") == 3
    page = client.get(base + f"moderation/{second.pk}/").content.decode()
    assert SHORTLISTED in page
    assert "first take this lot&#x27;s suppliers off the shortlist" in page
    assert "Save final scores" not in page
    assert 'name="score_cultural"' not in page
    assert "Final score" in page
    assert "Agreed at moderation" in page  # each final score's reason, read-only
    posted = client.post(
        base + f"moderation/{second.pk}/",
        {f"score_{k}": "3" for k in f.CRITERIA} | {f"reason_{k}": "Sneaked" for k in f.CRITERIA},
    )
    assert posted.status_code == 200
    assert cultural_scores(requirement) == [2, 2, 2]


def test_with_a_shortlist_the_api_refuses_with_problem_details(moderated):
    requirement, (first, _second, _third) = moderated
    shortlist(requirement, [first])
    path = f"/api/v1/requirements/{requirement.pk}/evaluation/moderation/{first.pk}/cultural"
    refused = send(api_for(requirement.created_by), "put", path, {"score": 3, "reason": "Why"})
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    assert SHORTLISTED in refused.json()["detail"]
    assert cultural_scores(requirement) == [2, 2, 2]


def test_an_award_fixes_its_lots_final_scores_until_it_is_cancelled(moderated):
    requirement, (first, second, _third) = moderated
    award = f.award(requirement, first)
    with pytest.raises(Conflict, match=CHOSEN):
        final(second)
    client = Client()
    client.force_login(requirement.created_by)
    page = client.get(f"/opportunities/{requirement.pk}/evaluation/moderation/{second.pk}/")
    assert CHOSEN in page.content.decode()
    assert "Save final scores" not in page.content.decode()
    actions.award_cancel(actor=requirement.created_by, award=award, reason="Challenged")
    final(second)
    assert cultural_scores(requirement) == [2, 3, 2]


def test_a_decided_lots_shortlist_stays_as_it_was_until_the_award_is_cancelled(moderated):
    requirement, (first, second, _third) = moderated
    shortlist(requirement, [first])
    award = f.award(requirement, first)
    with pytest.raises(Conflict, match="Lot 1 has been decided, so its shortlist can no longer"):
        shortlist(requirement, [first, second])
    with pytest.raises(Conflict, match="Lot 1 has been decided"):
        shortlist(requirement, [])
    assert shortlist(requirement, [first]) == [first]  # as it is: nothing to refuse
    actions.award_cancel(actor=requirement.created_by, award=award, reason="Challenged")
    shortlist(requirement, [first, second])


@pytest.fixture
def two_lots():
    """A closed requirement of two lots, a response to each from Supplier 0 and Supplier
    1, scored and moderated; inside, the clock is just after closing."""
    market = f.market(suppliers=2)
    draft = f.complete_draft(market["buyer"], market["body"], lot=market["lot"])
    second_lot = f.second_lot(draft)
    closes_on = timezone.localdate() + datetime.timedelta(days=14)
    requirement = actions.requirement_publish(
        actor=market["buyer"], requirement=draft, closes_on=closes_on
    )
    first_lot = requirement.lots.get(number=1)
    responses = [
        f.respond(requirement, supplier, lot=lot)
        for lot in (first_lot, second_lot)
        for supplier in market["suppliers"]
    ]
    with f.after_close(requirement):
        f.score_all(f.evaluator(requirement), 2)
        f.moderate_all(requirement)
        yield requirement, first_lot, second_lot, responses


def test_only_the_decided_lots_scores_are_fixed_until_the_evaluation_ends(two_lots):
    requirement, _first_lot, second_lot, (one, two, three, four) = two_lots
    award = f.award(requirement, one)
    with pytest.raises(Conflict, match=CHOSEN):
        final(two)
    final(three)  # the other lot is still being moderated
    actions.lot_decide(
        actor=requirement.created_by,
        lot=second_lot,
        outcome="unsuccessful",
        reason="No response met the essential criteria",
    )
    with pytest.raises(Conflict, match=DECIDED):
        final(four)
    with f.after_standstill(award):
        f.confirm(award)
        with pytest.raises(Conflict, match="The evaluation of this requirement has ended"):
            final(two)
    assert cultural_scores(requirement) == [2, 2, 3, 2]
