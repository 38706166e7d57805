"""The commands as IT scripts them: `chaser cycle`, `chaser email ingest FILE|-`."""

from __future__ import annotations

from datetime import datetime

from typer.testing import CliRunner

from bot.cli import app
from tests.cycle.world import LONDON, PEOPLE_CSV, PLAN_CSV, reply_to

SUE = "sue.fiennes@herefordshire.example"


def _env(tmp_path) -> dict[str, str]:
    config = tmp_path / "chaser.toml"
    config.write_text('email_from = "chaser@herefordshire.example"\n[plans.jar]\ncadence = "weekly"\n',
                      encoding="utf-8")
    return {"CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "CHASER_OUTBOX_DIR": str(tmp_path / "outbox"),
            "CHASER_CONFIG": str(config), "CHASER_SMTP_URL": "", "CHASER_IMAP_URL": ""}


def test_cycle_then_ingest_from_the_command_line(tmp_path, monkeypatch):
    from email import message_from_bytes, policy

    env = _env(tmp_path)
    for key, value in env.items():
        if value:
            monkeypatch.setenv(key, value)
        else:
            monkeypatch.delenv(key, raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["people", "import", str(PEOPLE_CSV)]).exit_code == 0
    assert runner.invoke(app, ["import", str(PLAN_CSV), "--plan", "jar"]).exit_code == 0
    first = runner.invoke(app, ["cycle", "--today", "2006-06-12"])
    assert first.exit_code == 0, first.output
    assert "round 2006-W24: 3 request(s) sent now" in first.output
    again = runner.invoke(app, ["cycle", "--today", "2006-06-12", "--plan", "jar"])
    assert "0 request(s) sent now, 3 sent earlier" in again.output
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 3
    request = next(m for m in (message_from_bytes(f.read_bytes(), policy=policy.default) for f in files)
                   if m["To"] == SUE)
    reply = tmp_path / "reply.eml"
    reply.write_bytes(reply_to(request, sender=SUE, text="7.4 was completed on Monday.",
                               when=datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)))
    # the day it arrives: a token's expiry is judged by when Chaser receives the reply, not by its Date
    done = runner.invoke(app, ["email", "ingest", str(reply), "--today", "2006-06-14"])
    assert done.exit_code == 0 and "processed" in done.output
    assert "Thanks — recorded: 7.4 complete (12 Jun 2006)" in done.output
    piped = runner.invoke(app, ["email", "ingest", "-"], input=reply.read_bytes())
    assert piped.exit_code == 0 and "already received, nothing done" in piped.output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 4  # one confirmation


def test_ingest_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("CHASER_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("CHASER_OUTBOX_DIR", str(tmp_path / "outbox"))
    runner = CliRunner()
    missing = runner.invoke(app, ["email", "ingest", str(tmp_path / "nope.eml")])
    assert missing.exit_code != 0 and "nope.eml: no such file" in str(missing.exception or missing.output)
    monkeypatch.setenv("CHASER_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    down = runner.invoke(app, ["email", "ingest", "-"], input=b"From: a@x.org\r\n\r\nhello\r\n")
    assert down.exit_code == 75  # EX_TEMPFAIL: the MTA will try again
