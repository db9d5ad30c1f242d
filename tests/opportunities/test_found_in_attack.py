"""What the attack on issue 9 found, each held shut: a team member who declared a conflict
keeps away from the responses; no withdrawing once responses may be read; a save without a
section keeps the answers not sent; a budget's ends in order."""

import pytest

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.opportunities import actions, selectors
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    f.respond(requirement, market["suppliers"][0])
    with f.after_close(requirement):
        yield requirement


def test_a_team_member_who_declared_a_conflict_reads_no_response_and_cannot_award(closed):
    buyer = closed.created_by
    assert selectors.responses_for_buyer(buyer, closed).count() == 1
    assigned = actions.evaluator_assign(actor=buyer, requirement=closed, user=buyer)
    actions.conflict_declare(
        actor=buyer, evaluator=assigned, has_conflict=True, details="My sister runs a bidder"
    )
    assert not selectors.responses_for_buyer(buyer, closed).exists()
    assert not selectors.responses_visible_to(buyer).exists()
    response = closed.responses.get()
    with pytest.raises(Forbidden, match="who may award can do this"):
        actions.award_make(actor=buyer, lot=response.lot, response=response)


def test_a_requirement_past_its_closing_time_cannot_be_withdrawn(closed):
    with pytest.raises(Conflict, match="Its closing time has passed: cancel it"):
        actions.requirement_withdraw(
            actor=closed.created_by, requirement=closed, reason="Changed our mind"
        )


def test_a_save_without_a_section_changes_only_the_answers_sent():
    f.question_sets()
    person, body = f.buyer()
    draft = f.complete_draft(person, body)
    saved = actions.requirement_save(
        actor=person, requirement=draft, submitted={"users": "Anglers and farmers"}
    )
    assert saved.answers["users"] == "Anglers and farmers"
    assert saved.answers["title"] == "Flood warnings for Scotland"
    assert actions.unanswered(saved) == {}


def test_a_budget_whose_upper_end_is_below_its_lower_end_is_refused():
    f.question_sets()
    person, body = f.buyer()
    draft = f.complete_draft(person, body)
    with pytest.raises(Invalid) as refused:
        actions.requirement_save(
            actor=person,
            requirement=draft,
            section="where-and-when",
            submitted={
                **{k: draft.answers[k] for k in ("location", "startDate", "lengthMonths")},
                "budgetMin": "90000",
                "budgetMax": "50000",
            },
        )
    assert refused.value.errors == {
        "budgetMax": ["The budget's upper end must be at least its lower end"]
    }
