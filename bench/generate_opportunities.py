"""Bulk-made data for bench/opportunities.py: requirements, responses and one evaluated
requirement, written straight to the tables (made through the actions, 200,000 responses
would take hours); the answers follow the shipped question sets, so pages read them as
they would read real ones."""

import datetime
import json
import random
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import progress

SETS = Path(__file__).resolve().parent.parent / "openbuy" / "questions" / "shipped"
BATCH = 5000


def everything(requirements: int, responses: int) -> dict:
    from django.db import transaction

    start = time.perf_counter()
    rng = random.Random(2026)
    with transaction.atomic():
        made = _market(rng)
    made["requirements"] = _requirements(rng, made, requirements)
    _responses(rng, made, made["requirements"], responses)
    made.update(_evaluated(rng, made))
    made["seconds"] = round(time.perf_counter() - start, 1)
    return made


def _question_set(authority, name: str, purpose: str):
    from openbuy.questions.document import load_document
    from openbuy.questions.models import QuestionSet

    source = load_document(json.loads((SETS / f"{name}.json").read_text()))
    return QuestionSet.objects.create(
        authority=authority,
        slug=f"bench-{name}",
        version=1,
        purpose=purpose,
        title=source.in_language("en").title,
        document=source.model_dump(mode="json"),
    )


def _market(rng: random.Random) -> dict:
    from django.utils import timezone

    from openbuy.accounts.models import Membership, Organisation, Role, User
    from openbuy.core.models import Jurisdiction
    from openbuy.frameworks.models import Framework, Lot

    scotland = Jurisdiction.objects.create(
        code="GB-SCT",
        name="Scotland",
        currency="GBP",
        languages=["en"],
        time_zone="Europe/London",
        ocid_prefix="ocds-bench0",
        thresholds={"regulated_goods_and_services": "50000"},
    )
    authority = Organisation.objects.create(
        kind="authority", name="Bench Authority", slug="bench-authority", jurisdiction=scotland
    )
    body = Organisation.objects.create(
        kind="buyer", name="Bench Agency", slug="bench-agency", jurisdiction=scotland
    )
    buyer = User.objects.create_user(email="buyer@bench.example", name="Bench Buyer")
    Membership.objects.create(organisation=body, user=buyer, role=Role.BUYER)
    today = timezone.localdate()
    framework = Framework.objects.create(
        authority=authority,
        family="digital-outcomes",
        name="DOS Bench",
        slug="dos-bench",
        opens_on=today,
        clarifications_close_on=today,
        applications_close_on=today,
        intention_to_award_on=today,
        live_on=today,
        expires_on=today + datetime.timedelta(days=365),
    )
    Framework.objects.filter(pk=framework.pk).update(status="live")
    lot = Lot.objects.create(
        framework=framework,
        slug="outcomes",
        name="Outcomes",
        questions=_question_set(authority, "dos-outcomes", "service"),
    )
    suppliers = Organisation.objects.bulk_create(
        Organisation(
            kind="supplier",
            name=f"Supplier {n}",
            slug=f"supplier-{n}",
            jurisdiction=scotland,
            registration_scheme="GB-COH",
            registration_number=f"{n:08d}",
            country="GB",
            headcount=rng.randint(1, 900),
            annual_turnover=1000,
            balance_sheet_total=1000,
        )
        for n in range(2000)
    )
    return {
        "body": body,
        "buyer": buyer,
        "lot": lot,
        "suppliers": suppliers,
        "questions": _question_set(authority, "dos-outcomes-requirement", "requirement"),
        "checklist": _question_set(authority, "responsible-checklist", "checklist"),
        "response_questions": _question_set(authority, "dos-outcomes-response", "response"),
    }


def _answers(rng: random.Random, n: int) -> dict:
    words = lambda k: " ".join(rng.sample(WORDS, k))  # noqa: E731
    low = rng.choice([5000, 10000, 20000, 40000, 80000])
    return {
        "title": f"{words(3).capitalize()} {n}",
        "problem": words(40),
        "users": words(20),
        "location": rng.choice(LOCATIONS),
        "budgetMin": str(low),
        "budgetMax": str(low * rng.choice([2, 3])),
        "startDate": "2027-03-01",
        "lengthMonths": "6",
        "essentialCriteria": [words(6) for _ in range(3)],
        "niceToHaveCriteria": [words(6)],
        "weightTechnical": "60",
        "weightCultural": "15",
        "weightPrice": "25",
        "shortlist": "5",
        "assessmentMethods": ["written-proposal", "presentation"],
    }


def _requirements(rng, made: dict, count: int) -> list:
    from django.db import transaction
    from django.utils import timezone

    from openbuy.core import search
    from openbuy.opportunities.indexing import document
    from openbuy.opportunities.models import Requirement, RequirementLot, end_of

    now = timezone.now()
    zone = ZoneInfo("Europe/London")
    today = timezone.localdate(timezone=zone)
    done = []
    while len(done) < count:
        batch = min(BATCH, count - len(done))
        with transaction.atomic():
            rows = []
            for n in range(len(done), len(done) + batch):
                # As publishing sets it: the end of the closing day in the jurisdiction.
                closes = end_of(today + datetime.timedelta(days=rng.randint(1, 60)), zone)
                rows.append(
                    Requirement(
                        buyer=made["body"],
                        lot=made["lot"] if n % 2 else None,
                        questions=made["questions"],
                        checklist=made["checklist"],
                        response_questions=made["response_questions"],
                        answers=_answers(rng, n),
                        status="published",
                        published_at=now - datetime.timedelta(days=rng.randint(0, 20)),
                        closes_at=closes,
                        questions_close_at=closes - datetime.timedelta(days=2),
                        created_by=made["buyer"],
                    )
                )
            created = Requirement.objects.bulk_create(rows)
            RequirementLot.objects.bulk_create(
                RequirementLot(requirement=r, number=1) for r in created
            )
            fresh = list(
                Requirement.objects.filter(pk__in=[r.pk for r in created]).select_related(
                    "buyer__jurisdiction", "lot__framework"
                )
            )
            search.index("requirement", [document(r) for r in fresh])
        done += created
        progress(f"  {len(done)}/{count} requirements indexed")
    return done


def _response_rows(rng, made, requirement, lot, suppliers, submitted_at):
    from openbuy.opportunities.models import Response

    return [
        Response(
            requirement=requirement,
            lot=lot,
            supplier=supplier,
            questions=made["response_questions"],
            answers={
                "meetsEssential": True,
                "essentialEvidence": ["Did it for a council in 2025"] * 3,
                "culturalFit": "We pair with your team and hand over as we go",
                "dayRate": str(rng.randint(400, 1200)),
                "availability": "2027-02-01",
            },
            status="submitted",
            submitted_at=submitted_at,
            created_by=made["buyer"],
        )
        for supplier in suppliers
    ]


def _responses(rng, made: dict, requirements: list, count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from openbuy.opportunities.models import RequirementLot, Response

    lots = dict(
        RequirementLot.objects.filter(requirement__in=requirements).values_list(
            "requirement_id", "pk"
        )
    )
    each = max(1, count // max(1, len(requirements)))
    now, made_count, rows = timezone.now(), 0, []
    for requirement in requirements:
        chosen = rng.sample(made["suppliers"], min(each, len(made["suppliers"])))
        rows += _response_rows(
            rng, made, requirement, RequirementLot(pk=lots[requirement.pk]), chosen, now
        )
        if len(rows) >= BATCH or requirement is requirements[-1]:
            with transaction.atomic():
                Response.objects.bulk_create(rows)
            made_count += len(rows)
            rows = []
            progress(f"  {made_count}/{count} responses")


def _evaluated(rng, made: dict) -> dict:
    """A closed requirement with 500 responses, two evaluators' submitted scores and final
    scores for all: what its evaluation pages show at their fullest."""
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from openbuy.accounts.models import Membership, Role, User
    from openbuy.opportunities import scoring
    from openbuy.opportunities.models import (
        Evaluator,
        FinalScore,
        Requirement,
        RequirementLot,
        Response,
        Score,
        TeamMember,
    )

    now = timezone.now()
    with transaction.atomic():
        requirement = Requirement.objects.create(
            buyer=made["body"],
            lot=made["lot"],
            questions=made["questions"],
            checklist=made["checklist"],
            response_questions=made["response_questions"],
            answers=_answers(rng, 0),
            status="closed",
            published_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=2),
            questions_close_at=now - datetime.timedelta(days=4),
            closed_at=now - datetime.timedelta(days=2),
            created_by=made["buyer"],
        )
        TeamMember.objects.create(
            requirement=requirement,
            user=made["buyer"],
            permissions=list(TeamMember.Permission.values),
            added_by=made["buyer"],
        )
        lot = RequirementLot.objects.create(requirement=requirement, number=1)
        responses = Response.objects.bulk_create(
            _response_rows(
                rng,
                made,
                requirement,
                lot,
                made["suppliers"][:500],
                now - datetime.timedelta(days=3),
            )
        )
        criteria = scoring.criteria(requirement, lot)
        evaluators = []
        for n in range(2):
            person = User.objects.create_user(email=f"evaluator{n}@bench.example", name=f"E {n}")
            Membership.objects.create(organisation=made["body"], user=person, role=Role.EVALUATOR)
            evaluators.append(
                Evaluator.objects.create(
                    requirement=requirement,
                    user=person,
                    assigned_by=made["buyer"],
                    declared_at=now,
                    submitted_at=now,
                )
            )
        Score.objects.bulk_create(
            Score(
                evaluator=e,
                response=r,
                criterion=c.key,
                score=rng.randint(0, 3),
                justification="Scored on the evidence given",
            )
            for e in evaluators
            for r in responses
            for c in criteria
        )
        FinalScore.objects.bulk_create(
            FinalScore(
                response=r,
                criterion=c.key,
                score=rng.randint(0, 3),
                reason="Agreed at moderation",
                moderated_by=made["buyer"],
            )
            for r in responses
            for c in criteria
        )
    progress("  a closed requirement with 500 responses evaluated")
    return {
        "evaluation_urls": {
            "evaluation": reverse("opportunities:evaluation", args=[requirement.pk]),
            "ranking": reverse("opportunities:evaluation-ranking", args=[requirement.pk]),
            "moderation": reverse("opportunities:evaluation-moderation", args=[requirement.pk]),
        }
    }


LOCATIONS = ["scotland", "london", "wales", "north-east-england", "offsite", "international"]
WORDS = (
    "flood warning licensing permits case management payments booking records archive "
    "transport housing planning health education grants benefits tax social care data "
    "analytics platform migration accessibility research discovery alpha beta live citizen "
    "portal identity mapping sensors energy waste inspection enforcement forms survey"
).split()
