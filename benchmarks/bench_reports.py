"""Benchmark: every report in every format for a generated plan of 5,000 actions and 50,000 updates.

Run: ``.venv/bin/python benchmarks/bench_reports.py`` (SQLite file in a temp dir; prints seconds per report).
Options: ``--actions N --updates-per-action K --url URL`` (e.g. a PostgreSQL database to fill).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from bot.bootstrap import Chaser
from reports.render import FORMATS, KINDS, build_report, render_view
from store.clock import FixedClock
from store.db import make_engine
from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update
from store.settings import Settings

TODAY = date(2006, 6, 14)
STATUSES = ("complete", "in_progress", "delayed", "blocked", "not_started")
WORDS = ("draft", "plan", "agreed", "Cabinet", "CMB", "consultation", "strategy", "delayed", "June", "review",
         "partners", "approved", "timetable", "revised", "staff", "recruitment", "budget", "report")


def sentence(rng: random.Random, n: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(engine, *, actions: int, updates_per_action: int, seed: int = 7) -> None:
    """Fill an empty database with one big plan, bulk-inserted."""
    rng = random.Random(seed)
    start = datetime(2006, 1, 2, 9, 0, tzinfo=UTC)
    n_sections, n_people = 50, 200
    with engine.begin() as conn:
        conn.execute(insert(Person), [{"id": i + 1, "name": f"Person {i + 1}", "aliases": [], "email":
                                       f"p{i + 1}@example.gov.uk", "roles": ["lead"], "created_at": start}
                                      for i in range(n_people)])
        conn.execute(insert(Plan), [{"id": 1, "name": "big", "title": "Generated plan", "created_at": start,
                                     "updated_at": start}])
        conn.execute(insert(Section), [{"id": s + 1, "plan_id": 1, "number": str(s + 1), "title": sentence(rng, 8),
                                        "position": s} for s in range(n_sections)])
        rows, links = [], []
        for a in range(actions):
            due = date(2006, 1, 31) + timedelta(days=rng.randrange(0, 400))
            status = rng.choice(STATUSES)
            section = a % n_sections + 1
            rows.append({"id": a + 1, "plan_id": 1, "section_id": section, "ref": f"{section}.{a}",
                         "position": a, "title": sentence(rng, 12), "lead_text": "DoCS", "due": due,
                         "due_text": f"{due:%B %Y}", "milestones": [], "partners": "", "additional_capacity": "",
                         "success_criteria": "", "status": status,
                         "expected_by": due + timedelta(days=rng.randrange(10, 90)) if rng.random() < 0.3 else None,
                         "percent_complete": rng.choice((None, 25, 50, 75)), "progress": sentence(rng),
                         "created_at": start, "updated_at": start})
            links.append({"action_id": a + 1, "person_id": a % n_people + 1, "role": "lead", "position": 0})
        conn.execute(insert(Action), rows)
        conn.execute(insert(ActionPerson), links)
        batch = []
        for a in range(actions):
            for k in range(updates_per_action):
                at = start + timedelta(days=k * 16 + rng.randrange(0, 5), minutes=a % 600)
                batch.append({"action_id": a + 1, "person_id": a % n_people + 1, "at": at, "channel": "email",
                              "kind": "reply", "text": sentence(rng), "status": rng.choice(STATUSES),
                              "expected_by": date(2006, 6, 1) + timedelta(days=rng.randrange(0, 200))
                              if rng.random() < 0.2 else None, "extraction": {},
                              "flags": ["completed_while_blocked"] if rng.random() < 0.01 else [], "undone": False})
            if len(batch) >= 10_000:
                conn.execute(insert(Update), batch)
                batch = []
        if batch:
            conn.execute(insert(Update), batch)
        conn.execute(insert(ChangeLog), [{"plan_id": 1, "action_id": i + 1, "at": start + timedelta(days=150 + i % 20),
                                          "source": "import", "field": "title", "description": sentence(rng, 10)}
                                         for i in range(200)])
        conn.execute(insert(Round), [{"id": 1, "plan_id": 1, "key": "2006-W24",
                                      "opened_at": datetime(2006, 6, 12, 8, 0, tzinfo=UTC)}])
        conn.execute(insert(Request), [{"round_id": 1, "plan_id": 1, "person_id": p + 1, "channel": "email",
                                        "token": f"t{p}", "action_ids": list(range(p + 1, actions + 1, n_people)),
                                        "state": "sent", "attempts": 1, "created_at": start,
                                        "replied_at": None if p % 4 == 0 else datetime(2006, 6, 13, tzinfo=UTC)}
                                       for p in range(n_people)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=5_000)
    parser.add_argument("--updates-per-action", type=int, default=10)
    parser.add_argument("--url", help="database URL to fill (default: a SQLite file in a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        t0 = time.perf_counter()
        generate(engine, actions=args.actions, updates_per_action=args.updates_per_action)
        print(f"generated {args.actions} actions, {args.actions * args.updates_per_action} updates "
              f"in {time.perf_counter() - t0:.1f} s ({engine.dialect.name})")
        chaser = Chaser(settings=Settings(database_url=url), engine=engine, clock=FixedClock.on(TODAY))
        # Wall-clock seconds, and CPU seconds of this process (less disturbed by other work on the machine).
        print(f"{'report':<12}{'format':<8}{'build (s)':>10}{'render (s)':>11}{'total (s)':>10}{'CPU (s)':>9}"
              f"{'bytes':>12}")
        for kind in KINDS:
            for fmt in FORMATS:
                c0, t0 = time.process_time(), time.perf_counter()
                report = build_report(engine=chaser.engine, kind=kind, plan_name=None, today=TODAY)
                t1 = time.perf_counter()
                data = render_view(report, fmt)
                t2, c2 = time.perf_counter(), time.process_time()
                print(f"{kind:<12}{fmt:<8}{t1 - t0:>10.2f}{t2 - t1:>11.2f}{t2 - t0:>10.2f}{c2 - c0:>9.2f}"
                      f"{len(data):>12,}")
        engine.dispose()


if __name__ == "__main__":
    main()
