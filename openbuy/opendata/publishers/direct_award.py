"""A direct award from the catalogue: a call-off under a framework without competition
(the OCDS guidance's "award of a procurement contract without second stage
competition"), a contracting process of its own that points to the framework's.

A project is the buyer's own until its outcome is recorded, so its first release is
the outcome: what was awarded (the service's supplier, the value, the contract's dates)
or that the project was cancelled or found nothing suitable. Only the size of the
shortlist is published, never the services on it that were not chosen. A correction
publishes the outcome as corrected; an award that no longer holds is cancelled."""

import datetime
from zoneinfo import ZoneInfo

from openbuy.catalogue import hooks
from openbuy.catalogue.models import Outcome, Project, ShortlistEntry
from openbuy.core.hooks import REPORTING

from .. import ocds
from . import releasing
from .frameworks import related
from .parties import party, reference, value

TENDER_STATUS = {
    Outcome.Result.AWARDED: "complete",
    Outcome.Result.CANCELLED: "cancelled",
    Outcome.Result.NONE_SUITABLE: "unsuccessful",
}


def award_id(project: Project, entry: ShortlistEntry) -> str:
    return f"da-{project.pk}-{entry.pk}"


def _day(project: Project, day: datetime.date) -> datetime.datetime:
    zone = ZoneInfo(project.buyer.jurisdiction.time_zone)
    return datetime.datetime.combine(day, datetime.time(), zone).astimezone(datetime.UTC)


def _tender(project: Project, outcome: Outcome) -> ocds.Tender:
    lot = project.lot
    return ocds.Tender(
        id=f"da-{project.pk}",
        title=project.name,
        status=TENDER_STATUS[outcome.result],
        procuringEntity=reference(project.buyer),
        # The OCDS guidance for a call-off without competition sets `competitive` false
        # and no procurementMethod: in a second stage the method is the framework's (a
        # mini-competition repeats the first stage's), and "direct" would say the
        # framework itself was awarded without competition.
        competitive=False,
        procurementMethodDetails=f"Direct award under {lot.framework.name}, lot {lot.name}",
        mainProcurementCategory="services",
    )


def _service_name(project: Project, entry: ShortlistEntry) -> str | None:
    """The name of the service as it was shortlisted (the version frozen then)."""
    title = project.lot.questions.doc.title_question if project.lot.questions_id else None
    if not title:
        return None
    return str(entry.version.answers.get(title, "")).strip() or None


def _award(project: Project, outcome: Outcome) -> ocds.Award:
    """The award as the outcome says now, dated when the buyer recorded how the project
    ended (a correction puts that record right; it is not a later award)."""
    entry = outcome.awarded
    name = _service_name(project, entry)
    return ocds.Award(
        id=award_id(project, entry),
        title=name,
        status="active",
        date=outcome.completed_at,
        value=value(outcome.value, outcome.currency),
        suppliers=[reference(entry.version.service.supplier)],
        # The service bought, by the catalogue's id for it (the same in every release).
        items=[
            ocds.Item(
                id=f"service-{entry.version.service_id}",
                description=name or project.lot.name,
            )
        ],
        contractPeriod=ocds.Period(
            startDate=_day(project, outcome.start_date), endDate=_day(project, outcome.end_date)
        ),
    )


def _parties(project: Project, outcome: Outcome) -> list[ocds.Party]:
    parties = [party(project.buyer, ["buyer", "procuringEntity"])]
    if outcome.awarded_id:
        parties.append(party(outcome.awarded.version.service.supplier, ["supplier"], scale=True))
    return parties


def _publish(project: Project, build) -> None:
    releasing.publish(project.buyer, project.ocid, build)


def _base(project: Project, outcome: Outcome) -> dict:
    return {"parties": _parties(project, outcome), "tender": _tender(project, outcome)}


def recorded(event: hooks.OutcomeRecorded) -> None:
    project, outcome = event.project, event.outcome
    shortlisted = ocds.BidStatistic(
        id="shortlist",
        measure="validBids",
        value=project.shortlist.count(),
        date=project.ended_at,
        notes="Services on the shortlist the buyer chose from: what the catalogue search "
        "found when the buyer ended it.",
    )
    if outcome.result == Outcome.Result.AWARDED:
        tags = ["tender", "award"]
        awards = [_award(project, outcome)]
    else:
        cancelled = outcome.result == Outcome.Result.CANCELLED
        tags, awards = ["tenderCancellation" if cancelled else "tender"], None
    _publish(
        project,
        lambda _next: {
            **_base(project, outcome),
            "tag": tags,
            "bids": ocds.Bids(statistics=[shortlisted]),
            "awards": awards,
            "relatedProcesses": related(project.lot.framework),
        },
    )


def corrected(event: hooks.OutcomeCorrected) -> None:
    project, outcome, before = event.project, event.outcome, event.awarded_before
    tags, awards = [], []
    if outcome.result != event.result_before:
        cancelled = outcome.result == Outcome.Result.CANCELLED
        tags.append("tenderCancellation" if cancelled else "tenderUpdate")
    same_award = before is not None and before.pk == outcome.awarded_id
    if before is not None and not same_award:
        tags.append("awardUpdate")
        awards.append(ocds.Award(id=award_id(project, before), status="cancelled"))
    if outcome.awarded_id:
        tags.append("awardUpdate" if same_award else "award")
        awards.append(_award(project, outcome))
    _publish(
        project,
        lambda _next: {
            **_base(project, outcome),
            "tag": list(dict.fromkeys(tags)),
            "awards": awards or None,
        },
    )


def register() -> None:
    hooks.outcome_recorded.connect(recorded, order=REPORTING)
    hooks.outcome_corrected.connect(corrected, order=REPORTING)
