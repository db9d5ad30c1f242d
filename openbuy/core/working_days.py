"""Working days of a jurisdiction: Monday to Friday, less its public holidays (from the
`holidays` library, for the country and subdivision the jurisdiction names; see
Jurisdiction.public_holiday_calendar). Deadlines such as "questions close 2 working days
before closing" are counted here.

Counting is exclusive of the starting day: add_working_days(j, day, 2) is the second working
day after `day`, and working_days_between(j, day, that) is 2 again."""

from collections.abc import Iterable
from datetime import date, timedelta

import holidays

from .bounded import Bounded

SATURDAY = 5

# One entry a (country, subdivision, year): a few hundred cover every jurisdiction's
# deadlines for years either side of today.
_years: Bounded[tuple[str, str | None, int], dict[date, str]] = Bounded(512)


class UnknownHolidayCalendar(ValueError):
    """The holidays library knows no public holidays for that country or subdivision."""


def _calendar(jurisdiction) -> tuple[str, str | None]:
    return jurisdiction.public_holiday_calendar


def _year(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    def make() -> dict[date, str]:
        try:
            found = holidays.country_holidays(country, subdiv=subdivision, years=year)
        except NotImplementedError as error:
            named = f"{country}-{subdivision}" if subdivision else country
            raise UnknownHolidayCalendar(
                f"no public holidays are known for {named}; set the jurisdiction's holiday "
                "calendar to a country or subdivision the holidays library supports"
            ) from error
        return dict(found)

    return _years.get_or_make((country, subdivision, year), make)


def holidays_of(jurisdiction, years: int | Iterable[int]) -> dict[date, str]:
    """The jurisdiction's public holidays in those years: date → name, in date order."""
    country, subdivision = _calendar(jurisdiction)
    found: dict[date, str] = {}
    for year in [years] if isinstance(years, int) else years:
        found |= _year(country, subdivision, year)
    return dict(sorted(found.items()))


def is_working_day(jurisdiction, day: date) -> bool:
    if day.weekday() >= SATURDAY:
        return False
    return day not in _year(*_calendar(jurisdiction), day.year)


def add_working_days(jurisdiction, day: date, n: int) -> date:
    """The n-th working day after `day` (before it when n is negative); `day` itself when
    n is 0, working day or not."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(jurisdiction, day):
            remaining -= 1
    return day


def working_days_between(jurisdiction, start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; when `end` is earlier, minus
    those from `end` up to but excluding `start`. Either way add_working_days(j, start,
    working_days_between(j, start, end)) is `end` whenever `end` is a working day."""
    if end < start:
        first, last, sign = end, start - timedelta(days=1), -1
    else:
        first, last, sign = start + timedelta(days=1), end, 1
    days = (last - first).days + 1
    return sign * sum(is_working_day(jurisdiction, first + timedelta(d)) for d in range(days))
