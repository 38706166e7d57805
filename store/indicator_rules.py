"""The indicators' rules, written down once beside the actions' (store/rules.py): trajectory, RAG,
direction of travel, and what an indicator's wording says about its unit and polarity.

Reports, answers, the web app and the export all call these, so "off track" means the same
thing everywhere.

- trajectory: the straight line from the baseline (value and date) to the target (value and
  date); before the baseline date it is the baseline, after the target date the target. With no
  baseline it is the target throughout.
- RAG, from the latest reading against the trajectory at that reading's period:
  higher is better: green at or above the trajectory, amber below it by no more than the
  tolerance (a percentage of the trajectory's value, 5% unless set), red further below;
  lower is better: the mirror image;
  nearer is better ("near", a figure to hold steady): green within the tolerance of the
  trajectory either way, amber within twice the tolerance, red further away.
  No RAG when there is no reading, no target, or no polarity: the reason says which.
- direction of travel: the latest reading against the one before it, judged by the polarity
  (improving, worsening, unchanged); "up" or "down" when the polarity is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

DEFAULT_TOLERANCE_PCT = 5.0

UNIT_WORDS = {
    "number": "",
    "percent": "%",
    "rate_per_10000": " per 10,000",
    "rate_per_1000": " per 1,000",
    "rate_per_100000": " per 100,000",
    "days": " days",
    "pounds": "",
}

# Words that say a smaller figure is better: things a service tries to have fewer of.
_LOWER_IS_BETTER = re.compile(
    r"\b(repeat|re-?referr\w*|delay\w*|waiting|wait\b|absence|sickness|complaints?|errors?|overdue|"
    r"backlog|vacanc\w+|turnover|exclusions?|offen\w+|re-?offend\w*|deaths?|injur\w+|accidents?|"
    r"days lost|late|outstanding|unallocated|missing|out of area|re-?registrations?|cost per)\b",
    re.IGNORECASE,
)
# Words that say a larger figure is better.
_HIGHER_IS_BETTER = re.compile(
    r"\b(within \d+ (working )?days|on time|in time|timely|satisfaction|satisfied|reviewed|"
    r"completed|attendance|take-?up|participation|achiev\w+|success\w*|allocated)\b",
    re.IGNORECASE,
)


class HasTrajectory(Protocol):
    """What the rules read from an indicator."""

    polarity: str
    baseline: float | None
    baseline_on: date | None
    target: float | None
    target_on: date | None
    tolerance_pct: float


@dataclass(frozen=True)
class Point:
    """One reading: the period it is for (its last day) and the figure."""

    period_end: date
    value: float


@dataclass(frozen=True)
class IndicatorAssessment:
    """Everything the rules say about one indicator from its readings."""

    rag: str | None  # red | amber | green, or None when it cannot be judged
    reason: str
    latest: Point | None
    expected: float | None  # the trajectory's value at the latest reading's period
    direction: str | None  # improving | worsening | unchanged | up | down, None with one reading
    change: float | None  # latest minus the reading before it


def trajectory(indicator: HasTrajectory, on: date) -> float | None:
    """The value the indicator should have reached by ``on``, or None with no target."""
    target, target_on = indicator.target, indicator.target_on
    if target is None:
        return None
    baseline, baseline_on = indicator.baseline, indicator.baseline_on
    if baseline is None or baseline_on is None or target_on is None or target_on <= baseline_on:
        return target
    if on <= baseline_on:
        return baseline
    if on >= target_on:
        return target
    share = (on - baseline_on).days / (target_on - baseline_on).days
    return baseline + (target - baseline) * share


def _rag(polarity: str, value: float, expected: float, tolerance: float) -> tuple[str, str]:
    if polarity == "near":
        distance = abs(value - expected)
        if distance <= tolerance:
            return "green", "on track"
        if distance <= 2 * tolerance:
            return "amber", "close to its trajectory"
        return "red", "off track"
    better = value >= expected if polarity == "higher" else value <= expected
    if better:
        return "green", "on track"
    if abs(value - expected) <= tolerance:
        return "amber", "just short of its trajectory"
    return "red", "off track"


def direction_of_travel(polarity: str, previous: float, latest: float, target: float | None) -> str:
    """How the indicator moved from ``previous`` to ``latest``, judged by its polarity."""
    if latest == previous:
        return "unchanged"
    if polarity == "higher":
        return "improving" if latest > previous else "worsening"
    if polarity == "lower":
        return "improving" if latest < previous else "worsening"
    if polarity == "near" and target is not None:
        if abs(latest - target) == abs(previous - target):
            return "unchanged"
        return "improving" if abs(latest - target) < abs(previous - target) else "worsening"
    return "up" if latest > previous else "down"


def assess_indicator(indicator: HasTrajectory, readings: Sequence[Point]) -> IndicatorAssessment:
    """Apply every rule to ``indicator`` given its readings (in any order; one per period is used:
    for a period read twice, pass only the reading that stands)."""
    ordered = sorted(readings, key=lambda point: point.period_end)
    latest = ordered[-1] if ordered else None
    previous = ordered[-2] if len(ordered) > 1 else None
    change = None if latest is None or previous is None else latest.value - previous.value
    direction = (
        None if latest is None or previous is None
        else direction_of_travel(indicator.polarity, previous.value, latest.value, indicator.target)
    )
    if latest is None:
        return IndicatorAssessment(None, "no readings yet", None, None, None, None)
    expected = trajectory(indicator, latest.period_end)
    if expected is None:
        return IndicatorAssessment(None, "no target", latest, None, direction, change)
    if indicator.polarity not in ("higher", "lower", "near"):
        return IndicatorAssessment(None, "not known whether higher or lower is better", latest, expected,
                                   direction, change)
    pct = indicator.tolerance_pct if indicator.tolerance_pct is not None else DEFAULT_TOLERANCE_PCT
    tolerance = abs(expected) * pct / 100
    rag, reason = _rag(indicator.polarity, latest.value, expected, tolerance)
    return IndicatorAssessment(rag, reason, latest, expected, direction, change)


def infer_unit(title: str) -> str:
    """The unit an indicator's title implies: ``percent``, ``rate_per_10000``, ... or ``number``."""
    text = title.lower()
    match = re.search(r"per\s+([\d,]+)", text)
    if match:
        base = match.group(1).replace(",", "")
        unit = f"rate_per_{base}"
        if unit in UNIT_WORDS:
            return unit
    if "%" in text or re.search(r"\b(percent(age)?|proportion)\b", text):
        return "percent"
    if re.search(r"\baverage (number of )?days\b|\bdays to\b", text):
        return "days"
    return "number"


def infer_polarity(title: str, baseline: float | None, target: float | None) -> tuple[str, str]:
    """Whether higher or lower is better, and what said so: ``("lower", "wording")``.

    The wording wins when it is clear ("repeat referrals" are to be fewer); otherwise the target's
    direction from the baseline says it; a target equal to its baseline is a figure to hold
    ("near"). Returns ``("", "")`` when nothing says.
    """
    lower = bool(_LOWER_IS_BETTER.search(title))
    higher = bool(_HIGHER_IS_BETTER.search(title))
    if lower != higher:
        return ("lower" if lower else "higher"), "wording"
    if baseline is not None and target is not None:
        if target > baseline:
            return "higher", "targets"
        if target < baseline:
            return "lower", "targets"
        return "near", "targets"
    return "", ""


def format_value(value: float | None, unit: str) -> str:
    """A figure as a council writes it: ``18.3%``, ``196 per 10,000``, ``161``; ``-`` for none."""
    if value is None:
        return "-"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{UNIT_WORDS.get(unit, '')}"
