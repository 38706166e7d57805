"""Reports of a plan with indicators: golden files (md, html, txt), the Word charts, and the facts each
report states (the seed's eight indicators at the end of May 2006, two May figures from the owner's replies)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session, select

from reports.render import render_report
from store.models import Plan
from tests.indicator_fixtures import add_seed_indicators
from tests.reports.conftest import make_chaser

GOLDEN = Path(__file__).parent / "golden" / "indicators"
KINDS = ("exceptions", "summary", "progress")
FORMATS = ("md", "html", "txt")


def _with_indicators(engine):
    with Session(engine) as session:
        plan = session.exec(select(Plan)).one()
    add_seed_indicators(engine, plan_id=plan.id, owner="Sue Fiennes")
    return engine


@pytest.fixture
def ind_chaser(plan_engine, tmp_path):
    return make_chaser(_with_indicators(plan_engine), tmp_path)


@pytest.fixture
def ind_sqlite_chaser(plan_sqlite, tmp_path):
    return make_chaser(_with_indicators(plan_sqlite), tmp_path)


def _render(chaser, kind, fmt):
    return render_report(chaser=chaser, kind=kind, plan_name=None, fmt=fmt, since=None)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_report_with_indicators_matches_golden_file(ind_chaser, kind, fmt):
    produced = _render(ind_chaser, kind, fmt).decode("utf-8")
    path = GOLDEN / f"{kind}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest tests/reports"
    assert produced == path.read_text(encoding="utf-8")


def test_the_exceptions_report_names_the_indicators_off_track_with_their_figures_and_the_owners_words(
        ind_sqlite_chaser):
    text = _render(ind_sqlite_chaser, "exceptions", "txt").decode("utf-8")
    part = " ".join(text.split("3. INDICATORS OFF TRACK")[1].split())
    assert "8 indicators: 3 Red, 2 Amber, 3 Green." in part
    off_track = part.split("Short of their trajectory")[0]
    for code in ("CH142", "CH143", "CH145"):
        assert f"- {code} " in off_track
    for code in ("CH141", "DIS1704", "CH01"):
        assert f"- {code} " not in off_track
    assert ("RAG: Red (off track). 18.3% in May 2006, against a trajectory of 17.2% and a target of 17% by "
            "31 Mar 2007. Direction of travel: worsening, up 0.3 since April 2006.") in part
    assert "Repeat referrals are up again while the duty team is short of staff." in part  # the owner's words
    amber = part.split("Short of their trajectory, within the tolerance (Amber):")[1]
    assert "DIS1704" in amber and "Number of Looked After Children (owner: Sue Fiennes): 161 in May 2006" in amber


def test_summary_and_progress_carry_the_indicators_table_with_rag_in_words(ind_sqlite_chaser):
    for kind in ("summary", "progress"):
        md = _render(ind_sqlite_chaser, kind, "md").decode("utf-8")
        assert "| Code | Measure | Latest | Target | RAG | Direction of travel |" in md
        assert ("| CH141 | Referrals of children in need per 10,000 population aged under 18 | 196 per 10,000 "
                "(May 2006) | 220 per 10,000 by 31 Mar 2007 | Green (on track) | Improving, up 15 since April 2006 |"
                ) in md
        assert "| - | Number of Looked After Children | 161 (May 2006) | 155 by 31 Mar 2007 | Amber" in md


def test_html_charts_are_inline_svg_with_every_number_in_text(ind_sqlite_chaser):
    html = _render(ind_sqlite_chaser, "summary", "html").decode("utf-8")
    assert html.count("<svg ") == 8
    assert ('<title id="summary-trend-CH142-t">Trend of CH142: baseline 17.2% (March 2006); readings April 2006 '
            "18%, May 2006 18.3%; trajectory 17.2% at May 2006; target 17% by 31 Mar 2007.</title>") in html
    assert html.count("CH142: baseline 17.2% (March 2006)") == 2  # the chart's title and the text under it


def test_word_reports_show_each_trend_as_a_picture_with_its_numbers(ind_sqlite_chaser):
    for kind, pictures in (("summary", 8), ("progress", 8), ("exceptions", 3)):
        doc = Document(io.BytesIO(_render(ind_sqlite_chaser, kind, "docx")))
        shapes = doc.inline_shapes
        assert len(shapes) == pictures, kind
        descriptions = [s._inline.docPr.get("descr") for s in shapes]
        assert any(d.startswith("Trend of CH142: baseline 17.2% (March 2006); readings April 2006 18%, May 2006 "
                                "18.3%") for d in descriptions), descriptions
        blob = doc.part.related_parts[shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        assert blob.startswith(b"\x89PNG")
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "CH142: baseline 17.2% (March 2006)" in text  # the numbers in text too


def test_a_plan_without_indicators_has_no_indicator_part(sqlite_chaser):
    for kind in KINDS:
        assert "ndicator" not in _render(sqlite_chaser, kind, "md").decode("utf-8").replace("indicators included", "")
