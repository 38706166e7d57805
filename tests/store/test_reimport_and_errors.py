"""Re-import updates in place with a change log; bad files fail clearly and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.errors import ImportFileError
from store.importers import import_plan_file
from store.models import Action, ChangeLog, Person, Plan, Update
from store.repository import find_person
from tests.store.conftest import NOW, SEED_000, actions_of

LATER = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


def _counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Plan, Action, Person, Update, ChangeLog)
        )


def test_reimport_updates_in_place_and_logs_every_change(engine: Engine, tmp_path: Path) -> None:
    first = import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    assert (first.new, first.changed) == (63, 0)
    before = actions_of(engine, "overall")
    with Session(engine) as session:
        session.add(
            Update(
                action_id=before["2.2"].id,
                at=NOW,
                channel="email",
                kind="reply",
                text="The action plan is drafted and with the Board.",
            )
        )
        replied = session.get(Action, before["2.2"].id)
        assert replied is not None
        replied.progress = "The action plan is drafted and with the Board."  # as a reply sets it
        session.commit()
    text = SEED_000.read_text(encoding="utf-8")
    edited = tmp_path / "000_edited.txt"
    edited.write_text(
        text.replace(
            "\tDoCCS, HoPP\tApril 2006\tDrafting commenced;",
            "\tDoCCS, HoPP\tJune 2006\tAction plan approved; drafting commenced;",
        ).replace("Develop a system of self assessment", "Develop a system of self-assessment"),
        encoding="utf-8",
    )
    again = import_plan_file(engine=engine, path=edited, plan_name="overall", now=LATER)
    assert (again.new, again.changed, again.kept) == (0, 2, 0)
    after = actions_of(engine, "overall")
    assert set(after) == set(before) and all(after[r].id == before[r].id for r in before)
    assert after["2.2"].due_text == "June 2006"  # the plan's own field follows the file
    # The reply came after the document's date: its words stay current; the conflict is listed.
    assert after["2.2"].progress == "The action plan is drafted and with the Board."
    assert again.conflicts == (
        "2.2: the file says progress 'Action plan approved; drafting commenced; Perform…'; "
        "the update of 22 Nov 2026 says progress 'The action plan is drafted and with the Board.'",
    )
    with Session(engine) as session:
        log = session.exec(select(ChangeLog).where(ChangeLog.action_id == after["2.2"].id, ChangeLog.at == LATER)).all()
        assert {entry.field for entry in log} >= {"due", "due_text", "milestones"}
        assert "progress" not in {entry.field for entry in log}  # the reply's words stay current
        due = next(entry for entry in log if entry.field == "due")
        assert (due.old_value, due.new_value, due.source) == ("2006-04-30", "2006-06-30", "000_edited.txt")
        history = session.exec(select(Update).where(Update.action_id == after["2.2"].id).order_by(Update.id)).all()
        assert [u.kind for u in history] == ["import", "reply", "import"]  # nothing dropped: the file's words too
        assert history[-1].text.startswith("Action plan approved")
        title_log = session.exec(
            select(ChangeLog).where(ChangeLog.action_id == after["8.6"].id, ChangeLog.field == "title")
        ).one()
        assert title_log.new_value.startswith("Develop a system of self-assessment")


def test_reimport_of_the_same_file_changes_nothing(engine: Engine) -> None:
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    counts = _counts(engine)
    again = import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=LATER)
    assert (again.new, again.changed) == (0, 0)
    assert _counts(engine) == counts


def test_reimport_keeps_replies_when_the_file_has_not_changed(engine: Engine) -> None:
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.ref == "1.6")).one()
        action.status, action.progress = "complete", "Strategy implemented in full."
        session.commit()
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=LATER)
    assert actions_of(engine, "overall")["1.6"].status == "complete"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.odt", "PK", "plan.odt: cannot import a '.odt' file"),
        ("plan.pdf", "%PDF-1.4", "plan.pdf: the PDF is cut short (it has no end-of-file marker)"),
        ("empty.txt", "  \n\n", "empty.txt, line 1: the file is empty"),
        (
            "letter.txt",
            "Dear Councillor,\n\nPlease find the agenda attached.\n",
            "letter.txt: no plan table found",
        ),
        ("nohead.csv", "Name,Colour\nTony,Blue\n", "nohead.csv: no plan table found"),
        ("broken.docx", "not a zip at all", "broken.docx: not a readable .docx document"),
        ("broken.xlsx", "not a zip at all", "broken.xlsx: not a readable .xlsx workbook"),
        (
            "blank.csv",
            "ref,action,lead,due\n1.1,Do it,HoC,March 2006\n1.2,,HoC,April 2006\n",
            "blank.csv, row 3, field 'action': the row has no action text",
        ),
        (
            "twice.csv",
            "ref,action,lead,due\n1.1,Do it,HoC,March 2006\n1.1,Do it again,HoC,April 2006\n",
            "twice.csv, row 3, field 'ref': action ref '1.1' appears twice, at rows 2 and 3",
        ),
    ],
)
def test_bad_files_fail_clearly_and_change_nothing(
    engine: Engine, tmp_path: Path, name: str, content: str, message: str
) -> None:
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    counts = _counts(engine)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError) as raised:
        import_plan_file(engine=engine, path=path, plan_name="overall", now=LATER)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert _counts(engine) == counts


def test_a_date_that_cannot_be_read_is_kept_as_written(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("ref,action,lead,due\n1.1,Do it,HoC,when the budget allows\n", encoding="utf-8")
    import_plan_file(engine=engine, path=path, plan_name="p", now=NOW)
    action = actions_of(engine, "p")["1.1"]
    assert action.due is None and action.due_text == "when the budget allows"


def test_a_due_date_in_figures_that_is_no_date_is_named_by_row(engine: Engine, tmp_path: Path) -> None:
    rows = [f"1.{n},Action {n},HoC,{n:02d}/03/2026" for n in range(1, 6)] + ["1.6,Action 6,HoC,31/13/2026"]
    path = tmp_path / "plan.csv"
    path.write_text("ref,action,lead,due\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = import_plan_file(engine=engine, path=path, plan_name="p", now=NOW)
    assert result.notes == ("row 7, due: '31/13/2026' is not a date; 1.6 is kept with no due date: correct the "
                            "cell and import the file again",)
    assert "  note: row 7, due: '31/13/2026' is not a date" in result.summary()
    actions = actions_of(engine, "p")
    assert actions["1.6"].due is None and actions["1.6"].due_text == "31/13/2026"
    assert str(actions["1.5"].due) == "2026-03-05"  # day first


def test_a_failure_while_storing_rolls_everything_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.importers.changes as plan_changes

    calls = {"n": 0}
    original = plan_changes.ImportWriter.link_people

    def fail_late(self: plan_changes.ImportWriter, action: Action, people: list[tuple[int, str]]) -> None:
        calls["n"] += 1
        if calls["n"] == 40:
            raise RuntimeError("disk full")
        original(self, action, people)

    monkeypatch.setattr(plan_changes.ImportWriter, "link_people", fail_late)
    with pytest.raises(RuntimeError):
        import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    assert _counts(engine) == (0, 0, 0, 0, 0)


def test_reimport_never_undoes_what_a_lead_reported(engine: Engine) -> None:
    """Issue 16's reproduction: Sue's reply sets 7.2e blocked, expected 31 Aug; re-importing the
    unchanged seed keeps it, changes nothing and reports no conflict; a re-import whose file says
    something new about 7.2e keeps the reply and lists the disagreement."""
    from datetime import date

    from bot.inbound.replies import Reading, apply_reading
    from nlp import extract

    import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=NOW)
    replied_at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    text = "7.2e is blocked: waiting on the LSCB. Expected by 31 Aug."
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.ref == "7.2e")).one()
        sue = find_person(session, query="DoCS")  # 7.2's lead: Sue Fiennes, once the JAR plan names her
        assert sue is not None
        apply_reading(session, action=action, reading=Reading(status="blocked", expected_by=date(2027, 8, 31)),
                      person=sue, text=text, extraction=extract(text, today=replied_at.date()), channel="email",
                      written_at=replied_at, inbound_id=None, now=replied_at)
        session.commit()
    again = import_plan_file(engine=engine, path=SEED_000, plan_name="overall", now=LATER)
    assert (again.new, again.changed, again.conflicts) == (0, 0, ())
    kept = actions_of(engine, "overall")["7.2e"]
    assert (kept.status, kept.expected_by, kept.progress) == ("blocked", date(2027, 8, 31), text)


def test_a_newer_document_state_conflicting_with_a_reply_is_listed(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("ref,action,lead,due,status,progress\n1.1,Do it,HoC,March 2027,Not started,\n", encoding="utf-8")
    import_plan_file(engine=engine, path=path, plan_name="p", now=NOW)
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.ref == "1.1")).one()
        action.status, action.progress = "complete", "Done and dusted."
        session.add(Update(action_id=action.id, at=LATER, channel="email", kind="reply", text="Done and dusted.",
                           status="complete"))
        session.commit()
    path.write_text("ref,action,lead,due,status,progress\n1.1,Do it,HoC,April 2027,Off track,Stuck\n",
                    encoding="utf-8")
    again = import_plan_file(engine=engine, path=path, plan_name="p", now=datetime(2026, 12, 1, tzinfo=UTC))
    assert again.changed == 1  # the due date is the plan's own field: it follows the file
    assert again.conflicts == (
        "1.1: the file says delayed, progress 'Stuck'; the update of 29 Nov 2026 says complete, progress "
        "'Done and dusted.'",
    )
    action = actions_of(engine, "p")["1.1"]
    assert (action.status, action.progress, action.due_text) == ("complete", "Done and dusted.", "April 2027")
    assert "1 kept as the lead reported, not as this file says:" in again.summary()


def test_a_title_given_on_import_is_the_plans_title_and_makes_its_name(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "Improvement_Plan_2026.csv"
    path.write_text("ref,action,lead,due\n1.1,Do it,HoC,31/03/2026\n", encoding="utf-8")
    bare = import_plan_file(engine=engine, path=path, plan_name="bare", now=NOW)
    assert bare.title == ""  # a bare CSV has no title of its own: its file name stands in
    with Session(engine) as session:
        assert session.exec(select(Plan.title).where(Plan.name == "bare")).one() == "Improvement_Plan_2026"
    given = import_plan_file(engine=engine, path=path, plan_name=None, now=NOW,
                             title="  Customer Services   Improvement Plan 2026 ")
    assert given.plan_name == "customer-services-improvement-2026"
    assert given.title == "Customer Services Improvement Plan 2026"
    again = import_plan_file(engine=engine, path=path, plan_name="customer-services-improvement-2026", now=NOW)
    assert again.changed == 0
    with Session(engine) as session:  # a re-import without a title keeps the one given
        titles = dict(session.exec(select(Plan.name, Plan.title)).all())
    assert titles["customer-services-improvement-2026"] == "Customer Services Improvement Plan 2026"
