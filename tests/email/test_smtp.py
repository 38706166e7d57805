"""Requests and confirmations through a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from adapters.email import ingest_bytes
from adapters.email.channel import EmailChannel
from adapters.email.mailer import SmtpMailer
from bot.cycle import run_cycle
from tests.adapters.test_mailer import _Collect, _free_port
from tests.cycle.world import FROM, LONDON, action, reply_to


def test_cycle_and_confirmation_over_smtp(chaser):
    handler = _Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mailer = SmtpMailer(url=f"smtp://127.0.0.1:{port}", sender=FROM, clock=chaser.clock)
        chaser.channels["email"] = EmailChannel(mailer=mailer, sender=FROM, clock=chaser.clock)
        run_cycle(chaser=chaser, plan_name="jar")
        run_cycle(chaser=chaser, plan_name="jar")
        mails = [message_from_bytes(m, policy=policy.default) for m in handler.messages]
        assert sorted(m["To"] for m in mails) == ["jane.jones@herefordshire.example",
                                                   "sue.fiennes@herefordshire.example",
                                                   "tony.geeson@herefordshire.example"]
        sue = next(m for m in mails if m["To"].startswith("sue"))
        assert sue.get_body(("html",)) is not None and sue["Auto-Submitted"] == "auto-generated"
        raw = reply_to(sue, sender="Sue.Fiennes@herefordshire.example", text="7.4 is complete.",
                       when=datetime(2006, 6, 13, 16, 0, tzinfo=LONDON))
        ingest_bytes(chaser=chaser, raw=raw)
    finally:
        controller.stop()
    assert action(chaser.engine, "7.4").status == "complete"
    confirmation = message_from_bytes(handler.messages[-1], policy=policy.default)
    assert confirmation["In-Reply-To"] == message_from_bytes(raw, policy=policy.default)["Message-ID"]
    assert confirmation["Reply-To"] == sue["Reply-To"]  # a correction is attributed like the reply


class _RefusesFirst:
    """An SMTP server that answers 451 to the first ``refusals`` messages, then keeps the rest."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.messages.append(envelope.content)
        return "250 OK"


def test_a_refused_mail_is_retried_later_and_never_counted_in_doubt(chaser, monkeypatch):
    from datetime import timedelta

    from sqlmodel import Session, select

    from bot.outbound import deliver_once
    from bot.outbox import dispatch
    from bot.ports import OutboundMessage
    from store.models import Delivery

    monkeypatch.setattr("bot.outbound.SEND_TRIES", 1)  # (the core's own retries in one go: not this test's point)
    handler = _RefusesFirst(refusals=3)  # the mailer tries three times in one go
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mailer = SmtpMailer(url=f"smtp://127.0.0.1:{port}", sender=FROM, clock=chaser.clock, backoff_seconds=0.0)
        chaser.channels["email"] = EmailChannel(mailer=mailer, sender=FROM, clock=chaser.clock)
        note = OutboundMessage(channel="email", recipient="sue.fiennes@herefordshire.example", subject="Thanks",
                               text="Thanks: 7.4 recorded.", key="reply:5:0", kind="reply")
        assert not deliver_once(chaser=chaser, message=note, kind="reply")
        with Session(chaser.engine) as session:
            row = session.exec(select(Delivery).where(Delivery.key == "reply:5:0")).one()
        assert (row.state, row.call_started_at) == ("failed", None)  # refused: it did not go
        assert "SMTP server refused the message: 451" in row.last_error
        chaser.clock.advance(timedelta(hours=1))
        assert len(dispatch(chaser=chaser).sent) == 1
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    with Session(chaser.engine) as session:
        row = session.exec(select(Delivery).where(Delivery.key == "reply:5:0")).one()
    assert (row.state, row.resent_in_doubt) == ("sent", 0)
