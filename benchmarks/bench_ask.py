"""Question-answering latency on a generated plan of 5,000 actions: p50 and p95 after start-up.

Run: ``.venv/bin/python benchmarks/bench_ask.py`` (SQLite in a temp dir), or give
``--database-url postgresql+psycopg://postgres@127.0.0.1:5432/DBNAME`` for an empty PostgreSQL
database. Target: p95 under 50 ms. The process freezes the collector's objects once after start-up and
before the first question, as ``chaser serve`` does (bot/service_runner.py); ``--no-freeze`` to compare.
The scale curve over plan sizes and databases is ``python -m benchmarks.scale``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlmodel import Session

from bot.answers import answer_question
from store.clock import FixedClock
from store.db import make_engine
from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update

TODAY = date(2006, 6, 14)
STATUSES = ["complete", "in_progress", "in_progress", "delayed", "blocked", "not_started"]
WORDS = [
    "children", "young", "people", "housing", "adults", "services", "safeguarding", "schools", "budget", "scrutiny",
    "staff", "customers", "communications", "equality", "diversity", "performance", "management", "procurement",
    "training", "workforce",
]  # fmt: skip
CYP = "Improved services and outcomes for children & young people"
QUESTIONS = [
    "what's overdue?", "what's overdue in section 7?", "whats overdue in sec 4", "overdue items section seven",
    "anything late for Person 17?", "what's due in the next two weeks?", "what's due next week for P17",
    "what's due by the end of July?", "what's blocked?", "what's at risk in the children and young people section?",
    "how is 7.6 going?", "who hasn't replied this week?", "who has the most overdue actions?",
    "what changed since Monday?", "what has no due date?", "how is section 12 doing?", "what's slipping?",
    "what's the weather like?", "what's overdue in section 99?", "anything late for persn 42",
]


def generate(engine, *, actions: int = 5000, sections: int = 50, people: int = 200, seed: int = 6) -> None:
    """A plan of ``actions`` actions in ``sections`` sections, led by ``people`` people, with history."""
    rng = random.Random(seed)
    at = datetime(2006, 6, 1, 9, tzinfo=UTC)
    with Session(engine) as session:
        plan = Plan(name="big", title="Generated plan")
        session.add(plan)
        session.flush()
        secs = []
        for n in range(1, sections + 1):
            title = " ".join(rng.sample(WORDS, 4)) if n != 7 else CYP
            secs.append(Section(plan_id=plan.id, number=str(n), title=title.capitalize(), position=n))
        session.add_all(secs)
        persons = [Person(name=f"Person {i}", aliases=[f"P{i}"], role_title=f"Head of {rng.choice(WORDS)} {i}",
                          email=f"p{i}@example.org", roles=["coordinator"] if i == 0 else ["lead"])
                   for i in range(people)]
        session.add_all(persons)
        session.flush()
        per_section = actions // sections
        rows = []
        for index in range(actions):
            section = secs[index // per_section]
            lead = persons[rng.randrange(1, people)]
            # A plan a year in: a third of the dues behind us (mostly complete), the rest ahead.
            due = TODAY + timedelta(days=rng.randrange(-120, 240)) if rng.random() > 0.05 else None
            if due is not None and due < TODAY:
                status = rng.choices(STATUSES, weights=[80, 8, 0, 6, 3, 3])[0]
            else:
                status = rng.choices(STATUSES, weights=[5, 50, 0, 10, 5, 30])[0]
            ref = f"{section.number}.{index % per_section + 1}"
            rows.append(Action(plan_id=plan.id, section_id=section.id, ref=ref, position=index,
                               title=" ".join(rng.sample(WORDS, 6)), lead_text=f"{lead.aliases[0]}, Officer",
                               due=due, status=status,
                               expected_by=due + timedelta(days=30) if due and status == "delayed" else None))
        session.add_all(rows)
        session.flush()
        by_alias = {p.aliases[0]: p for p in persons}
        session.add_all(ActionPerson(action_id=a.id, person_id=by_alias[a.lead_text.split(",")[0]].id) for a in rows)
        for a in rows:
            for k in range(2):  # two updates each over the last three months
                session.add(Update(action_id=a.id, person_id=by_alias[a.lead_text.split(",")[0]].id,
                                   at=at - timedelta(hours=rng.randrange(-24 * 13, 24 * 80)), channel="email",
                                   text=f"Progress note {k} on {a.ref}.", status=a.status))
            if rng.random() < 0.3:
                session.add(ChangeLog(plan_id=plan.id, action_id=a.id, at=at - timedelta(days=rng.randrange(-13, 80)),
                                      field="status", old_value="in_progress", new_value=a.status, source="email"))
        round_ = Round(plan_id=plan.id, key="2006-W24", opened_at=datetime(2006, 6, 12, 8, tzinfo=UTC))
        session.add(round_)
        session.flush()
        for p in persons[1:]:
            session.add(Request(round_id=round_.id, plan_id=plan.id, person_id=p.id, token=f"t{p.id}", state="sent",
                                sent_at=round_.opened_at, action_ids=[a.id for a in rows[: 3]],
                                replied_at=round_.opened_at if rng.random() < 0.5 else None))
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temp dir)")
    parser.add_argument("--rounds", type=int, default=15, help="times each question is asked")
    parser.add_argument("--no-freeze", action="store_true",
                        help="skip the gc.freeze() that `chaser serve` does after start-up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        started = time.perf_counter()
        generate(engine)
        print(f"generated 5,000 actions in {time.perf_counter() - started:.1f} s on {engine.dialect.name}")
        chaser = SimpleNamespace(engine=engine, clock=FixedClock.on(TODAY))
        if not args.no_freeze:
            # What `chaser serve` does (bot/service_runner.py, run_forever): once, after start-up and before
            # the first question, so what the first question builds (caches, lazily imported modules) is
            # not frozen here either.
            gc.collect()
            gc.freeze()
        started = time.perf_counter()
        answer_question(chaser=chaser, question="what's overdue?")
        print(f"start-up (first question): {(time.perf_counter() - started) * 1000:.0f} ms")
        wall: dict[str, list[float]] = {q: [] for q in QUESTIONS}
        cpu: dict[str, list[float]] = {q: [] for q in QUESTIONS}
        for _ in range(args.rounds):
            for question in QUESTIONS:
                started, started_cpu = time.perf_counter(), time.process_time()
                answer_question(chaser=chaser, question=question)
                wall[question].append((time.perf_counter() - started) * 1000)
                cpu[question].append((time.process_time() - started_cpu) * 1000)
        print("  median wall / cpu per question:")
        for question in QUESTIONS:
            median_wall, median_cpu = statistics.median(wall[question]), statistics.median(cpu[question])
            print(f"  {median_wall:7.1f} / {median_cpu:5.1f} ms  {question}")
        for label, timings in (("wall clock", wall), ("process CPU", cpu)):
            every = sorted(t for ts in timings.values() for t in ts)
            p95 = every[max(0, int(len(every) * 0.95) - 1)]
            print(f"{len(every)} answers, {label}: p50 {statistics.median(every):.1f} ms, p95 {p95:.1f} ms "
                  "(target p95 < 50 ms)")
        print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
              f"on {os.cpu_count()} CPUs (wall clock includes waiting for a CPU)")
        engine.dispose()


if __name__ == "__main__":
    main()
