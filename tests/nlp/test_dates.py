"""Dates the way councils write them: examples from the seed plans and the issue."""

from datetime import date

import pytest

from nlp.dates import find_dates, parse_due_cell

TODAY = date(2006, 6, 14)


def values(text: str, direction: str = "any", today: date = TODAY) -> list[str]:
    return [m.value for m in find_dates(text, today=today, direction=direction)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 03 06", "2006-03-07"),
        ("10.02.06", "2006-02-10"),
        ("23/03/06", "2006-03-23"),
        ("07. 03. 06", "2006-03-07"),
        ("04.01.06.", "2006-01-04"),
        ("10.03. 06", "2006-03-10"),
        ("1 st April 2006", "2006-04-01"),
        ("20 th April 2006", "2006-04-20"),
        ("Agreement with Govt. signed on 23/03/06", "2006-03-23"),
        ("Dec 05", "2005-12"),
        ("Sept 06", "2006-09"),
        ("May06", "2006-05"),
        ("March 2006", "2006-03"),
        ("end Feb 06", "2006-02-28"),
        ("June 26, 2006", "2006-06-26"),
        ("2006-07-01", "2006-07-01"),
        ("Q3 2007", "2007-09"),
        ("Q1 2006/07", "2006-06"),
        ("Q4 2006-07", "2007-03"),
        ("Q1 25/26", "2025-06"),  # the financial year 2025/26 written short, not Q1 of 2025
        ("Quarter 2 2025/26", "2025-09"),
        ("Quarter 4 2024-25", "2025-03"),
        ("31.03.25", "2025-03-31"),
        ("Autumn 06", "2006-11"),
        ("31 02 06", "2006-02-28"),  # a real typo in the JAR plan: clamped to the month
    ],
)
def test_written_dates(text: str, expected: str) -> None:
    assert values(text) == [expected]


def test_consecutive_space_separated_dates() -> None:
    text = "Commenced 27.01.06 Visits/Reviews 10.02.06 16 02 06 28 02 06 09 03 06 16 03 06"
    assert values(text) == [
        "2006-01-27",
        "2006-02-10",
        "2006-02-16",
        "2006-02-28",
        "2006-03-09",
        "2006-03-16",
    ]


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("14th March", "past", "2006-03-14"),
        ("14th March", "future", "2007-03-14"),
        ("11 th April", "past", "2006-04-11"),
        ("4/12", "future", "2006-12-04"),
        ("4/12", "past", "2005-12-04"),
        ("Monday", "past", "2006-06-12"),
        ("signed off on Monday", "future", "2006-06-19"),
        ("yesterday", "any", "2006-06-13"),
        ("next month", "any", "2006-07"),
        ("end of next month", "any", "2006-07-31"),
        ("in two weeks", "any", "2006-06-28"),
        ("in a couple of weeks", "any", "2006-06-28"),
        ("close of play Friday", "any", "2006-06-16"),
        ("the 21st", "future", "2006-06-21"),
        ("the 21st", "past", "2006-05-21"),
        ("w/c 26 June", "future", "2006-06-26"),
        ("now promised before the end of June", "future", "2006-06-30"),
        ("revised date of July 2006", "future", "2006-07"),
        ("early June", "future", "2006-06"),
        ("end of the year", "future", "2006-12-31"),
        ("Q1", "future", "2007-03"),
        ("next week", "any", "2006-06-19"),
        ("last Friday", "any", "2006-06-09"),
        ("26-30 June", "future", "2006-06-30"),
        ("June", "past", "2006-06"),
        ("September", "any", "2006-09"),
        ("in March", "any", "2006-03"),
        ("by 30th", "future", "2006-06-30"),
        ("before Christmas", "future", "2006-12-25"),
    ],
)
def test_relative_and_yearless_dates(text: str, direction: str, expected: str) -> None:
    assert values(text, direction) == [expected]


def test_expected_date_slightly_past_stays_this_year() -> None:
    """An expectation a few days overdue is still this year's date, not next year's."""
    assert values("expected by 10 June", "future") == ["2006-06-10"]


@pytest.mark.parametrize(
    "text",
    [
        "45 EIAs",
        "BVPI 157",
        "CH141",
        "9.03 FTE days",
        "Corporate Plan 2008-11",
        "Forward Delivery Plan 2006-07",
        "2003/2004 Service Plans",
        "Level 2",
        "Year 5",
        "70%",
        "About 70%",
        "£500,000",
        "1 or 2 additional FTEs",
        "call 01432 260000",
        "see 7.2 and 5a 1",
        "3 of 4 workshops held",
        "3/4 done",
        "24/7 cover",
        "carry forward funding to 06/07",
        "2005/06 targets",
        "May need more time",
        "we will march on",
        "reduction from 7,500 to 5,250 applicants",
        "• 235 • 78.86 %",
        "1st draft done",
        "8/10 schools visited",
        "scored 7/10 in the review",
        "2nd phase under way",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, today=TODAY) == []


def test_range_keeps_both_ends() -> None:
    (mention,) = find_dates("Jan – Mar 06", today=TODAY)
    assert (mention.start_value, mention.value, mention.precision) == ("2006-01", "2006-03", "range")
    assert (mention.first, mention.last) == (date(2006, 1, 1), date(2006, 3, 31))


def test_range_across_new_year() -> None:
    (mention,) = find_dates("Nov – Feb 07", today=TODAY)
    assert (mention.first, mention.last) == (date(2006, 11, 1), date(2007, 2, 28))


def test_tentative_and_offsets() -> None:
    text = "Now Mar 09? maybe"
    (mention,) = find_dates(text, today=TODAY)
    assert mention.tentative
    assert text[mention.start : mention.end] == mention.text == "Mar 09"


def test_relative_dates_need_today() -> None:
    assert [m.value for m in find_dates("next month, 14 March and March 2006")] == ["2006-03"]


def test_bad_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="direction"):
        find_dates("May 06", direction="sideways")


@pytest.mark.parametrize(
    ("cell", "due", "tentative"),
    [
        ("Apr 08 Mar 09", date(2009, 3, 31), False),
        ("March 2006", date(2006, 3, 31), False),
        ("1 st April 2006", date(2006, 4, 1), False),
        ("Dec 08", date(2008, 12, 31), False),
        ("Mar 09?", date(2009, 3, 31), True),
        ("TBC", None, True),
        ("TBD in July following discussion with the IPC", None, True),
        ("To be determined under 4.6", None, True),
        ("As agreed under 3.7", None, False),
        (
            "Commencing Jan 06, thereafter at least monthly, with review of arrangements in April 06",
            date(2006, 4, 30),
            False,
        ),
        (
            "First draft to CSCI and DfES in early February 2006. Revised, simplified draft in April 2006",
            date(2006, 4, 30),
            False,
        ),
        ("Before end Feb 06", date(2006, 2, 28), False),
        ("mid Feb 06", date(2006, 2, 15), False),
        ("Late Feb. – 7 March 06", date(2006, 3, 7), False),
        ("Jan – Mar 06", date(2006, 3, 31), False),
        (
            "June 2006 to Group, and July to Board. Reports will be prepared bi-monthly. October 2006",
            date(2006, 10, 31),
            False,
        ),
        ("May 2006 TBC", date(2006, 5, 31), True),
        ("Completed April 2006 August 2006", date(2006, 8, 31), False),
        ("From Apr 06 - no less than bi monthly (to be reviewed Dec 06)", date(2006, 12, 31), False),
        ("May 2006. Assessment of performance - September", date(2006, 9, 30), False),
        ("December 2003 January 2004", date(2004, 1, 31), False),
        ("Oct 06- Apr 07", date(2007, 4, 30), False),
        ("June / July 2006 July / August 2006", date(2006, 8, 31), False),
        ("<p>Dec 08</p> <p>Dec 08</p> <p>Mar 09</p>", date(2009, 3, 31), False),
        ("02/03", None, False),
        ("1,652,000", None, False),
    ],
)
def test_due_cells(cell: str, due: date | None, tentative: bool) -> None:
    parsed = parse_due_cell(cell)
    assert parsed.due == due
    assert parsed.tentative is tentative
    assert parsed.text == cell


def test_due_cell_milestones_in_order_without_repeats() -> None:
    parsed = parse_due_cell("<p>May 2006</p> <p>April 2006</p> <p>May 2006</p> <p>June 2006</p>")
    assert parsed.milestones == [date(2006, 5, 31), date(2006, 4, 30), date(2006, 6, 30)]
    assert parsed.due == date(2006, 6, 30)


def test_due_cell_without_any_year_uses_today_when_given() -> None:
    cell = "Commencing February, thereafter at least monthly with review in May."
    assert parse_due_cell(cell).due is None
    assert parse_due_cell(cell, today=date(2006, 1, 10)).due == date(2006, 5, 31)
