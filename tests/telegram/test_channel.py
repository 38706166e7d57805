"""The channel's side of the Bot API: what is sent, and Bot API errors as the core's SendError."""

from __future__ import annotations

import logging

import pytest

from adapters.telegram.channel import TelegramChannel, chunks
from adapters.telegram.client import BotClient
from adapters.telegram.keyboard import MAX_DATA_BYTES, callback_data, keyboard, read_tap
from bot.outbound import send_now
from bot.ports import ActionPrompt, OutboundMessage, SendError
from bot.rate_limit import RateLimiter
from tests.telegram.conftest import SUE
from tests.telegram.fake_api import TOKEN, FakeBotApi


@pytest.fixture
def channel(fake: FakeBotApi):
    made = TelegramChannel(client=BotClient(token=TOKEN, api_url=fake.base_url))
    try:
        yield made
    finally:
        made.close()


def note(chat: int, text: str = "Hello", **extra) -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient=str(chat), subject="s", text=text, **extra)


def test_send_returns_chat_and_message_id_and_edit_replaces_in_place(channel, fake):
    ref = channel.send(note(SUE, "first"))
    chat, message_id = (int(x) for x in ref.split(":"))
    assert chat == SUE and fake.messages[(SUE, message_id)]["text"] == "first"
    assert channel.send(note(SUE, "edited", replace=ref)) == ref
    assert fake.messages[(SUE, message_id)]["text"] == "edited" and len(fake.sent()) == 1
    assert channel.send(note(SUE, "edited", replace=ref)) == ref  # a retried edit: "not modified" is fine


def test_an_edit_of_a_message_that_is_gone_sends_a_new_one(channel, fake):
    ref = channel.send(note(SUE, "new", replace=f"{SUE}:999999"))
    assert ref != f"{SUE}:999999" and len(fake.sent()) == 1


def test_a_429_becomes_send_error_with_retry_after(channel, fake):
    fake.flood["sendMessage"] = [7]
    with pytest.raises(SendError) as caught:
        channel.send(note(SUE))
    assert caught.value.retry_after == 7.0 and not caught.value.permanent
    assert len(fake.sent(ok_only=False)) == 1 and fake.sent() == []


def test_the_core_waits_as_a_429_asks_then_sends_once(chaser, fake):
    waits: list[float] = []
    chaser.limiter = RateLimiter(sleep=waits.append)
    fake.flood["sendMessage"] = [3]
    send_now(chaser=chaser, message=note(SUE, "after the wait", key="k1"))
    assert any(w >= 2.9 for w in waits)  # held for the 3 seconds asked (the sleep is recorded, not slept)
    assert [c.params["text"] for c in fake.sent()] == ["after the wait"]


def test_the_channel_declares_telegrams_limits(channel):
    assert channel.per_conversation_interval == 1.0 and channel.overall_per_second == 30


def test_a_blocked_bot_or_a_missing_chat_is_permanent(channel, fake):
    fake.blocked.add(SUE)
    with pytest.raises(SendError) as blocked:
        channel.send(note(SUE))
    with pytest.raises(SendError) as missing:
        channel.send(note(424242))
    assert blocked.value.permanent and "blocked" in blocked.value.reason
    assert missing.value.permanent and "chat not found" in missing.value.reason.lower()


def test_a_server_that_is_down_is_a_retryable_send_error(fake):
    fake.stop()
    channel = TelegramChannel(client=BotClient(token=TOKEN, api_url=fake.base_url))
    try:
        with pytest.raises(SendError) as caught:
            channel.send(note(SUE))
        assert not caught.value.permanent and TOKEN not in caught.value.reason
    finally:
        channel.close()


def test_the_token_is_never_logged(channel, fake, caplog):
    caplog.set_level(logging.DEBUG)
    channel.send(note(SUE))
    fake.blocked.add(SUE)
    with pytest.raises(SendError):
        channel.send(note(SUE))
    assert "sendMessage" in caplog.text  # the requests were logged...
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text  # ...without the token


def test_keyboard_rows_and_callback_data():
    prompts = (ActionPrompt(action_id=12, ref="7.4", title="t", due="d", status="s"),
               ActionPrompt(action_id=99999, ref="5a.1" + "x" * 80, title="t", due="d", status="s"))
    markup = keyboard(prompts)
    assert markup is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert [t for t, _ in rows[0]] == ["7.4: Done", "On track"]
    assert [t for t, _ in rows[1]] == ["Delayed", "Blocked", "Details…"]
    datas = [d for row in rows for _, d in row]
    assert all(len(str(d).encode()) <= MAX_DATA_BYTES for d in datas)
    tap = read_tap(str(rows[0][1][1]))
    assert tap is not None and (tap.action_id, tap.choice, tap.ref) == (12, "in_progress", "7.4")
    assert read_tap(callback_data(action_id=3, choice="blocked", ref="7.6")).choice == "blocked"  # type: ignore[union-attr]
    for forged in ("", "q:1:z:7.4", "q:x:c:7.4", "hello", None):
        assert read_tap(forged) is None
    assert keyboard(()) is None


def test_long_text_is_split_at_line_ends():
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(100))
    pieces = chunks(text)
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert "\n".join(pieces) == text


def test_details_words_get_the_ref_first_unless_they_are_something_else():
    from adapters.telegram.updates import about

    assert about("7.4", "60% done, now 30 Sep") == "7.4: 60% done, now 30 Sep"
    for kept in ("UNDO", "thanks", "no change", "what is overdue?", "/start", "7.4 is 60% done", ""):
        assert about("7.4", kept) == kept
