"""A scheduler tick alone, and while the web app builds big reports: in its own thread (as it did) and
in the report process (reports/process.py, as it does now).

Run: python -m benchmarks.scheduler_contention [--actions 3000] [--ticks 3]

The plan is bench_reports' generated plan (200 leads, ``--actions`` actions, ten updates each) in a
SQLite file. A tick is the scheduler's catch-up job (`bot.cycle.scheduler.tick`) on a Monday when a
new weekly round is due: 200 requests rendered and written to the outbox folder, reminders and the
outbox. Each tick is timed on the wall clock and by its thread's CPU time (``time.thread_time``),
while another thread does nothing, or builds the progress report as Word again and again the way
the web app's report route does (``adapters.web.routes.reports._render``): in the thread before,
waiting for the report process now.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.bench_reports import generate
from bot.bootstrap import Chaser
from bot.cycle.scheduler import tick
from reports.process import build_elsewhere, shutdown
from reports.render import render_report
from store.clock import FixedClock
from store.clock import today as clock_today
from store.db import make_engine
from store.settings import PlanSchedule, Settings

LONDON = ZoneInfo("Europe/London")
FIRST_MONDAY = datetime(2006, 6, 19, 10, 0, tzinfo=LONDON)


def in_thread(chaser: Chaser) -> None:
    """The web route's report, built as it was: in the calling thread."""
    render_report(chaser=chaser, kind="progress", plan_name="big", fmt="docx", since=None)


def in_process(chaser: Chaser) -> None:
    """The web route's report, built as it is now: in the report process, this thread waiting."""
    build_elsewhere(engine=chaser.engine, settings=chaser.settings, kind="progress", plan_name="big",
                    today=clock_today(chaser.clock), formats=("docx",))


def timed_tick(chaser: Chaser, week: int, load) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the tick's thread, reports built meanwhile) for one tick."""
    chaser.clock.set(FIRST_MONDAY + timedelta(weeks=week))  # type: ignore[attr-defined]
    stop, built = threading.Event(), [0]

    def keep_building() -> None:
        while not stop.is_set():
            load(chaser)
            built[0] += 1

    other = threading.Thread(target=keep_building, daemon=True) if load is not None else None
    if other is not None:
        other.start()
        time.sleep(0.5)  # the report is well under way when the tick starts
    wall, cpu = time.perf_counter(), time.thread_time()
    tick(chaser)
    wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    stop.set()
    if other is not None:
        other.join()
    return wall, cpu, built[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=3_000)
    parser.add_argument("--ticks", type=int, default=3, help="ticks timed in each case (medians printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/contention.db"
        engine = make_engine(url)
        generate(engine, actions=args.actions, updates_per_action=10)
        settings = Settings(database_url=url, outbox_dir=Path(tmp) / "outbox", lock_file=Path(tmp) / "lock",
                            web_secret="contention-benchmark-secret",
                            plans={"big": PlanSchedule(cadence="weekly", day="mon")})
        chaser = Chaser(settings=settings, engine=engine, clock=FixedClock.on(date(2006, 6, 14)))
        started = time.perf_counter()
        in_thread(chaser)
        print(f"{args.actions:,} actions, {args.actions * 10:,} updates; the progress report as Word alone: "
              f"{time.perf_counter() - started:.1f} s")
        in_process(chaser)  # the report process's start-up is not part of any tick below
        week = 0
        print(f"{'tick':<44}{'wall (s)':>10}{'CPU (s)':>9}{'reports meanwhile':>19}")
        for label, load in (("alone", None), ("while reports are built in a thread (before)", in_thread),
                            ("while reports are built in the report process", in_process)):
            runs = []
            for _ in range(args.ticks):
                runs.append(timed_tick(chaser, week, load))
                week += 1
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"{label:<44}{wall:>10.2f}{cpu:>9.2f}{sum(r[2] for r in runs):>19}")
        shutdown()
        engine.dispose()


if __name__ == "__main__":
    main()
