"""Reading indicator figures from replies: a number is a value, not a percent complete or a date."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.figures import IndicatorName, read_figures
from nlp.figures.names import find_names, initials

TODAY = date(2006, 7, 3)
SEED = [
    IndicatorName("141", "CH141", "Referrals of children in need per 10,000 population aged under 18"),
    IndicatorName("142", "CH142", "% of referrals that are repeat referrals within 12 months"),
    IndicatorName("143", "CH143", "% Referrals of children in need leading to initial assessments"),
    IndicatorName("1704", "DIS1704", "% of initial assessments within 7 working days of referral"),
    IndicatorName("145", "CH145", "Number of core assessments of children in need per 10,000 population under 18"),
    IndicatorName("01", "CH01", "Number of children on child protection register per 10,000 population under 18"),
    IndicatorName("lac", "", "Number of Looked After Children"),
    IndicatorName("cpr", "", "Number of children on Child Protection Register"),
]


def read(text: str) -> list[tuple[str, float | None, bool, str | None]]:
    return [(f.key, f.value, f.percent, f.period) for f in read_figures(text, indicators=SEED, today=TODAY).figures]


@pytest.mark.parametrize(("text", "expected"), [
    ("CH141 was 201 at the end of June", [("141", 201.0, False, "2006-06-30")]),
    ("CH142: 18.5%", [("142", 18.5, True, None)]),
    ("repeat referrals 18.5 for June", [("142", 18.5, False, "2006-06")]),
    ("LAC 163", [("lac", 163.0, False, None)]),
    ("ch 141 - 1,201 (June 06)", [("141", 1201.0, False, "2006-06")]),
    ("The number of looked after children rose to 170 in June", [("lac", 170.0, False, "2006-06")]),
    ("CH141 201; CH142 18.4%; DIS1704 68 per cent", [("141", 201.0, False, None), ("142", 18.4, True, None),
                                                      ("1704", 68.0, True, None)]),
    ("CPR 65 at 30/06/2006", [("cpr", 65.0, False, "2006-06-30")]),
    ("CH141 was about two hundred", [("141", None, False, None)]),
    ("18.3% repeat referrals in June", [("142", 18.3, True, "2006-06")]),
])
def test_figures_are_read_with_their_period(text, expected):
    assert read(text) == expected


def test_dates_and_counts_of_time_are_not_figures():
    # "30" and "06" are a date; "12 months" is part of the measure; the figure is 17.9.
    assert read("CH142 at 30/06/06, within 12 months: 17.9") == [("142", 17.9, False, "2006-06-30")]
    assert read("CH145 per 10,000: 27") == [("145", 27.0, False, None)]


def test_action_progress_beside_figures_is_left_out_of_them():
    reading = read_figures("7.4 complete on 12 June. CH141 was 201 for June; CH999 was 4", indicators=SEED,
                           today=TODAY)
    assert [(f.key, f.value) for f in reading.figures] == [("141", 201.0)]
    assert reading.unknown_codes == ("CH999",)
    text = "7.4 complete on 12 June. CH141 was 201 for June; CH999 was 4"
    rest = "".join(" " if any(s <= i < e for s, e in reading.spans) else ch for i, ch in enumerate(text))
    assert rest.strip(" ;") == "7.4 complete on 12 June."


def test_a_reply_with_no_indicator_gives_no_figures():
    assert read("7.4 is 50% done and will finish by 31 July") == []
    assert read_figures("LAC 163", indicators=[], today=TODAY).figures == ()


def test_names_shared_by_two_titles_name_neither():
    assert initials("Number of Looked After Children") == ("LAC",)
    assert initials("Number of children on Child Protection Register") == ("CPR",)
    # "referrals" is in three titles, "child protection register" in two: neither names one indicator.
    assert find_names("referrals are up and the child protection register is steady", SEED) == []
