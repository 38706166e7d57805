"""How an indicator is put into words for people: its latest figure and period, target, RAG as words,
direction of travel and the owner's own words. Reports, answers and the web app all show this one
view, built from :func:`store.indicators.plan_indicators` (the rules stay in store/indicator_rules)."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from store.indicator_rules import format_value, trajectory
from store.indicators import IndicatorState, plan_indicators
from store.models import Person
from store.rules import RAG_WORDS
from store.wording import uk_date

NOT_JUDGED = "Not judged"
# Readings that came from the owner (a reply or a correction) carry words worth quoting; an import does not.
OWNER_KINDS = frozenset({"reply", "correction"})


@dataclass(frozen=True)
class ReadingView:
    """One standing reading, in words."""

    period_end: date
    period: str  # "May 2006"
    value: float
    value_text: str  # "18.3%"
    person: str
    at: datetime
    channel: str
    kind: str
    text: str


@dataclass(frozen=True)
class IndicatorView:
    """One indicator as every reader shows it; RAG always as words (``rag_text``), never colour alone."""

    id: int
    plan_id: int
    key: str
    code: str
    label: str  # the code, or the title where there is none
    title: str
    unit: str
    polarity: str
    owner: str
    owner_id: int | None
    latest: str  # "196 per 10,000", or "no reading yet"
    period: str  # the latest reading's period, "May 2006", or ""
    target: str  # "220 per 10,000", or "not set"
    target_date: str  # "31 Mar 2007", or ""
    expected: str  # the trajectory's value at the latest period, or ""
    rag: str | None
    rag_text: str  # "Red (off track)"
    direction: str  # "improving", "worsening", ... or ""
    direction_text: str  # "Worsening, up 0.3 since April 2006", or "Not yet known (one reading)"
    words: str  # the owner's latest words, quoted with who and when, when the latest reading came from them
    readings: tuple[ReadingView, ...]
    baseline: tuple[date, float] | None
    target_point: tuple[date, float] | None

    @property
    def name(self) -> str:
        """``CH141 Referrals of children in need...``, or the title alone where there is no code."""
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def latest_with_period(self) -> str:
        """``196 per 10,000 (May 2006)``."""
        return f"{self.latest} ({self.period})" if self.period else self.latest

    @property
    def target_with_date(self) -> str:
        """``220 per 10,000 by 31 Mar 2007``."""
        return f"{self.target} by {self.target_date}" if self.target_date else self.target

    @property
    def figures(self) -> str:
        """Every number behind the trend chart, in words (the chart's alternative text)."""
        parts = []
        if self.baseline is not None:
            parts.append(f"baseline {format_value(self.baseline[1], self.unit)} ({period_label(self.baseline[0])})")
        if self.readings:
            parts.append("readings " + ", ".join(f"{r.period} {r.value_text}" for r in self.readings))
        if self.expected:
            parts.append(f"trajectory {self.expected} at {self.period}")
        if self.target_point is not None:
            parts.append(f"target {self.target_with_date}")
        return f"{self.label}: " + ("; ".join(parts) or "no figures yet") + "."


def period_label(period_end: date) -> str:
    """A monthly period as ``May 2006``; any other period end as a UK date."""
    if period_end.day == calendar.monthrange(period_end.year, period_end.month)[1]:
        return period_end.strftime("%B %Y")
    return uk_date(period_end)


def rag_words(rag: str | None, reason: str) -> str:
    """``Red (off track)``, ``Amber (just short of its trajectory)``, ``Not judged (no target)``."""
    return f"{RAG_WORDS[rag] if rag else NOT_JUDGED} ({reason})"


def _number(value: float) -> str:
    return format_value(round(value, 2), "number")


def direction_words(direction: str | None, change: float | None, previous: date | None) -> str:
    """``Worsening, up 0.3 since April 2006``; ``Not yet known (one reading)`` before a second reading."""
    if direction is None or change is None or previous is None:
        return "Not yet known (one reading)"
    since = period_label(previous)
    if change == 0:
        return f"Unchanged since {since}"
    moved = f"{'up' if change > 0 else 'down'} {_number(abs(change))} since {since}"
    if direction in ("up", "down"):
        return moved[0].upper() + moved[1:]
    return f"{direction.capitalize()}, {moved}"


def owner_words(reading: ReadingView | None) -> str:
    """The owner's words behind the latest figure (``Sue Fiennes, 2 Jun 2006: “...”``), or ``""``."""
    if reading is None or reading.kind not in OWNER_KINDS or not reading.text.strip():
        return ""
    words = " ".join(reading.text.split())
    return f"{reading.person or 'The owner'}, {uk_date(reading.at)}: \u201c{words}\u201d"


def measured(view: IndicatorView) -> str:
    """The figures in one sentence: ``18.3% in May 2006, against a trajectory of 17.1% and a target of 17% by
    31 Mar 2007.``"""
    if not view.period:
        return f"No reading yet; the target is {view.target_with_date}."
    text = f"{view.latest} in {view.period}"
    if view.expected:
        text += f", against a trajectory of {view.expected}"
    return f"{text}{' and' if view.expected else ', against'} a target of {view.target_with_date}."


def travel(view: IndicatorView) -> str:
    """``Direction of travel: worsening: up 0.3 since April 2006.``"""
    return f"Direction of travel: {view.direction_text[0].lower()}{view.direction_text[1:]}."


def view_of(state: IndicatorState, people: Mapping[int, str]) -> IndicatorView:
    """The words for one indicator and its assessment."""
    ind, result = state.indicator, state.assessment
    readings = tuple(
        ReadingView(period_end=r.period_end, period=period_label(r.period_end), value=r.value,
                    value_text=format_value(r.value, ind.unit), person=people.get(r.person_id or 0, ""),
                    at=r.at, channel=r.channel, kind=r.kind, text=r.text)
        for r in state.readings)
    latest = readings[-1] if readings else None
    previous = readings[-2].period_end if len(readings) > 1 else None
    expected = trajectory(ind, latest.period_end) if latest is not None else None
    return IndicatorView(
        id=ind.id or 0, plan_id=ind.plan_id, key=ind.key, code=ind.code, label=ind.code or ind.title,
        title=" ".join(ind.title.split()), unit=ind.unit, polarity=ind.polarity,
        owner=people.get(ind.owner_id or 0, "") or ind.owner_text, owner_id=ind.owner_id,
        latest=latest.value_text if latest else "no reading yet", period=latest.period if latest else "",
        target=format_value(ind.target, ind.unit) if ind.target is not None else "not set",
        target_date=uk_date(ind.target_on) if ind.target_on and ind.target is not None else "",
        expected=format_value(round(expected, 1), ind.unit) if expected is not None else "",
        rag=result.rag, rag_text=rag_words(result.rag, result.reason), direction=result.direction or "",
        direction_text=direction_words(result.direction, result.change, previous),
        words=owner_words(latest), readings=readings,
        baseline=(ind.baseline_on, ind.baseline) if ind.baseline is not None and ind.baseline_on else None,
        target_point=(ind.target_on, ind.target) if ind.target is not None and ind.target_on else None,
    )


def people_names(session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """Names of the given people, in one query."""
    wanted = {pid for pid in person_ids if pid}
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.name).where(col(Person.id).in_(wanted)))
    return {pid: name for pid, name in rows if pid is not None}


def plan_indicator_views(session: Session, *, plan_id: int, only: Collection[int] | None = None) -> list[IndicatorView]:
    """Every indicator of a plan (or ``only`` those ids) in the plan's order, in words (three queries whatever
    their number)."""
    states = plan_indicators(session, plan_id=plan_id, only=only)
    if not states:
        return []
    ids = {s.indicator.owner_id or 0 for s in states} | {r.person_id or 0 for s in states for r in s.readings}
    names = people_names(session, ids)
    return [view_of(state, names) for state in states]
