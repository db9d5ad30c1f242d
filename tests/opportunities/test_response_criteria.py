"""Every criterion an evaluator scores is asked of the supplier: the lot's own criteria
have their evidence list, cultural fit its question, and the scoring page shows each
answer beside the criterion it is scored on."""

import datetime

import pytest
from django.utils import timezone

from openbuy.core.errors import Invalid
from openbuy.opportunities import actions
from tests.frameworks import factories as fw
from tests.opportunities import factories as f

pytestmark = pytest.mark.django_db

LOT_CRITERIA = ["Has published a service in Gaelic", "Has run a public beta"]
CULTURAL = "We sit with your hydrologists and hand over to your developers"


def _published_with_lot_criteria(made):
    """A requirement whose only lot lists criteria of its own, published five weeks ago."""
    with f.clock(timezone.now() - datetime.timedelta(days=35)):
        draft = f.complete_draft(made["buyer"], made["body"], lot=made["lot"])
        actions.lot_save(
            actor=made["buyer"], requirement=draft, lot=draft.lots.get(), criteria=LOT_CRITERIA
        )
        closes_on = timezone.localdate() + datetime.timedelta(days=14)
        return actions.requirement_publish(
            actor=made["buyer"], requirement=draft, closes_on=closes_on
        )


def _answers(requirement, **changes):
    answers = f.response_answers(requirement.response_questions.doc)
    return {**answers, "culturalFit": CULTURAL, **changes}


def test_the_supplier_is_asked_for_the_lots_criteria_and_cultural_fit(client):
    made = f.market()
    requirement = _published_with_lot_criteria(made)
    supplier = made["suppliers"][0]
    with f.clock(requirement.published_at + datetime.timedelta(days=1)):
        too_many = _answers(requirement, lotEvidence=["One", "Two", "Three"])
        with pytest.raises(Invalid, match="at most one line of evidence for each of the 2"):
            f.respond_with(requirement, supplier, too_many)
        answers = _answers(requirement, lotEvidence=["Gaelic forms, 2024"])
        response = f.respond_with(requirement, supplier, answers, submit=False)
        owner = fw.supplier_owner(supplier)
        client.force_login(owner)
        base = f"/opportunities/{requirement.pk}/respond/{response.pk}/section/"
        page = client.get(base + "nice-to-have/").content.decode()
        assert all(criterion in page for criterion in LOT_CRITERIA)
        assert (
            "How would your team work with ours?"
            in client.get(base + "working-together/").content.decode()
        )
        actions.response_submit(actor=owner, response=response)

    evaluator = f.evaluator(requirement)
    client.force_login(evaluator.user)
    sheet = client.get(f"/opportunities/{requirement.pk}/evaluation/scores/{response.pk}/")
    text = sheet.content.decode()
    assert LOT_CRITERIA[0] in text
    assert "Their evidence:</span> Gaelic forms, 2024" in text
    assert f"Their evidence:</span> {CULTURAL}" in text


def test_without_criteria_of_its_own_the_lots_evidence_stays_empty():
    made = f.market()
    requirement = f.published(made["buyer"], made["body"], lot=made["lot"])
    answers = _answers(requirement, lotEvidence=["Nothing was asked"])
    with pytest.raises(Invalid, match="There are no criteria here to give evidence for"):
        f.respond_with(requirement, made["suppliers"][0], answers)
    without = {k: v for k, v in _answers(requirement).items() if k != "culturalFit"}
    response = f.respond_with(requirement, made["suppliers"][0], without, submit=False)
    with pytest.raises(Invalid, match="Answer every question before you submit"):
        actions.response_submit(actor=fw.supplier_owner(made["suppliers"][0]), response=response)
