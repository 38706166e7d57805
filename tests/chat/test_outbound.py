"""Outbound chat: pacing per conversation and per channel, 429 waits, 5xx backoff, and email when a
platform says the person cannot be reached; every request still goes once per round."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.cycle import run_cycle
from bot.ports import OutboundMessage, SendError
from bot.rate_limit import RateLimiter
from store.models import Request
from tests.chat.memory_channel import FakeSleep
from tests.cycle.world import mail_to


def test_a_429_waits_as_asked_and_sends_once(chat, fake_time):
    chaser, channel = chat
    channel.failures = [SendError("ratelimited", retry_after=7)]
    result = run_cycle(chaser=chaser, plan_name="jar")
    assert [m.recipient for m in channel.sent if m.kind == "request"] == ["U0SUE", "U0TONY"]
    assert channel.calls == 3
    assert 7.0 in fake_time.waits  # nothing went before the platform allowed it
    run_cycle(chaser=chaser, plan_name="jar")
    assert channel.calls == 3
    assert result.sent == 3


def test_5xx_backs_off_then_gives_up_and_the_next_run_retries(chat, fake_time):
    chaser, channel = chat
    channel.failures = [SendError("HTTP 503")] * 4
    run_cycle(chaser=chaser, plan_name="jar")
    assert fake_time.waits[:3] == [1.0, 2.0, 4.0]
    with Session(chaser.engine) as session:
        states = sorted(r.state for r in session.exec(select(Request)).all())
    assert states == ["failed", "sent", "sent"]  # Sue's failed; Tony's and Jane's (email) went


def test_a_person_slack_cannot_reach_is_emailed_and_the_round_says_so(chat):
    chaser, channel = chat
    channel.failures = [SendError("user_not_found", permanent=True)]
    result = run_cycle(chaser=chaser, plan_name="jar")
    lines = [line for outcome in result.rounds for line in outcome.sent]
    assert any(line.startswith("Sue Fiennes <sue.fiennes@herefordshire.example> by email (instead of slack: "
                               "user_not_found)") for line in lines)
    [mail] = mail_to(chaser, "sue.fiennes@herefordshire.example")
    assert "Reply-To" in mail and mail["Subject"].startswith("Progress on your actions")
    with Session(chaser.engine) as session:
        sue = session.exec(select(Request).where(Request.person_id == 1)).one()
    assert sue.channel == "email"


def test_replies_fall_back_to_email_too(chat):
    from bot.outbound import deliver_once

    chaser, channel = chat
    channel.failures = [SendError("account_inactive", permanent=True)]
    message = OutboundMessage(channel="slack", recipient="U0TONY", subject="Chaser", text="Thanks — recorded.",
                              person_id=3, key="reply:77:0", kind="reply")
    assert deliver_once(chaser=chaser, message=message, kind="reply")
    assert not deliver_once(chaser=chaser, message=message, kind="reply")  # once, even after rerouting
    [mail] = mail_to(chaser, "tony.geeson@herefordshire.example")
    assert "We tried to send this in Slack, which said: account_inactive" in mail.get_body(("plain",)).get_content()


def test_the_limiter_paces_each_conversation_and_the_channel():
    clock = FakeSleep()
    limiter = RateLimiter(sleep=clock.sleep, monotonic=clock.monotonic)
    for _ in range(3):
        limiter.wait("slack", "D1", interval=1.0)
    assert clock.waits == [1.0, 1.0]  # one a second in one conversation
    start = clock.now
    for n in range(60):
        limiter.wait("telegram", f"chat-{n}", interval=1.0, overall=30)
    assert abs((clock.now - start) - 59 / 30) < 1e-9  # 30 a second over the channel, no more, no less
    limiter.hold("telegram", 5)
    assert limiter.wait("telegram", "chat-new") >= 5.0
