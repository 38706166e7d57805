"""Working days counted by arithmetic agree with counting day by day, over any span."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from store.working_days import is_working_day, working_days_between


def _day_by_day(start: date, end: date) -> int:
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)), st.integers(min_value=-30, max_value=2000))
def test_arithmetic_count_matches_counting_each_day(start, span):
    end = start + timedelta(days=span)
    assert working_days_between(start, end) == _day_by_day(start, end)


def test_bank_holidays_and_weekends_are_not_counted():
    # Fri 25 Aug 2006 -> Fri 1 Sep 2006: Mon 28 Aug is the summer bank holiday.
    assert working_days_between(date(2006, 8, 25), date(2006, 9, 1)) == 4
    assert working_days_between(date(2006, 6, 12), date(2006, 6, 12)) == 0
