"""Requirements at every stage, so each opportunities page has something on it: a draft,
one open for responses with a question answered, one just closed waiting for its
evaluators, one closed with its evaluation under way (scored, to moderate), one awarded
(its standstill over, the contract confirmed) and one withdrawn. Made through the real
actions by the buyers, suppliers and evaluators themselves; what happened weeks ago is
made with the clock set back, so its dates, deadlines and audit trail read as they would
have. Made once: running the demo again keeps them."""

import contextlib
import datetime
from unittest import mock

from django.db import transaction
from django.utils import timezone

from openbuy.accounts.models import Organisation, Role, User
from openbuy.opportunities import actions, scoring
from openbuy.opportunities.models import Requirement, Response

LOCATION = "scotland"


@contextlib.contextmanager
def _days_ago(days: int):
    """The clock set back: what the demo did `days` ago happened then."""
    then = timezone.now() - datetime.timedelta(days=days)
    with mock.patch.object(timezone, "now", return_value=then):
        yield


def _today() -> datetime.date:
    return timezone.localdate()


def _answers(title: str, problem: str, essential: list[str], budget: tuple[str, str]) -> dict:
    return {
        "title": title,
        "problem": problem,
        "users": (
            "Members of the public, including people who use screen readers and people with "
            "little confidence online, and the staff who answer their calls."
        ),
        "workDone": "A discovery with 14 user interviews; the findings are published.",
        "location": LOCATION,
        "budgetMin": budget[0],
        "budgetMax": budget[1],
        "startDate": (_today() + datetime.timedelta(days=45)).isoformat(),
        "lengthMonths": "6",
        "essentialCriteria": essential,
        "niceToHaveCriteria": ["Experience of Welsh or Gaelic language services"],
        "weightTechnical": "60",
        "weightCultural": "15",
        "weightPrice": "25",
        "shortlist": "3",
        "assessmentMethods": ["written-proposal", "presentation"],
    }


def _checklist(requirement: Requirement) -> dict:
    return {
        q.id: "yes" for q in requirement.checklist.doc.questions.values() if q.depends_on is None
    }


def _drafted(buyer: User, body: Organisation, answers: dict, *, checklist=True) -> Requirement:
    requirement = actions.requirement_create(actor=buyer, buyer=body)
    requirement = actions.requirement_save(actor=buyer, requirement=requirement, submitted=answers)
    if checklist:
        requirement = actions.checklist_save(
            actor=buyer, requirement=requirement, submitted=_checklist(requirement)
        )
        requirement = actions.requirement_division_save(
            actor=buyer,
            requirement=requirement,
            max_lots_per_supplier=None,
            division_reason=(
                "One team must design and build the service end to end: split into lots, "
                "the research and the build would be handed between suppliers."
            ),
        )
    return requirement


def _published(buyer, body, answers, days_open: int) -> Requirement:
    requirement = _drafted(buyer, body, answers)
    closes_on = _today() + datetime.timedelta(days=days_open)
    return actions.requirement_publish(actor=buyer, requirement=requirement, closes_on=closes_on)


def _owner(supplier: Organisation) -> User:
    return supplier.memberships.filter(role=Role.SUPPLIER_ADMIN).first().user


def _respond(requirement: Requirement, supplier: Organisation, rate: str, *, submit=True):
    owner = _owner(supplier)
    criteria = requirement.answers["essentialCriteria"]
    response = actions.response_save(
        actor=owner,
        requirement=requirement,
        supplier=supplier,
        submitted={
            "meetsEssential": True,
            "essentialEvidence": [
                f"{supplier.name} did this for a Scottish council in 2025: {c.lower()}."
                for c in criteria
            ],
            "culturalFit": (
                f"{supplier.name} would sit with your hydrologists for the first weeks, show"
                " the work every fortnight to staff and the public, and pair with your"
                " developers so that your team runs the service when we leave."
            ),
            "dayRate": rate,
            "availability": (_today() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    if submit:
        response = actions.response_submit(actor=owner, response=response)
    return response


def _evaluate(requirement: Requirement, evaluator: User, finals: dict | None) -> None:
    """The evaluator declares, scores every criterion and submits; with `finals`
    ({supplier name: score}) the buyer moderates too."""
    assigned = actions.evaluator_assign(
        actor=requirement.created_by, requirement=requirement, user=evaluator
    )
    assigned = actions.conflict_declare(actor=evaluator, evaluator=assigned, has_conflict=False)
    responses = Response.objects.filter(requirement=requirement, status="submitted")
    for n, response in enumerate(responses.select_related("lot", "supplier")):
        scores = {
            c.key: ((n + i) % 3 + 1, "Clear evidence of recent, similar work")
            for i, c in enumerate(scoring.criteria(requirement, response.lot))
        }
        actions.scores_save(actor=evaluator, evaluator=assigned, response=response, scores=scores)
    actions.scores_submit(actor=evaluator, evaluator=assigned)
    if finals is None:
        return
    for response in responses.select_related("lot", "supplier"):
        for c in scoring.criteria(requirement, response.lot):
            actions.final_score_set(
                actor=requirement.created_by,
                response=response,
                criterion=c.key,
                score=finals[response.supplier.name],
                reason="Agreed at the moderation meeting",
            )


def load(buyer: User, evaluator: User, suppliers: list[Organisation]) -> None:
    body = buyer.memberships.get(role=Role.BUYER).organisation
    if Requirement.objects.filter(buyer=body).exists():
        return
    thistle, *others = suppliers
    with transaction.atomic():
        _draft(buyer, body)
        _open(buyer, body, thistle, others)
        _withdrawn(buyer, body)
    with transaction.atomic():
        _to_evaluate(buyer, body, [thistle, *others])
    with transaction.atomic():
        _in_evaluation(buyer, body, evaluator, [thistle, *others])
    with transaction.atomic():
        _awarded(buyer, body, evaluator, [thistle, *others])


def _draft(buyer, body) -> None:
    answers = _answers(
        "Flood warning sign-up: discovery",
        "People at risk of flooding do not sign up for warnings. Find out why, and what "
        "would help them.",
        ["Have run a discovery for a public service", "Have researched with disabled people"],
        ("20000", "40000"),
    )
    _drafted(buyer, body, {k: answers[k] for k in ("title", "problem")}, checklist=False)


def _open(buyer, body, thistle, others) -> None:
    requirement = _published(
        buyer,
        body,
        _answers(
            "River level data service: alpha",
            "Anglers, canoeists and farmers check river levels on an old page that fails on "
            "phones. Build and test an accessible service that reuses our open data API.",
            ["Have built a public service that passed a service assessment", "Have used open APIs"],
            ("40000", "80000"),
        ),
        days_open=21,
    )
    question = actions.question_ask(
        actor=_owner(thistle),
        requirement=requirement,
        supplier=thistle,
        text="Can the team work from Stirling for most of the week?",
    )
    actions.question_answer(
        actor=buyer,
        question=question,
        published_question="Can the team work away from Edinburgh?",
        answer="Yes: we expect two days a month at our Edinburgh office.",
    )
    _respond(requirement, thistle, "3000", submit=False)
    if others:
        _respond(requirement, others[0], "2800")


def _withdrawn(buyer, body) -> None:
    requirement = _published(
        buyer,
        body,
        _answers(
            "Permit fees calculator",
            "Businesses cannot work out their permit fees before they apply.",
            ["Have built calculators for a public service"],
            ("10000", "20000"),
        ),
        days_open=14,
    )
    actions.requirement_withdraw(
        actor=buyer,
        requirement=requirement,
        reason="The fees are being reviewed; we will publish again once the new fees are set.",
    )


def _closed_with_responses(buyer, body, answers, suppliers, days_ago: int) -> Requirement:
    with _days_ago(days_ago):
        requirement = _published(buyer, body, answers, days_open=14)
        for n, supplier in enumerate(suppliers[:3]):
            _respond(requirement, supplier, str(2600 + 200 * n))
    return requirement


def _to_evaluate(buyer, body, suppliers) -> None:
    """Closed two days ago, no evaluator assigned yet: evaluators join only until
    moderation starts, so this is where the team adds them."""
    _closed_with_responses(
        buyer,
        body,
        _answers(
            "Bathing water alerts: discovery",
            "Swimmers find out about poor bathing water too late. Find out how and when "
            "they want to hear, and test the ideas that come out of it.",
            ["Have run a discovery for a public service", "Have researched with the public"],
            ("30000", "60000"),
        ),
        suppliers,
        days_ago=16,
    )


def _in_evaluation(buyer, body, evaluator, suppliers) -> None:
    requirement = _closed_with_responses(
        buyer,
        body,
        _answers(
            "Waste carrier registration: beta",
            "Carriers register on paper and wait weeks. Build the online service we tested in "
            "alpha and run it in public beta.",
            ["Have taken a service from alpha to public beta", "Have worked with a payments API"],
            ("80000", "150000"),
        ),
        suppliers,
        days_ago=20,
    )
    _evaluate(requirement, evaluator, finals=None)


def _awarded(buyer, body, evaluator, suppliers) -> None:
    requirement = _closed_with_responses(
        buyer,
        body,
        _answers(
            "Environmental permit applications: alpha",
            "Applying for a permit takes a 60-page form. Explore and test ways to make it "
            "simple enough to finish in one sitting.",
            ["Have run an alpha for a public service", "Have designed forms with complex rules"],
            ("50000", "90000"),
        ),
        suppliers,
        days_ago=60,
    )
    names = [s.name for s in suppliers[:3]]
    with _days_ago(44):
        _evaluate(requirement, evaluator, finals=dict(zip(names, [3, 2, 1], strict=False)))
    winner = Response.objects.get(requirement=requirement, supplier=suppliers[0])
    with _days_ago(40):
        award = actions.award_make(actor=buyer, lot=winner.lot, response=winner)
    with _days_ago(20):
        actions.award_confirm(
            actor=buyer,
            award=award,
            contract_start=_today() + datetime.timedelta(days=7),
            contract_end=_today() + datetime.timedelta(days=7 + 180),
            value="72000",
        )
