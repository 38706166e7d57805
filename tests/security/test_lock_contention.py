"""A busy database is not a broken message: writes are retried briefly when SQLite is locked, and a
message still blocked is left for the next sweep rather than marked failed."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

import bot.inbound.service as service
from adapters.email.ingest import ingest_bytes
from bot.cycle.round import run_cycle
from bot.inbound.service import process_pending
from store.db import retry_on_lock
from store.models import InboundMessage
from tests.cycle.world import LONDON, action, mail_to, reply_to

SUE = "sue.fiennes@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)
LOCKED = OperationalError("UPDATE inboundmessage", {}, sqlite3.OperationalError("database is locked"))


def _locked_for(monkeypatch, times: int) -> None:
    real, calls = service._apply, {"n": 0}

    def busy(session, work, route):
        calls["n"] += 1
        if calls["n"] <= times:
            raise LOCKED
        return real(session, work, route)

    monkeypatch.setattr(service, "_apply", busy)
    monkeypatch.setattr("store.db.LOCK_FIRST_WAIT", 0.01)


def test_a_locked_write_is_retried_and_recorded(chaser, monkeypatch):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    _locked_for(monkeypatch, times=2)
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    assert result.state == "processed" and action(chaser.engine, "7.4").status == "complete"
    assert len(mail_to(chaser, SUE, "Re:")) == 1


def test_a_message_still_locked_out_is_left_new_not_failed(chaser, monkeypatch):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    _locked_for(monkeypatch, times=99)
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    assert result.state == "new"
    with Session(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.body == "7.4 is complete.")).one()
        assert row.read_attempts == 0
    monkeypatch.undo()
    process_pending(chaser=chaser)  # the next sweep, once the lock is gone
    assert action(chaser.engine, "7.4").status == "complete"


def test_retry_on_lock_gives_up_on_other_errors_at_once():
    calls = []

    def broken():
        calls.append(1)
        raise OperationalError("x", {}, sqlite3.OperationalError("no such table: plan"))

    with pytest.raises(OperationalError):
        retry_on_lock(broken)
    assert len(calls) == 1


def test_storing_a_message_is_retried_when_the_database_is_busy(chaser, monkeypatch):
    """A reply arriving while another writer (a large import's batch) holds SQLite's lock is
    stored once the lock is free, not lost or reported failed."""
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    real, calls = service.store_inbound, {"n": 0}

    def busy(session, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise LOCKED
        return real(session, **kwargs)

    monkeypatch.setattr(service, "store_inbound", busy)
    monkeypatch.setattr("store.db.LOCK_FIRST_WAIT", 0.01)
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    assert calls["n"] == 3
    assert result.state == "processed" and action(chaser.engine, "7.4").status == "complete"
