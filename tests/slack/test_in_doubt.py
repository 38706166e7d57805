"""A sender that dies while Slack has its message: the next sender asks Slack (the delivery key is
posted as message metadata, read back with conversations.history) and sends again only if the
message is not there; a sender that died before the call, or a call Slack refused, is plainly retried."""

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
from tests.slack.conftest import ALICE, texts_to

DM = "D" + ALICE[1:]



def _note(key: str = "reply:41:0") -> OutboundMessage:
    return OutboundMessage(channel="slack", recipient=ALICE, subject="", text=f"Thanks ({key})", key=key,
                           kind="reply")


def _row(chaser, key: str) -> Delivery:
    with Session(chaser.engine) as session:
        return session.exec(select(Delivery).where(Delivery.key == key)).one()


def _after_the_lease(chaser) -> None:
    chaser.clock.advance(SENDING_LEASE + timedelta(minutes=1))


def test_a_message_slack_already_has_is_not_posted_again(slack, monkeypatch):
    sudden_death.after_the_call(slack.chaser.channels["slack"], monkeypatch)
    with pytest.raises(Killed):
        deliver_once(chaser=slack.chaser, message=_note(), kind="reply")
    row = _row(slack.chaser, "reply:41:0")
    assert (row.state, row.call_started_at is not None) == ("sending", True)
    assert texts_to(slack.fake, DM) == ["Thanks (reply:41:0)"]
    _after_the_lease(slack.chaser)
    dispatched = dispatch(chaser=slack.chaser)
    assert (dispatched.sent, dispatched.failed) == ([], [])  # found at Slack: marked sent, not posted again
    assert texts_to(slack.fake, DM) == ["Thanks (reply:41:0)"]
    row = _row(slack.chaser, "reply:41:0")
    assert (row.state, row.resent_in_doubt, row.call_started_at) == ("sent", 0, None)
    assert row.message_id == f"{DM}:{slack.fake.posts()[0].response_ts}"
    history = slack.fake.called("conversations.history")
    assert len(history) == 1 and history[0].params["include_all_metadata"] in ("1", "true", True)


def test_the_metadata_names_the_delivery_key(slack):
    assert deliver_once(chaser=slack.chaser, message=_note("reply:7:0"), kind="reply")
    (post,) = slack.fake.posts()
    assert post.params["metadata"] == {"event_type": "chaser_delivery", "event_payload": {"key": "reply:7:0"}}


def test_a_message_that_never_reached_slack_is_posted_once_after_the_lease(slack, monkeypatch):
    """Died in the rate limiter's wait, before the call: nothing is in doubt."""
    sudden_death.before_the_call(slack.chaser.limiter, monkeypatch)
    with pytest.raises(Killed):
        deliver_once(chaser=slack.chaser, message=_note(), kind="reply")
    assert _row(slack.chaser, "reply:41:0").call_started_at is None
    _after_the_lease(slack.chaser)
    assert len(dispatch(chaser=slack.chaser).sent) == 1
    assert texts_to(slack.fake, DM) == ["Thanks (reply:41:0)"]
    assert slack.fake.called("conversations.history") == []  # (nothing to ask about)
    assert _row(slack.chaser, "reply:41:0").resent_in_doubt == 0


def test_when_slack_cannot_be_asked_the_message_is_sent_again_and_counted(slack, monkeypatch, caplog):
    sudden_death.after_the_call(slack.chaser.channels["slack"], monkeypatch)
    with pytest.raises(Killed):
        deliver_once(chaser=slack.chaser, message=_note(), kind="reply")
    slack.fake.fail("conversations.history", status=503)
    _after_the_lease(slack.chaser)
    assert len(dispatch(chaser=slack.chaser).sent) == 1
    assert texts_to(slack.fake, DM) == ["Thanks (reply:41:0)"] * 2
    row = _row(slack.chaser, "reply:41:0")
    assert (row.state, row.resent_in_doubt) == ("sent", 1)
    assert "could not ask slack whether it arrived" in caplog.text
    assert "sending again (it may show twice)" in caplog.text


def test_a_refused_call_is_retried_without_doubt(slack, vtime):
    slack.fake.fail("chat.postMessage", status=429, retry_after=3)
    assert deliver_once(chaser=slack.chaser, message=_note(), kind="reply")
    assert [c.status for c in slack.fake.called("chat.postMessage")] == [429, 200]
    assert slack.fake.called("conversations.history") == []
    row = _row(slack.chaser, "reply:41:0")
    assert (row.state, row.resent_in_doubt, row.call_started_at) == ("sent", 0, None)


def test_a_call_that_timed_out_is_checked_before_it_is_sent_again(slack, monkeypatch):
    """No answer (a time-out) after Slack took the message: the retry asks Slack first."""
    from bot.ports import SendError

    channel = slack.chaser.channels["slack"]
    real = channel.send
    calls = []

    def send(message):
        calls.append(message.key)
        real(message)
        raise SendError("Slack API unreachable: TimeoutError", answered=False)

    monkeypatch.setattr(channel, "send", send)
    monkeypatch.setattr("bot.outbound.SEND_TRIES", 1)
    assert not deliver_once(chaser=slack.chaser, message=_note(), kind="reply")
    row = _row(slack.chaser, "reply:41:0")
    assert (row.state, row.call_started_at is not None) == ("failed", True)
    monkeypatch.setattr(channel, "send", real)
    slack.chaser.clock.advance(timedelta(hours=1))
    assert dispatch(chaser=slack.chaser).sent == []
    assert texts_to(slack.fake, DM) == ["Thanks (reply:41:0)"]
    assert _row(slack.chaser, "reply:41:0").state == "sent"
