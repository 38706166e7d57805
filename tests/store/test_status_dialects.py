"""Status and RAG cells in every dialect councils use become a status and a RAG colour."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from store.importers.plan_file import plan_slug
from store.importers.status import CellReading, read_status_cell


@pytest.mark.parametrize(
    ("cell", "reading"),
    [
        ("Red", CellReading(None, "red")),
        ("R", CellReading(None, "red")),
        ("Amber", CellReading(None, "amber")),
        ("A", CellReading(None, "amber")),
        ("G", CellReading(None, "green")),
        ("Green 01/01/2004", CellReading(None, "green")),
        ("Blue", CellReading("complete", "green")),
        ("B", CellReading("complete", "green")),
        ("On track", CellReading("in_progress", "green")),
        ("At risk", CellReading("delayed", "amber")),
        ("Off track", CellReading("delayed", "red")),
        ("Not yet started", CellReading("not_started", None)),
        ("Complete", CellReading("complete", "green")),
        ("Completed", CellReading("complete", "green")),
        ("Closed", CellReading("complete", "green")),
        ("On hold", CellReading("blocked", None)),
        ("Green - on track", CellReading("in_progress", "green")),
        ("Amber (some slippage)", CellReading("delayed", "amber")),
        ("65%", CellReading("in_progress", None, 65)),
        ("100%", CellReading("complete", "green", 100)),
        ("0%", CellReading("not_started", None, 0)),
        ("☺", CellReading("in_progress", "green")),
        ("😐", CellReading("delayed", "amber")),
        ("☹", CellReading("delayed", "amber")),
        ("", CellReading()),
        ("see note", CellReading()),
        ("Achieved", CellReading("complete", "green")),
        # Scales written out in full (Rotherham's tracker, Flintshire's levels of progress).
        ("Delayed by less than 3 months", CellReading("delayed", "amber")),
        ("Will not be met within 3 months of original target date", CellReading("delayed", "red")),
        ("Not yet scheduled to start", CellReading("not_started", None)),
        ("Good progress", CellReading("in_progress", "green")),
        ("Satisfactory progress", CellReading("in_progress", "amber")),
        ("Limited progress", CellReading("delayed", "red")),
        # A negation is not the word it denies.
        ("Not achieved", CellReading("delayed", None)),
        ("Not on track", CellReading("delayed", "red")),
        ("Not complete", CellReading("in_progress", None)),
        ("Amber - not completed", CellReading("in_progress", "amber")),
    ],
)
def test_status_cells_in_every_dialect(cell: str, reading: CellReading) -> None:
    assert read_status_cell(cell) == reading


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Herefordshire Council's Overall Performance Improvement Plan 2006", "overall-performance-improvement-2006"),
        ("The Herefordshire Council JAR Performance Improvement Action Plan: Improving Children's Services",
         "jar-performance-improvement"),
        ("Council Plan Overview Report Quarter 4", "council-plan-overview"),
        ("The London Borough of Barnet Corporate Plan 2024", "barnet-corporate-plan-2024"),
        ("Improvement Plan", "improvement-plan"),
    ],
)
def test_short_plan_names(title: str, slug: str) -> None:
    assert plan_slug(title) == slug


def test_the_example_config_names_the_jar_plan_as_the_importer_does() -> None:
    example = tomllib.loads((Path(__file__).resolve().parents[2] / "chaser.example.toml").read_text())
    seed = (Path(__file__).resolve().parents[1] / "data" / "seeds" / "001_b46cc8812e60abd1.txt")
    from store.importers.builder import build_plan
    from store.importers.plan_file import read_document

    name = plan_slug(build_plan(read_document(seed)).title)
    assert name in example["plans"]
    assert any(report.get("plan") == name for report in example["reports"])
