"""A large import writes in short batches: other writers get in between, a bad row anywhere changes
nothing, and a failure part-way puts back what the earlier batches wrote (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, select

import store.models
from store.errors import ImportFileError
from store.export import export_json
from store.importers import import_plan_file
from store.models import Action, Update

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
LATER = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
ROWS, BATCH = 100, 20  # the head (plan, sections, people) is batch 1; actions are batches 2 to 6
LEADS = ["Sue Fiennes", "Jane Jones", "Neil Pringle"]


def _plan(path: Path, *, changed: bool = False, bad_row: int | None = None, extra: int = 0) -> Path:
    """``ROWS`` actions (+ ``extra``); ``changed`` rewords every fifth and gives the last ten a new
    lead; ``bad_row`` (a 1-based data row) loses its action text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "section_title", "ref", "action", "lead", "due", "status", "progress"])
    for n in range(ROWS + extra):
        section, item = n // 25 + 1, n % 25 + 1
        title = f"Review service {item} of theme {section} with its users" + (
            " (revised)" if changed and n % 5 == 0 else ""
        )
        lead = "Zara Khan" if changed and n >= ROWS - 10 else LEADS[n % 3]
        status = ("delayed" if changed and n % 5 == 0 else "in progress", "Consultation under way")
        writer.writerow(
            [
                section,
                f"Theme {section}",
                f"{section}.{item}",
                "" if bad_row == n + 1 else title,
                lead,
                "March 2027",
                *status,
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _snapshot(engine: Engine) -> tuple[Any, ...]:
    """Everything an import touches: the plan as exported, and how many rows each table holds."""
    with Session(engine) as session:
        counts = tuple(
            session.exec(select(func.count()).select_from(table)).one() for table in SQLModel.metadata.sorted_tables
        )
        names = sorted((p.name, tuple(p.aliases)) for p in session.exec(select(store.models.Person)))
    exported = export_json(engine=engine, plan_name=None, today=date(2026, 12, 1))
    return counts, names, exported


def _other_writer(engine: Engine) -> Engine:
    """A second connection pool on the same database that never waits for a lock."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "sqlite":
        return create_engine(url, connect_args={"timeout": 0})
    return create_engine(url, connect_args={"options": "-c lock_timeout=1"})


def _ref(engine: Engine, ref: str) -> Action:
    with Session(engine) as session:
        return session.exec(select(Action).where(Action.ref == ref)).one()


def test_another_connection_writes_while_a_large_import_is_under_way(engine: Engine, tmp_path: Path) -> None:
    other = _other_writer(engine)
    seen: list[int] = []

    def write_now(batch: int) -> None:
        if batch != 3:
            return
        # The first action was written in batch 2 and committed: another writer sees it, and
        # updates it at once (SQLite: no busy wait at all; PostgreSQL: no waiting on row locks).
        with other.begin() as conn:
            conn.execute(text("UPDATE action SET progress = 'Done, says Sue' WHERE ref = '1.1'"))
            seen.append(conn.execute(text("SELECT count(*) FROM action")).scalar_one())

    result = import_plan_file(
        engine=engine,
        path=_plan(tmp_path / "plan.csv"),
        plan_name="p",
        now=NOW,
        batch_size=BATCH,
        after_batch=write_now,
    )
    other.dispose()
    assert result.new == ROWS
    assert seen == [2 * BATCH]  # two batches of actions were in when the other writer got in
    assert _ref(engine, "1.1").progress == "Done, says Sue"


def test_without_batches_the_other_writer_is_locked_out(sqlite_engine: Engine, tmp_path: Path) -> None:
    """The check above can fail: inside one long write transaction, the same write is refused."""
    other = _other_writer(sqlite_engine)
    with Session(sqlite_engine) as session:
        session.add(store.models.Plan(name="busy", created_at=NOW, updated_at=NOW))
        session.flush()  # the write lock is taken and held until the commit
        with pytest.raises(OperationalError, match="database is locked"), other.begin() as conn:
            conn.execute(text("UPDATE plan SET title = 'x'"))
        session.rollback()
    other.dispose()


def test_a_bad_row_in_a_late_batch_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    import_plan_file(engine=engine, path=_plan(tmp_path / "plan.csv"), plan_name="p", now=NOW, batch_size=BATCH)
    before = _snapshot(engine)
    batches: list[int] = []
    bad = _plan(tmp_path / "plan-v2.csv", changed=True, bad_row=ROWS - 3, extra=5)
    with pytest.raises(ImportFileError) as raised:
        import_plan_file(
            engine=engine, path=bad, plan_name="p", now=LATER, batch_size=BATCH, after_batch=batches.append
        )
    message = str(raised.value)
    assert message.startswith(f"plan-v2.csv, row {ROWS - 3 + 1}") and "\n" not in message
    assert batches == []  # the whole file is checked before the first batch is written
    assert _snapshot(engine) == before


def _fail_at(batch: int, also: Callable[[int], None] = lambda _n: None) -> Callable[[int], None]:
    def hook(number: int) -> None:
        also(number)
        if number == batch:
            raise RuntimeError("disk full")

    return hook


def test_a_failure_in_a_late_batch_puts_the_stored_plan_back(engine: Engine, tmp_path: Path) -> None:
    import_plan_file(engine=engine, path=_plan(tmp_path / "plan.csv"), plan_name="p", now=NOW, batch_size=BATCH)
    before = _snapshot(engine)
    v2 = _plan(tmp_path / "plan-v2.csv", changed=True, extra=30)  # changes, new actions, a new lead
    with pytest.raises(RuntimeError, match="disk full"):
        import_plan_file(engine=engine, path=v2, plan_name="p", now=LATER, batch_size=BATCH, after_batch=_fail_at(6))
    assert _snapshot(engine) == before
    # Nothing was left half-done: the same file then imports in full.
    again = import_plan_file(engine=engine, path=v2, plan_name="p", now=LATER, batch_size=BATCH)
    changed = {n for n in range(ROWS) if n % 5 == 0 or n >= ROWS - 10}  # reworded, or a new lead
    assert (again.new, again.changed) == (30, len(changed))


def test_a_failed_first_import_leaves_no_plan(engine: Engine, tmp_path: Path) -> None:
    before = _snapshot(engine)
    with pytest.raises(RuntimeError, match="disk full"):
        import_plan_file(
            engine=engine,
            path=_plan(tmp_path / "plan.csv"),
            plan_name="p",
            now=NOW,
            batch_size=BATCH,
            after_batch=_fail_at(5),
        )
    assert _snapshot(engine) == before


def test_putting_back_keeps_what_a_lead_reported_in_between(engine: Engine, tmp_path: Path) -> None:
    import_plan_file(engine=engine, path=_plan(tmp_path / "plan.csv"), plan_name="p", now=NOW, batch_size=BATCH)
    other = _other_writer(engine)

    def lead_replies(batch: int) -> None:
        if batch == 3:  # 1.1 was re-imported in batch 2 (title and status changed); Sue then replies
            with Session(other) as session:
                action = session.exec(select(Action).where(Action.ref == "1.1")).one()
                action.status, action.progress = "blocked", "Waiting on the LSCB"
                assert action.id is not None
                session.add(
                    Update(
                        action_id=action.id,
                        at=LATER,
                        channel="web",
                        kind="reply",
                        text="Waiting on the LSCB",
                        status="blocked",
                    )
                )
                session.commit()

    v2 = _plan(tmp_path / "plan-v2.csv", changed=True)
    with pytest.raises(RuntimeError, match="disk full"):
        import_plan_file(
            engine=engine,
            path=v2,
            plan_name="p",
            now=LATER,
            batch_size=BATCH,
            after_batch=_fail_at(5, also=lead_replies),
        )
    other.dispose()
    kept = _ref(engine, "1.1")
    assert kept.title == "Review service 1 of theme 1 with its users"  # the import's change put back
    assert (kept.status, kept.progress) == ("blocked", "Waiting on the LSCB")  # Sue's kept
    with Session(engine) as session:
        replies = session.exec(select(Update).where(Update.action_id == kept.id, Update.kind == "reply")).all()
        assert [u.text for u in replies] == ["Waiting on the LSCB"]


def test_a_dry_run_of_a_large_file_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    import_plan_file(engine=engine, path=_plan(tmp_path / "plan.csv"), plan_name="p", now=NOW, batch_size=BATCH)
    before = _snapshot(engine)
    result = import_plan_file(
        engine=engine,
        path=_plan(tmp_path / "plan-v2.csv", changed=True, extra=30),
        plan_name="p",
        now=LATER,
        batch_size=BATCH,
        dry_run=True,
    )
    assert (result.new, result.dry_run) == (30, True)
    assert _snapshot(engine) == before
