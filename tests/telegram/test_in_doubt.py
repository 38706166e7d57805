"""A sender that dies while Telegram has its message. The Bot API can neither take an idempotency key
nor show a bot its own messages, so the next sender sends it again and counts the resend (the
lead may see it twice); a sender that died before the call is retried with nothing in doubt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.outbound import deliver_once
from bot.outbox import SENDING_LEASE, dispatch
from bot.ports import OutboundMessage
from store.models import Delivery
from tests.chat import sudden_death
from tests.chat.sudden_death import Killed
from tests.telegram.conftest import SUE


def _note() -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient=str(SUE), subject="", text="Thanks: 7.2 recorded.",
                           key="reply:9:0", kind="reply")


def _row(chaser) -> Delivery:
    with Session(chaser.engine) as session:
        return session.exec(select(Delivery).where(Delivery.key == "reply:9:0")).one()


def test_a_message_in_doubt_is_sent_again_and_counted(chaser, fake, monkeypatch, caplog):
    sudden_death.after_the_call(chaser.channels["telegram"], monkeypatch)
    with pytest.raises(Killed):
        deliver_once(chaser=chaser, message=_note(), kind="reply")
    assert _row(chaser).call_started_at is not None
    chaser.clock.advance(SENDING_LEASE + timedelta(minutes=1))
    assert len(dispatch(chaser=chaser).sent) == 1
    assert [c.params["text"] for c in fake.sent()] == ["Thanks: 7.2 recorded."] * 2
    row = _row(chaser)
    assert (row.state, row.resent_in_doubt, row.call_started_at) == ("sent", 1, None)
    assert "its sender died while telegram had it; sending again (it may show twice)" in caplog.text


def test_a_sender_that_died_before_the_call_leaves_nothing_in_doubt(chaser, fake, monkeypatch):
    sudden_death.before_the_call(chaser.limiter, monkeypatch)
    with pytest.raises(Killed):
        deliver_once(chaser=chaser, message=_note(), kind="reply")
    chaser.clock.advance(SENDING_LEASE + timedelta(minutes=1))
    assert len(dispatch(chaser=chaser).sent) == 1
    assert len(fake.sent()) == 1
    assert _row(chaser).resent_in_doubt == 0
