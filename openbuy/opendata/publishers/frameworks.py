"""A framework's releases: the first stage of a framework agreement procedure, as the
OCDS guidance models it (docs "Framework agreements"). The tender is the invitation to
apply; each supplier admitted is an award; each countersigned framework agreement is a
contract, in force until the framework expires. Call-offs under it (further
competitions, direct awards) are processes of their own that point here through
`relatedProcesses` (`related`).

Who applied and failed, what they offered and who asked which clarification question
are never published: only how many applied, and the answers as every applicant read
them."""

import datetime

from django.db.models import Count, Prefetch

from openbuy.core.hooks import REPORTING
from openbuy.frameworks import hooks, selectors
from openbuy.frameworks.models import Agreement, Application, DraftService, Framework, Result

from .. import ocds
from . import releasing
from .parties import party, reference

Status = Framework.Status
TENDER_STATUS = {
    Status.COMING: "planned",
    Status.OPEN: "active",
    Status.PENDING: "active",  # evaluating: still the tender stage
    Status.STANDSTILL: "active",
    Status.LIVE: "complete",  # no supplier joins a live framework
    Status.EXPIRED: "complete",
}
# Awarded suppliers may be challenged during standstill; the awards hold once it is live.
AWARD_STATUS = {Status.STANDSTILL: "pending", Status.LIVE: "active", Status.EXPIRED: "active"}


def related(framework: Framework) -> list[ocds.RelatedProcess]:
    """How a call-off under the framework (a second-stage process) points to it."""
    return [
        ocds.RelatedProcess(
            id="framework",
            relationship=["framework"],
            title=framework.name,
            identifier=framework.ocid,
        )
    ]


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _start_of(framework: Framework, day: datetime.date) -> datetime.datetime:
    return _utc(datetime.datetime.combine(day, datetime.time(), framework.zone))


def _period(start, end) -> ocds.Period:
    return ocds.Period(startDate=_utc(start), endDate=_utc(end))


# Each period is the plan until the moment it names actually happens (a manager may open,
# close or expire early). A day that ends a period ends at its close, as the framework
# itself counts it (applications are taken until midnight at the end of the closing day).


def _opened(framework: Framework) -> datetime.datetime:
    return framework.opened_at or _start_of(framework, framework.opens_on)


def _applications_closed(framework: Framework) -> datetime.datetime:
    return framework.closed_at or framework.applications_close_at


def _agreement_period(framework: Framework) -> ocds.Period:
    return _period(
        framework.went_live_at or _start_of(framework, framework.live_on),
        framework.expired_at or framework.expires_at,
    )


def _periods(framework: Framework) -> dict:
    closed = _applications_closed(framework)
    decided = framework.results_announced_at or _start_of(
        framework, framework.intention_to_award_on
    )
    return {
        "tenderPeriod": _period(_opened(framework), closed),
        "enquiryPeriod": _period(
            _opened(framework), min(framework.clarifications_close_at, closed)
        ),
        "awardPeriod": _period(closed, max(decided, closed)),
        "contractPeriod": _agreement_period(framework),
    }


def _lots(framework: Framework, lots: list) -> list[ocds.Lot] | None:
    status = TENDER_STATUS[framework.status]
    return [
        ocds.Lot(id=lot.slug, title=lot.name, description=lot.description or None, status=status)
        for lot in lots
    ] or None


def _items(lots: list) -> list[ocds.Item] | None:
    """What a lot's agreements are for: its service, an item with the lot's id."""
    items = [ocds.Item(id=lot.slug, description=lot.name, relatedLot=lot.slug) for lot in lots]
    return items or None


def _tender(framework: Framework, **more) -> ocds.Tender:
    lots = list(framework.lots.order_by("position", "pk"))
    return ocds.Tender(
        id=f"fw-{framework.pk}",
        title=framework.name,
        status=TENDER_STATUS[framework.status],
        procuringEntity=reference(framework.authority),
        # Suppliers apply and their declarations are evaluated before they join: the
        # guidance's "selective" (call-offs under it say "selective" too, or compete not).
        procurementMethod="selective",
        mainProcurementCategory="services",
        lots=_lots(framework, lots),
        items=_items(lots),
        techniques=ocds.Techniques(
            hasFrameworkAgreement=True,
            # Buyers award through further competitions (requirements on a lot) and
            # directly from the catalogue.
            frameworkAgreement=ocds.FrameworkAgreement(method="withAndWithoutReopeningCompetition"),
        ),
        **_periods(framework),
        **more,
    )


def _authority_party(framework: Framework) -> ocds.Party:
    return party(framework.authority, ["buyer", "procuringEntity"])


def _publish(framework: Framework, build) -> None:
    releasing.publish(framework.authority, framework.ocid, build)


def _tender_release(framework: Framework, tag: str, **more) -> None:
    _publish(
        framework,
        lambda _next: {
            "tag": [tag],
            "parties": [_authority_party(framework)],
            "tender": _tender(framework, **more),
        },
    )


def created(event: hooks.FrameworkCreated) -> None:
    _tender_release(event.framework, "tender")


def updated(event: hooks.FrameworkUpdated | hooks.LotAdded | hooks.FrameworkOpened) -> None:
    _tender_release(event.framework, "tenderUpdate")


def clarification_published(event: hooks.ClarificationPublished) -> None:
    answered = event.framework.clarifications.filter(published_at__isnull=False).order_by(
        "published_at", "pk"
    )
    enquiries = [
        ocds.Enquiry(
            id=str(q.pk),
            date=_utc(q.asked_at),
            description=q.question,
            answer=q.answer,
            dateAnswered=_utc(q.published_at),
        )
        for q in answered
    ]
    _tender_release(event.framework, "tenderUpdate", hasEnquiries=True, enquiries=enquiries)


def closed(event: hooks.FrameworkClosed) -> None:
    """How many suppliers applied, in all and in each lot (when there are more than one):
    never who, or what they offered."""
    framework = event.framework
    at = _utc(_applications_closed(framework))
    submitted = framework.applications.filter(status=Application.Status.SUBMITTED)
    applied = submitted.count()
    counts = dict(
        DraftService.objects.filter(application__in=submitted, status=DraftService.Status.COMPLETE)
        .values("lot")
        .annotate(n=Count("application", distinct=True))
        .values_list("lot", "n")
    )
    per_lot = {lot.slug: counts.get(lot.pk, 0) for lot in framework.lots.order_by("position", "pk")}
    _publish(
        framework,
        lambda _next: {
            "tag": ["tenderUpdate"],
            "parties": [_authority_party(framework)],
            "tender": _tender(framework, numberOfTenderers=applied),
            "bids": releasing.bid_counts(applied, per_lot, at),
        },
    )


def award_id(application: Application) -> str:
    return f"supplier-{application.supplier_id}"


def _admitted(framework: Framework) -> list[Application]:
    passed = DraftService.objects.filter(result=Result.PASS).select_related("lot")
    return list(
        selectors.admitted(framework)
        .select_related("supplier__jurisdiction")
        .prefetch_related(Prefetch("services", passed, to_attr="passed_services"))
        .order_by("supplier__name", "pk")
    )


def _award(framework: Framework, application: Application) -> ocds.Award:
    lots = sorted({d.lot for d in application.passed_services}, key=lambda lot: lot.position)
    return ocds.Award(
        id=award_id(application),
        title=f"{framework.name}: {application.supplier.name}",
        status=AWARD_STATUS[framework.status],
        date=_utc(framework.results_announced_at),
        suppliers=[reference(application.supplier)],
        relatedLots=[lot.slug for lot in lots],
        contractPeriod=_agreement_period(framework),
    )


def _awards_release(framework: Framework, tag: str) -> None:
    admitted = _admitted(framework)
    _publish(
        framework,
        lambda _next: {
            # No supplier passed: nothing to award, though the results are out.
            "tag": [tag] if admitted else ["tenderUpdate"],
            "parties": [
                _authority_party(framework),
                *(party(a.supplier, ["supplier", "tenderer"], scale=True) for a in admitted),
            ],
            "tender": _tender(framework),
            "awards": [_award(framework, a) for a in admitted] or None,
        },
    )


def results_announced(event: hooks.ResultsAnnounced) -> None:
    _awards_release(event.framework, "award")


def _countersigned(framework: Framework):
    return (
        Agreement.objects.filter(application__framework=framework, countersigned_at__isnull=False)
        .select_related("application__supplier")
        .order_by("pk")
    )


def went_live(event: hooks.FrameworkWentLive) -> None:
    """Awards active; the agreements signed so far come into force, from the day it went
    live (not the planned day)."""
    framework = event.framework
    _awards_release(framework, "awardUpdate")
    contracts = [_contract(framework, a, "active") for a in _countersigned(framework)]
    if contracts:
        _publish(
            framework,
            lambda _next: {"tag": ["contractUpdate"], "contracts": contracts},
        )


def _contract(framework: Framework, agreement: Agreement, status: str) -> ocds.Contract:
    return ocds.Contract(
        id=f"agreement-{agreement.pk}",
        awardID=award_id(agreement.application),
        title=f"{framework.name} framework agreement: {agreement.application.supplier.name}",
        status=status,
        period=_agreement_period(framework),
        dateSigned=_utc(agreement.countersigned_at),
    )


def agreement_countersigned(event: hooks.AgreementCountersigned) -> None:
    """Signed before the framework is live, an agreement is pending until it goes live."""
    framework, agreement = event.framework, event.agreement
    status = "active" if framework.status == Framework.Status.LIVE else "pending"
    _publish(
        framework,
        lambda _next: {
            "tag": ["contract"],
            "contracts": [_contract(framework, agreement, status)],
        },
    )


def expired(event: hooks.FrameworkExpired) -> None:
    """Every framework agreement in force ends with the framework."""
    framework = event.framework
    contracts = [_contract(framework, a, "terminated") for a in _countersigned(framework)]
    _publish(
        framework,
        lambda _next: {
            "tag": ["contractUpdate"] if contracts else ["tenderUpdate"],
            "tender": _tender(framework),
            "contracts": contracts or None,
        },
    )


def register() -> None:
    hooks.framework_created.connect(created, order=REPORTING)
    hooks.framework_updated.connect(updated, order=REPORTING)
    hooks.lot_added.connect(updated, order=REPORTING)
    hooks.framework_opened.connect(updated, order=REPORTING)
    hooks.clarification_published.connect(clarification_published, order=REPORTING)
    hooks.framework_closed.connect(closed, order=REPORTING)
    hooks.results_announced.connect(results_announced, order=REPORTING)
    hooks.agreement_countersigned.connect(agreement_countersigned, order=REPORTING)
    hooks.framework_went_live.connect(went_live, order=REPORTING)
    hooks.framework_expired.connect(expired, order=REPORTING)
