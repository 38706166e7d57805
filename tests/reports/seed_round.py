"""Seed 000 imported, amended and brought up to date by one round of replies worded as in seed 002.

The replies are stored as the reply processor stores them (an Update per action, the action's state
moved on, the request marked replied), so the exceptions report can be compared with seed 002.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store.importers import import_plan_file
from store.models import Action, ActionPerson, Plan, Request, Round, Update

LONDON = ZoneInfo("Europe/London")
PLAN = "overall-2006"
SEED_NAME = "000_1d9b646d0b83632c.txt"
IMPORTED = datetime(2006, 5, 15, 9, 0, tzinfo=LONDON)
AMENDED = datetime(2006, 6, 7, 14, 0, tzinfo=LONDON)
ROUND_OPENED = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)
TODAY = date(2006, 6, 14)


@dataclass(frozen=True)
class Reply:
    """One lead's answer about one action."""

    ref: str
    at: datetime
    status: str
    text: str
    expected_by: date | None = None
    completed_on: date | None = None


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2006, 6, day, hour, minute, tzinfo=LONDON)


REPLIES = [
    Reply("2.2", _at(12, 10, 5), "in_progress",
          "The LAA element has been approved by the Partnership Board and submitted to Government. The action plan "
          "for the HCS is still being developed to ensure that it includes clear targets and the key actions and "
          "milestones towards. This will be discussed at both the next CMB and joint CMB and Cabinet meetings."),
    Reply("3.1", _at(13, 16, 40), "delayed",
          "The launch of the agreed new performance improvement cycle has been delayed because the assumptions and "
          "ground rules for the commissioning of three-year proposals have substantially to be based on a "
          "fundamentally re-worked Medium-Term Financial Strategy. A revised timetable is being prepared with the "
          "Director of Resources and will be put to CMB to consider on 19 June.", expected_by=date(2006, 7, 31)),
    Reply("4.2", _at(12, 11, 0), "complete", "Scrutiny Improvement Plan reviewed and presented.",
          completed_on=date(2006, 6, 12)),
    Reply("4.1", _at(12, 11, 5), "delayed",
          "The Constitutional Review Working Group will report to the July Council Meeting.",
          expected_by=date(2006, 7, 31)),
    Reply("5a.6", _at(12, 9, 52), "in_progress",
          "Future sustainability of the e-gateway is being addressed at the moment. Expected completion date for "
          "this is July.", expected_by=date(2006, 7, 31)),
    Reply("7.4", _at(14, 9, 12), "delayed",
          "Although a first draft has now been prepared of the Forward Delivery Plan 2006-07 for the Children and "
          "Young People's Plan, it is not yet fit for purpose. That it becomes so promptly is crucial not only to "
          "the delivery of the JAR Action Plan but to the successful development and delivery of services for "
          "children and young people beyond that.", expected_by=date(2006, 6, 28)),
    Reply("7.2d", _at(13, 8, 30), "blocked",
          "A major risk to this Improvement Plan and that for the JAR is the ability of the Duty Team to continue "
          "to operate successfully in safeguarding children. It arises because of shortages of permanent qualified "
          "social workers and significant problems in recruiting to the Team. Agency Staff are covering most gaps, "
          "which is highly cost-ineffective. The biggest issue appears to be starting salaries."),
]
SILENT_REFS = ("6.1b", "6.3")  # asked in the round; their lead has not replied


def seed_000_path() -> Path | None:
    """Seed 000: $CHASER_SEEDS, the repository's tests/data/seeds, or ../shared/seeds beside the repository."""
    root = Path(__file__).resolve().parents[2]
    candidates = [Path(os.environ["CHASER_SEEDS"])] if os.environ.get("CHASER_SEEDS") else []
    candidates += [root / "tests" / "data" / "seeds", root.parent / "shared" / "seeds",
                   root.parent.parent / "shared" / "seeds"]
    for folder in candidates:
        if (folder / SEED_NAME).is_file():
            return folder / SEED_NAME
    return None


def amended_copy(seed: Path, folder: Path) -> Path:
    """Seed 000 as re-issued: paragraphs 7.1 and 7.2 amended (as seed 002's section 2 reports)."""
    text = seed.read_text(encoding="utf-8")
    for old, new in (
        ("7.1 Preparation of the draft JAR Performance Improvement Action Plan",
         "7.1 Preparation and approval of the JAR Performance Improvement Action Plan"),
        ("7.2 Implementation of the JAR Performance Improvement Action Plan",
         "7.2 Implementation of the approved JAR Performance Improvement Action Plan"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    out = folder / seed.name
    out.write_text(text, encoding="utf-8")
    return out


def import_and_reply(engine: Engine, *, seed: Path, workdir: Path) -> None:
    """Import seed 000 (15 May), re-import it amended (7 June), and store the 2006-W24 round of replies."""
    import_plan_file(engine=engine, path=seed, plan_name=PLAN, now=IMPORTED)
    import_plan_file(engine=engine, path=amended_copy(seed, workdir), plan_name=PLAN, now=AMENDED)
    with Session(engine, expire_on_commit=False) as session:
        plan = session.exec(select(Plan).where(Plan.name == PLAN)).one()
        actions = {a.ref: a for a in session.exec(select(Action).where(Action.plan_id == plan.id))}
        lead_of = {link.action_id: link.person_id for link in session.exec(
            select(ActionPerson).order_by(col(ActionPerson.position).desc()))}
        round_ = Round(plan_id=plan.id or 0, key="2006-W24", opened_at=ROUND_OPENED)
        session.add(round_)
        session.flush()
        asked: dict[int, list[int]] = {}
        replied: dict[int, datetime] = {}
        for reply in REPLIES:
            action = actions[reply.ref]
            person = lead_of[action.id or 0]
            asked.setdefault(person, []).append(action.id or 0)
            replied[person] = max(replied.get(person, reply.at), reply.at)
            session.add(Update(action_id=action.id or 0, person_id=person, at=reply.at, channel="email",
                               kind="reply", text=reply.text, status=reply.status, expected_by=reply.expected_by,
                               completed_on=reply.completed_on))
            action.status, action.progress, action.progress_at = reply.status, reply.text, reply.at
            action.expected_by = reply.expected_by or action.expected_by
            action.completed_on = reply.completed_on
            session.add(action)
        for ref in SILENT_REFS:
            action = actions[ref]
            asked.setdefault(lead_of[action.id or 0], []).append(action.id or 0)
        for person, action_ids in sorted(asked.items()):
            session.add(Request(round_id=round_.id or 0, plan_id=plan.id or 0, person_id=person,
                                token=f"seed-round-{person}", state="sent", action_ids=action_ids,
                                sent_at=ROUND_OPENED, replied_at=replied.get(person)))
        session.commit()
