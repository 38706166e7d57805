"""Hostile or broken plan files are refused in one line naming the file, before any parser can be
made to use gigabytes: size limits, zip bombs, missing parts, DTDs with entities, giant cells."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from bot.cli import app
from store.errors import ImportFileError
from store.importers.plan_file import import_plan_file
from store.importers.tables.limits import ImportLimits

NOW = datetime(2006, 6, 14, 9, 0, tzinfo=ZoneInfo("Europe/London"))
HEADER = "ref,action,lead,due\n"


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Ref", "Action", "Lead"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1.1", "Write the plan", "Sue Fiennes"), strict=True):
        cell.text = text
    document.save(str(path))
    return path


def _rewrite(path: Path, target: Path, *, replace: dict[str, bytes] | None = None, drop: str = "",
             add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename == drop:
                continue
            out.writestr(item.filename, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return target


def _refused(engine, path: Path, limits: ImportLimits | None = None) -> str:
    with pytest.raises(ImportFileError) as caught:
        import_plan_file(engine=engine, path=path, plan_name="p", now=NOW, limits=limits)
    message = str(caught.value)
    assert message.startswith(path.name) and "\n" not in message
    return message


def test_a_file_over_the_size_limit_is_refused_unread(sqlite_engine, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "1.1,Write the plan,Sue Fiennes,March 2006\n" * 100, encoding="utf-8")
    message = _refused(sqlite_engine, path, ImportLimits(max_bytes=1024))
    assert "the file is 4 KB, over the 1 KB limit for a plan" in message


def test_a_zip_bomb_is_refused_before_parsing(sqlite_engine, tmp_path):
    pad = {"word/media/pad.bin": b"\0" * 5_000_000}
    bomb = _rewrite(_docx(tmp_path / "plan.docx"), tmp_path / "bomb.docx", add=pad)
    assert bomb.stat().st_size < 100_000
    message = _refused(sqlite_engine, bomb, ImportLimits(max_unpacked_bytes=1024 * 1024))
    assert "it unpacks to 5.6 MB, over the 1.0 MB limit" in message


def test_external_entities_are_refused(sqlite_engine, tmp_path):
    plain = _docx(tmp_path / "plan.docx")
    with zipfile.ZipFile(plain) as package:
        body = package.read("word/document.xml")
    xxe = body.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
    hostile = _rewrite(plain, tmp_path / "xxe.docx", replace={"word/document.xml": xxe})
    assert "part word/document.xml declares a DTD" in _refused(sqlite_engine, hostile)
    laughs = body.replace(b"?>", b'?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
    hostile = _rewrite(plain, tmp_path / "laughs.docx", replace={"word/document.xml": laughs})
    assert "declares a DTD or entities" in _refused(sqlite_engine, hostile)


def test_missing_parts_give_one_line(sqlite_engine, tmp_path):
    plain = _docx(tmp_path / "plan.docx")
    assert "not a readable .docx" in _refused(
        sqlite_engine, _rewrite(plain, tmp_path / "nobody.docx", drop="word/document.xml"))
    assert "[Content_Types].xml part is missing" in _refused(
        sqlite_engine, _rewrite(plain, tmp_path / "notypes.docx", drop="[Content_Types].xml"))
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Ref", "Action", "Lead"])
    book.save(tmp_path / "plan.xlsx")
    broken = _rewrite(tmp_path / "plan.xlsx", tmp_path / "broken.xlsx", drop="xl/workbook.xml")
    assert "not a readable .xlsx workbook" in _refused(sqlite_engine, broken)


def test_a_giant_cell_is_refused_naming_the_row(sqlite_engine, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(HEADER + "1.1,Write the plan,Sue Fiennes,March 2006\n1.2," + "x" * 40_000 + ",Sue,May 2006\n",
                    encoding="utf-8")
    assert "row 3: a cell holds 40,000 characters" in _refused(sqlite_engine, path)


def test_the_command_refuses_a_bomb_in_one_line(tmp_path, monkeypatch):
    pad = {"word/media/pad.bin": b"\0" * 3_000_000}
    bomb = _rewrite(_docx(tmp_path / "plan.docx"), tmp_path / "bomb.docx", add=pad)
    monkeypatch.setenv("CHASER_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("CHASER_IMPORT_MAX_UNPACKED_BYTES", str(1024 * 1024))
    result = CliRunner().invoke(app, ["import", str(bomb)])
    assert result.exit_code != 0
    assert "bomb.docx: it unpacks to" in str(result.output) + str(result.exception)
