"""`chaser report` end to end: the command line, a database file, --today, --format and --out."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from bot.cli import app
from tests.reports.builder import build_plan

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def database(tmp_path, monkeypatch, sqlite_engine):
    build_plan(sqlite_engine)
    url = str(sqlite_engine.url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHASER_CONFIG", raising=False)
    # As the other report tests: replies are due two working days after the round opened (12 Jun).
    (tmp_path / "chaser.toml").write_text("[plans.default]\nremind_after_days = 2\n")
    monkeypatch.setenv("CHASER_DATABASE_URL", url)
    return url


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_report_to_stdout_matches_the_golden_file(database, fmt):
    result = CliRunner().invoke(app, ["report", "exceptions", "--today", "2006-06-14", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / f"exceptions.{fmt}").read_text(encoding="utf-8")


def test_since_widens_the_changes(database):
    result = CliRunner().invoke(app, ["report", "exceptions", "--today", "2006-06-14", "--since", "2006-05-01"])
    assert result.exit_code == 0, result.output
    assert "02 May 2006: Plan re-issued after the April review." in result.stdout


def test_docx_to_a_file(database, tmp_path):
    out = tmp_path / "progress.docx"
    result = CliRunner().invoke(app, ["report", "progress", "--today", "2006-06-14", "--format", "docx",
                                      "--plan", "overall-2006", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    assert len(Document(io.BytesIO(out.read_bytes())).tables) == 5


def test_bad_format_is_a_one_line_error(database):
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "report", "summary", "--format", "pdf"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == "chaser: error: --format 'pdf' is not known: choose one of md, html, docx, txt\n"
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "report", "weekly"], capture_output=True, text=True,
                          timeout=60)
    assert proc.stderr == ("chaser: error: report kind 'weekly' is not known: choose one of exceptions, summary, "
                           "progress\n")
