"""Everything ``nlp.extract`` reads from every text the repository has, dumped as JSON lines.

A speed change to the NLP layer must not change one byte of what it reads. Dump before the change,
dump after, and compare:

    python benchmarks/nlp_golden.py --out /tmp/before.jsonl     # on the code before the change
    python benchmarks/nlp_golden.py --against /tmp/before.jsonl # after it: exit 1 on any difference

The texts: every labelled reply in ``tests/data/replies_*.jsonl`` (with its own ``today``); the
lead's words of every mail-client layout in ``tests/email/clients/`` (the cleaned form the email
path hands to the reader); each labelled reply as a pasted HTML cell and above a quoted request
(so :func:`nlp.extractor.clean` has something to blank); and the seed plans in ``tests/data/seeds/``,
paragraph by paragraph and whole. Each line holds the whole reading: every field of the
:class:`~nlp.extraction.Extraction`, the confidence unrounded, the evidence and each action.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
EMAIL_DAY = date(2006, 6, 14)  # the day the email corpus's replies are written (tests/email/corpus.py)
QUOTED = "\n\nOn 12 June 2006, Chaser wrote:\n> Please tell us how 7.2 stands.\n> Due 30/06/06; 4.1 done 3 May\n"


def texts() -> Iterator[tuple[str, str, date]]:
    """(label, text, today) for every text the golden dump reads."""
    from tests.email.corpus import layouts

    for path in sorted(DATA.glob("replies_*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            today = date.fromisoformat(record["today"])
            label = f"{path.name}:{number}:{record.get('id', '')}"
            yield label, record["text"], today
            yield label + ":html", f"<p>{record['text']}</p>", today
            yield label + ":quoted", record["text"] + QUOTED, today
    for layout in layouts():
        yield f"email:{layout.name}", layout.words, EMAIL_DAY
    for path in sorted((DATA / "seeds").glob("*.txt")):
        whole = path.read_text(encoding="utf-8")
        for number, paragraph in enumerate(whole.split("\n\n"), 1):
            if paragraph.strip():
                yield f"seed:{path.name}:{number}", paragraph, EMAIL_DAY
        yield f"seed:{path.name}", whole, EMAIL_DAY


def dump_lines() -> Iterator[str]:
    """One JSON line per text: its label and everything read from it."""
    from nlp import extract

    for label, text, today in texts():
        reading = dataclasses.asdict(extract(text, today=today))
        del reading["text"]
        reading["confidence"] = repr(reading["confidence"])  # every digit, not a rounded float
        yield json.dumps({"label": label, "today": today.isoformat(), "reading": reading}, sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the dump here (default: standard output)")
    parser.add_argument("--against", type=Path, help="compare with an earlier dump; exit 1 on any difference")
    args = parser.parse_args(argv)
    lines = list(dump_lines())
    body = "".join(line + "\n" for line in lines)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if args.out:
        args.out.write_text(body, encoding="utf-8")
    if args.against is None:
        if not args.out:
            sys.stdout.write(body)
        print(f"{len(lines)} texts, sha256 {digest}", file=sys.stderr)
        return 0
    before = args.against.read_text(encoding="utf-8").splitlines()
    if len(before) != len(lines):
        print(f"{args.against}: {len(before)} texts, now {len(lines)}", file=sys.stderr)
        return 1
    differ = [(old, new) for old, new in zip(before, lines, strict=True) if old != new]
    for old, new in differ[:10]:
        print(f"- {old}\n+ {new}", file=sys.stderr)
    print(
        f"{len(lines)} texts, {len(differ)} differ from {args.against}; sha256 {digest}",
        file=sys.stderr,
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
