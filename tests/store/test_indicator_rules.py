"""The indicators' rules: trajectory, RAG with polarity and tolerance, direction, unit and polarity from wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from store.indicator_rules import (
    Point,
    assess_indicator,
    direction_of_travel,
    format_value,
    infer_polarity,
    infer_unit,
    trajectory,
)

MARCH_06, APRIL_06, MAY_06, MARCH_07 = date(2006, 3, 31), date(2006, 4, 30), date(2006, 5, 31), date(2007, 3, 31)


@dataclass
class Ind:
    polarity: str
    baseline: float | None
    target: float | None
    baseline_on: date | None = MARCH_06
    target_on: date | None = MARCH_07
    tolerance_pct: float = 5.0


# Seed 000's appendix: title, March 06, April 06, May 06, target March 07, and the RAG at May 06.
SEED_000 = [
    ("Referrals of children in need per 10,000 population aged under 18", 175, 181, 196, 220, "green"),
    ("% of referrals that are repeat referrals within 12 months", 17.2, 18.0, 18.3, 17.0, "red"),
    ("% Referrals of children in need leading to initial assessments", 54.0, 49.1, 44.9, 60.0, "red"),
    ("% of initial assessments within 7 working days of referral", 70.1, 66.7, 67.8, 75.0, "amber"),
    ("Number of core assessments of children in need per 10,000 population under 18", 30.0, 26.5, 26.7, 45.0, "red"),
    ("Number of children on child protection register per 10,000 population under 18", 16.8, 16.8, 17.1, 17.0, "green"),
    ("Number of Looked After Children", 157, 158, 161, 155, "amber"),
    ("Number of children on Child Protection Register", 63, 63, 64, 63, "green"),
]


@pytest.mark.parametrize(("title", "march", "april", "may", "target", "rag"), SEED_000)
def test_the_seed_appendix_at_the_end_of_may(title, march, april, may, target, rag):
    polarity, _ = infer_polarity(title, march, target)
    ind = Ind(polarity=polarity, baseline=march, target=target)
    result = assess_indicator(ind, [Point(MAY_06, may), Point(APRIL_06, april)])
    assert result.rag == rag, (title, result)
    assert result.latest == Point(MAY_06, may)


def test_trajectory_is_a_straight_line_from_baseline_to_target():
    ind = Ind(polarity="higher", baseline=100, target=200)
    assert trajectory(ind, MARCH_06) == 100
    assert trajectory(ind, date(2005, 1, 1)) == 100
    assert trajectory(ind, MARCH_07) == 200
    assert trajectory(ind, date(2008, 1, 1)) == 200
    assert trajectory(ind, date(2006, 9, 30)) == pytest.approx(100 + 100 * 183 / 365)


def test_trajectory_without_a_baseline_is_the_target_and_without_a_target_is_nothing():
    assert trajectory(Ind(polarity="higher", baseline=None, target=50), MAY_06) == 50
    assert trajectory(Ind(polarity="higher", baseline=10, target=None), MAY_06) is None


@pytest.mark.parametrize(
    ("polarity", "value", "rag"),
    [
        ("higher", 100, "green"), ("higher", 96, "amber"), ("higher", 94, "red"),
        ("lower", 100, "green"), ("lower", 104, "amber"), ("lower", 106, "red"),
        ("near", 104, "green"), ("near", 91, "amber"), ("near", 111, "red"),
    ],
)
def test_rag_respects_polarity_and_the_tolerance(polarity, value, rag):
    ind = Ind(polarity=polarity, baseline=None, target=100)
    assert assess_indicator(ind, [Point(MAY_06, value)]).rag == rag


def test_tolerance_can_be_set_per_indicator():
    ind = Ind(polarity="higher", baseline=None, target=100, tolerance_pct=10)
    assert assess_indicator(ind, [Point(MAY_06, 91)]).rag == "amber"


@pytest.mark.parametrize(
    ("ind", "points", "reason"),
    [
        (Ind(polarity="higher", baseline=1, target=2), [], "no readings yet"),
        (Ind(polarity="higher", baseline=1, target=None), [Point(MAY_06, 3)], "no target"),
        (Ind(polarity="", baseline=1, target=2), [Point(MAY_06, 3)], "not known whether higher or lower is better"),
    ],
)
def test_no_rag_when_it_cannot_be_judged_and_the_reason_says_why(ind, points, reason):
    result = assess_indicator(ind, points)
    assert result.rag is None
    assert result.reason == reason


def test_direction_of_travel_follows_polarity():
    assert direction_of_travel("higher", 10, 12, None) == "improving"
    assert direction_of_travel("lower", 10, 12, None) == "worsening"
    assert direction_of_travel("near", 10, 12, 12) == "improving"
    assert direction_of_travel("near", 12, 14, 12) == "worsening"
    assert direction_of_travel("", 10, 12, None) == "up"
    assert direction_of_travel("lower", 12, 12, None) == "unchanged"
    ind = Ind(polarity="lower", baseline=17.2, target=17.0)
    result = assess_indicator(ind, [Point(APRIL_06, 18.0), Point(MAY_06, 18.3)])
    assert result.direction == "worsening"
    assert result.change == pytest.approx(0.3)
    assert assess_indicator(ind, [Point(MAY_06, 18.3)]).direction is None


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("Referrals of children in need per 10,000 population aged under 18", "rate_per_10000"),
        ("% of referrals that are repeat referrals within 12 months", "percent"),
        ("Percentage of calls answered", "percent"),
        ("Number of Looked After Children", "number"),
        ("Average days to process a benefit claim", "days"),
    ],
)
def test_unit_from_the_title(title, unit):
    assert infer_unit(title) == unit


def test_polarity_from_wording_wins_over_the_targets_direction():
    assert infer_polarity("% of referrals that are repeat referrals", 17.0, 18.0) == ("lower", "wording")
    assert infer_polarity("% of initial assessments within 7 working days of referral", None, None) == (
        "higher", "wording")
    assert infer_polarity("Number of Looked After Children", 157, 155) == ("lower", "targets")
    assert infer_polarity("Number of Looked After Children", 63, 63) == ("near", "targets")
    assert infer_polarity("Number of Looked After Children", None, None) == ("", "")


def test_values_read_as_a_council_writes_them():
    assert format_value(18.3, "percent") == "18.3%"
    assert format_value(196.0, "rate_per_10000") == "196 per 10,000"
    assert format_value(1234.5, "number") == "1,234.5"
    assert format_value(None, "number") == "-"
