"""Benchmark plan import: seconds per seed plan into a fresh SQLite database, and re-import.

Run: ``python benchmarks/bench_import.py`` (prints numbers; no assertions). The NLP pipeline is
loaded once before timing, so the numbers are the importer's own work plus reading progress text.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "tests" / "data" / "seeds"
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def main() -> None:
    from nlp import extract
    from store.db import make_engine
    from store.importers import import_plan_file

    extract("warm up the pipeline", today=date(2006, 6, 14))
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
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


if __name__ == "__main__":
    main()
