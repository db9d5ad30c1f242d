"""Dates people type. A year outside 1900–2200 is a slip ("27" for 2027), never a date to
keep: forms, question answers and actions all refuse it with the same words."""

import datetime

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def year_problem(year: int) -> str | None:
    """What is wrong with a year, in words for the person who typed it; None if nothing."""
    if year < 1000:
        return _("Enter the year as 4 digits, like %(year)d") % {
            "year": timezone.localdate().year + 1
        }
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return _("Enter a year from %(earliest)d to %(latest)d") % {
            "earliest": EARLIEST_YEAR,
            "latest": LATEST_YEAR,
        }
    return None


# For a year box too long to hold a year: read when shown, in the page's language and year.
four_digit_year = lazy(lambda: year_problem(0), str)


def date_problem(day: datetime.date | None) -> str | None:
    return None if day is None else year_problem(day.year)
