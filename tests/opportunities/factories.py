"""Buyers, requirements, live DOS services and responses made through the real actions."""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Role
from openbuy.core.actors import SYSTEM
from openbuy.opportunities import actions
from tests import helpers
from tests.frameworks import factories as fw


def buyer(email="morag@sepa.org.uk", body=None):
    """A buyer at a buyer body (the Scottish Environment Protection Agency unless given)."""
    body = body or helpers.buyer_body()
    person = helpers.user(email, purpose="buyer")
    accounts.membership_grant(actor=SYSTEM, organisation=body, user=person, role=Role.BUYER)
    return person, body


def question_sets(authority=None):
    """The shipped requirement, checklist and response sets, as the Scottish Government's."""
    if authority is None:
        _manager, authority = fw.manager()
    requirement = fw.question_set(authority, "dos-outcomes-requirement")
    checklist = fw.question_set(authority, "responsible-checklist")
    fw.question_set(authority, "dos-outcomes-response")
    return requirement, checklist


def requirement_answers(document) -> dict:
    answers = fw.full_answers(document, name="Flood warnings for Scotland")
    answers.update(weightTechnical="60", weightCultural="15", weightPrice="25")
    answers.update(budgetMin="20000", budgetMax="45000")
    return answers


def checklist_answers(document) -> dict:
    """Yes to every item (so no explanation is asked)."""
    return {q.id: "yes" for q in document.questions.values() if q.depends_on is None}


def complete_draft(person, body, lot=None):
    requirement = actions.requirement_create(actor=person, buyer=body, lot=lot)
    requirement = actions.requirement_save(
        actor=person,
        requirement=requirement,
        submitted=requirement_answers(requirement.questions.doc),
    )
    return actions.checklist_save(
        actor=person,
        requirement=requirement,
        submitted=checklist_answers(requirement.checklist.doc),
    )


def published(person, body, lot=None, days=14):
    """A complete requirement published now, closing at the end of the day `days` from now."""
    requirement = complete_draft(person, body, lot=lot)
    closes_on = timezone.localdate() + datetime.timedelta(days=days)
    return actions.requirement_publish(actor=person, requirement=requirement, closes_on=closes_on)


@contextlib.contextmanager
def clock(at: datetime.datetime):
    """Every `timezone.now()` answers `at` inside the block."""
    with mock.patch.object(timezone, "now", return_value=at):
        yield


def after_close(requirement, minutes=1):
    """The clock just after the requirement closed."""
    return clock(requirement.closes_at + datetime.timedelta(minutes=minutes))


# Services on a live DOS-like framework: the outcomes lot's day rate is 650.00 a team day.
OUTCOMES_RATE = "650.00"


def outcomes_service(name="Flood team", rate=OUTCOMES_RATE) -> tuple[str, dict]:
    """An offer on the outcomes lot: its lot slug and the answers that differ from a full
    answer to the lot's questions."""
    price = {"min": rate, "max": None, "unit": "team day", "interval": None}
    return ("outcomes", {"teamName": name, "teamDayRate": price})


def specialists_service(name="Delivery managers", roles=("delivery-manager",), rate="700.00"):
    return ("specialists", {"offerName": name, "roles": list(roles), "rate": rate})


def _offer(lot, changes: dict) -> dict:
    answers = fw.full_answers(lot.questions.doc, name=changes.get("teamName", "Offer"))
    rate = changes.pop("rate", None)
    answers.update(changes)
    if rate is not None:
        answers["dayRate"] = {**answers["dayRate"], "min": rate, "max": None}
    return answers


def live_dos(offers: dict, *, actor=None, authority=None):
    """A live DOS-like framework with outcomes and specialists lots and the given offers:
    {supplier: [outcomes_service(), specialists_service(), ...]}."""
    if actor is None:
        actor, authority = fw.manager()
    framework = fw.framework_of(
        authority,
        actor,
        slug="dos-7",
        family="digital-outcomes",
        declaration="dos-declaration",
        lots={"outcomes": "dos-outcomes", "specialists": "dos-specialists"},
    )
    lots = {lot.slug: lot for lot in framework.lots.all()}
    applications = [
        fw.apply(framework, supplier, [(slug, _offer(lots[slug], dict(c))) for slug, c in services])
        for supplier, services in offers.items()
    ]
    return fw.go_live(framework, actor, applications)


def market(suppliers=2):
    """A buyer, its body, suppliers with live outcomes services on a live DOS framework,
    and the outcomes lot: what most opportunity tests start from."""
    actor, authority = fw.manager()
    question_sets(authority)
    made = fw.suppliers(suppliers)
    offers = {s: [outcomes_service(f"{s.name} team")] for s in made}
    framework = live_dos(offers, actor=actor, authority=authority)
    person, body = buyer()
    return {
        "buyer": person,
        "body": body,
        "suppliers": made,
        "framework": framework,
        "lot": framework.lots.get(slug="outcomes"),
    }


def response_answers(document, rate="600.00") -> dict:
    answers = fw.full_answers(document, name="Our response")
    answers["dayRate"] = rate
    answers["availability"] = timezone.localdate().isoformat()
    return answers


def respond(requirement, supplier, *, lot=None, rate="600.00", submit=True):
    """A supplier's complete response, submitted unless told, by its owner."""
    owner = fw.supplier_owner(supplier)
    response = actions.response_save(
        actor=owner,
        requirement=requirement,
        supplier=supplier,
        lot=lot,
        submitted=response_answers(requirement.response_questions.doc, rate=rate),
    )
    if submit:
        response = actions.response_submit(actor=owner, response=response)
    return response


def evaluator(requirement, email="eve@sepa.org.uk", *, conflict=False):
    """A member of the buyer body assigned by the requirement's creator, declared."""
    person = helpers.user(email, purpose="buyer")
    accounts.membership_grant(
        actor=SYSTEM, organisation=requirement.buyer, user=person, role=Role.EVALUATOR
    )
    assigned = actions.evaluator_assign(
        actor=requirement.created_by, requirement=requirement, user=person
    )
    return actions.conflict_declare(
        actor=person,
        evaluator=assigned,
        has_conflict=conflict,
        details="My partner works for a bidder" if conflict else "",
    )


def score_all(evaluator, score=2, submit=True):
    """The evaluator gives every criterion of every response the same score."""
    from openbuy.opportunities import scoring
    from openbuy.opportunities.models import Response

    requirement = evaluator.requirement
    for response in Response.objects.filter(requirement=requirement, status="submitted"):
        scores = {
            c.key: (score, f"Scored {score} on the evidence")
            for c in scoring.criteria(requirement, response.lot)
        }
        actions.scores_save(
            actor=evaluator.user, evaluator=evaluator, response=response, scores=scores
        )
    if submit:
        evaluator = actions.scores_submit(actor=evaluator.user, evaluator=evaluator)
    return evaluator


def moderate_all(requirement, scores: dict | None = None, reason="Agreed at moderation"):
    """Final scores for every criterion of every response: {response id: score} (2 if not
    given), by the requirement's creator."""
    from openbuy.opportunities import scoring
    from openbuy.opportunities.models import Response

    for response in Response.objects.filter(requirement=requirement, status="submitted"):
        for c in scoring.criteria(requirement, response.lot):
            actions.final_score_set(
                actor=requirement.created_by,
                response=response,
                criterion=c.key,
                score=(scores or {}).get(response.pk, 2),
                reason=reason,
            )


# Award and feedback (issue 9, part "awards")


def second_lot(requirement, title="Flood models"):
    """A second lot beside lot 1, made directly until lots have an action of their own;
    call it before publishing."""
    from openbuy.opportunities.models import RequirementLot

    return RequirementLot.objects.create(requirement=requirement, number=2, title=title)


@contextlib.contextmanager
def evaluated(suppliers=3, rates=("600.00", "500.00", "400.00"), scores=(3, 2, 1)):
    """A closed requirement whose responses (one per supplier, at these day rates) have
    final scores, so they rank in that order; inside, the clock is just after closing.
    Yields (market, requirement, responses)."""
    made = market(suppliers=suppliers)
    requirement = published(made["buyer"], made["body"], lot=made["lot"])
    responses = [
        respond(requirement, supplier, rate=rate)
        for supplier, rate in zip(made["suppliers"], rates, strict=True)
    ]
    with after_close(requirement):
        score_all(evaluator(requirement))
        moderate_all(requirement, {r.pk: s for r, s in zip(responses, scores, strict=True)})
        yield made, requirement, responses


def award(requirement, response, actor=None):
    """The requirement's creator (who may award) chooses the response's supplier."""
    return actions.award_make(
        actor=actor or requirement.created_by, lot=response.lot, response=response
    )


def after_standstill(award, microseconds=0):
    """The clock when the award's standstill has just ended (plus `microseconds`)."""
    return clock(award.standstill_ends_at + datetime.timedelta(microseconds=microseconds))


def api_rate_off(settings):
    """The API's rate window is kept in the cache, whose expiry reads the real time; under
    the tests' clock, weeks ahead, every window would read as expired. Call it from an
    autouse fixture in tests that use the API under the clock."""
    settings.API_RATE = "off"


def contract_start():
    """1 April next year: a contract start after any award made in the tests."""
    return datetime.date(timezone.localdate().year + 1, 4, 1)


def confirm(award, value="45,000.00", start=None, end=None, actor=None):
    """Confirm the award (call it once its standstill has ended) for a year's contract
    from `contract_start()` unless told."""
    start = start or contract_start()
    return actions.award_confirm(
        actor=actor or award.requirement.created_by,
        award=award,
        contract_start=start,
        contract_end=end or start.replace(year=start.year + 1) - datetime.timedelta(days=1),
        value=value,
    )
