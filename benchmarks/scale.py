"""The scale curve: questions, reports, export and the web dashboard on plans of 1k to 50k actions.

Run: ``.venv/bin/python -m benchmarks.scale`` (every size on SQLite and PostgreSQL: long), or pick:
``--sizes 1000,5000 --backends sqlite --parts questions,dashboard``. Each size gets a fresh database
(a SQLite file in a temp dir; a new PostgreSQL database on ``--pg-admin``, dropped afterwards) filled by
:mod:`benchmarks.scale_data` with ten updates per action.

What it prints, per backend and size:

- questions: p50/p95 wall clock (and process CPU) over a fixed mix of questions asked as the coordinator,
  and the most SQL statements one question ran (counted with a ``before_cursor_execute`` listener);
- dashboard: p50/p95 of ``GET /`` signed in as the coordinator, through Starlette's TestClient (the app's
  own time, no network), and statements per request;
- reports: each kind in md/html/txt/docx, with the round opened two days ago and six months ago;
- export: ``chaser export --format json`` in a child process: seconds and peak RSS (``os.wait4``).

Like ``chaser serve`` (bot/service_runner.py), the process calls ``gc.collect(); gc.freeze()`` once after
start-up (engine, app and imports made) and before the first question or request; nothing else is frozen.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from benchmarks.pg import temporary_database
from benchmarks.scale_data import COORDINATOR_ID, ROUND_OPENED, TODAY, generate, reopen_round
from store.clock import LONDON, FixedClock
from store.db import make_engine

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SIZES = (1_000, 5_000, 20_000, 50_000)
PARTS = ("questions", "dashboard", "reports", "export")
# The mix: the README's and tests/ask's kinds of question, one of each shape of answer.
QUESTIONS = (
    "what's overdue in section 7?",
    "what's overdue?",
    "who hasn't replied this week?",
    "what's blocked?",
    "what did Person 17 say?",
    "how is 7.6 going?",
    "what's at risk in the children and young people section?",
    "what's due in the next two weeks?",
    "anything late for P42?",
    "who has the most overdue actions?",
    "what changed since Monday?",
    "how is section 12 doing?",
    "what's overdue in section 99?",
    "what's the weather like?",
)
MONTHS_AGO = datetime(2005, 12, 12, 8, 0, tzinfo=UTC)  # six months before TODAY


class QueryCounter:
    """Counts the SQL statements an engine runs (a ``before_cursor_execute`` listener)."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


@dataclass
class Timings:
    """Wall-clock and CPU milliseconds of repeated runs, and statements per run."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    def run(self, work: Callable[[], object], counter: QueryCounter) -> None:
        """Time one run of ``work``."""
        before = counter.count
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        self.wall.append((time.perf_counter() - started) * 1000)
        self.cpu.append((time.process_time() - started_cpu) * 1000)
        self.queries.append(counter.count - before)

    def summary(self) -> dict[str, float]:
        """p50 and p95 of wall clock and CPU, and the most statements in one run."""
        return {
            "p50": round(statistics.median(self.wall), 1),
            "p95": round(_p95(self.wall), 1),
            "cpu_p95": round(_p95(self.cpu), 1),
            "queries_max": max(self.queries),
            "n": len(self.wall),
        }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


@contextmanager
def fresh_database(backend: str, *, folder: Path, pg_admin: str) -> Iterator[str]:
    """A new empty database's URL: a SQLite file in ``folder``, or a PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        path = folder / f"scale-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for leftover in folder.glob(path.name + "*"):
                leftover.unlink()
        return
    with temporary_database(pg_admin, prefix="chaser_scale") as url:
        yield url


def _settings(url: str, folder: Path) -> Any:
    from store.settings import Settings

    return Settings(database_url=url, outbox_dir=folder / "outbox", public_url="http://testserver", smtp_url=None)


def measure_questions(chaser: Any, counter: QueryCounter, *, rounds: int) -> dict[str, Any]:
    """Ask every question of the mix ``rounds`` times as the coordinator (after one warm-up pass)."""
    from bot.answers import answer_question

    every, per_question = Timings(), {}
    for question in QUESTIONS:  # warm-up: the first question pays for lazy imports and caches
        answer_question(chaser=chaser, question=question, asker="Person 1")
    for question in QUESTIONS:
        per_question[question] = Timings()
    for _ in range(rounds):
        for question in QUESTIONS:
            per_question[question].run(
                partial(answer_question, chaser=chaser, question=question, asker="Person 1"), counter
            )
    for timings in per_question.values():
        every.wall += timings.wall
        every.cpu += timings.cpu
        every.queries += timings.queries
    return {**every.summary(), "per_question": {q: t.summary() for q, t in per_question.items()}}


def measure_dashboard(chaser: Any, counter: QueryCounter, *, requests: int) -> dict[str, Any]:
    """``GET /`` as the signed-in coordinator, ``requests`` times after one warm-up request."""
    from adapters.web import create_app
    from adapters.web.auth import SigninTokens, signing_secret

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    timings = Timings()
    with TestClient(create_app(chaser=chaser), follow_redirects=False) as client:
        token = SigninTokens(secret=signing_secret(chaser.settings), clock=chaser.clock).issue(COORDINATOR_ID)
        page = client.get(f"/signin/{token}")
        csrf = re.search(r'csrf_token" value="([^"]+)', page.text)
        assert csrf is not None, "sign-in page without a CSRF token"
        client.post(f"/signin/{token}", data={"csrf_token": csrf[1]})

        def get() -> None:
            response = client.get("/")
            assert response.status_code == 200 and "All sections" in response.text, response.status_code

        get()
        for _ in range(requests):
            timings.run(get, counter)
    return timings.summary()


def measure_reports(chaser: Any) -> dict[str, Any]:
    """Each report kind in each format (build + render: wall and process CPU seconds), the round opened two days
    and six months ago."""
    from reports.render import FORMATS, KINDS, build_report, render_view

    results: dict[str, Any] = {}
    for label, opened in (("2 days", ROUND_OPENED), ("6 months", MONTHS_AGO)):
        reopen_round(chaser.engine, opened_at=opened)
        for kind in KINDS:
            for fmt in ("md", "html", "txt", "docx"):
                assert fmt in FORMATS
                started, started_cpu = time.perf_counter(), time.process_time()
                render_view(build_report(engine=chaser.engine, kind=kind, plan_name=None, today=TODAY), fmt)
                results[f"{kind} {fmt} (round {label} old)"] = {
                    "s": round(time.perf_counter() - started, 2), "cpu_s": round(time.process_time() - started_cpu, 2)}
    reopen_round(chaser.engine, opened_at=ROUND_OPENED)
    return results


def measure_export(url: str) -> dict[str, Any]:
    """``chaser export --format json`` in a child process: wall seconds, peak RSS, output size."""
    script = Path(sys.executable).parent / "chaser"
    command = [str(script)] if script.exists() else [shutil.which("chaser") or "chaser"]
    env = {**os.environ, "CHASER_DATABASE_URL": url}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        # Through a small launcher: Linux counts a forked child's peak RSS from the moment of the fork,
        # so a child of this process (hundreds of MB after generating the plan) would report this
        # process's size, not the export's.
        child = subprocess.run([sys.executable, "-c", _LAUNCHER, *command, "export", "--format", "json"],
                               stdout=out, stderr=err, env=env, check=False)
        seconds = time.perf_counter() - started
        size = out.tell()
        err.seek(0)
        lines = err.read().decode(errors="replace").splitlines()
    if child.returncode != 0 or not lines or not lines[-1].startswith("peak-rss-kb "):
        raise RuntimeError(f"chaser export failed: {' '.join(lines[-5:]) or child.returncode}")
    peak_kb = int(lines[-1].split()[1])
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak_kb / 1024, 1), "bytes": size}


_LAUNCHER = """import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_pid, status, usage = os.wait4(child.pid, 0)
sys.stderr.write(f"peak-rss-kb {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_one(backend: str, size: int, *, parts: tuple[str, ...], folder: Path, args: argparse.Namespace) -> dict:
    """Fill a fresh database with ``size`` actions and measure ``parts`` on it."""
    from bot.bootstrap import Chaser

    result: dict[str, Any] = {"backend": backend, "actions": size}
    with fresh_database(backend, folder=folder, pg_admin=args.pg_admin) as url:
        engine = make_engine(url)
        started = time.perf_counter()
        generate(engine, actions=size, updates_per_action=args.updates)
        result["generate_s"] = round(time.perf_counter() - started, 1)
        print(
            f"\n== {backend}, {size:,} actions, {size * args.updates:,} updates "
            f"(generated in {result['generate_s']} s)",
            flush=True,
        )
        chaser = Chaser(
            settings=_settings(url, folder),
            engine=engine,
            clock=FixedClock(datetime(2006, 6, 14, 10, 0, tzinfo=LONDON)),
        )
        counter = QueryCounter(engine)
        gc.collect()
        gc.freeze()  # as `chaser serve` does after start-up
        try:
            if "questions" in parts:
                q = result["questions"] = measure_questions(chaser, counter, rounds=args.rounds)
                print(
                    f"questions ({q['n']}): p50 {q['p50']} ms, p95 {q['p95']} ms (CPU p95 {q['cpu_p95']} ms), "
                    f"at most {q['queries_max']} statements per question",
                    flush=True,
                )
                if args.verbose:
                    for question, s in q["per_question"].items():
                        print(f"   {s['p50']:8.1f} ms (CPU p95 {s['cpu_p95']:6.1f})  {s['queries_max']:3d} stmts"
                              f"  {question}")
            if "dashboard" in parts:
                d = result["dashboard"] = measure_dashboard(chaser, counter, requests=args.requests)
                print(
                    f"dashboard ({d['n']}): p50 {d['p50']} ms, p95 {d['p95']} ms (CPU p95 {d['cpu_p95']} ms), "
                    f"{d['queries_max']} statements per request",
                    flush=True,
                )
            if "reports" in parts:
                r = result["reports"] = measure_reports(chaser)
                for name, took in r.items():
                    print(f"report {name:<40} {took['s']:7.2f} s (CPU {took['cpu_s']:6.2f} s)", flush=True)
            if "export" in parts:
                e = result["export"] = measure_export(url)
                print(
                    f"export json: {e['seconds']} s, peak RSS {e['peak_rss_mb']} MB, {e['bytes']:,} bytes", flush=True
                )
        finally:
            gc.unfreeze()
            engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="actions per plan, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"any of {', '.join(PARTS)}")
    parser.add_argument("--updates", type=int, default=10, help="updates per action (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked (default 3)")
    parser.add_argument("--requests", type=int, default=20, help="dashboard requests (default 20)")
    parser.add_argument(
        "--pg-admin",
        default=os.environ.get("CHASER_TEST_PG_ADMIN", PG_ADMIN),
        help="a PostgreSQL URL allowed to create databases",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--verbose", action="store_true", help="per-question medians and statements")
    args = parser.parse_args()
    # A SIGTERM unwinds like Ctrl-C, so the PostgreSQL database being filled is dropped, not left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [int(s.replace("k", "000").replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    for name, given, allowed in (("--backends", backends, ("sqlite", "postgresql")), ("--parts", parts, PARTS)):
        unknown = [g for g in given if g not in allowed]
        if unknown:
            parser.error(f"{name}: unknown {', '.join(unknown)}; choose from {', '.join(allowed)}")
    print(
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
        "(wall clock includes waiting for a CPU; CPU time does not)"
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="chaser-scale-") as tmp:
        for backend in backends:
            for size in sizes:
                results.append(run_one(backend, size, parts=parts, folder=Path(tmp), args=args))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
