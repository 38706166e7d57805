"""Malformed mail is stored first, byte for byte, and quarantined with a one-line reason: never a
traceback, never a bounce (exit 0), and over IMAP never skipped past by the checkpoint."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from adapters.email.ingest import ingest_bytes
from bot.cli import app
from store.models import InboundMessage

HEAD = b"From: Sue <sue.fiennes@herefordshire.example>\r\nTo: chaser@herefordshire.example\r\nSubject: hi\r\n"
DEEP = (HEAD + b"Message-ID: <deep@x>\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
        + b"".join(f"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n".encode() for i in range(3000))
        + b"--b3000\r\nContent-Type: text/plain\r\n\r\n7.4 done\r\n")
MALFORMED = {
    "unknown-8bit": HEAD + b"Message-ID: <u8@x>\r\nContent-Type: text/plain; charset=unknown-8bit\r\n\r\n7.4 \xa3\r\n",
    "made-up charset": HEAD + b"Message-ID: <mu@x>\r\nContent-Type: text/plain; charset=x-made-up-99\r\n\r\n"
                              b"7.4 done\r\n",
    "CRLF in the From name": (b"From: =?utf-8?q?Sue=0D=0ABcc:_x@y?= <sue.fiennes@herefordshire.example>\r\n"
                              b"To: chaser@herefordshire.example\r\nMessage-ID: <crlf@x>\r\n\r\n7.4 complete\r\n"),
    "MIME nested 3000 deep": DEEP,
}


def _row(chaser, message_id: str) -> InboundMessage:
    with Session(chaser.engine) as session:
        return session.exec(select(InboundMessage).where(InboundMessage.message_id == message_id)).one()


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_mail_is_stored_and_quarantined(chaser, name):
    raw = MALFORMED[name]
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.state == "quarantined" and result.reason, result.reason  # with the reason
    assert "\n" not in result.summary().splitlines()[0] and len(result.summary().splitlines()) == 1
    row = _row(chaser, result.message_id)
    assert row.raw_bytes == raw  # the evidence, byte for byte
    assert ingest_bytes(chaser=chaser, raw=raw).duplicate  # and recognised when the MTA sends it again


def test_the_command_takes_malformed_mail_with_exit_0_and_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CHASER_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("CHASER_OUTBOX_DIR", str(tmp_path / "outbox"))
    result = CliRunner().invoke(app, ["email", "ingest", "-"], input=MALFORMED["unknown-8bit"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("message <u8@x>: quarantined (") and result.output.count("\n") == 1


def test_a_message_id_with_crlf_keeps_the_output_to_one_line(chaser):
    raw = (b"From: stranger@elsewhere.example\r\nTo: chaser@herefordshire.example\r\n"
           b"Message-ID: =?utf-8?q?<a=0D=0Aforged_line@x>?=\r\n\r\n7.4 complete\r\n")
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.summary().count("\n") == 0 and "\r" not in result.summary()
    assert result.message_id == "<aforged line@x>"


def test_a_nul_byte_is_stored_on_both_databases(chaser):
    raw = HEAD + b"Message-ID: <nul@x>\r\n\r\n7.4 is\x00 complete\r\n"
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.state == "held"  # no reply token: kept until Sue confirms it
    row = _row(chaser, "<nul@x>")
    assert row.raw_bytes == raw and "\x00" not in row.body and "\x00" not in row.raw


def test_the_raw_message_is_kept_byte_for_byte(chaser):
    raw = HEAD + (b"Message-ID: <w1252@x>\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n"
                  b"7.4 cost \xa3300, \x93done\x94\r\n")
    ingest_bytes(chaser=chaser, raw=raw)
    row = _row(chaser, "<w1252@x>")
    assert row.raw_bytes == raw
    assert row.body.startswith("7.4 cost £300, “done”")
