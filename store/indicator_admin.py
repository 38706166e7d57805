"""The coordinator's view of a plan's indicators (``chaser indicators``): the list with each one's
latest figure and judgement, and setting an owner, polarity, tolerance or unit by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store.errors import ChaserError
from store.indicator_rules import UNIT_WORDS, format_value
from store.indicators import label, plan_indicators
from store.models import ChangeLog, Indicator, Person, Plan
from store.repository import find_person, plan_by_name
from store.wording import uk_date

POLARITIES = ("higher", "lower", "near")
RAG_WORDS = {"green": "on track", "amber": "within tolerance", "red": "off track"}


@dataclass(frozen=True)
class IndicatorRow:
    """One line of ``chaser indicators``."""

    code: str
    title: str
    latest: str  # "196 per 10,000 (May 2006)" or "-"
    target: str  # "220 per 10,000 by 31 Mar 2007" or "-"
    rag: str  # "off track (red)" or "not judged: no target"
    direction: str
    owner: str


def _plan(session: Session, plan_name: str) -> Plan:
    plan = plan_by_name(session, name=plan_name)
    if plan is None:
        known = ", ".join(p.name for p in session.exec(select(Plan).order_by(col(Plan.name)))) or "none yet"
        raise ChaserError(f"--plan {plan_name!r}: no such plan (known plans: {known})")
    return plan


def find_indicator(session: Session, *, plan: Plan, code: str) -> Indicator:
    """The plan's indicator with this code (or key, for one with no code), ignoring case.

    Raises:
        ChaserError: no indicator of the plan has it; the message lists those it has.
    """
    indicators = list(session.exec(select(Indicator).where(Indicator.plan_id == plan.id)
                                   .order_by(col(Indicator.position))))
    wanted = code.strip().lower()
    for indicator in indicators:
        if wanted in (indicator.code.lower(), indicator.key.lower()):
            return indicator
    known = ", ".join(i.code or i.key for i in indicators) or "none: import a plan with an indicator table"
    raise ChaserError(f"{code!r}: plan {plan.name!r} has no indicator with that code (its indicators: {known})")


def indicator_rows(*, engine: Engine, plan_name: str) -> list[IndicatorRow]:
    """The plan's indicators in plan order, each with its latest figure, target and judgement."""
    with Session(engine) as session:
        plan = _plan(session, plan_name)
        assert plan.id is not None
        names = {p.id: p.name for p in session.exec(select(Person))}
        rows = []
        for state in plan_indicators(session, plan_id=plan.id):
            ind, judged = state.indicator, state.assessment
            latest = "-" if judged.latest is None else \
                f"{format_value(judged.latest.value, ind.unit)} ({judged.latest.period_end:%b %Y})"
            target = "-" if ind.target is None else format_value(ind.target, ind.unit) + (
                f" by {uk_date(ind.target_on)}" if ind.target_on else "")
            rag = f"{RAG_WORDS[judged.rag]} ({judged.rag})" if judged.rag else f"not judged: {judged.reason}"
            rows.append(IndicatorRow(code=ind.code or "--", title=ind.title, latest=latest, target=target, rag=rag,
                                     direction=judged.direction or "-",
                                     owner=names.get(ind.owner_id, "") if ind.owner_id else "no owner"))
        return rows


def set_indicator(*, engine: Engine, plan_name: str, code: str, now: datetime, owner: str | None = None,
                  polarity: str | None = None, tolerance: float | None = None, unit: str | None = None) -> str:
    """Set what the coordinator decides about one indicator; returns what changed, in one line.

    Raises:
        ChaserError: no such plan, indicator or person, or a value Chaser does not know.
    """
    if polarity is not None and polarity not in POLARITIES:
        raise ChaserError(f"--polarity {polarity!r}: give higher, lower or near (a figure to hold steady)")
    if tolerance is not None and not 0 <= tolerance <= 100:
        raise ChaserError(f"--tolerance {tolerance:g}: give a percentage from 0 to 100 (e.g. 5)")
    if unit is not None and unit not in UNIT_WORDS:
        raise ChaserError(f"--unit {unit!r}: give one of {', '.join(UNIT_WORDS)}")
    if owner is None and polarity is None and tolerance is None and unit is None:
        raise ChaserError("nothing to set: give --owner, --polarity, --tolerance or --unit")
    with Session(engine) as session:
        plan = _plan(session, plan_name)
        indicator = find_indicator(session, plan=plan, code=code)
        assert plan.id is not None
        changes: list[tuple[str, object, object, str]] = []
        if owner is not None:
            person = find_person(session, query=owner)
            if person is None:
                raise ChaserError(f"--owner {owner!r}: no such person (add them with `chaser people import`)")
            if person.id != indicator.owner_id:
                changes.append(("owner", indicator.owner_text, person.name, f"owner {person.name}"))
                indicator.owner_id, indicator.owner_text = person.id, person.name
        if polarity is not None and (polarity, "coordinator") != (indicator.polarity, indicator.polarity_source):
            changes.append(("polarity", indicator.polarity, polarity, f"{polarity} is better"))
            indicator.polarity, indicator.polarity_source = polarity, "coordinator"
        if tolerance is not None and tolerance != indicator.tolerance_pct:
            changes.append(("tolerance_pct", indicator.tolerance_pct, tolerance, f"tolerance {tolerance:g}%"))
            indicator.tolerance_pct = tolerance
        if unit is not None and unit != indicator.unit:
            changes.append(("unit", indicator.unit, unit, f"unit {unit}"))
            indicator.unit = unit
        for name, old, new, words in changes:
            session.add(ChangeLog(plan_id=plan.id, at=now, source="coordinator",
                                  field=f"indicator:{indicator.key}:{name}",
                                  old_value=None if old in (None, "") else str(old), new_value=str(new),
                                  description=f"{label(indicator)}: {words}"))
        if changes:
            indicator.updated_at = now
        session.commit()
        said = "; ".join(words for _n, _o, _new, words in changes)
        return f"{label(indicator)} ({plan.name}): " + (f"set {said}" if said else "nothing changed")

