"""Working days from real public holidays (holidays library), counted either way."""

from datetime import date

import pytest

from openbuy.core import working_days
from openbuy.core.models import Jurisdiction
from openbuy.core.working_days import (
    UnknownHolidayCalendar,
    add_working_days,
    holidays_of,
    is_working_day,
    working_days_between,
)

# Unsaved: counting needs only the code and the holiday calendar, never the database.
SCOTLAND = Jurisdiction(code="GB-SCT", name="Scotland")
AUSTRALIA = Jurisdiction(code="AU", name="Australia")


def test_scotland_2026_has_its_own_bank_holidays_and_substitute_days():
    found = holidays_of(SCOTLAND, 2026)
    assert date(2026, 1, 2) in found  # a Scottish bank holiday, not an English one
    assert date(2026, 11, 30) in found  # St Andrew's Day, a Monday
    assert not is_working_day(SCOTLAND, date(2026, 11, 30))
    # Christmas falls on a Friday and Boxing Day on a Saturday: Monday 28th is the substitute.
    assert not is_working_day(SCOTLAND, date(2026, 12, 25))
    assert not is_working_day(SCOTLAND, date(2026, 12, 28))
    assert is_working_day(SCOTLAND, date(2026, 12, 29))
    assert list(found) == sorted(found)


def test_a_jurisdiction_can_name_another_calendar_than_its_code():
    england = Jurisdiction(code="GB-SCT", holiday_calendar="GB-ENG")
    assert is_working_day(england, date(2026, 1, 2))
    assert not is_working_day(england, date(2026, 12, 28))


def test_australia_counts_national_holidays_only():
    assert not is_working_day(AUSTRALIA, date(2026, 1, 26))  # Australia Day, a Monday
    assert date(2026, 1, 26) in holidays_of(AUSTRALIA, [2025, 2026])
    assert add_working_days(AUSTRALIA, date(2026, 1, 23), 1) == date(2026, 1, 27)
    # Substitute days are the states' own: nationally Monday 27 January 2025 (Australia Day
    # fell on a Sunday) is a working day; in the Australian Capital Territory it is not.
    assert is_working_day(AUSTRALIA, date(2025, 1, 27))
    canberra = Jurisdiction(code="AU", holiday_calendar="AU-ACT")
    assert not is_working_day(canberra, date(2025, 1, 27))


def test_weekends_are_never_working_days():
    assert not is_working_day(AUSTRALIA, date(2026, 3, 7))  # Saturday
    assert not is_working_day(AUSTRALIA, date(2026, 3, 8))  # Sunday
    assert is_working_day(AUSTRALIA, date(2026, 3, 9))


def test_questions_close_working_days_before_a_closing_date_across_weekend_and_holiday():
    # Closing Wednesday 2 December 2026: back over Tuesday 1st and Monday 30th November
    # (St Andrew's Day) and the weekend to Friday 27th.
    assert add_working_days(SCOTLAND, date(2026, 12, 2), -2) == date(2026, 11, 27)
    assert working_days_between(SCOTLAND, date(2026, 12, 2), date(2026, 11, 27)) == -2
    assert add_working_days(SCOTLAND, date(2026, 11, 27), 2) == date(2026, 12, 2)
    assert working_days_between(SCOTLAND, date(2026, 11, 27), date(2026, 12, 2)) == 2


def test_counting_crosses_the_year_end():
    # From Thursday 24 December 2026, Scotland works the 29th to 31st; then New Year's Day
    # (Friday) and 2 January (a Saturday, so Monday 4th instead) are holidays.
    assert add_working_days(SCOTLAND, date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert add_working_days(SCOTLAND, date(2026, 12, 24), 4) == date(2027, 1, 5)
    assert add_working_days(SCOTLAND, date(2027, 1, 5), -4) == date(2026, 12, 24)
    assert working_days_between(SCOTLAND, date(2026, 12, 24), date(2027, 1, 5)) == 4


def test_zero_days_and_a_start_on_a_holiday():
    assert add_working_days(SCOTLAND, date(2026, 12, 25), 0) == date(2026, 12, 25)
    assert working_days_between(SCOTLAND, date(2026, 12, 25), date(2026, 12, 25)) == 0
    # Counting back from a Saturday: Friday is the first working day before it.
    assert add_working_days(SCOTLAND, date(2026, 11, 28), -1) == date(2026, 11, 27)
    assert working_days_between(SCOTLAND, date(2026, 11, 28), date(2026, 11, 27)) == -1


def test_an_unknown_calendar_is_a_clear_error():
    nowhere = Jurisdiction(code="ZZ", name="Nowhere")
    with pytest.raises(UnknownHolidayCalendar, match="no public holidays are known for ZZ"):
        is_working_day(nowhere, date(2026, 1, 5))
    with pytest.raises(UnknownHolidayCalendar, match="known for GB-XYZ"):
        holidays_of(Jurisdiction(code="GB-XYZ"), 2026)


def test_each_calendar_year_is_computed_once():
    working_days._years.clear()
    add_working_days(SCOTLAND, date(2026, 12, 24), 30)
    add_working_days(SCOTLAND, date(2026, 12, 24), 30)
    assert set(working_days._years._entries) == {("GB", "SCT", 2026), ("GB", "SCT", 2027)}
