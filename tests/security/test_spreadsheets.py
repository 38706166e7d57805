"""Spreadsheet safety: exported cells never run as formulas (OWASP CSV injection), the export still
re-imports to the same plan, and an unterminated quote is refused naming the row."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from store.cell_safety import neutralise, restore
from store.errors import ImportFileError
from store.export import export_csv, export_json
from store.importers.people import read_people_csv
from store.importers.plan_file import import_plan_file

NOW = datetime(2006, 6, 14, 9, 0, tzinfo=ZoneInfo("Europe/London"))
HEADER = "section,section_title,ref,action,lead,due,status,progress,expected_by,partners,success_criteria\n"
HOSTILE = ('7,Children,7.1,"=HYPERLINK(""http://evil.example"",""click"")",Sue Fiennes,March 2006,in_progress,'
           '"=cmd|\' /C calc\'!A0",,"+1+1","@SUM(A1:A9)"\n'
           '7,Children,7.2,"-2+3 = a sum, in words",Sue Fiennes,March 2006,in_progress,"\'=already quoted",,,\n')


@pytest.mark.parametrize("value", ["=1+1", "+44 1432", "-3", "@SUM(A1)", "\tx", "\rx", "'=x", "''+y", "plain",
                                   "'quoted words", "", "it's"])
def test_neutralise_then_restore_is_the_identity(value):
    safe = neutralise(value)
    assert safe[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert restore(safe) == value


def test_export_neutralises_formulas_and_reimports_to_the_same_plan(sqlite_engine, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text(HEADER + HOSTILE, encoding="utf-8")
    import_plan_file(engine=sqlite_engine, path=source, plan_name="p", now=NOW)
    exported = export_csv(engine=sqlite_engine, plan_name="p")
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells and "'=cmd|' /C calc'!A0" in cells
    before = export_json(engine=sqlite_engine, plan_name="p", today=NOW.date())
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    result = import_plan_file(engine=sqlite_engine, path=again, plan_name="p", now=NOW)
    assert result.changed == 0
    after = export_json(engine=sqlite_engine, plan_name="p", today=NOW.date())
    assert after == before
    titles = {a["ref"]: a["title"] for a in after["plans"][0]["actions"]}
    assert titles["7.1"].startswith("=HYPERLINK(") and titles["7.2"].startswith("-2+3")


def test_an_unterminated_quote_is_refused_naming_the_row(sqlite_engine, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(HEADER + '7,Children,7.1,"Do the thing,Sue Fiennes,March 2006\n'
                    "7,Children,7.2,Other,Sue Fiennes,April 2006\n7,Children,7.3,Third,Sue Fiennes,May 2006\n",
                    encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"plan.csv, line 2, row 2: a quote .* is never closed"):
        import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=NOW)


def test_an_unterminated_quote_in_the_people_file_is_refused(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text('name,email\nSue Fiennes,"sue@x.org\nJane Jones,jane@x.org\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"people.csv, line 2, row 2: a quote"):
        read_people_csv(path)
