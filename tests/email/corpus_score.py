"""Score the client corpus: ``python -m tests.email.corpus_score [-v] [NAME ...]``.

Prints, over every layout in tests/email/clients/, the share where the stored text is exactly the
lead's words, the share where the fields read are right, and the number where anything of Chaser's
own request was stored or read as progress (which must be none)."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from tests.email.corpus import Outcome, run_all


def report(outcomes: list[Outcome], *, verbose: bool) -> str:
    """The figures, and a line for each item that missed."""
    total = len(outcomes)
    words_ok = sum(o.words_ok for o in outcomes)
    fields_ok = sum(o.fields_ok for o in outcomes)
    leaks = [o for o in outcomes if o.leaked]
    lines = []
    for o in outcomes:
        if verbose or not (o.words_ok and o.fields_ok) or o.leaked:
            marks = ("words ok" if o.words_ok else "WORDS") + ", " + ("fields ok" if o.fields_ok else "FIELDS")
            lines.append(f"{o.name} [{o.client}]: {marks}{', LEAK' if o.leaked else ''}")
            if not o.words_ok:
                lines.append(f"    stored:   {o.stored!r}")
                lines.append(f"    expected: {o.expected!r}")
            lines += [f"    {p}" for p in o.problems]
            lines += [f"    leaked: {x}" for x in o.leaked]
    lines.append(f"layouts: {total}")
    lines.append(f"stored text exactly the lead's words: {words_ok}/{total} ({100 * words_ok / max(total, 1):.1f}%)")
    lines.append(f"fields read right: {fields_ok}/{total} ({100 * fields_ok / max(total, 1):.1f}%)")
    lines.append(f"Chaser's own request stored or read as progress: {len(leaks)}/{total}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these layouts (file names without .txt)")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line for every layout")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="chaser-corpus-") as folder:
        outcomes = run_all(Path(folder), args.names or None)
    print(report(outcomes, verbose=args.verbose))
    return 0 if outcomes and not any(o.leaked for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
