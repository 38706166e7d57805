"""Importing indicator tables: seed 000's appendix from text, CSV, XLSX and DOCX beside the plan's
actions; Chaser's indicator CSV; re-import in place with the change log; bad tables refused with a
one-line error naming file and row, nothing stored lost."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from store.errors import ChaserError, ImportFileError
from store.importers import import_people_csv, import_plan_file
from store.importers.indicators.file import import_indicator_file
from store.indicator_admin import indicator_rows, set_indicator
from store.indicators import plan_indicators
from store.models import ChangeLog, Indicator, IndicatorReading, Person, Plan
from tests.indicators import variants

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = ROOT / "tests" / "data" / "seeds" / "000_1d9b646d0b83632c.txt"
PEOPLE = ROOT / "examples" / "people.csv"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SEED_VALUES = {(title if code == "--" else code): (float(march), float(april), float(may), float(target))
               for code, title, march, april, may, target in variants.APPENDIX}


def _states(engine, plan: str = "overall-2006"):
    with Session(engine) as session:
        plan_row = session.exec(select(Plan).where(Plan.name == plan)).one()
        states = plan_indicators(session, plan_id=plan_row.id or 0)
        owners = {p.id: p.name for p in session.exec(select(Person))}
        return [(s.indicator, s.readings, owners.get(s.indicator.owner_id)) for s in states]


def _check_appendix(engine, *, owner: str | None) -> None:
    states = _states(engine)
    assert len(states) == 8
    for indicator, readings, owner_name in states:
        march, april, may, target = SEED_VALUES[indicator.code or indicator.title]
        assert (indicator.baseline, indicator.baseline_on) == (march, date(2006, 3, 31))
        assert (indicator.target, indicator.target_on) == (target, date(2007, 3, 31))
        assert [(r.period_end, r.value, r.kind) for r in readings] == [
            (date(2006, 4, 30), april, "import"), (date(2006, 5, 31), may, "import")]
        assert owner_name == owner
    codes = [i.code for i, _r, _o in states]
    assert codes == ["CH141", "CH142", "CH143", "DIS1704", "CH145", "CH01", "", ""]
    assert states[4][0].title == "Number of core assessments of children in need per 10,000 population under 18"
    assert states[6][0].key == "number-of-looked-after-children"
    assert [i.unit for i, _r, _o in states][:4] == ["rate_per_10000", "percent", "percent", "percent"]
    assert [i.polarity for i, _r, _o in states] == ["higher", "lower", "higher", "higher", "higher", "higher",
                                                    "lower", "near"]


def test_seed_000_text_imports_eight_indicators_beside_its_actions(engine):
    import_people_csv(engine=engine, path=PEOPLE, now=NOW)
    result = import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    assert result.actions == 63
    assert "  indicators: 8 (8 new, 0 changed), 16 figures recorded" in result.summary().splitlines()
    _check_appendix(engine, owner="Sue Fiennes")  # the lead of section 7 (DoCS), the children's section
    with Session(engine) as session:
        reading = session.exec(select(IndicatorReading).where(IndicatorReading.value == 196.0)).one()
        assert (reading.text, reading.channel, reading.person_id) == ("196", "import", None)
        logged = [c.description for c in session.exec(select(ChangeLog).where(ChangeLog.field.startswith("indicator")))]
        assert "CH141: indicator added from 000_1d9b646d0b83632c.txt (line 298)" in logged
    again = import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=LATER)
    assert "  indicators: 8 (0 new, 0 changed), 0 figures recorded" in again.summary().splitlines()
    with Session(engine) as session:
        assert len(session.exec(select(IndicatorReading)).all()) == 16
        assert len(session.exec(select(Indicator)).all()) == 8


@pytest.mark.parametrize("writer", [variants.plan_csv, variants.plan_xlsx, variants.plan_docx])
def test_the_appendix_imports_from_csv_xlsx_and_docx(engine, tmp_path, writer):
    import_people_csv(engine=engine, path=PEOPLE, now=NOW)
    path = writer(tmp_path)
    result = import_plan_file(engine=engine, path=path, plan_name="overall-2006", now=NOW, partial=True)
    assert result.actions == 3
    assert "indicators: 8 (8 new, 0 changed), 16 figures recorded" in result.summary()
    _check_appendix(engine, owner="Sue Fiennes")  # the lead (DoCS) of the section its heading names


def test_the_canonical_csv_and_a_re_import_that_changes_figures(engine, tmp_path):
    import_people_csv(engine=engine, path=PEOPLE, now=NOW)
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    counts = import_indicator_file(engine=engine, path=variants.canonical_csv(tmp_path), plan_name="overall-2006",
                                   now=LATER)
    assert counts.summary() == "indicators: 3 (1 new, 2 changed), 1 figure recorded"
    by_code = {i.code: (i, r, o) for i, r, o in _states(engine)}
    ch142, _readings, owner = by_code["CH142"]
    assert owner == "Tony Geeson"  # the owner cell "HoPP", resolved through the glossary like a lead
    assert (ch142.unit, ch142.polarity, ch142.polarity_source) == ("percent", "lower", "plan")
    pi7, readings, owner = by_code["PI-7"]
    assert (pi7.frequency, pi7.unit, pi7.polarity, owner) == ("quarterly", "percent", "higher", "Sue Fiennes")
    assert [(r.period_end, r.value) for r in readings] == [(date(2006, 6, 30), 84.0)]  # the quarter May is in

    changed = [row[:] for row in variants.CANONICAL]
    changed[0][11] = "197"  # CH141's May figure revised
    changed[0][6] = "225"
    counts = import_indicator_file(engine=engine, path=variants.canonical_csv(tmp_path, changed),
                                   plan_name="overall-2006", now=LATER.replace(day=24))
    assert counts.summary() == "indicators: 3 (0 new, 1 changed), 1 figure recorded"
    ch141, readings, _o = {i.code: (i, r, o) for i, r, o in _states(engine)}["CH141"]
    assert ch141.target == 225.0 and readings[-1].value == 197.0
    with Session(engine) as session:
        assert len(session.exec(select(IndicatorReading).where(IndicatorReading.indicator_id == ch141.id)).all()) == 3
        logged = {c.description for c in session.exec(select(ChangeLog))}
        assert "CH141: target changed" in logged and "CH141 for the period ending 31 May 2006: 197 per 10,000" in logged


def test_the_coordinators_choices_survive_a_re_import(engine):
    import_people_csv(engine=engine, path=PEOPLE, now=NOW)
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    said = set_indicator(engine=engine, plan_name="overall-2006", code="ch142", now=NOW, owner="HoPP",
                         polarity="near", tolerance=10)
    assert said == "CH142 (overall-2006): set owner Tony Geeson; near is better; tolerance 10%"
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=LATER)
    ch142, _r, owner = _states(engine)[1]
    assert (owner, ch142.polarity, ch142.polarity_source, ch142.tolerance_pct) == ("Tony Geeson", "near",
                                                                                  "coordinator", 10.0)
    rows = indicator_rows(engine=engine, plan_name="overall-2006")
    assert (rows[0].code, rows[0].latest, rows[0].target, rows[0].rag, rows[0].direction) == (
        "CH141", "196 per 10,000 (May 2006)", "220 per 10,000 by 31 Mar 2007", "on track (green)", "improving")
    assert rows[6].code == "--" and rows[6].rag == "within tolerance (amber)"


@pytest.mark.parametrize(("code", "options", "message"), [
    ("CH999", {"polarity": "higher"}, "'CH999': plan 'overall-2006' has no indicator with that code (its "
                                      "indicators: CH141, CH142, CH143, DIS1704, CH145, CH01, "
                                      "number-of-looked-after-children, "
                                      "number-of-children-on-child-protection-register)"),
    ("CH141", {"polarity": "up"}, "--polarity 'up': give higher, lower or near (a figure to hold steady)"),
    ("CH141", {"owner": "Nobody"}, "--owner 'Nobody': no such person (add them with `chaser people import`)"),
    ("CH141", {"tolerance": 150.0}, "--tolerance 150: give a percentage from 0 to 100 (e.g. 5)"),
    ("CH141", {"unit": "furlongs"}, "--unit 'furlongs': give one of number, percent, rate_per_10000, rate_per_1000, "
                                    "rate_per_100000, days, pounds"),
])
def test_setting_an_unknown_code_or_value_is_refused_in_one_line(engine, code, options, message):
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    with pytest.raises(ChaserError) as err:
        set_indicator(engine=engine, plan_name="overall-2006", code=code, now=NOW, **options)
    assert str(err.value) == message


BAD = [
    ("misaligned", lambda rows: rows[:1] + [["CH142", "17.2", "18.0", "18.3", "17.0", "x", "y"]] + rows[2:],
     "overall_2006.csv, row 10: this row has a cell ('y') beyond the table's last column ('Target March 07*'): "
     "its columns are out of line with the header; nothing was imported"),
    ("shifted", lambda rows: rows[:1] + [["17.2", "18.0", "18.3", "17.0"]] + rows[2:],
     "overall_2006.csv, row 10, field 'PERFORMANCE MEASUREMENT': the 'PERFORMANCE MEASUREMENT' cell holds '18.0', "
     "not a measure: the row's columns are out of line with the header (6 columns); nothing was imported"),
    ("not a number", lambda rows: rows[:2] + [["CH142", "% repeat referrals", "17.2", "eighteen", "18.3", "17"]],
     "overall_2006.csv, row 11, field 'End of April 06 ***': CH142: 'eighteen' is not a figure (write a number "
     "such as 18.3, or leave it blank); nothing was imported"),
]


@pytest.mark.parametrize(("name", "mangle", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_indicator_table_is_refused_and_nothing_stored_is_lost(engine, tmp_path, name, mangle, message):
    import_people_csv(engine=engine, path=PEOPLE, now=NOW)
    good = variants.plan_csv(tmp_path)
    import_plan_file(engine=engine, path=good, plan_name="overall-2006", now=NOW, partial=True)
    rows = [variants.APPENDIX_HEADER, *variants.APPENDIX]
    variants.write_csv(good, [variants.PLAN_HEADER, *variants.ACTIONS, [], [variants.HEADING], *mangle(rows)])
    with pytest.raises(ImportFileError) as err:
        import_plan_file(engine=engine, path=good, plan_name="overall-2006", now=LATER, partial=True)
    assert str(err.value) == message
    _check_appendix(engine, owner="Sue Fiennes")


def test_a_date_header_that_cannot_be_read_names_the_header(engine, tmp_path):
    header = [*variants.CANONICAL_HEADER[:10], "2006-04", "Smarch 2006"]
    path = variants.canonical_csv(tmp_path, header=header)
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    with pytest.raises(ImportFileError) as err:
        import_indicator_file(engine=engine, path=path, plan_name="overall-2006", now=LATER)
    assert str(err.value) == ("indicators.csv, row 1, field 'Smarch 2006': the column heading 'Smarch 2006' names no "
                              "period Chaser can read (write e.g. 'End of April 06', 'Apr 2006' or '2006-04'); "
                              "nothing was imported")
    with pytest.raises(ImportFileError, match="--plan 'nope': no such plan"):
        import_indicator_file(engine=engine, path=variants.canonical_csv(tmp_path), plan_name="nope", now=LATER)
    with pytest.raises(ImportFileError, match="holds performance indicators but no plan table"):
        import_plan_file(engine=engine, path=variants.canonical_csv(tmp_path), plan_name="x", now=LATER)
