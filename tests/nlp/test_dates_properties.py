"""Property tests for the date parser: round trips, months as month ends, and non-dates."""

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nlp.dates import find_dates, parse_due_cell

TODAY = date(2006, 6, 14)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2039, 12, 31))
SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def ordinal(day: int) -> str:
    return f"{day}{SUFFIX.get(day, 'th')}"


FORMS = [
    lambda d: f"{d.day} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"{d.day:02d} {calendar.month_abbr[d.month]} {d.year % 100:02d}",
    lambda d: f"{ordinal(d.day)} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"{ordinal(d.day)[:-2]} {ordinal(d.day)[-2:]} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"{ordinal(d.day)} of {calendar.month_name[d.month]}, {d.year}",
    lambda d: f"{calendar.month_name[d.month]} {d.day}, {d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
    lambda d: f"{d.day:02d}. {d.month:02d}. {d.year % 100:02d}",
    lambda d: f"{d.day:02d} {d.month:02d} {d.year % 100:02d}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{calendar.day_name[d.weekday()]} {d.day} {calendar.month_name[d.month]} {d.year}",
]


@given(day=days, form=st.sampled_from(FORMS), direction=st.sampled_from(["past", "future", "any"]))
def test_written_day_round_trips(day: date, form, direction: str) -> None:
    written = form(day)
    text = f"Report signed off {written}. Next steps agreed."
    (mention,) = find_dates(text, today=TODAY, direction=direction)
    assert mention.value == day.isoformat()
    assert mention.first == mention.last == day
    assert text[mention.start : mention.end] == mention.text


@given(day=days, form=st.sampled_from(FORMS[:5]))
def test_day_month_without_year_takes_the_year_from_direction(day: date, form) -> None:
    written = (
        form(day)
        .replace(f", {day.year}", "")
        .replace(f" {day.year}", "")
        .replace(f" {day.year % 100:02d}", "")
    )
    past = find_dates(f"done {written}", today=day, direction="past")
    future = find_dates(f"due {written}", today=day, direction="future")
    assert [m.first for m in past] == [day] == [m.first for m in future]


@given(
    year=st.integers(min_value=2000, max_value=2039),
    month=st.integers(min_value=1, max_value=12),
    style=st.sampled_from(["full4", "abbr2", "full2", "abbr4"]),
)
def test_month_alone_is_month_precision_ending_on_its_last_day(year: int, month: int, style: str) -> None:
    name = calendar.month_name[month] if style.startswith("full") else calendar.month_abbr[month]
    written = f"{name} {year if style.endswith('4') else f'{year % 100:02d}'}"
    (mention,) = find_dates(f"Expected {written}", today=TODAY)
    end = date(year, month, calendar.monthrange(year, month)[1])
    assert (mention.value, mention.precision, mention.last) == (f"{year}-{month:02d}", "month", end)
    assert parse_due_cell(written).due == end


non_dates = st.one_of(
    st.integers(min_value=0, max_value=100).map(lambda n: f"{n}%"),
    st.integers(min_value=0, max_value=100).map(lambda n: f"About {n}% through"),
    st.integers(min_value=1000, max_value=9_999_999).map(lambda n: f"£{n:,}"),
    st.integers(min_value=1, max_value=999).map(lambda n: f"BVPI {n}"),
    st.integers(min_value=1, max_value=999).map(lambda n: f"CH{n}"),
    st.integers(min_value=1, max_value=99).map(lambda n: f"{n} EIAs completed"),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]:02d} FTE days"),
    st.integers(min_value=2000, max_value=2030).map(lambda y: f"Corporate Plan {y}-{(y + 3) % 100:02d}"),
    st.integers(min_value=2000, max_value=2030).map(
        lambda y: f"Forward Delivery Plan {y}-{(y + 1) % 100:02d}"
    ),
    st.integers(min_value=2000, max_value=2030).map(lambda y: f"{y}/{y + 1} Service Plans"),
    st.integers(min_value=0, max_value=98).map(lambda y: f"budget for {y:02d}/{y + 1:02d}"),
    st.integers(min_value=1, max_value=9).map(lambda n: f"Level {n}"),
    st.integers(min_value=1, max_value=13).map(lambda n: f"Year {n}"),
    st.tuples(st.integers(1, 12), st.integers(1, 12)).map(lambda t: f"see {t[0]}.{t[1]} above"),
    st.tuples(st.integers(1, 12), st.sampled_from("abcde"), st.integers(1, 9)).map(
        lambda t: f"{t[0]}{t[1]} {t[2]}"
    ),
    st.tuples(st.integers(1, 3), st.integers(2, 9)).map(lambda t: f"{t[0]} or {t[1]} additional FTEs"),
    st.tuples(st.integers(1000, 9999), st.integers(100000, 999999)).map(lambda t: f"call 0{t[0]} {t[1]}"),
    st.tuples(st.integers(1, 3), st.integers(4, 4)).map(lambda t: f"{t[0]}/{t[1]} done"),
    st.tuples(st.integers(1, 9), st.integers(2, 12)).map(lambda t: f"{t[0]} of {t[1]} workshops held"),
)


@given(text=non_dates)
def test_numbers_that_are_not_dates_never_become_dates(text: str) -> None:
    assert find_dates(text, today=TODAY) == []
    assert parse_due_cell(text).due is None
