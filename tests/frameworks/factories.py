"""Frameworks, applications and live services made through the real actions."""

import datetime
import json

from django.utils import timezone

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Role
from openbuy.catalogue import actions as catalogue
from openbuy.core.actors import SYSTEM
from openbuy.demo.frameworks import DECLARATION, QUESTION_SETS
from openbuy.frameworks import actions
from openbuy.frameworks.models import QuestionSet
from tests import helpers

# The demo's complete declaration passes every rule, so tests apply with it too.
SETS = QUESTION_SETS


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


def manager(email="fiona@gov.scot", authority_name="Scottish Government"):
    """A framework manager of an authority (the Scottish Government unless named)."""
    domain = email.split("@")[1]
    authority = helpers.buyer_body(authority_name, domain, kind="authority")
    person = helpers.user(email, purpose="buyer")
    accounts.membership_grant(
        actor=SYSTEM, organisation=authority, user=person, role=Role.FRAMEWORK_MANAGER
    )
    return person, authority


def question_set(authority, name, actor=SYSTEM):
    return actions.question_set_create(
        actor=actor,
        authority=authority,
        slug=name,
        document=json.loads((SETS / f"{name}.json").read_text()),
    )


def dates(opens=None, days_open=30) -> dict:
    opens = opens or timezone.localdate()
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
    declaration = _latest(authority, "g-cloud-declaration") or question_set(
        authority, "g-cloud-declaration"
    )
    framework = actions.framework_create(
        actor=actor,
        authority=authority,
        family=family,
        slug=slug,
        name=slug.replace("-", " ").title(),
        declaration=declaration,
        previous=previous,
        **dates(),
    )
    for name in lots:
        sets = f"g-cloud-{name}"
        questions = _latest(authority, sets) or question_set(authority, sets)
        actions.lot_add(
            actor=actor,
            framework=framework,
            slug=f"cloud-{name}",
            name=f"Cloud {name}",
            questions=questions,
        )
    return actions.framework_open(actor=actor, framework=framework) if open_it else framework


def _latest(authority, slug):
    return QuestionSet.objects.filter(authority=authority, slug=slug).order_by("-version").first()


def supplier_owner(supplier):
    return supplier.memberships.get(role=Role.SUPPLIER_ADMIN).user


def apply(framework, supplier, services=None, submit=True):
    services = services or [("cloud-hosting", service_answers())]
    owner = supplier_owner(supplier)
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    for section in framework.declaration.doc.sections:
        actions.declaration_save(
            actor=owner,
            application=application,
            section=section.slug,
            submitted={q.id: DECLARATION[q.id] for q in section.questions if q.id in DECLARATION},
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
    """Bring the deadline into the past (a manager may change dates) and close."""
    past = dates(opens=timezone.localdate() - datetime.timedelta(days=40))
    framework = actions.framework_update(actor=actor, framework=framework, **past)
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


def live_gcloud(
    offers: dict, *, slug="g-cloud-14", family="g-cloud", authority=None, actor=None, previous=None
):
    """A live framework with the given offers: {supplier: [(lot slug, answers), ...]}."""
    if actor is None:
        actor, authority = manager()
    framework = gcloud(authority, actor, slug=slug, family=family, previous=previous)
    applications = [apply(framework, supplier, services) for supplier, services in offers.items()]
    framework = close(framework, actor)
    framework = pass_all(framework, actor, applications)
    sign_and_countersign(framework, actor, applications)
    return catalogue.framework_go_live(actor=actor, framework=framework)


def suppliers(count=2):
    made = []
    for n in range(count):
        owner = helpers.user(f"owner{n}@supplier{n}.example")
        made.append(helpers.supplier(owner, name=f"Supplier {n}", registration_number=f"SC{n:06d}"))
    return made
