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
