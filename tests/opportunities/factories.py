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
    # The work may start after responses close, as publishing and amending require.
    answers["startDate"] = (timezone.localdate() + datetime.timedelta(days=180)).isoformat()
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
    del answers["lotEvidence"]  # the market's lot lists no criteria of its own
    answers["dayRate"] = rate
    answers["availability"] = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
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


# Drafting (issue 9): thresholds, team members and bare drafts.


def thresholds(amounts: dict, **rules):
    """The test jurisdiction with these procurement thresholds and rules."""
    from openbuy.core.actions import jurisdiction_save

    jurisdiction = helpers.jurisdiction()
    jurisdiction.thresholds = amounts
    jurisdiction.procurement_rules = {**jurisdiction.procurement_rules, **rules}
    return jurisdiction_save(jurisdiction, actor=SYSTEM)


def teammate(requirement, email, permissions, *, by):
    """A buyer of the requirement's body put on its team with these permissions."""
    person, _body = buyer(email, requirement.buyer)
    actions.team_member_add(
        actor=by, requirement=requirement, user=person, permissions=list(permissions)
    )
    return person


# Evaluation in the product (issue 9, evaluation part).

CRITERIA = ["essential-1", "essential-2", "nice-1", "nice-2", "cultural"]


def with_responses(
    suppliers=3, rates=("600.00", "500.00", "400.00"), *, closed=True, changes=None, made=None
):
    """The market (or `made`), a requirement on its outcomes lot with `changes` to its
    answers, and a submitted response from each of the first suppliers at these day rates.
    Closed: published and answered five weeks ago, so that it closed in the past by the
    real clock (a frozen clock would stop the throttles' and the sessions' clocks too, and
    the browser's)."""
    made = made or market(suppliers=suppliers)
    at = timezone.now() - datetime.timedelta(days=35) if closed else timezone.now()
    with clock(at):
        draft = complete_draft(made["buyer"], made["body"], lot=made["lot"])
        if changes:
            draft = actions.requirement_save(
                actor=made["buyer"], requirement=draft, submitted={**draft.answers, **changes}
            )
        closes_on = timezone.localdate() + datetime.timedelta(days=14)
        requirement = actions.requirement_publish(
            actor=made["buyer"], requirement=draft, closes_on=closes_on
        )
        responses = [
            respond(requirement, s, rate=r)
            for s, r in zip(made["suppliers"][: len(rates)], rates, strict=True)
        ]
    return made, requirement, responses


def scores_for(score=2, text="Clear evidence of delivery") -> dict:
    """A score and justification for every criterion, as the API takes them."""
    return {key: {"score": score, "justification": text} for key in CRITERIA}


def assigned(requirement, email):
    """A member of the buyer body assigned as an evaluator, not yet declared."""
    person = helpers.user(email, purpose="buyer")
    accounts.membership_grant(
        actor=SYSTEM, organisation=requirement.buyer, user=person, role=Role.EVALUATOR
    )
    return actions.evaluator_assign(
        actor=requirement.created_by, requirement=requirement, user=person
    )


# Responses (issue 9, the responses part)


def team_member(requirement, person, permissions):
    """Put a person on the requirement's team with these permissions, made a buyer of its
    body first if they are not one."""
    from openbuy.accounts.permissions import roles_in

    if Role.BUYER not in roles_in(person, requirement.buyer):
        accounts.membership_grant(
            actor=SYSTEM, organisation=requirement.buyer, user=person, role=Role.BUYER
        )
    return actions.team_member_add(
        actor=requirement.created_by,
        requirement=requirement,
        user=person,
        permissions=list(permissions),
    )


def more_lots(requirement, count, *, limit=None):
    """Divide a draft: lot 1 titled, lots 2 … count+1 added, and a limit of lots per
    supplier."""
    _title_first_lot(requirement)
    for number in range(2, count + 2):
        actions.lot_add(
            actor=requirement.created_by,
            requirement=requirement,
            title=f"Lot {number}: area {number}",
        )
    actions.requirement_division_save(
        actor=requirement.created_by,
        requirement=requirement,
        max_lots_per_supplier=limit,
        division_reason=requirement.division_reason,
    )
    requirement.max_lots_per_supplier = limit
    return list(requirement.lots.all())


def published_in_lots(person, body, lot=None, *, count=1, limit=None, days=14):
    """A requirement divided into lots 1 … count+1 (at most `limit` per supplier), then
    published."""
    draft = complete_draft(person, body, lot=lot)
    more_lots(draft, count, limit=limit)
    closes_on = timezone.localdate() + datetime.timedelta(days=days)
    requirement = actions.requirement_publish(actor=person, requirement=draft, closes_on=closes_on)
    return requirement, list(requirement.lots.all())


def _title_first_lot(requirement, title="Flood warnings"):
    first = requirement.lots.get(number=1)
    if not first.title:
        actions.lot_save(
            actor=requirement.created_by, requirement=requirement, lot=first, title=title
        )


PHRASE = "Quokka-marmalade hydrography"


def sealed_answers(document, rate="600.00") -> dict:
    """A complete response whose evidence holds a phrase found nowhere else (PHRASE)."""
    answers = response_answers(document, rate=rate)
    answers["essentialEvidence"] = [f"{PHRASE} at Loch Ness", "Flood maps for Perth"]
    answers["niceToHaveEvidence"] = [f"{PHRASE} in Gaelic"]
    return answers


def respond_with(requirement, supplier, answers, *, lot=None, submit=True):
    """A supplier's response with these answers, submitted unless told, by its owner."""
    owner = fw.supplier_owner(supplier)
    response = actions.response_save(
        actor=owner, requirement=requirement, supplier=supplier, lot=lot, submitted=answers
    )
    if submit:
        response = actions.response_submit(actor=owner, response=response)
    return response


def sealed_world() -> dict:
    """A published requirement with a submitted response holding PHRASE (and a draft beside
    it), and one person of each kind who must not read it before closing: the buyer with
    every permission on the team, a platform admin, a Django superuser (made by
    createsuperuser), an evaluator of the buyer body on the team, and another supplier."""
    from django.core.management import call_command

    from openbuy.accounts.models import User
    from openbuy.opportunities.permissions import Permission

    made = market(suppliers=3)
    requirement = published(made["buyer"], made["body"], lot=made["lot"])
    ours, other, drafting = made["suppliers"]
    answers = sealed_answers(requirement.response_questions.doc)
    response = respond_with(requirement, ours, answers)
    draft = respond_with(requirement, drafting, answers, submit=False)
    evaluator, _body = buyer("eval@sepa.org.uk", body=made["body"])
    accounts.membership_grant(
        actor=SYSTEM, organisation=made["body"], user=evaluator, role=Role.EVALUATOR
    )
    team_member(requirement, evaluator, [Permission.EVALUATE])
    with mock.patch.dict("os.environ", {"DJANGO_SUPERUSER_PASSWORD": helpers.PASSWORD}):
        call_command(
            "createsuperuser", "--noinput", email="root@openbuy.example", name="Root", verbosity=0
        )
    return {
        "requirement": requirement,
        "response": response,
        "draft": draft,
        "supplier": ours,
        "people": {
            "buyer": made["buyer"],
            "platform admin": helpers.platform_admin(),
            "superuser": User.objects.get(email="root@openbuy.example"),
            "evaluator": evaluator,
            "other supplier": fw.supplier_owner(other),
        },
        "responder": fw.supplier_owner(ours),
    }


# --- The public list and page, clarification questions (issue 9, part "public") ---------


def australian_buyer(email="kim@ato.gov.au"):
    """A buyer at an Australian buyer body, with the requirement sets of an Australian
    authority (the Digital Transformation Agency), so it can publish open procedures."""
    australia = helpers.jurisdiction(
        "AU", name="Australia", currency="AUD", time_zone="Australia/Sydney"
    )
    dta = helpers.buyer_body(
        "Digital Transformation Agency", "dta.gov.au", kind="authority", jurisdiction=australia
    )
    question_sets(dta)
    body = helpers.buyer_body("Australian Taxation Office", "ato.gov.au", jurisdiction=australia)
    return buyer(email, body=body)


def ask(requirement, supplier, text="Can the team work from Glasgow?"):
    """A question asked by the supplier's owner."""
    return actions.question_ask(
        actor=fw.supplier_owner(supplier), requirement=requirement, supplier=supplier, text=text
    )


def answer(question, person, text="Yes, two days a week.", worded=""):
    """The question answered by a member of the buyer team."""
    return actions.question_answer(
        actor=person, question=question, published_question=worded, answer=text
    )


def published_with(person, body, lot=None, days=14, **changes):
    """A requirement published now, its answers the usual ones with `changes`, closing at
    the end of the day `days` from now."""
    draft = actions.requirement_create(actor=person, buyer=body, lot=lot)
    answers = {**requirement_answers(draft.questions.doc), **changes}
    draft = actions.requirement_save(actor=person, requirement=draft, submitted=answers)
    draft = actions.checklist_save(
        actor=person, requirement=draft, submitted=checklist_answers(draft.checklist.doc)
    )
    closes_on = timezone.localdate() + datetime.timedelta(days=days)
    return actions.requirement_publish(actor=person, requirement=draft, closes_on=closes_on)


# Award and feedback (issue 9, part "awards")


def second_lot(requirement, title="Flood models"):
    """A second lot beside lot 1 (titled too), added before publishing."""
    _title_first_lot(requirement)
    return actions.lot_add(actor=requirement.created_by, requirement=requirement, title=title)


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


AWARD_REASON = "Its presentation was the strongest"


def award(requirement, response, actor=None, reason=AWARD_REASON):
    """The requirement's creator (who may award) chooses the response's supplier, saying
    why (needed unless it is ranked first)."""
    return actions.award_make(
        actor=actor or requirement.created_by, lot=response.lot, response=response, reason=reason
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


def start_fields(days=30) -> dict:
    """An earliest start date `days` from today, as the page's three boxes send it."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {
        "availability_0": str(day.day),
        "availability_1": str(day.month),
        "availability_2": str(day.year),
    }
