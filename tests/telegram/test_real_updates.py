"""Real published Telegram updates and Bot API error bodies (tests/telegram/real, sources in its
README) through the real paths: long polling (getUpdates on the fake Bot API) and the webhook with its
secret header. Ids and words are invented; the structure is Telegram's."""

from __future__ import annotations

import copy
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select
from starlette.exceptions import StarletteDeprecationWarning

from adapters.telegram.polling import TelegramPoller
from bot import linking
from bot.cycle.round import run_cycle
from bot.outbound import deliver_once
from bot.ports import OutboundMessage
from bot.service_runner import asgi_app
from store.models import Person
from tests.telegram.conftest import JANE_PHONE, SUE
from tests.telegram.fake_api import TOKEN
from tests.telegram.helpers import buttons, inbound, polling, telegram, updates_of

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what we have and works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

REAL = Path(__file__).parent / "real"
SECRET = "real-updates-secret"
GROUP, SUPERGROUP = -599075523, -1001293752024


def update(name: str) -> dict[str, Any]:
    return dict(json.loads((REAL / "updates" / f"{name}.json").read_text()))


def response(name: str) -> dict[str, Any]:
    return dict(json.loads((REAL / "responses" / f"{name}.json").read_text()))


Feed = Callable[..., None]


@pytest.fixture(params=["polling", "webhook"])
def feed(request, chaser, fake) -> Iterator[Feed]:
    """Hand updates to Chaser as Telegram would: by getUpdates (each confirmed before the next call
    returns) or by POST /telegram/webhook with the secret (each answered 200)."""
    if request.param == "polling":
        poller = TelegramPoller(chaser=chaser, channel=telegram(chaser), poll_timeout=1)
        poller.start()

        def by_polling(*updates: dict[str, Any]) -> None:
            pushed = []
            confirmed = max([o or 0 for o in fake.offsets()] + [0])
            for u in updates:  # (Telegram's ids only grow: one below what was confirmed would be lost)
                pushed.append(fake.push(u if int(u["update_id"]) >= confirmed
                                        else {**u, "update_id": fake.next_update_id}))
            last = max(pushed)
            fake.wait_for(lambda: any((o or 0) > last for o in fake.offsets()))

        try:
            yield by_polling
        finally:
            poller.stop()
        return
    chaser.settings = chaser.settings.model_copy(update={"telegram_webhook_secret": SecretStr(SECRET)})
    with TestClient(asgi_app(chaser)) as client:

        def by_webhook(*updates: dict[str, Any]) -> None:
            for u in updates:
                answer = client.post("/telegram/webhook", content=json.dumps(u).encode(),
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                assert answer.status_code == 200, answer.text

        yield by_webhook


def to(chat: int, fake) -> list[str]:
    return [c.params["text"] for c in fake.sent() if int(c.params["chat_id"]) == chat]


def emails(chaser) -> list[Any]:
    return [message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(chaser.settings.outbox_dir.glob("*.eml"))]


def person(chaser, name: str) -> Person:
    with Session(chaser.engine) as session:
        return session.exec(select(Person).where(Person.name == name)).one()


# --- updates -----------------------------------------------------------------------------------


def test_a_private_message_with_entities_is_stored_once_and_read(chaser, fake, feed):
    u = update("private_text_entities")
    feed(u, copy.deepcopy(u))  # Telegram sends it again (its own retry): the same update_id
    (row,) = inbound(chaser)
    assert (row.message_id, row.state) == ("10000", "processed")
    (recorded,) = updates_of(chaser, "7.4")
    assert recorded.status == "complete"
    (confirmation,) = to(SUE, fake)
    assert "7.4 complete" in confirmation


def test_a_caption_is_read_like_text(chaser, fake, feed):
    feed(update("photo_caption"))
    (recorded,) = updates_of(chaser, "7.6")
    assert recorded.percent_complete == 40
    assert "7.6" in to(SUE, fake)[0]


@pytest.mark.parametrize(("name", "words"), [("voice_current", "a voice message"), ("sticker", "a sticker"),
                                             ("location", "a place"), ("document_current", "a file")])
def test_media_with_no_words_gets_a_polite_answer_and_records_nothing(chaser, fake, feed, name, words):
    feed(update(name))
    (answer,) = to(SUE, fake)
    assert "only read words" in answer and f"nothing was recorded from {words}" in answer
    assert updates_of(chaser, "7.4") == [] and updates_of(chaser, "7.6") == []
    (row,) = inbound(chaser)
    assert (row.state, row.reason) == ("processed", "no_words")


@pytest.mark.parametrize(("name", "origin"), [("forwarded_origin", "from Jane Jones"),
                                              ("forwarded_legacy", "from Jane Jones")])
def test_a_forwarded_message_is_not_taken_as_the_leads_own_progress(chaser, fake, feed, name, origin):
    feed(update(name))
    (answer,) = to(SUE, fake)
    assert f"forwarded ({origin})" in answer and "in your own words" in answer
    assert updates_of(chaser, "7.4") == [] and updates_of(chaser, "7.6") == []


def test_a_reply_to_a_message_is_read_as_the_leads_words(chaser, fake, feed):
    feed(update("reply"))
    (recorded,) = updates_of(chaser, "7.6")
    assert recorded.percent_complete == 40


def test_an_edit_is_answered_and_never_a_second_silent_update(chaser, fake, feed):
    first = update("private_text_entities")
    feed(first, update("edited_message"))
    assert len(updates_of(chaser, "7.4")) == 1  # the edit recorded nothing more
    confirmation, about_edit = to(SUE, fake)
    assert "7.4 complete" in confirmation and "edited a message" in about_edit
    assert [r.reason for r in inbound(chaser)] == ["progress", "edited"]


def test_group_and_channel_messages_reveal_nothing(chaser, fake, feed):
    fake.chats |= {GROUP, SUPERGROUP}
    feed(update("group_text"), update("supergroup_command"), update("channel_post"), update("from_bot"))
    assert inbound(chaser) == []  # nothing from a group or a channel is kept or read
    assert to(GROUP, fake) == []  # talk not addressed to the bot gets no answer
    (notice,) = to(SUPERGROUP, fake)  # a command to the bot: use the private chat
    assert "only talk in private chats" in notice and "@chaser_test_bot" in notice
    assert not any(word in notice for word in ("7.4", "7.5", "Sue", "Jane", "overdue"))
    assert updates_of(chaser, "7.4") == []


def test_a_message_from_a_bot_is_not_taken(chaser, fake, feed):
    feed(update("from_bot_private"))
    assert inbound(chaser) == [] and fake.sent() == []


def test_start_with_a_deep_link_code_links_the_account(chaser, fake, feed):
    with Session(chaser.engine) as session:
        jane = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        code = linking.issue_code(session, person=jane, channel="telegram", now=chaser.clock.now())
        session.commit()
    u = update("start_deep_link")
    u["message"]["text"] = f"/start {code}"
    feed(u)
    assert "now linked to you" in to(JANE_PHONE, fake)[0]
    assert person(chaser, "Jane Jones").telegram_id == str(JANE_PHONE)


def test_a_very_long_message_is_stored_whole_and_read_once(chaser, fake, feed):
    u = update("long_text")
    feed(u)
    (row,) = inbound(chaser)
    assert len(row.body) == len(u["message"]["text"]) == 4096 and row.state == "processed"
    assert len(updates_of(chaser, "7.6")) == 1 and len(to(SUE, fake)) == 1


def test_taps_on_a_request_and_on_an_inaccessible_message_each_record_once(chaser, fake, feed):
    run_cycle(chaser=chaser, plan_name="jar")
    request = fake.messages[(SUE, max(m for (chat, m) in fake.messages if chat == SUE))]
    tap = update("callback_query_message")
    tap["callback_query"]["data"] = buttons(request)["7.4: Done"]
    tap["callback_query"]["message"] = request
    old = update("callback_query_inaccessible")  # the request is too old to be shown: date 0
    old["callback_query"]["data"] = {b: d for b, d in buttons(request).items()
                                     if d.endswith(":7.6") and ":d:" in d}.popitem()[1]
    old["callback_query"]["message"]["message_id"] = request["message_id"]
    feed(tap, copy.deepcopy(tap), old)
    assert [u.status for u in updates_of(chaser, "7.4")] == ["complete"]
    assert [u.status for u in updates_of(chaser, "7.6")] == ["delayed"]
    answered = fake.sent("answerCallbackQuery")
    assert len(answered) == 3  # every tap answered, the repeat too


def test_the_lead_blocking_the_bot_flags_them_and_tells_the_coordinator_once(chaser, fake, feed):
    kicked = update("my_chat_member_kicked")
    feed(kicked, copy.deepcopy(kicked))
    assert person(chaser, "Sue Fiennes").unreachable == {"telegram": "they blocked Chaser's bot in Telegram"}
    (notice,) = [m for m in emails(chaser) if m["To"] == "chris.doyle@herefordshire.example"]
    assert notice["Subject"] == "Chaser: Sue Fiennes cannot be reached in Telegram"
    body = notice.get_body(("plain",)).get_content()
    assert "Sue Fiennes" in body and "sue.fiennes@herefordshire.example" in body
    run_cycle(chaser=chaser, plan_name="jar")  # her round's request goes by email, Telegram is not tried
    assert to(SUE, fake) == []
    assert any(m["To"] == "sue.fiennes@herefordshire.example" for m in emails(chaser))
    feed(update("my_chat_member_unblocked"))
    assert person(chaser, "Sue Fiennes").unreachable == {}


def test_a_message_from_a_lead_flagged_unreachable_clears_the_flag(chaser, fake, feed):
    feed(update("my_chat_member_kicked"))
    assert "telegram" in person(chaser, "Sue Fiennes").unreachable
    feed(update("reply"))  # the unblock was not seen (say the webhook was set without my_chat_member)
    assert person(chaser, "Sue Fiennes").unreachable == {}
    assert len(updates_of(chaser, "7.6")) == 1 and len(to(SUE, fake)) == 1


@pytest.mark.parametrize("name", ["docs_minimal_start", "document", "voice", "callback_query_inline"])
def test_an_update_python_telegram_bot_cannot_read_is_kept_and_blocks_nothing(chaser, fake, feed, name):
    """The Bot API page's own examples predate ``is_bot`` and ``file_unique_id``, which
    python-telegram-bot requires: such an update is kept (quarantined, with the reason) and confirmed,
    and the updates after it are read."""
    after = update("reply")
    feed(update(name), after)
    odd, taken = inbound(chaser)
    assert odd.state == "quarantined" and "could not read this update" in odd.reason
    assert json.loads(odd.raw)["unparsed"]["update_id"] == update(name)["update_id"]
    assert taken.message_id == str(after["update_id"]) and len(updates_of(chaser, "7.6")) == 1


# --- error bodies --------------------------------------------------------------------------------


def _note(key: str = "reply:real:1", text: str = "Thanks: 7.4 recorded.") -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient=str(SUE), subject="Chaser: your update", text=text,
                           key=key, kind="reply")


def test_429_waits_as_long_as_retry_after_says(chaser, fake):
    fake.errors["sendMessage"] = [response("429_retry_after")]
    assert deliver_once(chaser=chaser, message=_note(), kind="reply")
    refused, sent = fake.sent(ok_only=False)
    assert (refused.status, refused.retry_after, sent.status) == (429, 3, 200)
    assert sent.at - refused.at >= 2.9


def test_403_blocked_stops_telegram_for_that_lead_and_falls_back_to_email(chaser, fake):
    sue = person(chaser, "Sue Fiennes")
    fake.errors["sendMessage"] = [response("403_blocked")]
    message = OutboundMessage(channel="telegram", recipient=str(SUE), subject="Chaser: your update",
                              text="Thanks: 7.4 recorded.", key="reply:real:403", kind="reply", person_id=sue.id)
    deliver_once(chaser=chaser, message=message, kind="reply")
    assert person(chaser, "Sue Fiennes").unreachable["telegram"] == \
        "Telegram refused: Forbidden: bot was blocked by the user"
    (to_sue,) = [m for m in emails(chaser) if m["To"] == "sue.fiennes@herefordshire.example"]
    assert "bot was blocked by the user" in to_sue.get_body(("plain",)).get_content()
    (notice,) = [m for m in emails(chaser) if m["To"] == "chris.doyle@herefordshire.example"]
    assert "Sue Fiennes" in notice["Subject"]
    run_cycle(chaser=chaser, plan_name="jar")  # the next request is not tried on Telegram at all
    assert len(fake.sent("sendMessage", ok_only=False)) == 1


def test_message_not_modified_is_not_an_error(chaser, fake):
    sent_ref = telegram(chaser).send(_note(text="Request, before the tap"))
    fake.errors["editMessageText"] = [response("400_not_modified")]
    again = OutboundMessage(channel="telegram", recipient=str(SUE), subject="", text="Request, after the tap",
                            replace=sent_ref, key="edit:real:1")
    assert telegram(chaser).send(again) == sent_ref
    assert len(fake.sent("sendMessage")) == 1  # no new message instead


def test_chat_not_found_and_message_too_long_fall_back_to_email_saying_why(chaser, fake):
    sue = person(chaser, "Sue Fiennes")
    fake.errors["sendMessage"] = [response("400_message_too_long"), response("400_chat_not_found")]
    for n in (1, 2):
        deliver_once(chaser=chaser, message=OutboundMessage(
            channel="telegram", recipient=str(SUE), subject="Chaser: your update", text=f"Answer {n}",
            key=f"reply:real:400:{n}", kind="reply", person_id=sue.id), kind="reply")
    bodies = [m.get_body(("plain",)).get_content() for m in emails(chaser)
              if m["To"] == "sue.fiennes@herefordshire.example"]
    assert any("Bad Request: message is too long" in b or "Message is too long" in b for b in bodies)
    assert any("hat not found" in b for b in bodies) and len(bodies) == 2
    assert person(chaser, "Sue Fiennes").unreachable == {}  # a refused message is not a blocked lead


def test_a_query_too_old_does_not_fail_the_tap(chaser, fake):
    run_cycle(chaser=chaser, plan_name="jar")
    request = fake.messages[(SUE, max(m for (chat, m) in fake.messages if chat == SUE))]
    fake.errors["answerCallbackQuery"] = [response("400_query_too_old")]
    tap = update("callback_query_message")
    tap["callback_query"]["data"] = buttons(request)["7.4: Done"]
    tap["callback_query"]["message"] = request
    with polling(chaser):
        fake.push(tap)
        fake.wait_for(lambda: any((o or 0) > tap["update_id"] for o in fake.offsets()))
    assert [u.status for u in updates_of(chaser, "7.4")] == ["complete"]
    assert fake.sent("answerCallbackQuery", ok_only=False)[0].status == 400


@pytest.mark.parametrize(("method", "body", "line"), [
    ("getUpdates", "409_conflict", "another process is polling this bot"),
    ("getMe", "401_unauthorized", "the bot token was refused"),
])
def test_a_lasting_refusal_is_logged_once_without_the_token(chaser, fake, caplog, method, body, line):
    fake.errors[method] = [response(body)] * 4
    u = update("reply")
    poller = TelegramPoller(chaser=chaser, channel=telegram(chaser), poll_timeout=1)
    poller.first_backoff = 0.05
    with caplog.at_level(logging.DEBUG):
        poller.start()
        try:
            fake.push(u)
            fake.wait_for(lambda: any((o or 0) > u["update_id"] for o in fake.offsets()))
        finally:
            poller.stop()
    assert len(fake.sent(method, ok_only=False)) >= 5  # refused four times, then answered
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and line in errors[0], errors
    assert TOKEN not in caplog.text
    assert len(updates_of(chaser, "7.6")) == 1  # taken once the refusal ended


@pytest.mark.parametrize(("text", "told"), [
    ("/status", True), ("/status@chaser_test_bot", True), ("/status@some_other_bot", False),
    ("@chaser_test_bot what's overdue?", True), ("What are Jane's overdue actions?", False)])
def test_only_a_group_message_meant_for_the_bot_gets_the_private_chat_notice(text, told):
    from datetime import UTC, datetime

    from telegram import Update

    from adapters.telegram.updates import translate

    u = update("supergroup_command")
    u["message"]["text"] = text
    incoming = translate(Update.de_json(u, None), now=datetime(2006, 6, 12, tzinfo=UTC), bot_id=123456,
                         bot_username="chaser_test_bot")
    assert incoming.message is None and bool(incoming.notice) is told
