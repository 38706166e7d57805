"""Per-field accuracy of ``nlp.extract`` on the labelled replies in tests/data.

Run: ``python -m tests.nlp.accuracy`` (add ``--errors`` to list the dev split's mistakes). The
held-out splits (``held-out``, written with the first version; ``held-out2`` and ``held-out3``,
written before the second and third passes touched any rule; ``unseen``, written for issue 17
before anything changed, ``unseen2``, written for its second pass before anything of that pass
changed, ``unseen3``, written for its third pass before anything of that pass changed, and ``unseen4``,
written for its fourth pass by a writer who never saw the reader's code or output, in the styles of
real councils' published progress notes, and ``unseen5``, written the same way after the fourth
pass's changes, to score them on replies they were never near, and ``unseen6``, likewise, before
and after the last changes of that session, and ``unseen7``, written the same way for issue 17's
fifth pass and scored once before that pass's changes, and ``unseen8``, written the same way and scored
once after them, and ``unseen9``, likewise, scored once after the changes from unseen8's families, and
``unseen10``, scored once after the changes from unseen9's, and ``unseen11``, scored once after the
changes from unseen10's, and ``unseen12``, scored once each on three readers (before and after the
status model was trained to convergence, and after the chat forms of days were added), and
``unseen13``, scored once on the reader of session 7 before its last families, and ``unseen14``,
scored once after them, and ``unseen15``, scored once on session 7's final reader, by a writer who
wrote email, chat and partner replies only, and ``unseen16``, scored once after unseen15's families;
none is ever trained on)
only ever report their scores: their mistakes are never printed, so nothing is tuned on them.

Besides accuracy, each split reports how the reading would be used: ``asked`` is the share of
replies where Chaser would ask the lead to confirm (confidence below ``ASK_BELOW``, or no status
read from a reply that is not "no change"), and ``silent_error`` the share whose status would be
recorded wrong without a question.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from nlp import extract
from nlp.extraction import ASK_BELOW, Extraction

DATA = Path(__file__).resolve().parents[1] / "data"
SPLITS = {
    "dev": DATA / "replies_dev.jsonl",
    "held-out": DATA / "replies_heldout.jsonl",
    "held-out2": DATA / "replies_heldout2.jsonl",
    "held-out3": DATA / "replies_heldout3.jsonl",
    "unseen": DATA / "replies_unseen.jsonl",
    "unseen2": DATA / "replies_unseen2.jsonl",
    "unseen3": DATA / "replies_unseen3.jsonl",
    "unseen4": DATA / "replies_unseen4.jsonl",
    "unseen5": DATA / "replies_unseen5.jsonl",
    "unseen6": DATA / "replies_unseen6.jsonl",
    "unseen7": DATA / "replies_unseen7.jsonl",
    "unseen8": DATA / "replies_unseen8.jsonl",
    "unseen9": DATA / "replies_unseen9.jsonl",
    "unseen10": DATA / "replies_unseen10.jsonl",
    "unseen11": DATA / "replies_unseen11.jsonl",
    "unseen12": DATA / "replies_unseen12.jsonl",
    "unseen13": DATA / "replies_unseen13.jsonl",
    "unseen14": DATA / "replies_unseen14.jsonl",
    "unseen15": DATA / "replies_unseen15.jsonl",
    "unseen16": DATA / "replies_unseen16.jsonl",
}
FIELDS = ("status", "percent_complete", "completed_on", "expected_by", "no_change")
TARGETS = {"status": 0.95, "percent_complete": 0.97, "completed_on": 0.95, "expected_by": 0.95, "refs": 1.0}
CEILINGS = {"silent_error": 0.02}


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled replies in one JSONL file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score(records: Iterable[dict[str, Any]]) -> tuple[dict[str, float], list[str], int]:
    """Accuracy per field (and for refs and per-action status) plus a description of each miss."""
    hits: dict[str, int] = {name: 0 for name in (*FIELDS, "refs", "action_status", "asked", "silent_error")}
    totals: dict[str, int] = {name: 0 for name in hits}
    misses: list[str] = []
    count = 0
    for record in records:
        count += 1
        got = extract(record["text"], today=date.fromisoformat(record["today"]))
        found = {a.ref: a for a in got.actions}
        totals["asked"] += 1
        totals["silent_error"] += 1
        if asks(got):
            hits["asked"] += 1
        elif got.status != record["status"]:
            hits["silent_error"] += 1
        for name in FIELDS:
            expected, actual = record[name], getattr(got, name)
            totals[name] += 1
            if expected == actual:
                hits[name] += 1
            else:
                misses.append(
                    f"{record['id']} {name}: expected {expected!r} got {actual!r} | {record['text'][:150]}"
                )
        wanted = [a["ref"] for a in record["actions"]]
        totals["refs"] += 1
        if set(wanted) <= set(found):
            hits["refs"] += 1
        else:
            misses.append(
                f"{record['id']} refs: expected {wanted} got {sorted(found)} | {record['text'][:150]}"
            )
        for action in record["actions"]:
            totals["action_status"] += 1
            actual_status = found[action["ref"]].status if action["ref"] in found else None
            if actual_status == action["status"]:
                hits["action_status"] += 1
            else:
                misses.append(
                    f"{record['id']} action {action['ref']} status: expected {action['status']!r} "
                    f"got {actual_status!r} | {record['text'][:150]}"
                )
    accuracy = {name: hits[name] / totals[name] for name in hits if totals[name]}
    return accuracy, misses, count


def asks(got: Extraction) -> bool:
    """Whether Chaser asks the lead to confirm the status instead of recording it silently."""
    return got.confidence < ASK_BELOW or (got.status is None and not got.no_change)


def main(argv: list[str] | None = None) -> int:
    """Print a table of accuracies for every split; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list the dev split's mistakes")
    args = parser.parse_args(argv)
    results = {name: score(load(path)) for name, path in SPLITS.items()}
    names = [*FIELDS, "refs", "action_status", "asked", "silent_error"]
    print(
        f"{'field':<18}"
        + "".join(f"{split + ' (' + str(r[2]) + ')':>18}" for split, r in results.items())
        + "  target"
    )
    for name in names:
        row = "".join(f"{r[0].get(name, float('nan')):>18.3f}" for r in results.values())
        target = TARGETS.get(name)
        ceiling = CEILINGS.get(name)
        goal = f">= {target:.2f}" if target else f"<= {ceiling:.2f}" if ceiling else ""
        print(f"{name:<18}{row}  {goal}")
    if args.errors:
        print("\nDev split mistakes:")
        for line in results["dev"][1]:
            print(" ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
