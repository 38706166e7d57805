"""Benchmark: every report in every format for a generated plan of 5,000 actions and 50,000 updates
(:mod:`benchmarks.scale_data`; the scale curve over sizes and databases is ``python -m benchmarks.scale``).

Run: ``.venv/bin/python -m benchmarks.bench_reports`` (SQLite file in a temp dir; prints seconds per report).
Options: ``--actions N --updates-per-action K --url URL`` (e.g. an empty PostgreSQL database to fill, or
one already filled with ``--reuse``); ``--round-opened 2,180`` (days before today that the round
opened: the exceptions report counts working days since then; each age is printed); ``--repeat N``
(median of N runs); ``--memory`` (each report also as ``chaser report`` in a child process: its peak RSS);
``--kinds``/``--formats`` to choose.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from benchmarks.scale_data import TODAY, generate, reopen_round
from reports.render import FORMATS, KINDS, build_report, render_view
from store.db import make_engine


def child_report(url: str, kind: str, fmt: str) -> tuple[float, float]:
    """``chaser report KIND --format FMT`` in a fresh process: wall seconds and peak RSS in MB.

    Started through GNU time (``/usr/bin/time``), a small process: a child forked from this one
    would count this process's pages in its peak RSS until it execs.
    """
    script = Path(sys.executable).parent / "chaser"
    command = [str(script) if script.exists() else shutil.which("chaser") or "chaser"]
    env = {**os.environ, "CHASER_DATABASE_URL": url}
    with tempfile.NamedTemporaryFile(suffix=".txt") as stats:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-o", stats.name, "-f", "%M", *command, "report", kind, "--format",
                               fmt, "--today", TODAY.isoformat(), "--out", os.devnull],
                              env=env, capture_output=True, check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"chaser report failed: {done.stderr.decode()}")
        peak_kb = int(Path(stats.name).read_text().split()[-1])
    return seconds, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=5_000)
    parser.add_argument("--updates-per-action", type=int, default=10)
    parser.add_argument("--url", help="database URL to fill (default: a SQLite file in a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="the database at --url is already filled")
    parser.add_argument("--round-opened", default="2,180", help="days before today the round opened, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per report (the median is printed)")
    parser.add_argument("--memory", action="store_true", help="also run each report as a command: peak RSS")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        if not args.reuse:
            t0 = time.perf_counter()
            generate(engine, actions=args.actions, updates_per_action=args.updates_per_action)
            print(f"generated {args.actions} actions, {args.actions * args.updates_per_action} updates "
                  f"in {time.perf_counter() - t0:.1f} s ({engine.dialect.name})")
        print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        # Wall-clock seconds, and CPU seconds of this process (less disturbed by other work on the machine).
        print(f"{'round opened':<14}{'report':<12}{'format':<8}{'build (s)':>10}{'render (s)':>11}{'total (s)':>10}"
              f"{'CPU (s)':>9}{'bytes':>12}" + (f"{'cmd (s)':>9}{'peak RSS (MB)':>15}" if args.memory else ""))
        for age in (int(a) for a in args.round_opened.split(",")):
            opened = datetime.combine(TODAY - timedelta(days=age), clock_time(8, 0), tzinfo=UTC)
            reopen_round(engine, opened_at=opened)
            for kind in args.kinds.split(","):
                for fmt in args.formats.split(","):
                    builds, renders, totals, cpus = [], [], [], []
                    for _ in range(args.repeat):
                        c0, t0 = time.process_time(), time.perf_counter()
                        report = build_report(engine=engine, kind=kind, plan_name=None, today=TODAY)
                        t1 = time.perf_counter()
                        data = render_view(report, fmt)
                        t2, c2 = time.perf_counter(), time.process_time()
                        builds.append(t1 - t0)
                        renders.append(t2 - t1)
                        totals.append(t2 - t0)
                        cpus.append(c2 - c0)
                    med = statistics.median
                    line = (f"{f'{age} days ago':<14}{kind:<12}{fmt:<8}{med(builds):>10.2f}{med(renders):>11.2f}"
                            f"{med(totals):>10.2f}{med(cpus):>9.2f}{len(data):>12,}")
                    if args.memory:
                        seconds, rss = child_report(url, kind, fmt)
                        line += f"{seconds:>9.2f}{rss:>15.0f}"
                    print(line, flush=True)
        engine.dispose()


if __name__ == "__main__":
    main()
