"""How reading time grows with a reply's length and the refs it names: `python benchmarks/bench_long_reply.py`.

Prints seconds per reply for 150 to 1,200 refs (12-92 KB); linear reading doubles the time when
the reply doubles (before issue 11 it grew as refs x length: 35 KB took 18 s).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

UNIT = "7.{n} is delayed until the end of July because the consultancy report slipped. "


def main() -> None:
    from nlp import extract

    extract("7.1 done", today=date(2006, 6, 14))  # load the pipeline first
    for parts in (150, 300, 600, 1200):
        text = "".join(UNIT.format(n=i % 9 + 1) for i in range(parts))
        start = time.perf_counter()
        extract(text, today=date(2006, 6, 14))
        took = time.perf_counter() - start
        print(f"{parts:5d} refs  {len(text) / 1000:5.0f} KB  {took:6.2f} s  {took / parts * 1000:5.2f} ms per ref")


if __name__ == "__main__":
    main()
