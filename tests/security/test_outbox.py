"""Confirmations and questions are never lost: written to the outbox in the processing transaction,
retried with backoff (never sooner than a platform's Retry-After), given up after a limit with the
coordinator told."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from adapters.email.ingest import ingest_bytes
from adapters.email.reading import read_message
from bot.cycle.round import run_cycle
from bot.inbound.service import process_inbound, store_inbound
from bot.outbox import dispatch
from bot.ports import SendError
from store.models import Delivery
from tests.cycle.world import LONDON, mail_to, reply_to

SUE = "sue.fiennes@herefordshire.example"
CHRIS = "chris.doyle@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)


class Flaky:
    """The real email channel, failing ``failures`` times first (optionally with a Retry-After)."""

    def __init__(self, real, *, failures: int, retry_after: float | None = None, only: str = SUE) -> None:
        self.real, self.failures, self.retry_after, self.only = real, failures, retry_after, only
        self.name = real.name
        self.calls = 0

    def send(self, message):
        if message.recipient == self.only:
            self.calls += 1
            if self.calls <= self.failures and self.retry_after is not None:
                raise SendError("429 slow down", retry_after=self.retry_after)
            if self.calls <= self.failures:
                raise ConnectionError("mail server went away")
        return self.real.send(message)


def _reply_row(chaser) -> Delivery:
    with Session(chaser.engine) as session:
        return session.exec(select(Delivery).where(Delivery.kind == "reply")).one()


def test_a_crash_after_processing_leaves_the_confirmation_to_send(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    message = read_message(reply_to(request, sender=SUE, when=WED, text="7.4 is complete."), received=WED)
    with Session(chaser.engine) as session:
        row = store_inbound(session, chaser=chaser, message=message)
        session.commit()
        assert row is not None
        inbound_id = row.id
    process_inbound(chaser=chaser, inbound_id=inbound_id)  # processed, then the process dies before sending
    assert not mail_to(chaser, SUE, "Re:")
    assert _reply_row(chaser).state == "pending"
    assert len(dispatch(chaser=chaser).sent) == 1  # after the restart
    assert mail_to(chaser, SUE, "Re:")[0].get_body(("plain",)).get_content().startswith("Thanks — recorded: 7.4")
    assert dispatch(chaser=chaser).sent == []  # once


def test_a_failed_confirmation_is_retried_with_backoff(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    chaser.channels["email"] = Flaky(chaser.channels["email"], failures=2)
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    assert result.state == "processed" and result.replies == []
    row = _reply_row(chaser)
    assert (row.state, row.attempts, row.last_error) == ("failed", 1, "ConnectionError")
    assert row.next_attempt_at == chaser.clock.now() + timedelta(minutes=1)
    assert dispatch(chaser=chaser).sent == []  # not due yet
    chaser.clock.advance(timedelta(minutes=1))
    assert dispatch(chaser=chaser).failed and _reply_row(chaser).next_attempt_at == chaser.clock.now() + \
        timedelta(minutes=3)
    chaser.clock.advance(timedelta(minutes=3))
    assert len(dispatch(chaser=chaser).sent) == 1 and _reply_row(chaser).state == "sent"
    assert len(mail_to(chaser, SUE, "Re:")) == 1


def test_retry_after_is_the_earliest_next_attempt(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    chaser.channels["email"] = Flaky(chaser.channels["email"], failures=1, retry_after=600)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    chaser.clock.advance(timedelta(minutes=5))
    assert dispatch(chaser=chaser).sent == [] and not mail_to(chaser, SUE, "Re:")
    chaser.clock.advance(timedelta(minutes=5))
    assert len(dispatch(chaser=chaser).sent) == 1


def test_giving_up_tells_the_coordinator(chaser):
    chaser.settings.outbox_max_attempts = 3
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    chaser.channels["email"] = Flaky(chaser.channels["email"], failures=99)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    gave_up = []
    for _ in range(5):
        chaser.clock.advance(timedelta(hours=6))
        gave_up += dispatch(chaser=chaser).gave_up
    row = _reply_row(chaser)
    assert row.state == "gave_up" and row.attempts == 3 and len(gave_up) == 1
    [notice] = mail_to(chaser, CHRIS, "could not reach Sue Fiennes")
    assert "after 3 attempts" in notice.get_body(("plain",)).get_content()
