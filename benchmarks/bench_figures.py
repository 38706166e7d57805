"""Benchmark indicator figures: replies read per second by ``nlp.figures`` (with seed 000's eight
indicators), and the cost of the indicator table in an import of seed 000.

Run: ``python benchmarks/bench_figures.py`` (prints numbers; no assertions).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED_000 = ROOT / "tests" / "data" / "seeds" / "000_1d9b646d0b83632c.txt"
FIGURE_REPLIES = ["CH141 was 201 at the end of June", "CH142: 18.5%", "repeat referrals 18.5 for June", "LAC 163",
                  "7.4 complete on 30 June. CH145 was 27.5 for June; CPR 65 at 30/06/2006"]


def replies() -> list[str]:
    """The labelled replies (action progress, no figures) and the figure replies above."""
    texts = []
    for name in ("replies_dev.jsonl", "replies_heldout.jsonl"):
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return texts + FIGURE_REPLIES * 20


def read_rate() -> tuple[int, float]:
    from nlp.figures import IndicatorName, read_figures
    from store.importers.indicators.reading import read_indicator_tables
    from store.importers.plan_file import read_document

    doc = read_document(SEED_000)
    drafts = read_indicator_tables(doc.path, doc.unit, doc.indicator_tables)
    names = [IndicatorName(d.key, d.code, d.title) for d in drafts]
    texts = replies()
    start = time.perf_counter()
    for text in texts:
        read_figures(text, indicators=names, today=date(2006, 7, 3))
    return len(texts), time.perf_counter() - start


def import_cost() -> tuple[float, float]:
    """Seconds to read seed 000 with and without reading its indicator table, and to store it."""
    from sqlmodel import SQLModel, create_engine

    from store.importers import import_plan_file
    from store.importers.indicators.reading import read_indicator_tables
    from store.importers.plan_file import read_document

    start = time.perf_counter()
    doc = read_document(SEED_000)
    read_indicator_tables(doc.path, doc.unit, doc.indicator_tables)
    read_seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/b.db")
        SQLModel.metadata.create_all(engine)
        start = time.perf_counter()
        import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=datetime.now(UTC))
        store_seconds = time.perf_counter() - start
        engine.dispose()
    return read_seconds, store_seconds


def main() -> None:
    count, seconds = read_rate()
    print(f"nlp.figures: {count} replies in {seconds:.3f} s = {count / seconds:,.0f} replies/s "
          f"({seconds / count * 1e6:.0f} µs each, 8 indicators)")
    read_seconds, store_seconds = import_cost()
    print(f"seed 000: read plan + indicator table {read_seconds * 1000:.0f} ms; whole import into SQLite "
          f"{store_seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
