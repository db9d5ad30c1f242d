"""A requirement's releases: tender on publishing, amendments, clarification answers,
the count of responses once closed (never what they say), awards through standstill,
contracts once confirmed, and cancellations."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from openbuy.core import site_url
from openbuy.core.hooks import REPORTING
from openbuy.opportunities import hooks
from openbuy.opportunities.models import Award, Requirement, RequirementLot, Response

from .. import ocds
from . import releasing
from .frameworks import related
from .parties import party, reference, value

TENDER_STATUS = {
    Requirement.Status.PUBLISHED: "active",
    Requirement.Status.CLOSED: "active",
    Requirement.Status.AWARDED: "complete",
    Requirement.Status.UNSUCCESSFUL: "unsuccessful",
    Requirement.Status.CANCELLED: "cancelled",
    Requirement.Status.WITHDRAWN: "cancelled",
}
LOT_STATUS = {
    RequirementLot.Outcome.OPEN: "active",
    RequirementLot.Outcome.AWARDED: "complete",
    RequirementLot.Outcome.UNSUCCESSFUL: "unsuccessful",
    RequirementLot.Outcome.CANCELLED: "cancelled",
}
AWARD_STATUS = {
    Award.Status.STANDSTILL: "pending",
    Award.Status.CONFIRMED: "active",
    Award.Status.CANCELLED: "cancelled",
}


def _text(answer) -> str | None:
    return str(answer).strip() or None if answer not in (None, "") else None


def _lots(requirement: Requirement, lots: list[RequirementLot]) -> list[ocds.Lot]:
    withdrawn = requirement.status == Requirement.Status.WITHDRAWN
    return [
        ocds.Lot(
            id=str(lot.number),
            title=lot.title or requirement.title,
            description=lot.description or None,
            status="cancelled" if withdrawn else LOT_STATUS[lot.outcome],
            value=value(lot.value, requirement.currency),
        )
        for lot in lots
    ]


def _items(requirement: Requirement, lots: list[RequirementLot]) -> list[ocds.Item]:
    """What is bought: a lot's service, an item of its own (the same id as its lot's, in
    every release)."""
    return [
        ocds.Item(
            id=str(lot.number),
            description=lot.title or requirement.title,
            relatedLot=str(lot.number),
        )
        for lot in lots
    ]


def _method(requirement: Requirement) -> dict:
    if requirement.invite_only:
        method = "limited"
    elif requirement.lot_id:
        method = "selective"
    else:
        method = "open"
    details = None
    if requirement.lot_id:
        lot = requirement.lot
        details = f"Further competition under {lot.framework.name}, lot {lot.name}"
    return {"procurementMethod": method, "procurementMethodDetails": details}


def _notice(requirement: Requirement) -> ocds.Document:
    """The requirement's public page, where people read (and suppliers answer) it."""
    with translation.override(None):
        path = reverse("opportunities:requirement", args=[requirement.pk])
    return ocds.Document(
        id="notice",
        documentType="tenderNotice",
        title=requirement.title,
        url=site_url.absolute(path),
        format="text/html",
        datePublished=requirement.published_at,
    )


def _tender(requirement: Requirement, *, documents=(), **more) -> ocds.Tender:
    """The tender as it stands: every field the requirement's public page shows."""
    answers = requirement.answers
    start = answers.get("startDate")
    lots = list(requirement.lots.order_by("number"))
    return ocds.Tender(
        id=f"rq-{requirement.pk}",
        title=requirement.title,
        description=_text(answers.get("problem")),
        status=TENDER_STATUS[requirement.status],
        procuringEntity=reference(requirement.buyer),
        value=value(_amount(answers.get("budgetMax")), requirement.currency),
        minValue=value(_amount(answers.get("budgetMin")), requirement.currency),
        mainProcurementCategory="services",
        tenderPeriod=ocds.Period(startDate=requirement.published_at, endDate=requirement.closes_at),
        enquiryPeriod=ocds.Period(
            startDate=requirement.published_at, endDate=requirement.questions_close_at
        ),
        contractPeriod=ocds.Period(startDate=_day(start, requirement)) if start else None,
        lots=_lots(requirement, lots),
        items=_items(requirement, lots) or None,
        documents=[_notice(requirement), *documents],
        **_method(requirement),
        **more,
    )


def _amount(answer):
    try:
        return None if answer in (None, "") else Decimal(str(answer))
    except InvalidOperation:
        return None


def _day(iso: str, requirement: Requirement):
    """The start of a day in the buyer's time zone (written in UTC)."""
    day = datetime.date.fromisoformat(iso)
    return datetime.datetime.combine(day, datetime.time(), requirement.zone)


def _planning(requirement: Requirement) -> ocds.Planning:
    budget = value(_amount(requirement.answers.get("budgetMax")), requirement.currency)
    return ocds.Planning(
        rationale=_text(requirement.answers.get("problem")),
        budget=ocds.Budget(amount=budget) if budget else None,
    )


def _related(requirement: Requirement) -> list[ocds.RelatedProcess] | None:
    return related(requirement.lot.framework) if requirement.lot_id else None


def _publish(requirement: Requirement, build, *, at=None) -> None:
    releasing.publish(requirement.buyer, requirement.ocid, build, at=at)


def _buyer_party(requirement: Requirement) -> ocds.Party:
    return party(requirement.buyer, ["buyer", "procuringEntity"])


def published(event: hooks.RequirementPublished) -> None:
    requirement = event.requirement
    planning = _planning(requirement)
    _publish(
        requirement,
        lambda _next: {
            "tag": ["planning", "tender"],
            "parties": [_buyer_party(requirement)],
            "planning": planning,
            "tender": _tender(requirement),
            "relatedProcesses": _related(requirement),
        },
    )


def _amendments(requirement: Requirement, this_release: str, amends: str | None):
    """Every amendment so far, the newest with the releases it links."""
    made = list(requirement.amendments.order_by("number"))
    questions = requirement.questions.doc.questions
    language = (requirement.buyer.jurisdiction.languages or ["en"])[0]

    def named(changed: list[str]) -> str | None:
        # The questions as the public page names them, in the release's language.
        with translation.override(language):
            names = [str(questions[q].question) if q in questions else q for q in changed]
        return "; ".join(names) or None

    return [
        ocds.Amendment(
            id=str(a.number),
            date=a.made_at,
            rationale=a.summary or None,
            description=named(a.changed),
            releaseID=this_release if a is made[-1] else None,
            amendsReleaseID=amends if a is made[-1] else None,
        )
        for a in made
    ]


def amended(event: hooks.RequirementAmended) -> None:
    requirement = event.requirement
    _publish(
        requirement,
        lambda next_: {
            "tag": ["tenderAmendment"],
            "planning": _planning(requirement),
            "tender": _tender(
                requirement,
                amendments=_amendments(requirement, next_.id, next_.previous_id),
            ),
        },
    )


def withdrawn(event: hooks.RequirementWithdrawn) -> None:
    requirement = event.requirement
    reason = ocds.Document(
        id="withdrawal",
        documentType="cancellationDetails",
        title="Why the requirement was withdrawn",
        description=event.reason or None,
        datePublished=requirement.withdrawn_at,
    )
    _publish(
        requirement,
        lambda _next: {
            "tag": ["tenderCancellation"],
            "tender": _tender(requirement, documents=[reason]),
        },
    )


def _enquiries(requirement: Requirement) -> list[ocds.Enquiry]:
    answered = requirement.clarifications.filter(answered_at__isnull=False).order_by("pk")
    return [
        ocds.Enquiry(
            id=str(q.pk),
            date=q.asked_at,
            description=q.published_question or None,
            answer=q.answer or None,
            dateAnswered=q.answered_at,
        )
        for q in answered
    ]


def question_answered(event: hooks.QuestionAnswered) -> None:
    requirement = event.requirement
    _publish(
        requirement,
        lambda _next: {
            "tag": ["tenderUpdate"],
            "tender": _tender(requirement, hasEnquiries=True, enquiries=_enquiries(requirement)),
        },
    )


def closed(event: hooks.RequirementClosed) -> None:
    """The number of responses, all lots and each lot: never who responded or what.
    Dated when it closed, however much later the close was recorded."""
    requirement = event.requirement
    at = requirement.closes_at
    submitted = Response.objects.filter(requirement=requirement, status=Response.Status.SUBMITTED)
    counts = dict(
        submitted.values("lot__number").annotate(n=Count("pk")).values_list("lot__number", "n")
    )
    per_lot = {
        str(n): counts.get(n, 0)
        for n in requirement.lots.order_by("number").values_list("number", flat=True)
    }
    suppliers = submitted.values("supplier").distinct().count()
    _publish(
        requirement,
        lambda _next: {
            "tag": ["tenderUpdate"],
            "tender": _tender(requirement, numberOfTenderers=suppliers),
            "bids": releasing.bid_counts(event.responses, per_lot, at),
        },
        at=at,
    )


def _award(award: Award) -> ocds.Award:
    requirement = award.requirement
    period = None
    if award.contract_start or award.contract_end:
        start, end = award.contract_start, award.contract_end
        period = ocds.Period(
            startDate=_day(start.isoformat(), requirement) if start else None,
            endDate=_day(end.isoformat(), requirement) if end else None,
        )
    return ocds.Award(
        id=str(award.pk),
        title=award.lot.title or requirement.title,
        description=award.reason or None,
        status=AWARD_STATUS[award.status],
        date=award.decided_at,
        value=value(award.value, award.currency or requirement.currency),
        suppliers=[reference(award.response.supplier)],
        relatedLots=[str(award.lot.number)],
        contractPeriod=period,
    )


def _award_release(award: Award, tags: list[str], *, contract: bool = False) -> None:
    requirement = award.requirement
    ocds_award = _award(award)
    contracts = None
    if contract:
        contracts = [
            ocds.Contract(
                id=str(award.pk),
                awardID=ocds_award.id,
                title=ocds_award.title,
                status="active",
                period=ocds_award.contractPeriod,
                value=ocds_award.value,
                dateSigned=award.confirmed_at,
            )
        ]
    _publish(
        requirement,
        lambda _next: {
            "tag": tags,
            "parties": [
                _buyer_party(requirement),
                party(award.response.supplier, ["supplier", "tenderer"], scale=True),
            ],
            "tender": _tender(requirement),
            "awards": [ocds_award],
            "contracts": contracts,
        },
    )


def award_made(event: hooks.AwardMade) -> None:
    _award_release(event.award, ["award"])


def award_confirmed(event: hooks.AwardConfirmed) -> None:
    _award_release(event.award, ["awardUpdate", "contract"], contract=True)


def award_cancelled(event: hooks.AwardCancelled) -> None:
    _award_release(event.award, ["awardCancellation"])


def _decisions(requirement: Requirement) -> list[ocds.Document]:
    """Each lot ended without an award, with the reason its responders were sent."""
    return [
        ocds.Document(
            id=f"lot-{lot.number}-decision",
            documentType=(
                "cancellationDetails"
                if lot.outcome == RequirementLot.Outcome.CANCELLED
                else "evaluationReports"
            ),
            title=f"Why lot {lot.number} ended without an award",
            description=lot.outcome_reason or None,
            relatedLots=[str(lot.number)],
        )
        for lot in requirement.lots.order_by("number")
        if lot.outcome in (RequirementLot.Outcome.CANCELLED, RequirementLot.Outcome.UNSUCCESSFUL)
    ]


def lot_decided(event: hooks.LotDecided) -> None:
    requirement = event.requirement
    cancelled = requirement.status == Requirement.Status.CANCELLED
    _publish(
        requirement,
        lambda _next: {
            "tag": ["tenderCancellation" if cancelled else "tenderUpdate"],
            "tender": _tender(requirement, documents=_decisions(requirement)),
        },
    )


def register() -> None:
    hooks.requirement_published.connect(published, order=REPORTING)
    hooks.requirement_amended.connect(amended, order=REPORTING)
    hooks.requirement_withdrawn.connect(withdrawn, order=REPORTING)
    hooks.question_answered.connect(question_answered, order=REPORTING)
    hooks.requirement_closed.connect(closed, order=REPORTING)
    hooks.award_made.connect(award_made, order=REPORTING)
    hooks.award_confirmed.connect(award_confirmed, order=REPORTING)
    hooks.award_cancelled.connect(award_cancelled, order=REPORTING)
    hooks.lot_decided.connect(lot_decided, order=REPORTING)
