"""Demo frameworks, made through the real actions: a G-Cloud-like framework taken all the
way to live with services in its catalogue, and a DOS-like one open for applications."""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from openbuy.accounts.models import Organisation, Role, User
from openbuy.core.actors import SYSTEM
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application, Framework
from openbuy.questions.models import QuestionSet

from . import catalogue as generate

QUESTION_SETS = Path(__file__).resolve().parent.parent / "questions" / "shipped"

GCLOUD_LOTS = [
    ("cloud-hosting", "Cloud hosting", "g-cloud-hosting"),
    ("cloud-software", "Cloud software", "g-cloud-software"),
    ("cloud-support", "Cloud support", "g-cloud-support"),
]
DOS_LOTS = [
    ("digital-outcomes", "Digital outcomes", "dos-outcomes"),
    ("digital-specialists", "Digital specialists", "dos-specialists"),
    ("user-research-participants", "User research participants", "dos-user-research"),
]

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

# supplier registration number -> services (lot, name, description, categories, price, extras)
SERVICES = {
    "SC612345": [
        (
            "cloud-software",
            "Thistle Casework",
            # Two paragraphs, as people write them: a browser sends the line break back as
            # CR LF, which an unchanged save must not take for a change.
            (
                "Case management for licensing and permits.\n\n"
                "Built with council teams and tested with disabled users."
            ),
            ["case-management"],
            "6",
            {},
        ),
        (
            "cloud-support",
            "Thistle Migration Support",
            "Moving small councils off legacy case systems with no downtime.",
            ["migration", "setup"],
            "650",
            {"interval": "day"},
        ),
    ],
    "SC598765": [
        (
            "cloud-software",
            "Loch Open Data Portal",
            "Publish open data with previews, an API and bulk downloads.",
            ["data-analytics", "document-management"],
            "0",
            {"open": True},
        ),
        (
            "cloud-hosting",
            "Loch Managed Postgres",
            "Managed PostgreSQL databases hosted in Scotland with daily backups.",
            ["databases", "storage"],
            "120",
            {},
        ),
    ],
    "SC401234": [
        (
            "cloud-hosting",
            "Forth Sovereign Cloud",
            "Virtual machines and object storage hosted in UK data centres.",
            ["compute", "storage", "networking"],
            "35",
            {},
        ),
        (
            "cloud-support",
            "Forth Security Operations",
            "Security monitoring, incident response and penetration testing.",
            ["security-services", "ongoing-support"],
            "900",
            {"interval": "day"},
        ),
    ],
    "01234567": [
        (
            "cloud-software",
            "Caledonian ERP",
            "Finance, payroll and procurement software for large public bodies.",
            ["accounting"],
            "45",
            {},
        ),
    ],
}


def _gcloud_answers(name, description, categories, price, extras) -> dict:
    return {
        "serviceName": name,
        "serviceDescription": description,
        "serviceFeatures": ["Single sign-on", "Audit log of every change", "Accessible interface"],
        "serviceBenefits": ["Less manual work", "Open standards, no lock-in"],
        "serviceCategories": categories,
        "price": {
            "min": price,
            "max": None,
            "unit": "user" if "interval" not in extras else "unit",
            "interval": extras.get("interval", "month"),
        },
        "freeVersionOrTrial": price == "0",
        "educationPricing": True,
        "deploymentModel": "public",
        "dataLocation": "uk",
        "api": True,
        "openSource": bool(extras.get("open")),
        **({"openSourceLicence": "AGPL-3.0"} if extras.get("open") else {}),
        "supportHours": "extended",
        "responseTimeHours": "4",
        "accessibilityStandard": "wcag22aa",
        "securityCertifications": ["cyber-essentials-plus"],
    }


def _question_sets(authority) -> dict:
    # Every shipped set, whatever its purpose: frameworks take theirs by slug and their
    # forms offer only declarations and services; the checklist, requirement and response
    # sets are there for requirements (issue 9).
    sets = {}
    for path in sorted(QUESTION_SETS.glob("*.json")):
        slug = path.stem
        existing = (
            QuestionSet.objects.filter(authority=authority, slug=slug).order_by("-version").first()
        )
        sets[slug] = existing or actions.question_set_create(
            actor=SYSTEM, authority=authority, slug=slug, document=json.loads(path.read_text())
        )
    return sets


def _framework(authority, sets, *, slug, name, family, lots, declaration, dates):
    framework = Framework.objects.filter(slug=slug).first()
    if framework:
        return framework, False
    framework = actions.framework_create(
        actor=SYSTEM,
        authority=authority,
        family=family,
        slug=slug,
        name=name,
        declaration=sets[declaration],
        **dates,
    )
    for lot_slug, lot_name, questions in lots:
        actions.lot_add(
            actor=SYSTEM,
            framework=framework,
            slug=lot_slug,
            name=lot_name,
            questions=sets[questions],
        )
    return actions.framework_open(actor=SYSTEM, framework=framework), True


def _today(authority) -> datetime.date:
    """Today where the authority is (a framework cannot open before its own today)."""
    return timezone.localdate(timezone=ZoneInfo(authority.jurisdiction.time_zone))


def _dates(opens: datetime.date, days_open: int) -> dict:
    close = opens + datetime.timedelta(days=days_open)
    return {
        "opens_on": opens,
        "clarifications_close_on": close - datetime.timedelta(days=7),
        "applications_close_on": close,
        "intention_to_award_on": close + datetime.timedelta(days=14),
        "live_on": close + datetime.timedelta(days=28),
        "expires_on": close + datetime.timedelta(days=28 + 730),
    }


def _apply(framework, supplier, services) -> Application:
    """A supplier applies as through the API: the declaration a section at a time, each
    service with all its answers at once, then marked complete."""
    owner = supplier.memberships.filter(role=Role.SUPPLIER_ADMIN).first().user
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    document = framework.declaration.doc
    for section in document.sections:
        submitted = {q.id: DECLARATION[q.id] for q in section.questions if q.id in DECLARATION}
        actions.declaration_save(
            actor=owner, application=application, section=section.slug, submitted=submitted
        )
    lots = {lot.slug: lot for lot in framework.lots.all()}
    for lot_slug, answers in services:
        draft = actions.draft_create(
            actor=owner, application=application, lot=lots[lot_slug], submitted=answers
        )
        actions.draft_complete(actor=owner, draft=draft)
    return actions.application_submit(actor=owner, application=application)


def _catalogue(framework, manager, applicants) -> None:
    """Applications by every applicant, evaluated, signed, countersigned and live."""
    applications = [_apply(framework, supplier, services) for supplier, services in applicants]
    # The manager closes applications early (the pages then show each step's actual day
    # against the plan), then runs the evaluation.
    actions.framework_close(actor=manager, framework=framework)
    for application in applications:
        actions.result_record(
            actor=manager,
            application=application,
            declaration=("pass", ""),
            services={d.pk: ("pass", "") for d in application.services.all()},
        )
    actions.framework_announce(actor=manager, framework=framework)
    for application in applications:
        owner = application.supplier.memberships.filter(role=Role.SUPPLIER_ADMIN).first().user
        agreement = actions.agreement_sign(
            actor=owner,
            application=application,
            signer_name=owner.name,
            signer_role="Director",
            authority_confirmed=True,
        )
        actions.agreement_countersign(actor=manager, agreement=agreement)
    actions.framework_go_live(actor=manager, framework=framework)


def _applicants(code: str, hand_made: dict, small: bool) -> list:
    """(supplier, services) for the hand-written services and every generated supplier of
    a jurisdiction; suppliers with no hand-written services get generated ones (two each in
    the small demo)."""
    applicants = []
    suppliers = Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER, jurisdiction__code=code
    ).order_by("pk")
    generated = {spec.number: spec.services for spec in generate.suppliers(code)}
    for supplier in suppliers:
        number = supplier.registration_number
        if number in hand_made:
            services = [
                (lot, _gcloud_answers(name, description, categories, price, extras))
                for lot, name, description, categories, price, extras in hand_made[number]
            ]
        elif number in generated:
            services = generated[number]
        else:
            services = generate.services_for(code, supplier.name)[: 2 if small else None]
        applicants.append((supplier, services))
    return applicants


# The live G-Cloud-like frameworks, one per jurisdiction, with their catalogues; each row
# is the jurisdiction, authority, slug, name and family.
LIVE = [
    ("GB-SCT", "Scottish Government", "g-cloud-14", "G-Cloud 14", "g-cloud"),
    (
        "AU",
        "Digital Transformation Agency",
        "cloud-marketplace-2",
        "Cloud Marketplace 2",
        "cloud-marketplace",
    ),
]


def load(manager: User, au_manager: User, *, small: bool = False) -> list[str]:
    """Returns a line of description for each framework made. A framework is made whole
    or not at all (one transaction), so a run that stopped half way is simply run again."""
    authority = Organisation.objects.get(name="Scottish Government")
    sets = _question_sets(authority)
    made = []

    managers = {"GB-SCT": manager, "AU": au_manager}
    for code, authority_name, slug, name, family in LIVE:
        runner = Organisation.objects.get(name=authority_name)
        with transaction.atomic():
            framework, new = _framework(
                runner,
                _question_sets(runner),
                slug=slug,
                name=name,
                family=family,
                lots=GCLOUD_LOTS,
                declaration="g-cloud-declaration",
                dates=_dates(_today(runner), 60),
            )
            if new:
                hand_made = SERVICES if code == "GB-SCT" else {}
                _catalogue(framework, managers[code], _applicants(code, hand_made, small))
        made.append(f"{name} (live in {framework.authority.jurisdiction.name})")

    with transaction.atomic():
        _framework(
            authority,
            sets,
            slug="digital-outcomes-7",
            name="Digital Outcomes and Specialists 7",
            family="digital-outcomes-and-specialists",
            lots=DOS_LOTS,
            declaration="dos-declaration",
            dates=_dates(_today(authority), 45),
        )
    made.append("Digital Outcomes and Specialists 7 (open for applications)")
    return made
