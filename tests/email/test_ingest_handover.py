"""`chaser email ingest -` while `chaser serve` runs: the pipe stores the message and exits, and the
service's inbound worker processes it exactly once; with no service running, the pipe processes it."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from bot.cycle import run_cycle
from bot.inbound.presence import ServicePresence, service_running
from bot.inbound.service import process_pending
from bot.inbound.worker import InboundWorker
from nlp import extract
from store.models import InboundMessage, Update
from tests.cycle.world import FROM, LONDON, load_world, mail_to, make_chaser, reply_to

SUE = "sue.fiennes@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)


@pytest.fixture
def world(engine: Engine, tmp_path, monkeypatch):
    """The small plan, a round of requests sent on Monday, and the CLI pointed at the same store."""
    load_world(engine)
    chaser = make_chaser(engine, tmp_path, extractor=extract)
    run_cycle(chaser=chaser, plan_name="jar")
    (tmp_path / "chaser.toml").write_text("", encoding="utf-8")  # no settings but the environment's
    for key, value in {"CHASER_DATABASE_URL": engine.url.render_as_string(hide_password=False),
                       "CHASER_OUTBOX_DIR": str(tmp_path / "outbox"), "CHASER_EMAIL_FROM": FROM,
                       "CHASER_WEB_SECRET": "test-world-signing-secret",
                       "CHASER_CONFIG": str(tmp_path / "chaser.toml")}.items():
        monkeypatch.setenv(key, value)
    for key in ("CHASER_SMTP_URL", "CHASER_IMAP_URL"):
        monkeypatch.delenv(key, raising=False)
    return chaser


def _ingest(raw: bytes) -> str:
    result = CliRunner().invoke(app, ["email", "ingest", "-", "--today", "2006-06-14"], input=raw)
    assert result.exit_code == 0, result.output
    return result.output


def _rows(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        return [(m.message_id, m.state) for m in session.exec(select(InboundMessage))]


def _reply_updates(engine: Engine) -> int:
    with Session(engine) as session:
        return len(list(session.exec(select(Update).where(Update.kind == "reply"))))


def test_running_service_gets_the_message_stored_once_and_processes_it_once(world) -> None:
    engine = world.engine
    raw = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="7.4 was completed on Monday.")
    presence = ServicePresence(engine=engine)
    presence.hold()
    try:
        assert service_running(engine=engine)
        out = _ingest(raw)
        assert "stored; the running service will process it" in out
        ((message_id, state),) = _rows(engine)
        assert state == "new" and _reply_updates(engine) == 0  # stored, not processed by the pipe
        assert "already received, nothing done" in _ingest(raw)  # an MTA's retry is recognised
        assert len(_rows(engine)) == 1
        worker = InboundWorker(chaser=world, sweep_seconds=0.1)
        worker.start()  # it starts with what is stored and still new
        try:
            for _ in range(600):  # waits for the worker (up to a minute on a busy machine); no timing asserted
                if _rows(engine) != [(message_id, "new")]:
                    break
                time.sleep(0.1)
        finally:
            worker.stop()
        assert _rows(engine) == [(message_id, "processed")]
        assert _reply_updates(engine) == 1
        assert len(mail_to(world, SUE, "Re:")) == 1  # one confirmation
        assert process_pending(chaser=world) == [] and _reply_updates(engine) == 1  # never a second time
    finally:
        presence.release()
    assert not service_running(engine=engine)


def test_without_a_running_service_the_pipe_processes_the_message_itself(world) -> None:
    engine = world.engine
    assert not service_running(engine=engine)
    raw = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="7.4 was completed on Monday.")
    out = _ingest(raw)
    assert "processed" in out and "Thanks — recorded: 7.4 complete (12 Jun 2006)" in out
    assert [state for _, state in _rows(engine)] == ["processed"] and _reply_updates(engine) == 1
    assert "already received, nothing done" in _ingest(raw)


def test_what_arrival_decides_is_decided_by_the_pipe_too(world) -> None:
    engine = world.engine
    raw = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="I am out of the office.",
                   extra_headers={"Auto-Submitted": "auto-replied"})
    presence = ServicePresence(engine=engine)
    presence.hold()
    try:
        out = _ingest(raw)
    finally:
        presence.release()
    assert "ignored" in out  # an automatic reply is never progress, whoever stores it
    assert [state for _, state in _rows(engine)] == ["ignored"]


def test_a_service_that_stopped_is_not_taken_for_a_running_one(engine: Engine) -> None:
    presence = ServicePresence(engine=engine)
    presence.hold()
    assert service_running(engine=engine)
    other = ServicePresence(engine=engine)  # a second instance of the service shares the lock
    other.hold()
    presence.release()
    assert service_running(engine=engine)
    other.release()
    assert not service_running(engine=engine)
