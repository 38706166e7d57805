"""Requests, replies in words, taps and details through the real python-telegram-bot, polling a
fake Bot API: each answer records exactly one update and is confirmed in the same chat."""

from __future__ import annotations

from bot.cycle.round import run_cycle
from tests.telegram.conftest import SUE
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import WRITTEN, action, buttons, inbound, polling, updates_of


def request_to_sue(chaser, fake: FakeBotApi) -> dict:
    result = run_cycle(chaser=chaser, plan_name="jar")
    to_sue = [c for c in fake.sent() if c.params["chat_id"] == SUE]
    assert len(to_sue) == 1, "exactly one message per round"
    assert result.sent == 3
    message_id = max(m for (chat, m) in fake.messages if chat == SUE)
    return fake.messages[(SUE, message_id)]


def test_a_round_sends_sue_one_telegram_message_with_buttons_per_action(chaser, fake):
    message = request_to_sue(chaser, fake)
    assert "7.4" in message["text"] and "7.6" in message["text"] and "7.5" not in message["text"]
    labels = buttons(message)
    assert {"7.4: Done", "7.6: Done", "On track", "Delayed", "Blocked", "Details…"} <= set(labels)
    assert labels["7.4: Done"].startswith("q:") and all(len(d.encode()) <= 64 for d in labels.values())
    # Jane has no Telegram account and Tony chose email: they are emailed, not messaged.
    assert {c.params["chat_id"] for c in fake.sent()} == {SUE}


def test_a_reply_in_words_records_one_update_and_is_confirmed(chaser, fake):
    request_to_sue(chaser, fake)
    before = len(fake.sent())
    with polling(chaser):
        fake.text(user_id=SUE, text="7.4 complete on 9 June. 7.6 still waiting on the DfES money", date=WRITTEN)
        fake.wait_for(lambda: len(fake.sent()) > before)
    assert len(updates_of(chaser, "7.4")) == 1
    assert action(chaser, "7.4").status == "complete"
    reply = fake.sent()[-1]
    assert reply.params["chat_id"] == SUE and "7.4" in reply.params["text"]
    assert [m.state for m in inbound(chaser)] == ["processed"]


def test_a_tap_records_one_update_answers_the_tap_and_edits_the_request(chaser, fake):
    message = request_to_sue(chaser, fake)
    with polling(chaser):
        fake.tap(user_id=SUE, data=buttons(message)["7.4: Done"], message=message)
        fake.wait_for(lambda: fake.sent("editMessageText") and fake.sent("answerCallbackQuery"))
    assert len(updates_of(chaser, "7.4")) == 1 and action(chaser, "7.4").status == "complete"
    answered = fake.sent("answerCallbackQuery")
    assert len(answered) == 1 and "7.4 Done" in answered[0].params["text"]
    edited = fake.sent("editMessageText")[0].params
    assert edited["message_id"] == message["message_id"] and "recorded 7.4 complete" in edited["text"]
    still = {b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row}
    assert "7.6: Done" in still and "7.4: Done" not in still  # only what is still to answer


def test_details_asks_for_words_and_the_reply_is_read_as_about_that_action(chaser, fake):
    message = request_to_sue(chaser, fake)
    with polling(chaser):
        details = [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                   if b["text"] == "Details…" and b["callback_data"].endswith(":7.4")]
        fake.tap(user_id=SUE, data=details[0], message=message)
        fake.wait_for(lambda: any("Details for 7.4" in c.params["text"] for c in fake.sent()))
        prompt_call = [c for c in fake.sent() if "Details for 7.4" in c.params["text"]][0]
        assert prompt_call.params["reply_markup"]["force_reply"] is True
        prompt = fake.messages[(SUE, max(m for (chat, m) in fake.messages if chat == SUE))]
        count = len(fake.sent())
        fake.text(user_id=SUE, text="60% done, now expected by 30 September 2006", date=WRITTEN, reply_to=prompt)
        fake.wait_for(lambda: len(fake.sent()) > count)
    recorded = updates_of(chaser, "7.4")
    assert len(recorded) == 1
    assert recorded[0].percent_complete == 60 and str(recorded[0].expected_by) == "2006-09-30"
    assert updates_of(chaser, "7.6") == []
    assert [m.state for m in inbound(chaser)] == ["ignored", "processed"]  # the tap is kept, records nothing


def test_a_duplicate_update_changes_nothing(chaser, fake):
    message = request_to_sue(chaser, fake)
    tap = {"update_id": 4242, "callback_query": {
        "id": "cq-dup", "chat_instance": "ci", "data": buttons(message)["7.6: Done"], "message": message,
        "from": {"id": SUE, "is_bot": False, "first_name": "Sue"}}}
    with polling(chaser):
        fake.push(tap)
        fake.wait_for(lambda: fake.sent("editMessageText"))
    sent = len(fake.sent())
    # A restart before the offset was confirmed: Telegram sends the same update to the new poller
    # (it may still hold it anyway, if the first poller stopped before asking past it).
    if not any(u["update_id"] == tap["update_id"] for u in fake.updates):
        fake.updates.append(tap)
    with polling(chaser):
        fake.wait_for(lambda: len(fake.sent("answerCallbackQuery")) == 2)
    assert len(updates_of(chaser, "7.6")) == 1
    assert len(fake.sent()) == sent and len(fake.sent("editMessageText")) == 1
    assert len(inbound(chaser)) == 1


def test_every_tap_on_the_request_redraws_it(chaser, fake):
    message = request_to_sue(chaser, fake)
    with polling(chaser):
        fake.tap(user_id=SUE, data=buttons(message)["7.4: Done"], message=message)
        fake.wait_for(lambda: len(fake.sent("editMessageText")) == 1)
        fake.tap(user_id=SUE, data=buttons(message)["7.6: Done"], message=message)
        fake.wait_for(lambda: len(fake.sent("editMessageText")) == 2 and len(fake.sent()) == 3)
    last = fake.sent("editMessageText")[-1].params
    assert "recorded 7.6 complete" in last["text"] and "every action in this request answered" in last["text"]
    assert not (last.get("reply_markup") or {}).get("inline_keyboard")  # nothing left to tap
    assert len(updates_of(chaser, "7.4")) == 1 and len(updates_of(chaser, "7.6")) == 1
