"""Benchmark plan import: the seed plans, and large generated CSV plans on SQLite and PostgreSQL.

Run: ``python benchmarks/bench_import.py`` (seeds, the layout corpus's PDFs, then 5,000 and 50,000 rows on
both databases);
``python benchmarks/bench_import.py --rows 5000 --db sqlite --profile`` for one size with a cProfile
of the first import. Prints numbers; no assertions. For each large import it prints rows/s, the
total seconds, the number of write transactions and the LONGEST one: the time from a
transaction's first INSERT/UPDATE/DELETE to its commit, which on SQLite is how long every other
writer (a web update, an inbound reply) is locked out. The NLP pipeline is loaded before timing.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "tests" / "data" / "seeds"
LAYOUTS = ROOT / "tests" / "data" / "plans" / "layouts"
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
PG_ADMIN = os.environ.get("CHASER_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
HEADERS = ["section", "section_title", "ref", "action", "lead", "due", "status", "progress", "partners"]
LEADS = ["Sue Fiennes", "Jane Jones", "Neil Pringle", "Tony Geeson", "Alan McLaughlin", "Ann Smith"]
PROGRESS = ["", "Drafting commenced; consultation in May", "Achieved on schedule", "Delayed by the consultant's report"]
STATUS = ["", "in progress", "complete", "delayed"]


def plan_csv(rows: int, *, version: int = 1) -> str:
    """A plan of ``rows`` actions in sections of 50; ``version`` 2 changes every tenth action."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(rows):
        section, item = n // 50 + 1, n % 50 + 1
        due = date(2027, 1, 31) + timedelta(days=30 * (n % 12))
        changed = version > 1 and n % 10 == 0
        writer.writerow(
            [
                section,
                f"Theme {section}",
                f"{section}.{item}",
                f"Review service {item} of theme {section} with its users and report to Cabinet (item {n})"
                + (" (revised)" if changed else ""),
                LEADS[n % len(LEADS)],
                due.strftime("%B %Y"),
                STATUS[(n + changed) % 4],
                PROGRESS[(n + changed) % 4],
                "Partners board",
            ]
        )
    return out.getvalue()


@dataclass
class WriteLocks:
    """How long each write transaction held its locks: first write statement to commit or rollback."""

    started: dict[int, float] = field(default_factory=dict)
    held: list[float] = field(default_factory=list)

    def attach(self, engine: Any) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "before_cursor_execute")
        def _write(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
                self.started.setdefault(id(conn.connection.dbapi_connection), time.perf_counter())

        def _end(conn: Any) -> None:
            begun = self.started.pop(id(conn.connection.dbapi_connection), None)
            if begun is not None:
                self.held.append(time.perf_counter() - begun)

        event.listen(engine, "commit", _end)
        event.listen(engine, "rollback", _end)


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database URL of ``kind`` (a file under ``folder``, or a new PostgreSQL database)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.db'}"
        return
    from benchmarks.pg import temporary_database

    with temporary_database(PG_ADMIN, prefix="chaser_bench") as url:
        yield url


def timed_import(engine: Any, path: Path, locks: WriteLocks, *, profile: bool = False) -> tuple[float, Any]:
    from store.importers import import_plan_file

    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = import_plan_file(engine=engine, path=path, plan_name="bench", now=NOW)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return time.perf_counter() - start, result


def large(rows: int, kind: str, folder: Path, *, profile: bool, again: bool = True) -> None:
    from store.db import make_engine

    first, second = folder / f"plan-{rows}.csv", folder / f"plan-{rows}-v2.csv"
    first.write_text(plan_csv(rows), encoding="utf-8")
    second.write_text(plan_csv(rows, version=2), encoding="utf-8")
    with database(kind, folder) as url:
        engine = make_engine(url)
        runs = [("import", first), ("re-import, 10% changed", second)]
        for label, path in runs if again else runs[:1]:
            locks = WriteLocks()
            locks.attach(engine)
            took, result = timed_import(engine, path, locks, profile=profile and label == "import")
            longest = max(locks.held, default=0.0)
            print(
                f"{kind:10s} {rows:6d} rows {label:23s} {took:8.2f} s  {rows / took:7.0f} rows/s  "
                f"{len(locks.held):4d} write transactions, longest {longest:7.3f} s  "
                f"({result.new} new, {result.changed} changed)",
                flush=True,
            )
        engine.dispose()


def seeds(folder: Path) -> None:
    from store.db import make_engine
    from store.importers import import_plan_file

    engine = make_engine(f"sqlite:///{folder / 'seeds.db'}")
    for path in sorted(SEEDS.glob("*.txt")):
        start = time.perf_counter()
        result = import_plan_file(engine=engine, path=path, plan_name=path.stem, now=NOW)
        first = time.perf_counter() - start
        start = time.perf_counter()
        import_plan_file(engine=engine, path=path, plan_name=path.stem, now=NOW)
        again = time.perf_counter() - start
        print(
            f"{path.name}: {result.actions:4d} actions  import {first:6.3f} s  "
            f"({result.actions / first:6.0f} actions/s)  re-import {again:6.3f} s"
        )
    engine.dispose()


def pdfs(folder: Path) -> None:
    """The layout corpus's PDFs (the largest a 48-action table over 10 pages): wall and CPU seconds
    of reading and importing each, next to the same plan's .docx where there is one."""
    from store.db import make_engine
    from store.importers import import_plan_file

    engine = make_engine(f"sqlite:///{folder / 'pdfs.db'}")
    for path in sorted(LAYOUTS.glob("*.pdf"), key=lambda p: -p.stat().st_size):
        if path.stem.startswith("epsom"):
            continue  # no lead or due column: refused without --partial
        for each in (path, path.with_suffix(".docx")):
            if not each.exists():
                continue
            wall, cpu = time.perf_counter(), time.process_time()
            result = import_plan_file(engine=engine, path=each, plan_name=each.name, now=NOW)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{each.name:38s} {each.stat().st_size / 1024:5.0f} KB {result.actions:3d} actions  "
                  f"{wall:6.3f} s wall  {cpu:6.3f} s CPU")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[5000, 50000])
    parser.add_argument("--db", nargs="*", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--profile", action="store_true", help="cProfile the first import of each size")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed plans")
    parser.add_argument("--no-reimport", action="store_true", help="only the first import of each size")
    parser.add_argument("--no-pdf", action="store_true", help="skip the layout corpus's PDFs")
    args = parser.parse_args()
    from nlp import extract

    extract("warm up the pipeline", today=date(2006, 6, 14))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if not args.no_seeds:
            seeds(folder)
        if not args.no_pdf:
            pdfs(folder)
        for rows in args.rows:
            for kind in args.db:
                large(rows, kind, folder, profile=args.profile, again=not args.no_reimport)


if __name__ == "__main__":
    main()
