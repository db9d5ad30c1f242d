"""What a requirement's public page (and the API's public view) shows: every answer, the
lots with their values and criteria, why it is divided as it is, who can respond, the
published checklist in its groups, the dates in the jurisdiction's time zone and the
history. A fixed number of queries, however many lots, amendments or answers."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from openbuy.core.money import format_money
from openbuy.questions import interface as qs

from ..models import ClarificationQuestion, Requirement, RequirementLot
from .clarifications import Asking, Reader, asking, own_questions, reader
from .history import Entry, history
from .links import Links, links_for
from .public import STATUSES, last_day, public_status
from .requirements import requirements_visible_to


def requirements_shown_to(user) -> QuerySet[Requirement]:
    """requirements_visible_to, with what the page and the API's public view read."""
    return requirements_visible_to(user).select_related("questions", "checklist")


@dataclass(frozen=True)
class LotView:
    lot: RequirementLot
    name: str
    value: str
    criteria: list[str]


@dataclass(frozen=True)
class Moment:
    """A history entry with its times in words, in the jurisdiction's time zone."""

    entry: Entry
    when: str
    moved: str = ""  # an amendment that moved the closing date: from when to when
    until: str = ""  # the end of a standstill


@dataclass(frozen=True)
class PublicView:
    requirement: Requirement
    status: str  # draft, open, closed, awarded, unsuccessful, cancelled, withdrawn
    status_label: str
    procedure: str  # the framework's lot, or an open procedure
    summary: list[dict]
    checklist: list[dict]
    lots: list[LotView]  # empty for an undivided requirement with nothing of its own
    all_lots: list[RequirementLot]
    dates: list[tuple[str, str]]
    history: list[Entry]
    timeline: list[Moment]


def _day(moment: datetime.datetime, requirement: Requirement) -> str:
    return formats.date_format(timezone.localtime(moment, requirement.zone), "j F Y")


def _end_of(moment: datetime.datetime, requirement: Requirement) -> str:
    return _("End of %(date)s (%(zone)s)") % {
        "date": formats.date_format(last_day(moment, requirement.zone), "j F Y"),
        "zone": requirement.buyer.jurisdiction.time_zone,
    }


def _dates(requirement: Requirement) -> list[tuple[str, str]]:
    if requirement.published_at is None:
        return []
    rows = [
        (_("Published"), _day(requirement.published_at, requirement)),
        (_("Clarification questions close"), _end_of(requirement.questions_close_at, requirement)),
        (_("Responses close"), _end_of(requirement.closes_at, requirement)),
    ]
    if requirement.amended_at:
        rows.insert(1, (_("Last amended"), _day(requirement.amended_at, requirement)))
    if requirement.withdrawn_at:
        rows.append((_("Withdrawn"), _day(requirement.withdrawn_at, requirement)))
    return rows


def _lots(requirement: Requirement, lots: list[RequirementLot]) -> list[LotView]:
    if len(lots) == 1 and not (lots[0].value or lots[0].criteria or lots[0].description):
        return []  # undivided, with nothing of its own to show
    currency = requirement.currency
    return [
        LotView(
            lot=lot,
            name=lot.title or _("Lot %(number)d") % {"number": lot.number},
            value="" if lot.value is None else format_money(lot.value, currency),
            criteria=[str(c) for c in lot.criteria or []],
        )
        for lot in lots
    ]


def _moment(entry: Entry, requirement: Requirement) -> Moment:
    if entry.at is None:
        when = ""
    elif entry.kind == "closed":  # the end of the closing day
        when = formats.date_format(last_day(entry.at, requirement.zone), "j F Y")
    else:
        when = _day(entry.at, requirement)
    moved = until = ""
    if entry.closes_before and entry.closes_after and entry.closes_before != entry.closes_after:
        moved = _("The closing date moved from %(before)s to %(after)s.") % {
            "before": formats.date_format(last_day(entry.closes_before, requirement.zone), "j F Y"),
            "after": formats.date_format(last_day(entry.closes_after, requirement.zone), "j F Y"),
        }
    if entry.standstill_ends_at:
        until = formats.date_format(
            timezone.localtime(entry.standstill_ends_at, requirement.zone), "j F Y, H:i"
        )
    return Moment(entry, when, moved, until)


def procedure_of(requirement: Requirement) -> str:
    lot = requirement.lot
    if lot is None:
        return _("Open procedure (no framework)")
    return _("%(lot)s, %(framework)s") % {"lot": lot.name, "framework": lot.framework.name}


def public_view(requirement: Requirement) -> PublicView:
    """The page of a requirement the reader may see (requirements_shown_to)."""
    currency = requirement.currency
    languages = requirement.buyer.jurisdiction.languages or []
    status = public_status(str(requirement.status), requirement.closes_at)
    entries = history(requirement)
    lots = list(RequirementLot.objects.filter(requirement=requirement).order_by("number"))
    return PublicView(
        requirement=requirement,
        status=status,
        status_label=str(STATUSES.get(status, _("Draft"))),
        procedure=procedure_of(requirement),
        summary=qs.summary(
            qs.document_of(requirement.questions, *languages),
            requirement.answers,
            currency=currency,
        ),
        checklist=qs.summary(
            qs.document_of(requirement.checklist, *languages),
            requirement.checklist_answers,
            currency=currency,
        ),
        lots=_lots(requirement, lots),
        all_lots=lots,
        dates=_dates(requirement),
        history=entries,
        timeline=[_moment(entry, requirement) for entry in entries],
    )


@dataclass(frozen=True)
class Page:
    """A requirement's page for one reader: the public view, their part in its
    clarification questions (asking, their own questions, the team's waiting ones) and
    where else they can go from it."""

    view: PublicView
    asking: Asking
    reader: Reader
    own: list[ClarificationQuestion]
    waiting: int  # unanswered questions, for the buyer team
    links: Links  # the team's responses, evaluation, award; a supplier's response, feedback


def page_for(requirement: Requirement, user) -> Page:
    reader_ = reader(requirement, user)
    own = list(own_questions(requirement, user)) if reader_.suppliers else []
    links = links_for(requirement, user)
    return Page(
        view=public_view(requirement),
        asking=asking(requirement, user),
        reader=reader_,
        own=own,
        waiting=links.unanswered or 0,  # counted for the team's links
        links=links,
    )
