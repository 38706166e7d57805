"""Golden files: each report in md, html and txt for the fixed plan on 14 June 2006.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/reports``, and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reports.render import render_report

GOLDEN = Path(__file__).parent / "golden"
KINDS = ("exceptions", "summary", "progress")
FORMATS = ("md", "html", "txt")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_report_matches_golden_file(chaser, kind, fmt):
    produced = render_report(chaser=chaser, kind=kind, plan_name=None, fmt=fmt, since=None).decode("utf-8")
    path = GOLDEN / f"{kind}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest tests/reports"
    assert produced == path.read_text(encoding="utf-8")


def test_plain_text_fits_78_columns_and_never_relies_on_colour():
    for kind in KINDS:
        text = (GOLDEN / f"{kind}.txt").read_text(encoding="utf-8")
        assert max(len(line) for line in text.splitlines()) <= 78, kind
        assert "Red (overdue or blocked)" in text
