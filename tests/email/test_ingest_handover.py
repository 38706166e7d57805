"""`chaser email ingest -` while `chaser serve` runs: the pipe stores the message and exits, and the
service's inbound worker processes it exactly once; with no service running, the pipe processes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from adapters.email.pipe import socket_path
from adapters.email.pipe_listener import PipeListener
from bot.cli import app
from bot.cycle import run_cycle
from bot.entry import pipe_arguments
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
                       "CHASER_LOCK_FILE": str(chaser.settings.lock_file),  # where a service's pipe socket is
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


# What the pipe must not import when the running service takes the message: the ORM and the database
# driver, the command tree, templates, the NLP layer, the chat SDKs and the web app.
HEAVY = ("sqlalchemy", "sqlmodel", "sqlite3", "psycopg", "typer", "click", "jinja2", "spacy", "alembic",
         "starlette", "slack_bolt", "telegram", "microsoft_teams", "store.models", "bot.inbound.service")
PIPE = """
import json, sys
from bot.entry import main
try:
    main()
finally:
    print(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] in {heavy} or name in {heavy})),
          file=sys.stderr)
"""


def _pipe(raw: bytes, *args: str) -> tuple[int, str, list[str]]:
    """`chaser email ingest - ARGS` in a fresh process, as an MTA runs it: exit status, output, heavy modules loaded."""
    heavy = repr(set(HEAVY))
    done = subprocess.run([sys.executable, "-c", PIPE.format(heavy=heavy), "email", "ingest", "-", *args], input=raw,
                          capture_output=True, env=dict(os.environ), timeout=300)
    loaded = json.loads(done.stderr.decode().strip().splitlines()[-1])
    return done.returncode, done.stdout.decode(), loaded


def test_a_service_on_this_machine_takes_the_message_over_its_socket(world) -> None:
    engine = world.engine
    listener = PipeListener(chaser=world)  # as `chaser serve` runs it
    assert listener.start()
    try:
        assert socket_path(world.settings) == listener.path and listener.path.exists()
        raw = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="7.4 was completed on Monday.")
        status, out, loaded = _pipe(raw, "--today", "2006-06-14")
        assert status == 0 and "stored; the running service will process it" in out
        assert loaded == []  # the service stored it: the pipe loaded no ORM, driver, CLI, NLP or SDK
        assert [state for _, state in _rows(engine)] == ["new"] and _reply_updates(engine) == 0
        status, out, _ = _pipe(raw, "--today", "2006-06-14")
        assert status == 0 and "already received, nothing done" in out  # an MTA's retry is recognised
        auto = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="I am out of the office.",
                        extra_headers={"Auto-Submitted": "auto-replied"})
        status, out, _ = _pipe(auto, "--today=2006-06-14")
        assert status == 0 and "ignored" in out  # what arrival decides, the service decides on arrival too
        assert sorted(state for _, state in _rows(engine)) == ["ignored", "new"]
    finally:
        listener.stop()
    assert not listener.path.exists()
    assert process_pending(chaser=world) and _reply_updates(engine) == 1  # the service's worker reads it once


def test_with_the_socket_gone_the_pipe_takes_the_message_itself(world) -> None:
    listener = PipeListener(chaser=world)
    assert listener.start()
    listener.stop()
    stale = socket_path(world.settings)
    stale.write_bytes(b"")  # a file left where the socket was: nothing answers there
    raw = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="7.4 was completed on Monday.")
    status, out, loaded = _pipe(raw, "--today", "2006-06-14")
    assert status == 0 and "processed" in out and "sqlalchemy" in loaded
    assert [state for _, state in _rows(world.engine)] == ["processed"]


def test_a_stale_socket_is_replaced_and_a_live_one_left_alone(world) -> None:
    first = PipeListener(chaser=world)
    assert first.start()
    try:
        assert not PipeListener(chaser=world).start()  # another service listens there already
    finally:
        first.stop()
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:  # a socket whose service died
        dead.bind(str(first.path))
    second = PipeListener(chaser=world)
    assert second.start()
    second.stop()


def test_the_pipe_s_arguments_are_read_without_the_command_tree() -> None:
    from datetime import date

    assert pipe_arguments(["email", "ingest"]) == ("-", None)
    assert pipe_arguments(["email", "ingest", "-", "--today", "2006-06-14"]) == ("-", date(2006, 6, 14))
    assert pipe_arguments(["email", "ingest", "--today=2006-06-14", "reply.eml"]) == ("reply.eml", date(2006, 6, 14))
    for other in (["email", "ingest", "--help"], ["email", "ingest", "--today", "14/06/2006"],
                  ["email", "ingest", "a.eml", "b.eml"], ["email", "ingest", "--today"], ["ask", "what?"],
                  ["email", "ingest", "--today", "2006-06-14", "--today", "2006-06-15"]):
        assert pipe_arguments(other) is None  # the full command line parses (and explains) these


def test_a_bad_today_on_the_pipe_is_explained_by_the_command_line(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-c", "from bot.entry import main; main()", "email", "ingest", "-",
                           "--today", "2006-13-45"], input=b"Subject: x\n\nhello\n", capture_output=True,
                          cwd=tmp_path, timeout=120, env={**os.environ, "CHASER_DATABASE_URL": f"sqlite:///{tmp_path}/c.db"})
    assert done.returncode == 2
    assert done.stderr.decode().strip() == ("chaser: error: --today '2006-13-45' is not a date: write it as "
                                            "YYYY-MM-DD, e.g. 2006-06-14")


def test_chaser_serve_listens_for_the_pipe_while_it_runs_and_processes_what_it_gets(world) -> None:
    import threading

    from bot.service_runner import run_forever
    from tests.cycle.world import action

    world.settings.web_port = 0
    path = socket_path(world.settings)
    stop = threading.Event()
    runner = threading.Thread(target=run_forever, args=(world,), kwargs={"stop": stop}, daemon=True)
    runner.start()
    try:
        for _ in range(600):  # readiness, not timing
            if path.exists():
                break
            time.sleep(0.1)
        raw = reply_to(mail_to(world, SUE, "Progress")[0], sender=SUE, when=WED, text="7.4 was completed on Monday.")
        status, out, loaded = _pipe(raw, "--today", "2006-06-14")
        assert status == 0 and "stored; the running service will process it" in out and loaded == []
        for _ in range(600):  # the service's worker, woken by the hand-over, processes it
            if action(world.engine, "7.4").status == "complete":
                break
            time.sleep(0.1)
        assert action(world.engine, "7.4").status == "complete" and _reply_updates(world.engine) == 1
    finally:
        stop.set()
        runner.join(timeout=60)
    assert not runner.is_alive() and not path.exists()  # stopped: the pipe takes messages itself again


def test_when_the_service_cannot_store_the_pipe_exits_75_as_before(tmp_path, monkeypatch) -> None:
    from bot.bootstrap import Chaser
    from store.clock import FixedClock
    from store.db import make_engine
    from store.settings import Settings

    down = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    settings = Settings(database_url=down, lock_file=tmp_path / "chaser.lock", outbox_dir=tmp_path / "outbox")
    service = Chaser(settings=settings, engine=make_engine(down, migrate=False), clock=FixedClock(), sends=False)
    listener = PipeListener(chaser=service)
    assert listener.start()
    for key, value in {"CHASER_DATABASE_URL": down, "CHASER_LOCK_FILE": str(tmp_path / "chaser.lock"),
                       "CHASER_OUTBOX_DIR": str(tmp_path / "outbox")}.items():
        monkeypatch.setenv(key, value)
    try:
        status, out, _ = _pipe(b"From: a@x.org\r\nMessage-ID: <down-1@x.org>\r\n\r\nhello\r\n")
    finally:
        listener.stop()
    assert status == 75 and out == ""  # EX_TEMPFAIL: the MTA keeps the message and tries again later
