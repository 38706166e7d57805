"""Seed 000's appendix beside a few of its section-7 actions, written as a council would save them:
a CSV with both tables, a workbook with a sheet each, a Word document with a heading and two
tables; and Chaser's own indicator CSV. Written into a test's folder, so nothing binary is kept."""

from __future__ import annotations

import csv
from pathlib import Path

PLAN_HEADER = ["Ref", "Action", "Lead", "Due", "Progress"]
ACTIONS = [
    ["Improved services and outcomes for children & young people", "", "", "", ""],
    ["7.3", "Publish the Children and Young People's Plan 2006-08", "DoCS", "1 April 2006", "Published March 2006"],
    ["7.4", "Full SMART Forward Delivery Plan in place", "DoCS", "April 2006", ""],
    ["Promoting equality and diversity", "", "", "", ""],
    ["8.1", "Complete the programme of Y3 EIAs", "HoPP", "September 2006", ""],
]
HEADING = "Key children's safeguarding performance indicators"
APPENDIX_HEADER = ["No of PI", "PERFORMANCE MEASUREMENT", "Position March 06", "End of April 06 ***",
                   "End of May 06 ***", "Target March 07*"]
APPENDIX = [
    ["CH141", "Referrals of children in need per 10,000 population aged under 18", "175", "181", "196", "220"],
    ["CH142", "% of referrals that are repeat referrals within 12 months", "17.2", "18.0", "18.3", "17.0"],
    ["CH143", "% Referrals of children in need leading to initial assessments", "54.0", "49.1", "44.9", "60.0"],
    ["DIS1704", "% of initial assessments within 7 working days of referral", "70.1", "66.7", "67.8", "75.0"],
    ["CH145", "<i>Number of core assessments of children in need per 10,000 population under 18</i>", "30.0",
     "26.5", "26.7", "45.0"],
    ["CH01", "Number of children on child protection register per 10,000 population under 18", "16.8", "16.8",
     "17.1", "17.0"],
    ["--", "Number of Looked After Children", "157", "158", "161", "155"],
    ["--", "Number of children on Child Protection Register", "63", "63", "64", "63"],
]
CANONICAL_HEADER = ["code", "title", "unit", "polarity", "baseline", "baseline_date", "target", "target_date",
                    "owner", "frequency", "2006-04", "2006-05"]
CANONICAL = [
    ["CH141", "Referrals of children in need per 10,000 population aged under 18", "rate per 10,000", "higher",
     "175", "2006-03-31", "220", "2007-03-31", "DoCS", "monthly", "181", "196"],
    ["CH142", "% of referrals that are repeat referrals within 12 months", "percent", "lower", "17.2",
     "31/03/2006", "17.0", "March 2007", "HoPP", "monthly", "18.0", "18.3"],
    ["PI-7", "Complaints answered within 10 working days", "%", "", "80", "2006-03-31", "90", "2007-03-31",
     "Sue Fiennes", "quarterly", "", "84"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def plan_csv(folder: Path) -> Path:
    """One CSV: the plan table, a blank row, the appendix's heading, then the appendix."""
    return write_csv(folder / "overall_2006.csv",
                     [PLAN_HEADER, *ACTIONS, [], [HEADING], APPENDIX_HEADER, *APPENDIX])


def plan_xlsx(folder: Path) -> Path:
    """A workbook: the plan on one sheet, the appendix on a sheet named for it."""
    from openpyxl import Workbook

    book = Workbook()
    plan = book.active
    plan.title = "Plan"
    for row in [PLAN_HEADER, *ACTIONS]:
        plan.append(row)
    sheet = book.create_sheet("Indicators")
    for row in [[HEADING], APPENDIX_HEADER, *APPENDIX]:
        sheet.append([_number(cell) for cell in row])
    path = folder / "overall_2006.xlsx"
    book.save(path)
    return path


def _number(cell: str) -> str | float:
    try:
        return float(cell)
    except ValueError:
        return cell


def plan_docx(folder: Path) -> Path:
    """A Word document: a title, the plan table, the appendix's heading and its table."""
    import docx

    document = docx.Document()
    document.add_paragraph("Overall Performance Improvement Plan 2006")
    for header, rows in ((PLAN_HEADER, ACTIONS), (APPENDIX_HEADER, APPENDIX)):
        if header is APPENDIX_HEADER:
            document.add_paragraph(HEADING)
        table = document.add_table(rows=1 + len(rows), cols=len(header))
        for r, row in enumerate([header, *rows]):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell.replace("<i>", "").replace("</i>", "")
    path = folder / "overall_2006.docx"
    document.save(str(path))
    return path


def canonical_csv(folder: Path, rows: list[list[str]] | None = None, header: list[str] | None = None) -> Path:
    """Chaser's own indicator CSV (docs/import.md)."""
    body = rows if rows is not None else CANONICAL
    return write_csv(folder / "indicators.csv", [header or CANONICAL_HEADER, *body])
