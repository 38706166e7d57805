"""A generated plan of any size for the benchmarks: bulk-inserted actions, people, updates and a round.

``generate(engine, actions=5_000, updates_per_action=10)`` fills an empty, migrated database with one
plan ("big") of 50 sections and 200 people, shaped like a council's plan a year in: a third of the
due dates behind us (those mostly complete), the rest ahead; section 7 is the children and young
people section; every lead cell names its lead by alias ("P17, Officer"); Person 1 is the
coordinator; a round opened two days before :data:`TODAY`, with a request to every lead, three
quarters of them answered. Rows are inserted in bulk (Core ``insert``), so 50,000 actions and
500,000 updates take about a minute rather than an hour.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update

TODAY = date(2006, 6, 14)
ROUND_OPENED = datetime(2006, 6, 12, 8, 0, tzinfo=UTC)  # two days before TODAY
SECTIONS, PEOPLE = 50, 200
COORDINATOR_ID = 1
STATUSES = ("complete", "in_progress", "delayed", "blocked", "not_started")
CYP = "Improved services and outcomes for children & young people"
WORDS = (
    "draft",
    "plan",
    "agreed",
    "Cabinet",
    "CMB",
    "consultation",
    "strategy",
    "delayed",
    "June",
    "review",
    "partners",
    "approved",
    "timetable",
    "revised",
    "staff",
    "recruitment",
    "budget",
    "report",
    "housing",
    "schools",
    "safeguarding",
    "equality",
    "procurement",
    "workforce",
)
_BATCH = 10_000
_TABLES_WITH_IDS = ("person", "plan", "section", "action", "update", "changelog", "round", "request")


def sentence(rng: random.Random, n: int = 30) -> str:
    """``n`` words from the plans' vocabulary, as a sentence."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _status(rng: random.Random, due: date | None) -> str:
    if due is not None and due < TODAY:  # behind us: mostly complete
        return rng.choices(STATUSES, weights=[80, 8, 6, 3, 3])[0]
    return rng.choices(STATUSES, weights=[5, 50, 10, 5, 30])[0]


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _BATCH):
        conn.execute(insert(table), rows[start : start + _BATCH])


def generate(engine: Engine, *, actions: int, updates_per_action: int = 10, seed: int = 7) -> None:
    """Fill an empty, migrated database with one plan of ``actions`` actions, bulk-inserted.

    Args:
        engine: the database (SQLite or PostgreSQL), migrated and empty.
        actions: how many actions the plan has.
        updates_per_action: how many updates each action has received, spread over the last five months.
        seed: the random seed (the same seed gives the same plan).
    """
    rng = random.Random(seed)
    start = datetime(2006, 1, 2, 9, 0, tzinfo=UTC)
    with engine.begin() as conn:
        _insert(
            conn,
            Person,
            [
                {
                    "id": i,
                    "name": f"Person {i}",
                    "aliases": [f"P{i}"],
                    "role_title": f"Head of {WORDS[i % len(WORDS)]} {i}",
                    "email": f"p{i}@example.gov.uk",
                    "roles": ["coordinator"] if i == COORDINATOR_ID else ["lead"],
                    "created_at": start,
                    "session_generation": 0,
                    "placeholder": False,
                }
                for i in range(1, PEOPLE + 1)
            ],
        )
        _insert(
            conn, Plan, [{"id": 1, "name": "big", "title": "Generated plan", "created_at": start, "updated_at": start}]
        )
        _insert(
            conn,
            Section,
            [
                {
                    "id": s,
                    "plan_id": 1,
                    "number": str(s),
                    "position": s,
                    "title": CYP if s == 7 else sentence(rng, 6).rstrip("."),
                }
                for s in range(1, SECTIONS + 1)
            ],
        )
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        in_section = dict.fromkeys(range(1, SECTIONS + 1), 0)
        for a in range(1, actions + 1):
            section = (a - 1) * SECTIONS // actions + 1  # contiguous blocks, in plan order
            in_section[section] += 1
            lead = 2 + rng.randrange(PEOPLE - 1)
            due = TODAY + timedelta(days=rng.randrange(-120, 240)) if rng.random() > 0.05 else None
            status = _status(rng, due)
            rows.append(
                {
                    "id": a,
                    "plan_id": 1,
                    "section_id": section,
                    "ref": f"{section}.{in_section[section]}",
                    "position": a,
                    "title": sentence(rng, 12),
                    "lead_text": f"P{lead}, Officer",
                    "sponsor": "",
                    "due": due,
                    "due_text": f"{due:%B %Y}" if due else "TBC",
                    "milestones": [],
                    "partners": "",
                    "additional_capacity": "",
                    "success_criteria": "",
                    "status": status,
                    "expected_by": due + timedelta(days=30) if due and status == "delayed" else None,
                    "percent_complete": rng.choice((None, 25, 50, 75)),
                    "progress": sentence(rng),
                    "completed_on": due if status == "complete" and due and due < TODAY else None,
                    "created_at": start,
                    "updated_at": start,
                }
            )
            links.append({"action_id": a, "person_id": lead, "role": "lead", "position": 0})
        _insert(conn, Action, rows)
        _insert(conn, ActionPerson, links)
        batch: list[dict[str, Any]] = []
        next_id = 1
        for row in rows:
            lead = row["lead_text"][1:].split(",")[0]
            for k in range(updates_per_action):
                at = start + timedelta(days=k * 16 + rng.randrange(0, 5), minutes=row["id"] % 600)
                batch.append(
                    {
                        "id": next_id,
                        "action_id": row["id"],
                        "person_id": int(lead),
                        "at": at,
                        "channel": "email",
                        "kind": "reply",
                        "text": sentence(rng),
                        "status": rng.choice(STATUSES),
                        "expected_by": date(2006, 6, 1) + timedelta(days=rng.randrange(0, 200))
                        if rng.random() < 0.2
                        else None,
                        "extraction": {},
                        "flags": ["completed_while_blocked"] if rng.random() < 0.01 else [],
                        "undone": False,
                    }
                )
                next_id += 1
            if len(batch) >= _BATCH:
                conn.execute(insert(Update), batch)
                batch = []
        if batch:
            conn.execute(insert(Update), batch)
        _insert(
            conn,
            ChangeLog,
            [
                {
                    "id": i + 1,
                    "plan_id": 1,
                    "action_id": i * actions // 200 + 1,
                    "at": start + timedelta(days=150 + i % 20),
                    "source": "import",
                    "field": "title",
                    "description": sentence(rng, 10),
                }
                for i in range(200)
            ],
        )
        _insert(conn, Round, [{"id": 1, "plan_id": 1, "key": "2006-W24", "opened_at": ROUND_OPENED}])
        owned: dict[int, list[int]] = {}
        for link in links:
            owned.setdefault(link["person_id"], []).append(link["action_id"])
        _insert(
            conn,
            Request,
            [
                {
                    "id": p,
                    "round_id": 1,
                    "plan_id": 1,
                    "person_id": p,
                    "channel": "email",
                    "token": f"t{p}",
                    "message_id": "",
                    "action_ids": owned.get(p, []),
                    "state": "sent",
                    "attempts": 1,
                    "created_at": ROUND_OPENED,
                    "sent_at": ROUND_OPENED,
                    "replied_at": None if p % 4 == 0 else datetime(2006, 6, 13, tzinfo=UTC),
                }
                for p in range(2, PEOPLE + 1)
            ],
        )
        if engine.dialect.name == "postgresql":  # explicit ids: move each sequence past them
            for table in _TABLES_WITH_IDS:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
                    )
                )


def reopen_round(engine: Engine, *, opened_at: datetime) -> None:
    """Move the round's opening (reports count working days since it: two days ago, or months ago)."""
    with engine.begin() as conn:
        conn.execute(Round.__table__.update().values(opened_at=opened_at))  # type: ignore[attr-defined]
