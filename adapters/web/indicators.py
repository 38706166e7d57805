"""What the web app shows of indicators, read from the store: the dashboard's indicators off track, a plan's
indicators, one indicator's page; and the coordinator's settings for one (polarity, tolerance, owner).

Deny by default, as for actions: coordinators and directors see every indicator, anyone else only the
indicators they own. RAG, trajectory and direction come from store.indicator_wording, as in the
reports and the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from adapters.web.access import Viewer
from store.indicator_rules import format_value, trajectory
from store.indicator_wording import IndicatorView, period_label, plan_indicator_views
from store.indicators import label
from store.models import POLARITIES, ChangeLog, Indicator, Person, Plan

MAX_TOLERANCE_PCT = 100.0
POLARITY_WORDS = {"higher": "Higher is better", "lower": "Lower is better", "near": "Nearer the target is better"}


class SettingsError(ValueError):
    """A setting the coordinator entered that cannot be stored; the message names the field."""


@dataclass(frozen=True)
class PlanIndicators:
    """One plan's indicators that the viewer may see, and those off track or short of their trajectory."""

    plan_id: int
    name: str
    title: str
    views: list[IndicatorView]

    @property
    def red(self) -> list[IndicatorView]:
        """Off track."""
        return [v for v in self.views if v.rag == "red"]

    @property
    def amber(self) -> list[IndicatorView]:
        """Short of their trajectory, within the tolerance."""
        return [v for v in self.views if v.rag == "amber"]


@dataclass(frozen=True)
class IndicatorPage:
    """Everything an indicator's page shows."""

    plan: Plan
    view: IndicatorView
    indicator: Indicator
    can_edit: bool
    people: list[tuple[int, str]]  # for the owner choice (coordinators only)
    figures: list[tuple[str, str, str]]  # the chart's numbers: period, figure, trajectory then
    baseline: str  # "17.2% (March 2006)", or ""


def _mine(viewer: Viewer, views: list[IndicatorView]) -> list[IndicatorView]:
    return views if viewer.sees_all else [v for v in views if v.owner_id == viewer.person_id]


def plan_indicators(*, session: Session, viewer: Viewer, plan_id: int) -> PlanIndicators | None:
    """The indicators of ``plan_id`` that ``viewer`` may see (None when the plan is unknown)."""
    plan = session.get(Plan, plan_id)
    if plan is None or plan.id is None:
        return None
    views = _mine(viewer, plan_indicator_views(session, plan_id=plan.id))
    return PlanIndicators(plan_id=plan.id, name=plan.name, title=plan.title, views=views)


def dashboard_indicators(*, session: Session, viewer: Viewer) -> list[PlanIndicators]:
    """Per plan with indicators the viewer may see: those indicators (the page lists the ones off track)."""
    statement = select(Indicator.plan_id).distinct()
    if not viewer.sees_all:
        statement = statement.where(Indicator.owner_id == viewer.person_id)
    plan_ids = set(session.exec(statement))
    plans: list[Plan] = list(session.exec(select(Plan).where(col(Plan.id).in_(plan_ids)).order_by(col(Plan.name)))
                             ) if plan_ids else []
    found = [plan_indicators(session=session, viewer=viewer, plan_id=p.id or 0) for p in plans]
    return [p for p in found if p is not None and p.views]


def indicator_page(*, session: Session, viewer: Viewer, plan_id: int, key: str) -> IndicatorPage | None:
    """One indicator's page; None when unknown or not the viewer's (the two look the same)."""
    indicator = session.exec(select(Indicator).where(Indicator.plan_id == plan_id, Indicator.key == key)).first()
    if indicator is None or not (viewer.sees_all or indicator.owner_id == viewer.person_id):
        return None
    plan = session.get(Plan, plan_id)
    assert plan is not None
    [view] = plan_indicator_views(session, plan_id=plan_id, only=[indicator.id or 0])
    people = [(p.id or 0, p.name) for p in session.exec(
        select(Person).where(col(Person.placeholder).is_(False)).order_by(col(Person.name)))] if viewer.sees_all else []
    return IndicatorPage(plan=plan, view=view, indicator=indicator, can_edit=viewer.sees_all, people=people,
                         figures=chart_figures(indicator, view), baseline=baseline_text(view))


def baseline_text(view: IndicatorView) -> str:
    """``17.2% (March 2006)``, or ``""`` when the plan gives no baseline."""
    if view.baseline is None:
        return ""
    return f"{format_value(view.baseline[1], view.unit)} ({period_label(view.baseline[0])})"


def chart_figures(indicator: Indicator, view: IndicatorView) -> list[tuple[str, str, str]]:
    """Every number the chart draws, as table rows: the baseline, each reading with the trajectory's value
    for its period, and the target."""
    rows = []
    if view.baseline is not None:
        rows.append((f"{period_label(view.baseline[0])} (baseline)", format_value(view.baseline[1], view.unit), ""))
    for reading in view.readings:
        expected = trajectory(indicator, reading.period_end)
        rows.append((reading.period, reading.value_text,
                     format_value(round(expected, 1), view.unit) if expected is not None else ""))
    if view.target_point is not None:
        rows.append((f"{period_label(view.target_point[0])} (target)", view.target, ""))
    return rows


def parse_settings(*, polarity: str, tolerance: str, owner: str) -> tuple[str, float, int | None]:
    """The coordinator's settings, checked: ``("lower", 5.0, 12)``.

    Raises:
        SettingsError: a value that is not one of the choices or not a number; the message names the field.
    """
    if polarity not in POLARITIES:
        raise SettingsError(f"Which way is better: choose one of {', '.join(POLARITY_WORDS.values())}.")
    try:
        pct = float(tolerance.strip().rstrip("%") or "nan")
    except ValueError:
        pct = float("nan")
    if not 0 <= pct <= MAX_TOLERANCE_PCT:  # NaN fails this too
        raise SettingsError(f"Tolerance: {tolerance!r} is not a percentage from 0 to {MAX_TOLERANCE_PCT:g}.")
    if owner.strip() in ("", "none"):
        return polarity, pct, None
    if not owner.strip().isdigit():
        raise SettingsError("Owner: choose someone from the list.")
    return polarity, pct, int(owner)


def save_settings(*, session: Session, viewer: Viewer, plan_id: int, key: str, polarity: str, tolerance_pct: float,
                  owner_id: int | None, now: datetime) -> Indicator | None:
    """Store the coordinator's settings and log each change; None when the viewer may not (or no such indicator).

    Raises:
        SettingsError: the owner is not a known person.
    """
    if not viewer.sees_all:
        return None
    indicator = session.exec(select(Indicator).where(Indicator.plan_id == plan_id, Indicator.key == key)).first()
    if indicator is None:
        return None
    owner = session.get(Person, owner_id) if owner_id is not None else None
    if owner_id is not None and (owner is None or owner.placeholder):
        raise SettingsError("Owner: choose someone from the list.")
    old_owner = session.get(Person, indicator.owner_id) if indicator.owner_id else None
    changes = [
        ("polarity", indicator.polarity, polarity, POLARITY_WORDS[polarity]),
        ("tolerance_pct", f"{indicator.tolerance_pct:g}", f"{tolerance_pct:g}", f"tolerance {tolerance_pct:g}%"),
        ("owner", old_owner.name if old_owner else "", owner.name if owner else "",
         f"owner {owner.name}" if owner else "no owner"),
    ]
    for field, old, new, words in changes:
        if old == new:
            continue
        session.add(ChangeLog(plan_id=plan_id, at=now, source=f"web:{viewer.name}", field=f"indicator:{key}:{field}",
                              old_value=old, new_value=new, description=f"{label(indicator)}: {words}"))
    if polarity != indicator.polarity:
        indicator.polarity, indicator.polarity_source = polarity, "coordinator"
    indicator.tolerance_pct = tolerance_pct
    if owner_id != indicator.owner_id:
        indicator.owner_id, indicator.owner_text = owner_id, owner.name if owner else ""
    indicator.updated_at = now
    session.add(indicator)
    session.commit()
    return indicator
