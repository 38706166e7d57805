"""Indicators in the store: recording a reading (with its evidence and the change log), the readings
that stand (one per period), and each indicator's assessment by the rules in store/indicator_rules."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from store.indicator_rules import IndicatorAssessment, Point, assess_indicator, format_value
from store.models import ChangeLog, Indicator, IndicatorReading
from store.wording import uk_date


class ReadingError(ValueError):
    """A reading that cannot be recorded; the message says why, in words a person can act on."""


@dataclass(frozen=True)
class IndicatorState:
    """One indicator with the readings that stand and what the rules say of them."""

    indicator: Indicator
    readings: list[IndicatorReading]  # one per period, oldest first
    assessment: IndicatorAssessment


def record_reading(
    *,
    session: Session,
    indicator: Indicator,
    period_end: date,
    value: float,
    at: datetime,
    today: date,
    text: str = "",
    person_id: int | None = None,
    inbound_id: int | None = None,
    channel: str = "import",
    kind: str = "reply",
    source: str = "",
    log: bool = True,
) -> IndicatorReading:
    """Add one reading and (unless ``log`` is False: an indicator's first figures, imported with it)
    log it. A later reading for the same period stands in place of the earlier one, which is kept
    as evidence. Refuses a period that has not started yet."""
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise ReadingError(f"{label(indicator)}: {value!r} is not a figure")
    if period_end.replace(day=1) > today:
        raise ReadingError(f"{label(indicator)}: the period ending {uk_date(period_end)} has not started yet")
    if indicator.id is None:
        raise ReadingError(f"{label(indicator)}: the indicator is not stored yet")
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_end=period_end,
        value=float(value),
        person_id=person_id,
        inbound_id=inbound_id,
        channel=channel,
        kind=kind,
        text=text,
        at=at,
    )
    session.add(reading)
    if not log:
        return reading
    session.add(
        ChangeLog(
            plan_id=indicator.plan_id,
            at=at,
            source=source or channel,
            field=f"indicator:{indicator.key}",
            new_value=str(float(value)),
            description=f"{label(indicator)} for the period ending {uk_date(period_end)}: "
            f"{format_value(value, indicator.unit)}",
        )
    )
    return reading


def label(indicator: Indicator) -> str:
    """How an indicator is named in messages: its code, or its title where it has none."""
    return indicator.code or indicator.title


def standing(readings: Iterable[IndicatorReading]) -> list[IndicatorReading]:
    """The readings that stand, one per period (the one recorded last), oldest period first."""
    latest: dict[date, IndicatorReading] = {}
    for reading in readings:
        if reading.undone:
            continue
        kept = latest.get(reading.period_end)
        if kept is None or (reading.at, reading.id or 0) >= (kept.at, kept.id or 0):
            latest[reading.period_end] = reading
    return [latest[period] for period in sorted(latest)]


def assess(indicator: Indicator, readings: Sequence[IndicatorReading]) -> IndicatorAssessment:
    """The rules applied to ``indicator`` and the readings that stand."""
    return assess_indicator(indicator, [Point(r.period_end, r.value) for r in readings])


def plan_indicators(session: Session, *, plan_id: int, only: Collection[int] | None = None) -> list[IndicatorState]:
    """Every indicator of a plan (or ``only`` those ids), in the plan's order, with its standing readings and
    assessment (two queries whatever the number of indicators)."""
    statement = select(Indicator).where(Indicator.plan_id == plan_id)
    if only is not None:
        statement = statement.where(col(Indicator.id).in_(list(only)))
    indicators = list(session.exec(statement.order_by(col(Indicator.position), col(Indicator.id))))
    by_indicator: dict[int, list[IndicatorReading]] = {i.id: [] for i in indicators if i.id is not None}
    if by_indicator:
        rows = session.exec(
            select(IndicatorReading).where(col(IndicatorReading.indicator_id).in_(list(by_indicator)))
        )
        for reading in rows:
            by_indicator[reading.indicator_id].append(reading)
    states = []
    for indicator in indicators:
        kept = standing(by_indicator.get(indicator.id or 0, []))
        states.append(IndicatorState(indicator, kept, assess(indicator, kept)))
    return states
