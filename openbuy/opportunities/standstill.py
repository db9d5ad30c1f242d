"""The standstill period between choosing a supplier and confirming the award.

It lasts the jurisdiction's `standstill_days`, counted in working days (its public holidays
left out, core.working_days) when `standstill_working_days` is set, from the day the award
is made in the jurisdiction's time zone, and ends at the end of its last day there: the
award can be confirmed from the first instant of the next day. Time alone ends it
(`Award.in_standstill`); the confirming action reads the server's clock."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from openbuy.core.working_days import add_working_days

from .models import Requirement, end_of


def last_day_for(requirement: Requirement, today: datetime.date | None = None) -> datetime.date:
    """The last day of a standstill that starts today (in the jurisdiction's zone)."""
    jurisdiction = requirement.buyer.jurisdiction
    rules = jurisdiction.procurement
    today = today or timezone.localdate(timezone=requirement.zone)
    if rules.standstill_working_days:
        return add_working_days(jurisdiction, today, rules.standstill_days)
    return today + datetime.timedelta(days=rules.standstill_days)


def ends_at(requirement: Requirement) -> datetime.datetime:
    """When a standstill that starts now ends: the end of its last day, where the buyer is."""
    return end_of(last_day_for(requirement), requirement.zone)


def last_day(ends: datetime.datetime, zone: ZoneInfo) -> datetime.date:
    """The last day of a standstill ending at `ends` (the end of that day)."""
    return (ends - datetime.timedelta(microseconds=1)).astimezone(zone).date()


def local(moment: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    return moment.astimezone(zone)
