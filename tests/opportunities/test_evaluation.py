"""Evaluation: declared interests before scoring, scores hidden from other evaluators,
moderation after every evaluator has submitted, weighted ranking (scoring.py)."""

from decimal import Decimal

import pytest

from openbuy.accounts.models import Role
from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.opportunities import actions, scoring
from tests import helpers
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    market = f.market(suppliers=3)
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    rates = ["600.00", "500.00", "400.00"]
    responses = [
        f.respond(requirement, s, rate=r) for s, r in zip(market["suppliers"], rates, strict=True)
    ]
    with f.after_close(requirement):
        yield requirement, responses


def test_evaluation_waits_for_the_closing_time():
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    with pytest.raises(Conflict, match="Evaluation starts when the requirement closes"):
        actions.evaluator_assign(
            actor=market["buyer"], requirement=requirement, user=market["buyer"]
        )


def test_assigning_records_the_close_with_the_number_of_responses(closed):
    requirement, _responses = closed
    f.evaluator(requirement)
    event = helpers.events("requirement.closed").get()
    assert event.payload["responses"] == 3
    assert event.public


def test_scoring_needs_a_declaration_without_conflict(closed):
    requirement, responses = closed
    person = helpers.member(requirement.buyer, "ian@sepa.org.uk", role=Role.EVALUATOR)
    assigned = actions.evaluator_assign(
        actor=requirement.created_by, requirement=requirement, user=person
    )
    with pytest.raises(Forbidden, match="Declare your interests"):
        actions.scores_save(
            actor=person, evaluator=assigned, response=responses[0], scores={"cultural": (2, "ok")}
        )
    conflicted = f.evaluator(requirement, "con@sepa.org.uk", conflict=True)
    with pytest.raises(Forbidden, match="Declare your interests, without a conflict"):
        actions.scores_save(
            actor=conflicted.user,
            evaluator=conflicted,
            response=responses[0],
            scores={"cultural": (2, "ok")},
        )


def test_a_score_outside_the_scale_or_without_a_justification_is_refused(closed):
    requirement, responses = closed
    evaluator = f.evaluator(requirement)
    with pytest.raises(Invalid, match="Check the scores") as refused:
        actions.scores_save(
            actor=evaluator.user,
            evaluator=evaluator,
            response=responses[0],
            scores={"cultural": (4, "Great"), "essential-1": (2, "  ")},
        )
    assert refused.value.errors == {
        "cultural": ["Score from 0 to 3"],
        "essential-1": ["Explain the score"],
    }


def test_moderation_waits_for_every_evaluator_then_ranks_by_the_formula(closed):
    requirement, responses = closed
    first, second = f.evaluator(requirement), f.evaluator(requirement, "two@sepa.org.uk")
    f.score_all(first, 2)
    with pytest.raises(Conflict, match="every evaluator has submitted"):
        actions.final_score_set(
            actor=requirement.created_by, response=responses[0], criterion="cultural", score=2
        )
    f.score_all(second, 2)
    with pytest.raises(Invalid, match="did not all give this score"):
        actions.final_score_set(
            actor=requirement.created_by, response=responses[0], criterion="cultural", score=3
        )
    f.moderate_all(requirement, {responses[0].pk: 3, responses[1].pk: 2, responses[2].pk: 1})
    standings = scoring.ranking(requirement, responses[0].lot)
    # Weights 60/15/25; scores are out of 3; price: lowest rate 400 over each rate.
    assert [(s.response.pk, s.total) for s in standings] == [
        (responses[0].pk, Decimal("60.00") + Decimal("15.00") + Decimal("16.67")),
        (responses[1].pk, Decimal("40.00") + Decimal("10.00") + Decimal("20.00")),
        (responses[2].pk, Decimal("20.00") + Decimal("5.00") + Decimal("25.00")),
    ]
    assert [s.rank for s in standings] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_the_worker_records_the_close_of_requirements_past_their_time(settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from openbuy.core.worker import Worker
    from openbuy.opportunities.models import Requirement
    from openbuy.opportunities.tasks import close_due_requirements
    from tests.core.test_delivery import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS
    market = f.market()
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    f.respond(requirement, market["suppliers"][0])
    DBTaskResult.objects.all().delete()
    with f.after_close(requirement):
        assert close_due_requirements.module_path in Worker(batch=False, interval=0).schedule()
        call_command("worker", batch=True, verbosity=0)
    assert Requirement.objects.get(pk=requirement.pk).status == "closed"
    assert helpers.events("requirement.closed").get().payload["responses"] == 1
