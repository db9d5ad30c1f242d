"""Frameworks, applications and live services made through the real actions."""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Role
from openbuy.core.actors import SYSTEM
from openbuy.frameworks import actions
from openbuy.questions import text
from openbuy.questions.models import QuestionSet
from tests import helpers

# The question sets openbuy ships.
SETS = Path(__file__).resolve().parents[2] / "openbuy" / "questions" / "shipped"

# A declaration that passes every rule of the shipped G-Cloud-like and DOS-like sets.
DECLARATION = {
    "tradingStatus": "limited-company",
    "contactName": "Alex Applicant",
    "convictedOfFraud": False,
    "taxesPaid": True,
    "acceptTerms": True,
    "indemnityInsuranceHeld": "held",
    "indemnityInsurance": "1000000",
    "accessibilityCommitment": True,
    "fairPayment": True,
    "usesSubcontractors": False,
    "sizeOfTeam": "12",
}


def service_answers(name="Secure hosting", **changes) -> dict:
    answers = {
        "serviceName": name,
        "serviceDescription": f"{name} for public bodies",
        "serviceFeatures": ["Fast", "Accessible"],
        "serviceBenefits": ["Saves time"],
        "serviceCategories": ["compute"],
        "price": {"min": "10", "max": None, "unit": "user", "interval": "month"},
        "freeVersionOrTrial": False,
        "educationPricing": False,
        "deploymentModel": "public",
        "dataLocation": "uk",
        "api": True,
        "openSource": False,
        "supportHours": "extended",
        "responseTimeHours": "4",
        "accessibilityStandard": "wcag22aa",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def full_answers(document, name="Secure hosting") -> dict:
    """A realistic answer to every question of a question set, within its limits: several
    options for each multiple choice, not the first option of single ones (so a form that
    dropped or defaulted a choice would show), follow-up questions answered too."""
    answers = {}
    for question in document.questions.values():
        answers[question.id] = _full_answer(question, name)
    if document.title_question:
        answers[document.title_question] = name
    return answers


def _full_answer(question, name):
    kind = question.type
    if kind in {"text", "textarea"}:
        text = f"{name}: {question.question.rstrip('?').lower()}, by a team of 12"
        words = text.split()[: question.max_words or None]
        return " ".join(words)[: question.max_length]
    if kind in {"number", "money"}:
        value = Decimal("1250000.50" if kind == "money" else "12")
        if question.max is not None:
            value = min(value, question.max)
        if question.min is not None:
            value = max(value, question.min)
        return f"{value:f}"
    if kind == "radios":
        return question.options[-1].value
    if kind == "checkboxes":
        most = question.max_selections or len(question.options)
        return [o.value for o in question.options[: max(2, min(3, most))]]
    if kind == "boolean":
        return question.required_value if question.required_value is not None else True
    if kind == "list":
        return ["Accessible to everyone", "Backed up every night"][: question.max_items]
    if kind == "date":
        return (question.not_after or timezone.localdate()).replace(day=1).isoformat()
    if kind == "pricing":
        price = {"min": "400.00", "max": "900.50" if question.max_price_required else "650.00"}
        price["unit"] = question.units[-1]
        price["interval"] = question.intervals[-1] if question.intervals else None
        return price
    raise ValueError(kind)  # pragma: no cover - every type is answered above


def manager(email="fiona@gov.scot", authority_name="Scottish Government"):
    """A framework manager of an authority (the Scottish Government unless named)."""
    domain = email.split("@")[1]
    authority = helpers.buyer_body(authority_name, domain, kind="authority")
    person = helpers.user(email, purpose="buyer")
    accounts.membership_grant(
        actor=SYSTEM, organisation=authority, user=person, role=Role.FRAMEWORK_MANAGER
    )
    return person, authority


def question_set(authority, name, actor=SYSTEM, only=""):
    """A shipped set as a version of the authority's; `only`: its texts in that language
    alone (translations dropped)."""
    document = json.loads((SETS / f"{name}.json").read_text())
    if only:
        document = text.localise(document, only)
    return actions.question_set_create(
        actor=actor, authority=authority, slug=name, document=document
    )


def dates(opens=None, days_open=30, *, authority=None) -> dict:
    """A schedule opening today (in the authority's time zone: at 23:00 UTC it is already
    tomorrow in Sydney, and a framework cannot open in the past)."""
    zone = ZoneInfo(authority.jurisdiction.time_zone) if authority else None
    opens = opens or timezone.localdate(timezone=zone)
    close = opens + datetime.timedelta(days=days_open)
    return {
        "opens_on": opens,
        "clarifications_close_on": close - datetime.timedelta(days=3),
        "applications_close_on": close,
        "intention_to_award_on": close + datetime.timedelta(days=7),
        "live_on": close + datetime.timedelta(days=14),
        "expires_on": close + datetime.timedelta(days=400),
    }


def gcloud(
    authority,
    actor,
    *,
    slug="g-cloud-14",
    family="g-cloud",
    open_it=True,
    previous=None,
    lots=("hosting", "software", "support"),
):
    return framework_of(
        authority,
        actor,
        slug=slug,
        family=family,
        declaration="g-cloud-declaration",
        lots={f"cloud-{name}": f"g-cloud-{name}" for name in lots},
        previous=previous,
        open_it=open_it,
    )


def _latest(authority, slug):
    return QuestionSet.objects.filter(authority=authority, slug=slug).order_by("-version").first()


def supplier_owner(supplier):
    return supplier.memberships.get(role=Role.SUPPLIER_ADMIN).user


def apply(framework, supplier, services=None, submit=True, declaration=DECLARATION):
    services = services or [("cloud-hosting", service_answers())]
    owner = supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    for section in framework.declaration.doc.sections:
        actions.declaration_save(
            actor=owner,
            application=application,
            section=section.slug,
            submitted={q.id: declaration[q.id] for q in section.questions if q.id in declaration},
        )
    lots = {lot.slug: lot for lot in framework.lots.all()}
    for lot_slug, answers in services:
        draft = actions.draft_create(actor=owner, application=application, lot=lots[lot_slug])
        for section in lots[lot_slug].questions.doc.sections:
            actions.draft_save(
                actor=owner,
                draft=draft,
                section=section.slug,
                submitted={q.id: answers[q.id] for q in section.questions if q.id in answers},
            )
        actions.draft_complete(actor=owner, draft=draft)
    if submit:
        application = actions.application_submit(actor=owner, application=application)
    return application


def close(framework, actor):
    """Close applications now (a manager may, before the planned day)."""
    return actions.framework_close(actor=actor, framework=framework)


def pass_all(framework, actor, applications):
    for application in applications:
        actions.result_record(
            actor=actor,
            application=application,
            declaration=("pass", ""),
            services={d.pk: ("pass", "") for d in application.services.all()},
        )
    return actions.framework_announce(actor=actor, framework=framework)


def sign_and_countersign(framework, actor, applications):
    for application in applications:
        owner = supplier_owner(application.supplier)
        agreement = actions.agreement_sign(
            actor=owner,
            application=application,
            signer_name=owner.name,
            signer_role="Director",
            authority_confirmed=True,
        )
        actions.agreement_countersign(actor=actor, agreement=agreement)


def framework_of(
    authority, actor, *, slug, family, declaration: str, lots: dict, previous=None, open_it=True
):
    """A framework made of shipped question sets (open unless told): the declaration's set
    name and {lot slug: service set name}."""
    framework = actions.framework_create(
        actor=actor,
        authority=authority,
        family=family,
        slug=slug,
        name=slug.replace("-", " ").title(),
        declaration=_latest(authority, declaration) or question_set(authority, declaration),
        previous=previous,
        **dates(authority=authority),
    )
    for lot_slug, name in lots.items():
        actions.lot_add(
            actor=actor,
            framework=framework,
            slug=lot_slug,
            name=lot_slug.replace("-", " ").capitalize(),
            questions=_latest(authority, name) or question_set(authority, name),
        )
    return actions.framework_open(actor=actor, framework=framework) if open_it else framework


def go_live(framework, actor, applications):
    framework = close(framework, actor)
    framework = pass_all(framework, actor, applications)
    sign_and_countersign(framework, actor, applications)
    return actions.framework_go_live(actor=actor, framework=framework)


def live_gcloud(
    offers: dict, *, slug="g-cloud-14", family="g-cloud", authority=None, actor=None, previous=None
):
    """A live framework with the given offers: {supplier: [(lot slug, answers), ...]}."""
    if actor is None:
        actor, authority = manager()
    framework = gcloud(authority, actor, slug=slug, family=family, previous=previous)
    applications = [apply(framework, supplier, services) for supplier, services in offers.items()]
    return go_live(framework, actor, applications)


def suppliers(count=2):
    made = []
    for n in range(count):
        owner = helpers.user(f"owner{n}@supplier{n}.example")
        made.append(helpers.supplier(owner, name=f"Supplier {n}", registration_number=f"SC{n:06d}"))
    return made


def scottish_and_australian_catalogues():
    """A live framework in Scotland with a GBP service, and one in Australia, run by an
    Australian authority, with an AUD service."""
    helpers.jurisdiction()  # Scotland, the instance's default: the first made
    australia = helpers.jurisdiction(
        "AU", name="Australia", currency="AUD", time_zone="Australia/Sydney"
    )
    scot_manager, scot_authority = manager()
    dta = helpers.buyer_body(
        "Digital Transformation Agency", "dta.gov.au", kind="authority", jurisdiction=australia
    )
    au_manager = helpers.user("jo@dta.gov.au", purpose="buyer")
    accounts.membership_grant(
        actor=SYSTEM, organisation=dta, user=au_manager, role=Role.FRAMEWORK_MANAGER
    )
    thistle = helpers.supplier(helpers.user("owner@thistle.example"))
    wattle = helpers.supplier(
        helpers.user("owner@wattle.example"),
        name="Wattle Labs Pty Ltd",
        registration_scheme="AU-ABN",
        registration_number="51824753556",
        country="AU",
        jurisdiction=australia,
    )
    live_gcloud(
        {thistle: [("cloud-hosting", service_answers("Highland hosting"))]},
        actor=scot_manager,
        authority=scot_authority,
    )
    live_gcloud(
        {wattle: [("cloud-hosting", service_answers("Outback hosting"))]},
        slug="cloud-marketplace-2",
        family="cloud-marketplace",
        actor=au_manager,
        authority=dta,
    )
