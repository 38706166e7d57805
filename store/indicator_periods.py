"""Which period an indicator's owner is asked for: the latest period (by the indicator's
frequency) that has ended, when no figure stands for it yet.

Periods are known by their last day: months end on their last day, quarters on 30 Jun, 30 Sep,
31 Dec and 31 Mar, years on 31 Mar (the councils' financial year). Only the latest ended period
is chased: an older gap is left to the coordinator, so an owner is never asked for a backlog.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from store.indicators import standing
from store.models import Indicator, IndicatorReading

QUARTER_ENDS = (3, 6, 9, 12)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_end_for(frequency: str, day: date) -> date:
    """The last day of the period (by ``frequency``) that ``day`` falls in."""
    if frequency == "quarterly":
        month = next(m for m in QUARTER_ENDS if m >= day.month)
        return month_end(date(day.year, month, 1))
    if frequency == "annual":
        year = day.year if day.month <= 3 else day.year + 1
        return date(year, 3, 31)
    return month_end(day)


def last_ended_period(frequency: str, today: date) -> date:
    """The last day of the latest period that ended before ``today``: the day before the current
    period began."""
    end = period_end_for(frequency, today)
    months = {"quarterly": 3, "annual": 12}.get(frequency, 1)
    first_month = (end.year * 12 + end.month - 1) - (months - 1)
    return date(first_month // 12, first_month % 12 + 1, 1) - timedelta(days=1)


def period_words(period_end: date, frequency: str = "monthly") -> str:
    """A period as a person names it: ``June 2006``, ``the quarter to June 2006``, ``2006-07``."""
    if frequency == "quarterly":
        return f"the quarter to {period_end:%B %Y}"
    if frequency == "annual":
        return f"{period_end.year - 1}-{period_end.year % 100:02d}"
    return f"{period_end:%B %Y}"


@dataclass(frozen=True)
class FigureDue:
    """One indicator whose owner is asked for a figure, and for which period."""

    indicator: Indicator
    period_end: date
    last: IndicatorReading | None  # the latest figure that stands, for the request to show


def figures_due(session: Session, *, plan_id: int, today: date, owner_id: int | None = None,
                indicators: Sequence[Indicator] | None = None) -> list[FigureDue]:
    """The plan's indicators (of one owner, given ``owner_id``) with the period each is asked for."""
    if indicators is None:
        query = select(Indicator).where(Indicator.plan_id == plan_id, col(Indicator.owner_id).is_not(None))
        if owner_id is not None:
            query = query.where(Indicator.owner_id == owner_id)
        indicators = list(session.exec(query.order_by(col(Indicator.position), col(Indicator.id))))
    ids = [i.id for i in indicators if i.id is not None]
    by_indicator: dict[int, list[IndicatorReading]] = {i: [] for i in ids}
    if ids:
        for reading in session.exec(select(IndicatorReading).where(col(IndicatorReading.indicator_id).in_(ids))):
            by_indicator[reading.indicator_id].append(reading)
    due = []
    for indicator in indicators:
        period = last_ended_period(indicator.frequency, today)
        kept = standing(by_indicator.get(indicator.id or 0, []))
        if any(r.period_end == period for r in kept):
            continue
        due.append(FigureDue(indicator, period, kept[-1] if kept else None))
    return due
