"""`chaser export`: plans as the contract's JSON, or as CSV that re-imports to the same plan."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from itertools import groupby, tee
from operator import itemgetter
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from sqlalchemy import select as select_rows
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.cell_safety import neutralise
from store.errors import ChaserError
from store.indicators import plan_indicators
from store.models import Action, ActionPerson, Person, Plan, Section, Update
from store.repository import plan_actions, plan_by_name, plan_sections
from store.rules import HasState, rag

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


STREAM_BATCH = 1_000  # rows fetched at a time: memory stays flat however big the plan


class _ExportAction(NamedTuple):
    """The columns of an action the export prints (with its section's number and parent's ref joined)."""

    id: int
    ref: str
    section: str | None
    parent: str | None
    title: str
    lead_text: str
    due: date | None
    due_text: str
    milestones: list[str] | None
    status: str
    progress: str
    completed_on: date | None
    expected_by: date | None
    percent_complete: int | None
    partners: str
    success_criteria: str


def _action_rows(conn: Connection, plan_id: int) -> Iterator[_ExportAction]:
    parent = aliased(Action)
    query = (
        select_rows(col(Action.id), col(Action.ref), col(Section.number), col(parent.ref), col(Action.title),
               col(Action.lead_text), col(Action.due), col(Action.due_text), col(Action.milestones),
               col(Action.status), col(Action.progress), col(Action.completed_on), col(Action.expected_by),
               col(Action.percent_complete), col(Action.partners), col(Action.success_criteria))
        .outerjoin(Section, col(Section.id) == col(Action.section_id))
        .outerjoin(parent, col(parent.id) == col(Action.parent_id))
        .where(col(Action.plan_id) == plan_id)
        .order_by(col(Action.position), col(Action.id))
    )
    for row in conn.execute(query.execution_options(yield_per=STREAM_BATCH)):
        yield _ExportAction._make(row)


def _by_action(conn: Connection, query: Any) -> Iterator[tuple[int, list[Any]]]:
    """Rows whose first column is an action id, streamed, grouped by action (in the query's order)."""
    rows = conn.execute(query.execution_options(yield_per=STREAM_BATCH))
    for action_id, group in groupby(rows, key=itemgetter(0)):
        yield action_id, list(group)


def _in_plan_order(query: Any, action_id: Any, plan_id: int) -> Any:
    """``query`` restricted to one plan and ordered as its actions are (so it merges with them)."""
    return (query.join(Action, col(Action.id) == action_id)
            .where(col(Action.plan_id) == plan_id).order_by(col(Action.position), col(Action.id)))


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


def _merged(actions: Iterator[_ExportAction], groups: Iterator[tuple[int, list[Any]]]) -> Iterator[list[Any]]:
    """For each action in turn, its rows from ``groups`` (both streams in plan order), or []."""
    pending = next(groups, None)
    for action in actions:
        if pending is not None and pending[0] == action.id:
            yield pending[1]
            pending = next(groups, None)
        else:
            yield []


def _plan_actions_json(conn: Connection, *, plan_id: int, names: dict[int, str], today: date
                       ) -> Iterator[dict[str, Any]]:
    """A plan's actions in the contract's shape, one at a time: three streamed queries merged in plan order."""
    people_query = _in_plan_order(select_rows(col(ActionPerson.action_id), col(ActionPerson.person_id)),
                                  col(ActionPerson.action_id), plan_id).order_by(col(ActionPerson.position))
    update_query = _in_plan_order(
        select_rows(col(Update.action_id), col(Update.at), col(Update.channel), col(Update.person_id), col(Update.text),
               col(Update.status), col(Update.completed_on), col(Update.expected_by), col(Update.percent_complete)),
        col(Update.action_id), plan_id).where(col(Update.undone).is_(False)).order_by(col(Update.at), col(Update.id))
    actions, for_people, for_updates = tee(_action_rows(conn, plan_id), 3)
    people = _merged(for_people, _by_action(conn, people_query))
    updates = _merged(for_updates, _by_action(conn, update_query))
    for action, links, history in zip(actions, people, updates, strict=True):
        yield {
            "ref": action.ref,
            "section": action.section,
            "parent": action.parent,
            "title": action.title,
            "lead": action.lead_text,
            "lead_people": [names.get(person_id, "") for _, person_id in links],
            "due": _iso(action.due),
            "due_text": action.due_text,
            "milestones": list(action.milestones or ()),
            "status": action.status,
            "rag": rag(cast(HasState, action), today),  # rag only reads the row
            "progress": action.progress,
            "completed_on": _iso(action.completed_on),
            "expected_by": _iso(action.expected_by),
            "percent_complete": action.percent_complete,
            "partners": action.partners,
            "success_criteria": action.success_criteria,
            "updates": [
                {
                    "at": _iso(at),
                    "channel": channel,
                    "person": names.get(person_id) if person_id else None,
                    "text": text,
                    "status": status,
                    "completed_on": _iso(completed_on),
                    "expected_by": _iso(expected_by),
                    "percent_complete": percent,
                }
                for _, at, channel, person_id, text, status, completed_on, expected_by, percent in history
            ],
        }


_SCALAR = json.JSONEncoder(ensure_ascii=False).encode  # strings, numbers, null: the C encoder
_LITERALS: dict[Any, str] = {None: "null", True: "true", False: "false"}
_NO_KEY = object()  # a list's items have no key


def _indented(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it ``depth`` levels down.

    The standard library falls back to its pure-Python encoder whenever ``indent`` is given: two
    thirds of a big export's time in the profile. This writes the same text, with each string and
    number encoded by the C encoder (the golden test holds it to the byte).
    """
    out: list[str] = []
    _write(value, "\n" + "  " * depth, out)
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    if isinstance(value, dict | list):
        if not value:
            out.append("{}" if isinstance(value, dict) else "[]")
            return
        inner = newline + "  "
        out.append("{" if isinstance(value, dict) else "[")
        items = value.items() if isinstance(value, dict) else ((_NO_KEY, item) for item in value)
        for index, (key, item) in enumerate(items):
            out.append(("," if index else "") + inner + (_SCALAR(key) + ": " if key is not _NO_KEY else ""))
            _write(item, inner, out)
        out.append(newline + ("}" if isinstance(value, dict) else "]"))
    elif value is None or isinstance(value, bool):
        out.append(_LITERALS[value])
    else:
        out.append(_SCALAR(value))


def iter_export_json(*, engine: Engine, plan_name: str | None, today: date | None = None) -> Iterator[str]:
    """Every plan (or the named one) in the contract's JSON shape, RAG as of ``today``, as pieces of text.

    The pieces joined are exactly ``json.dumps(document, indent=2, ensure_ascii=False)``; they are
    written as the rows stream in (a few thousand at a time), so a plan of any size exports in flat
    memory. The plan is checked before the first piece, so a bad ``--plan`` prints nothing.

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
        plans = _plans(session, plan_name)
        heads = []
        for plan in plans:
            assert plan.id is not None
            sections = [{"number": s.number, "title": s.title} for s in plan_sections(session, plan_id=plan.id)]
            heads.append({"name": plan.name, "title": plan.title, "sections": sections, "actions": None,
                          "indicators": _indicators_json(session, plan.id, names)})
        # The document with each plan's actions left out, cut where they go; the actions are written between.
        skeleton = json.dumps({"plans": heads}, indent=2, ensure_ascii=False).split('"actions": null')
        assert len(skeleton) == len(plans) + 1  # inside a string its quotes would be escaped: no false cut
        conn = session.connection()
        for plan, piece in zip(plans, skeleton, strict=False):
            assert plan.id is not None
            yield piece + '"actions": ['
            written = False
            for action in _plan_actions_json(conn, plan_id=plan.id, names=names, today=today):
                yield ("," if written else "") + "\n" + "  " * 4 + _indented(action, 4)
                written = True
            yield ("\n" + "  " * 3 + "]") if written else "]"
        yield skeleton[-1]


def export_json(*, engine: Engine, plan_name: str | None, today: date | None = None) -> dict[str, Any]:
    """Every plan (or the named one) in the contract's JSON shape, as a dict (see :func:`iter_export_json`)."""
    return cast(dict[str, Any], json.loads("".join(iter_export_json(engine=engine, plan_name=plan_name, today=today))))


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
