"""Benchmark the NLP layer: replies per second, pipeline load time, and dateparser for comparison.

Run: ``python benchmarks/bench_nlp.py`` (one core, prints numbers; no assertions).
Targets (issues 17 and 20): >= 2,000 replies/s in one process, load < 1 s in a fresh process, and
faster than ``dateparser.search_dates`` on the same texts: >= 50x its default (which detects the
language) and >= 20x when it is told the text is English (``languages=["en"]``). Each time is given
by the wall clock and in CPU seconds of the process: on a shared machine the wall clock also counts
time spent waiting for a core.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"


def typical_replies() -> list[tuple[str, date]]:
    """Replies of one to three sentences from the labelled set (chat, email and plan progress notes)."""
    replies = []
    for name in ("replies_dev.jsonl", "replies_heldout.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if len(record["text"]) <= 300 and record["text"].count(". ") <= 2:
                replies.append((record["text"], date.fromisoformat(record["today"])))
    return replies


def load_time() -> tuple[float, float, bool]:
    """Seconds (wall clock, CPU) from a fresh interpreter to the first reply read, and whether
    that imported spaCy (it should not: the tokenizer's rules are exported once, ``nlp.tokenizer``)."""
    code = (
        "import time, sys; t=time.perf_counter(); c=time.process_time(); import nlp, datetime; "
        "nlp.extract('Completed 28 02 06', today=datetime.date(2006, 6, 14)); "
        "print(time.perf_counter()-t, time.process_time()-c, int('spacy' in sys.modules))"
    )
    runs = [
        tuple(map(float, subprocess.check_output([sys.executable, "-c", code], cwd=ROOT, text=True).split()))
        for _ in range(5)
    ]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), any(r[2] for r in runs)


def replies_per_second(replies: list[tuple[str, date]], *, rounds: int, model: bool = True) -> tuple[float, float]:
    """Replies per second by the wall clock and per second of this process's CPU time (the machine
    may be shared); ``model=False`` reads with the rules alone."""
    from nlp import extract
    from nlp.status.model import reset_model, set_model

    if model:
        reset_model()
    else:
        set_model(None)
    extract("warm up", today=date(2006, 6, 14))
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for text, today in replies:
            extract(text, today=today)
    count = rounds * len(replies)
    result = count / (time.perf_counter() - start), count / (time.process_time() - cpu)
    reset_model()
    return result


def model_read_time() -> float:
    """Seconds to import and read the packaged status model in a fresh process."""
    code = (
        "import time; t=time.perf_counter(); from nlp.status.model import load_model; "
        "assert load_model() is not None; print(time.perf_counter()-t)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code], cwd=ROOT, text=True)) for _ in range(5)]
    return statistics.median(runs)


def dateparser_per_second(replies: list[tuple[str, date]], *, languages: list[str] | None) -> tuple[float, float]:
    """``dateparser.search_dates`` on the same replies (UK day-first order, relative to the reply's
    day): replies per second by the wall clock and per CPU-second."""
    from dateparser.search import search_dates

    search_dates("warm up 14 June", languages=languages)
    start, cpu = time.perf_counter(), time.process_time()
    for text, today in replies:
        base = datetime(today.year, today.month, today.day)  # noqa: DTZ001 - dateparser wants naive
        search_dates(text, languages=languages, settings={"DATE_ORDER": "DMY", "RELATIVE_BASE": base})
    return len(replies) / (time.perf_counter() - start), len(replies) / (time.process_time() - cpu)


def main() -> None:
    replies = typical_replies()
    words = statistics.mean(len(text.split()) for text, _ in replies)
    print(f"replies: {len(replies)} typical 1-3 sentence replies and notes, {words:.1f} words on average")
    total, total_cpu, spacy_loaded = load_time()
    print(
        f"pipeline load (fresh process: import, build, first reply): {total:.3f} s wall, {total_cpu:.3f} s CPU"
        f"   target < 1 s"
    )
    print(
        f"  spaCy imported: {'yes' if spacy_loaded else 'no'}; importing and reading the status model: "
        f"{model_read_time():.3f} s"
    )
    ours, ours_cpu = replies_per_second(replies, rounds=20)
    print(f"nlp.extract: {ours:,.0f} replies/s on one core ({ours_cpu:,.0f} per CPU-second)   target >= 2,000/s")
    rules, rules_cpu = replies_per_second(replies, rounds=20, model=False)
    print(f"  the rules alone (no status model): {rules:,.0f} replies/s ({rules_cpu:,.0f} per CPU-second)")
    theirs, theirs_cpu = dateparser_per_second(replies, languages=None)
    print(
        f"dateparser.search_dates (default: detects the language) on the same texts: {theirs:,.1f} replies/s "
        f"({theirs_cpu:,.1f} per CPU-second)"
    )
    print(f"  speed-up: {ours / theirs:,.0f}x wall, {ours_cpu / theirs_cpu:,.0f}x CPU   target >= 50x")
    english, english_cpu = dateparser_per_second(replies, languages=["en"])
    print(
        f"dateparser.search_dates(languages=['en']) on the same texts: {english:,.1f} replies/s "
        f"({english_cpu:,.1f} per CPU-second)"
    )
    print(f"  speed-up: {ours / english:,.1f}x wall, {ours_cpu / english_cpu:,.1f}x CPU   target >= 20x")


if __name__ == "__main__":
    main()
