"""The view-models: which actions are exceptions and why, the summary's rows, the progress tables."""

from __future__ import annotations

from datetime import date

import pytest

from reports.exceptions import ExceptionsReport
from reports.progress import ProgressReport
from reports.render import build_report, render_report
from reports.summary import SummaryReport
from store.errors import ChaserError
from store.models import Plan
from tests.reports.builder import PLAN_NAME, TODAY


def _exceptions(engine) -> ExceptionsReport:
    report = build_report(engine=engine, kind="exceptions", plan_name=None, today=TODAY)
    assert isinstance(report, ExceptionsReport)
    return report


def _items(report: ExceptionsReport) -> dict:
    return {item.ref: item for section in report.sections for item in section.items}


def test_exceptions_list_only_what_needs_attention(plan_engine):
    report = _exceptions(plan_engine)
    items = _items(report)
    assert list(items) == ["2.2", "3.1", "3.2", "5a.2", "5a.4", "5a.6", "5b.1", "6.1", "6.2", "6.3", "7.4", "7.6"]
    # on track or complete without a problem: never listed
    for ref in ("2.1", "2.3", "3.3", "5a.1", "7.1", "7.5"):
        assert ref not in items
    assert [s.heading.split(".")[0] for s in report.sections] == ["2", "3", "5", "6", "7"]


def test_exception_kinds_and_facts(plan_engine):
    items = _items(_exceptions(plan_engine))
    assert items["2.2"].kinds == ("Overdue",)
    assert items["2.2"].rag == "red"
    assert "by 45 days" in items["2.2"].facts[0]
    assert items["3.1"].kinds == ("Overdue", "Slipped")
    assert "now expected by 19 Jun 2006" in items["3.1"].facts[1]
    assert "the date has moved twice" in items["3.1"].facts[1]
    assert items["7.4"].rag == "amber" and "moved twice" in " ".join(items["7.4"].facts)
    assert items["5a.2"].facts[1].endswith("the date has moved once.")
    assert "Blocked" in items["3.2"].kinds and "Blocked" in items["7.6"].kinds
    assert items["6.1"].kinds == ("At risk",)
    assert items["5a.4"].kinds == ("Completed while blocked",) and items["5a.4"].rag == "green"
    assert items["6.2"].kinds == ("No return",)
    assert "No return received from Sarah Green for the 2006-W24 request" in items["6.2"].facts[0]
    assert items["5b.1"].kinds == ("Overdue", "No update")
    assert "No update received for 54 days (the last on 21 Apr 2006)" in items["5b.1"].facts[1]


def test_lead_words_are_quoted_word_for_word_with_who_and_when(plan_engine):
    items = _items(_exceptions(plan_engine))
    assert items["7.4"].quote.startswith("Sue Fiennes, 14 Jun 2006: \u201cAlthough a first draft has now been prepared")
    assert items["7.4"].quote.endswith("when it next meets, on 28 June.\u201d")
    assert items["6.3"].quote == "Progress recorded in the plan: \u201cProject scoped\u201d"


def test_changes_since_the_last_report_and_who_has_not_replied(plan_engine):
    report = _exceptions(plan_engine)
    assert [(c.when, c.ref) for c in report.changes] == [("07 Jun 2006", "7.1"), ("07 Jun 2006", "7.4")]
    assert report.changes[1].text.startswith("Success criteria set to")
    assert report.waiting == ["Sarah Green"] and report.round_key == "2006-W24"
    earlier = build_report(engine=plan_engine, kind="exceptions", plan_name=None, today=TODAY, since=date(2006, 5, 1))
    assert isinstance(earlier, ExceptionsReport)
    assert earlier.changes[0].text == "Plan re-issued after the April review."


def test_summary_rows(plan_engine):
    report = build_report(engine=plan_engine, kind="summary", plan_name=PLAN_NAME, today=TODAY)
    assert isinstance(report, SummaryReport)
    rows = {row.heading.split(".")[0]: row for row in report.rows}
    assert (rows["5"].complete, rows["5"].total) == (1, 5)
    assert rows["5"].rag == "red" and rows["5"].rag_text == "Red (overdue or blocked)"
    assert rows["6"].rag == "amber" and rows["6"].rag_counts == "0 red, 1 amber, 2 green"
    assert [(m.ref, m.when, m.revised) for m in rows["7"].milestones] == [
        ("7.4", "28 Jun 2006", True), ("7.6", "30 Sep 2006", False)]
    assert "This week: progress reported on 7.4 and 7.6." in rows["7"].progress
    assert report.not_replied == "Not yet replied to round 2006-W24 (sent 12 Jun 2006): Sarah Green."
    assert report.changes[0] == "8 updates received on 8 actions from 3 people."


def test_progress_rows_mark_revised_targets(plan_engine):
    report = build_report(engine=plan_engine, kind="progress", plan_name=None, today=TODAY)
    assert isinstance(report, ProgressReport)
    rows = {a.ref: a for s in report.sections for a in s.rows}
    assert len(rows) == 18
    assert rows["7.4"].revised and rows["7.4"].expected_by == date(2006, 6, 28)
    assert rows["7.4"].original_date == "April 2006"
    assert not rows["2.2"].revised
    assert rows["3.1"].percent == 60 and rows["3.1"].status_text == "Delayed"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "weekly"}, "report kind 'weekly' is not known: choose one of exceptions, summary, progress"),
    ({"fmt": "pdf"}, "--format 'pdf' is not known: choose one of md, html, docx, txt"),
    ({"plan_name": "jar"}, "--plan 'jar' is not known: choose one of: overall-2006"),
])
def test_bad_choices_name_the_option_and_the_choices(chaser, kwargs, message):
    args = {"kind": "exceptions", "plan_name": None, "fmt": "md", "since": None} | kwargs
    with pytest.raises(ChaserError) as excinfo:
        render_report(chaser=chaser, **args)
    assert str(excinfo.value) == message


def test_several_plans_need_a_plan_name(chaser):
    from store.db import transaction

    with transaction(chaser.engine) as session:
        session.add(Plan(name="jar-2006", title="JAR Performance Improvement Action Plan"))
    expected = r"there are 2 plans: choose one with --plan \(one of: jar-2006, overall-2006\)"
    with pytest.raises(ChaserError, match=expected):
        render_report(chaser=chaser, kind="summary", plan_name=None, fmt="txt", since=None)
    assert b"JAR Performance Improvement Action Plan: summary progress report" in render_report(
        chaser=chaser, kind="summary", plan_name="jar-2006", fmt="md", since=None)


def test_no_plan_yet(engine, tmp_path):
    from tests.reports.conftest import make_chaser

    with pytest.raises(ChaserError, match="no plan has been imported yet"):
        render_report(chaser=make_chaser(engine, tmp_path), kind="progress", plan_name=None, fmt="md", since=None)


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "txt"])
@pytest.mark.parametrize("kind", ["exceptions", "summary", "progress"])
def test_a_plan_with_no_actions_still_reports(sqlite_engine, tmp_path, kind, fmt):
    from store.db import transaction
    from tests.reports.conftest import make_chaser

    with transaction(sqlite_engine) as session:
        session.add(Plan(name="empty", title="Empty plan"))
    data = render_report(chaser=make_chaser(sqlite_engine, tmp_path), kind=kind, plan_name=None, fmt=fmt, since=None)
    assert data
    if kind == "exceptions" and fmt in ("md", "txt", "html"):
        text = data.decode()
        assert "No exceptions: every action is on track or complete." in text
        assert "No changes to the plan since 31 May 2006." in text


def test_summary_milestones_include_the_plans_own_milestone_dates(plan_engine):
    from sqlmodel import Session, select

    from store.models import Action

    with Session(plan_engine) as session:
        action = session.exec(select(Action).where(Action.ref == "7.6")).one()
        action.milestones = ["2006-07-15", "2006-09-30", "2006-08", "2006-01-10"]  # month-only and past: left out
        session.add(action)
        session.commit()
    report = build_report(engine=plan_engine, kind="summary", plan_name=None, today=TODAY)
    assert isinstance(report, SummaryReport)
    row = next(r for r in report.rows if r.heading.startswith("7."))
    assert [(m.ref, m.when, m.revised) for m in row.milestones] == [
        ("7.4", "28 Jun 2006", True), ("7.6", "15 Jul 2006", False), ("7.6", "30 Sep 2006", False)]


@pytest.mark.parametrize(("today", "remind_after_days", "missing"),
                         [(TODAY, 3, False), (date(2006, 6, 15), 3, True), (TODAY, 2, True)])
def test_a_missing_return_counts_once_the_reply_is_due(plan_sqlite, today, remind_after_days, missing):
    """The round opened Monday 12 Jun: with three working days to reply, Wednesday is too soon to
    call the return missing, and Thursday is not."""
    from store.settings import PlanSchedule, Settings

    settings = Settings(plans={"default": PlanSchedule(remind_after_days=remind_after_days)})
    report = build_report(engine=plan_sqlite, kind="exceptions", plan_name=None, today=today, settings=settings)
    assert isinstance(report, ExceptionsReport)
    kinds = {kind for section in report.sections for item in section.items for kind in item.kinds}
    assert ("No return" in kinds) is missing
