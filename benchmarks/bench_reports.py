"""Benchmark: every report in every format for a generated plan of 5,000 actions and 50,000 updates
(:mod:`benchmarks.scale_data`; the scale curve over sizes and databases is ``python -m benchmarks.scale``).

Run: ``.venv/bin/python -m benchmarks.bench_reports`` (SQLite file in a temp dir; prints seconds per report).
Options: ``--actions N --updates-per-action K --url URL`` (e.g. a PostgreSQL database to fill).
"""

from __future__ import annotations

import argparse
import tempfile
import time

from benchmarks.scale_data import TODAY, generate
from bot.bootstrap import Chaser
from reports.render import FORMATS, KINDS, build_report, render_view
from store.clock import FixedClock
from store.db import make_engine
from store.settings import Settings


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
