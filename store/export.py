"""`chaser export`: plans as the contract's JSON, or as CSV that re-imports to the same plan."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store.cell_safety import neutralise
from store.errors import ChaserError
from store.indicators import plan_indicators
from store.models import Action, ActionPerson, Person, Plan, Update
from store.repository import plan_actions, plan_by_name, plan_sections
from store.rules import rag

CSV_HEADERS = (
    "section",
    "section_title",
    "ref",
    "action",
    "lead",
    "due",
    "status",
    "progress",
    "expected_by",
    "partners",
    "success_criteria",
)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plans(session: Session, plan_name: str | None) -> list[Plan]:
    if plan_name is None:
        return list(session.exec(select(Plan).order_by(col(Plan.name))).all())
    plan = plan_by_name(session, name=plan_name)
    if plan is None:
        known = ", ".join(p.name for p in session.exec(select(Plan).order_by(col(Plan.name)))) or "none yet"
        raise ChaserError(f"--plan {plan_name!r}: no such plan (known plans: {known})")
    return [plan]


def _update_json(u: Update, names: dict[int, str]) -> dict[str, Any]:
    return {
        "at": _iso(u.at),
        "channel": u.channel,
        "person": names.get(u.person_id) if u.person_id else None,
        "text": u.text,
        "status": u.status,
        "completed_on": _iso(u.completed_on),
        "expected_by": _iso(u.expected_by),
        "percent_complete": u.percent_complete,
    }


def _plan_updates(session: Session, plan_id: int, names: dict[int, str]) -> dict[int, list[dict[str, Any]]]:
    """Every standing update of a plan's actions, by action, oldest first: one query for the plan."""
    by_action: dict[int, list[dict[str, Any]]] = {}
    rows = session.exec(
        select(Update)
        .join(Action, col(Action.id) == Update.action_id)
        .where(Action.plan_id == plan_id, col(Update.undone).is_(False))
        .order_by(col(Update.action_id), col(Update.at), col(Update.id))
    )
    for u in rows:
        by_action.setdefault(u.action_id, []).append(_update_json(u, names))
    return by_action


def _plan_lead_people(session: Session, plan_id: int, names: dict[int, str]) -> dict[int, list[str]]:
    """The people each of a plan's actions resolves to, lead first: one query for the plan."""
    by_action: dict[int, list[str]] = {}
    rows = session.exec(
        select(ActionPerson)
        .join(Action, col(Action.id) == ActionPerson.action_id)
        .where(Action.plan_id == plan_id)
        .order_by(col(ActionPerson.action_id), col(ActionPerson.position))
    )
    for link in rows:
        by_action.setdefault(link.action_id, []).append(names.get(link.person_id, ""))
    return by_action


def _action_json(
    action: Action,
    *,
    sections: dict[int, str],
    refs: dict[int, str],
    people: dict[int, list[str]],
    updates: dict[int, list[dict[str, Any]]],
    today: date,
) -> dict[str, Any]:
    assert action.id is not None
    return {
        "ref": action.ref,
        "section": sections.get(action.section_id) if action.section_id else None,
        "parent": refs.get(action.parent_id) if action.parent_id else None,
        "title": action.title,
        "lead": action.lead_text,
        "lead_people": people.get(action.id, []),
        "due": _iso(action.due),
        "due_text": action.due_text,
        "milestones": list(action.milestones),
        "status": action.status,
        "rag": rag(action, today),
        "progress": action.progress,
        "completed_on": _iso(action.completed_on),
        "expected_by": _iso(action.expected_by),
        "percent_complete": action.percent_complete,
        "partners": action.partners,
        "success_criteria": action.success_criteria,
        "updates": updates.get(action.id, []),
    }


def _indicators_json(session: Session, plan_id: int, names: dict[int, str]) -> list[dict[str, Any]]:
    """A plan's indicators in plan order, each with the readings that stand (one per period, oldest first)."""
    out = []
    for state in plan_indicators(session, plan_id=plan_id):
        ind = state.indicator
        out.append({
            "code": ind.code or None,
            "title": ind.title,
            "unit": ind.unit,
            "polarity": ind.polarity or None,
            "baseline": ind.baseline,
            "baseline_date": _iso(ind.baseline_on),
            "target": ind.target,
            "target_date": _iso(ind.target_on),
            "owner": names.get(ind.owner_id) if ind.owner_id else None,
            "rag": state.assessment.rag,
            "readings": [{"period": _iso(r.period_end), "value": r.value,
                          "person": names.get(r.person_id) if r.person_id else None, "text": r.text,
                          "at": _iso(r.at)} for r in state.readings],
        })
    return out


def export_json(*, engine: Engine, plan_name: str | None, today: date | None = None) -> dict[str, Any]:
    """Every plan (or the named one) in the contract's JSON shape, RAG as of ``today``.

    Args:
        engine: The database.
        plan_name: One plan's name, or None for all.
        today: The day RAG is computed for; today in Europe/London by default.

    Raises:
        ChaserError: no plan has that name.
    """
    today = today or datetime.now(ZoneInfo("Europe/London")).date()
    with Session(engine) as session:
        names = {p.id: p.name for p in session.exec(select(Person)) if p.id is not None}
        out = []
        for plan in _plans(session, plan_name):
            assert plan.id is not None
            section_rows = plan_sections(session, plan_id=plan.id)
            sections = {s.id: s.number for s in section_rows if s.id is not None}
            actions = plan_actions(session, plan_id=plan.id)
            refs = {a.id: a.ref for a in actions if a.id is not None}
            people = _plan_lead_people(session, plan.id, names)
            updates = _plan_updates(session, plan.id, names)
            out.append(
                {
                    "name": plan.name,
                    "title": plan.title,
                    "sections": [{"number": s.number, "title": s.title} for s in section_rows],
                    "actions": [
                        _action_json(a, sections=sections, refs=refs, people=people, updates=updates, today=today)
                        for a in actions
                    ],
                    "indicators": _indicators_json(session, plan.id, names),
                }
            )
    return {"plans": out}


def export_csv(*, engine: Engine, plan_name: str | None) -> str:
    """The plan(s) as CSV with the contract's canonical headers; ``chaser import`` reads it back.

    ``due`` carries the due cell as written (so "Apr 08 Mar 09" keeps both milestones). Cells a
    spreadsheet would run as formulas are neutralised (:mod:`store.cell_safety`); the importer
    undoes that.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    with Session(engine) as session:
        for plan in _plans(session, plan_name):
            assert plan.id is not None
            sections = {s.id: s for s in plan_sections(session, plan_id=plan.id)}
            for action in plan_actions(session, plan_id=plan.id):
                section = sections.get(action.section_id) if action.section_id else None
                writer.writerow(
                    neutralise(cell) for cell in [
                        section.number if section else "",
                        section.title if section else "",
                        action.ref,
                        action.title,
                        action.lead_text,
                        action.due_text or (_iso(action.due) or ""),
                        action.status,
                        action.progress,
                        _iso(action.expected_by) or "",
                        action.partners,
                        action.success_criteria,
                    ]
                )
    return buffer.getvalue()


def plan_list(*, engine: Engine) -> list[dict[str, Any]]:
    """Every plan's name, full title, source file and counts, by name (for ``chaser plans``)."""
    with Session(engine) as session:
        out = []
        for plan in _plans(session, None):
            assert plan.id is not None
            actions = plan_actions(session, plan_id=plan.id)
            out.append(
                {
                    "name": plan.name,
                    "title": plan.title,
                    "source": plan.source,
                    "sections": len(plan_sections(session, plan_id=plan.id)),
                    "actions": len(actions),
                    "open": sum(1 for a in actions if a.status != "complete"),
                }
            )
        return out
