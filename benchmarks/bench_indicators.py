"""Benchmark: a plan's indicators in words, the reports' indicator parts (with a chart each), the answers and
the web's indicator page, for a generated plan of 300 indicators with two years of monthly readings each.

Run: ``.venv/bin/python benchmarks/bench_indicators.py`` (SQLite file in a temp dir; prints seconds).
Options: ``--indicators N --months K --url URL`` (e.g. a PostgreSQL database to fill).
"""

from __future__ import annotations

import argparse
import calendar
import random
import tempfile
import time
from datetime import UTC, date, datetime
from types import SimpleNamespace

from sqlalchemy import insert
from sqlmodel import Session

from adapters.web.access import Viewer
from adapters.web.indicators import dashboard_indicators, indicator_page
from bot.answers.questions import answer_question
from reports.indicator_chart import png, svg
from reports.render import FORMATS, KINDS, build_report, render_view
from store.clock import FixedClock
from store.db import make_engine
from store.indicator_wording import plan_indicator_views
from store.models import Indicator, IndicatorReading, Person, Plan

START = date(2005, 1, 31)


def month_end(index: int) -> date:
    """The last day of the ``index``-th month after January 2005."""
    year, month = 2005 + index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def generate(engine, *, indicators: int, months: int, seed: int = 7) -> date:
    """Fill an empty database with one plan of ``indicators`` indicators; return the day after the last period."""
    rng = random.Random(seed)
    at = datetime(2005, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(insert(Person), [{"id": i + 1, "name": f"Person {i + 1}", "aliases": [], "roles": ["lead"],
                                       "created_at": at} for i in range(50)])
        conn.execute(insert(Plan), [{"id": 1, "name": "big", "title": "Generated plan", "created_at": at,
                                     "updated_at": at}])
        rows, readings = [], []
        for i in range(indicators):
            base = rng.uniform(10, 200)
            target = base * rng.uniform(0.8, 1.3)
            rows.append({"id": i + 1, "plan_id": 1, "code": f"CH{i + 100}", "key": f"CH{i + 100}", "position": i,
                         "title": f"Number of referrals of kind {i} per 10,000 population", "unit": "rate_per_10000",
                         "polarity": rng.choice(("higher", "lower", "near")), "polarity_source": "plan",
                         "baseline": base, "baseline_on": START, "target": target, "target_on": month_end(months + 6),
                         "tolerance_pct": 5.0, "owner_id": i % 50 + 1, "owner_text": "", "frequency": "monthly",
                         "created_at": at, "updated_at": at})
            value = base
            for m in range(1, months + 1):
                value *= rng.uniform(0.95, 1.06)
                readings.append({"indicator_id": i + 1, "period_end": month_end(m), "value": round(value, 1),
                                 "person_id": i % 50 + 1, "channel": "email", "kind": "reply",
                                 "text": f"CH{i + 100} was {value:.1f} at the end of the month", "at": at,
                                 "undone": False})
        conn.execute(insert(Indicator), rows)
        conn.execute(insert(IndicatorReading), readings)
    return month_end(months + 1)


def timed(label: str, fn, *args, **kwargs):
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<44}{time.perf_counter() - t0:>9.3f}{time.process_time() - c0:>9.3f}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--url", help="database URL to fill (default: a SQLite file in a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.url or f"sqlite:///{tmp}/bench.db")
        today = generate(engine, indicators=args.indicators, months=args.months)
        print(f"{args.indicators} indicators, {args.indicators * args.months} readings ({engine.dialect.name})")
        print(f"{'what':<44}{'wall (s)':>9}{'CPU (s)':>9}")
        with Session(engine) as session:
            views = timed("plan_indicator_views", plan_indicator_views, session, plan_id=1)
        timed(f"{len(views)} SVG charts", lambda: [svg(v, chart_id=v.key) for v in views])
        timed(f"{len(views)} PNG charts (Word)", lambda: [png(v) for v in views])
        for kind in KINDS:
            for fmt in FORMATS:
                timed(f"report {kind} {fmt}", lambda k=kind, f=fmt: render_view(
                    build_report(engine=engine, kind=k, plan_name=None, today=today), f))
        chaser = SimpleNamespace(engine=engine, clock=FixedClock.on(today))
        for question in ("which indicators are off target?", "how is CH250 doing?",
                         "what's the latest on referrals of kind 7?"):
            timed(f"ask: {question}", answer_question, chaser=chaser, question=question)
        coordinator = Viewer(person_id=1, name="Person 1", roles=("coordinator",))
        with Session(engine) as session:
            timed("web: dashboard indicators", dashboard_indicators, session=session, viewer=coordinator)
            timed("web: one indicator's page", indicator_page, session=session, viewer=coordinator, plan_id=1,
                  key="CH250")
        engine.dispose()


if __name__ == "__main__":
    main()
