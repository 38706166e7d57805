"""Durable intake: an update is stored before its offset is confirmed; the webhook checks its secret;
strangers get an explanation and no plan data; a code sent to the bot links the account."""

from __future__ import annotations

import json
import re
import warnings
from email import message_from_bytes, policy

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select
from starlette.exceptions import StarletteDeprecationWarning

import adapters.telegram.intake as intake_module
from adapters.telegram import routes, services
from adapters.telegram.polling import TelegramPoller
from bot import linking
from bot.service_runner import asgi_app
from store.models import Person
from tests.telegram.conftest import JANE_PHONE, STRANGER, SUE
from tests.telegram.helpers import WRITTEN, inbound, polling, telegram, updates_of

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what we have and works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient


def test_an_update_that_cannot_be_stored_is_never_confirmed_and_comes_again(chaser, fake, monkeypatch):
    real_take = intake_module.take
    stored: list[int] = []
    past_unstored: list[tuple[int, int]] = []
    failed: list[int] = []

    def flaky_take(*, chaser, message):
        update_id = int(message.message_id)
        asked = [o for o in fake.offsets() if o is not None]
        if asked and max(asked) > update_id:  # Telegram would have forgotten this update already
            past_unstored.append((max(asked), update_id))
        if update_id == third and not failed:
            failed.append(update_id)
            raise RuntimeError("database is down")
        accepted = real_take(chaser=chaser, message=message)
        stored.append(update_id)
        return accepted

    monkeypatch.setattr(intake_module, "take", flaky_take)
    ids = [fake.text(user_id=SUE, text=f"Thank you {n}", date=WRITTEN) for n in range(5)]
    third = ids[2]
    poller = TelegramPoller(chaser=chaser, channel=telegram(chaser), poll_timeout=1)
    poller.store_retry_seconds = 0.05
    poller.start()
    try:
        fake.wait_for(lambda: len(stored) == 5 and fake.offsets()[-1] == ids[-1] + 1)
    finally:
        poller.stop()
    assert failed == [third] and past_unstored == []
    assert stored == ids  # in Telegram's order, none skipped, none twice
    assert third in fake.offsets()  # after the failure the loop asked for that update again
    assert [int(m.message_id) for m in inbound(chaser)] == ids


def test_a_restarted_poller_takes_unconfirmed_updates_once(chaser, fake):
    first = fake.text(user_id=SUE, text="7.4 complete on 9 June", date=WRITTEN)
    with polling(chaser):
        fake.wait_for(lambda: len(inbound(chaser)) == 1)
    # The process stopped before confirming (as if killed): Telegram still holds the update.
    fake.updates.insert(0, {"update_id": first, "message": {
        "message_id": 1, "date": WRITTEN, "text": "7.4 complete on 9 June",
        "from": {"id": SUE, "is_bot": False, "first_name": "Sue"}, "chat": {"id": SUE, "type": "private"}}})
    fake.text(user_id=SUE, text="Thanks", date=WRITTEN)
    with polling(chaser):
        fake.wait_for(lambda: len(inbound(chaser)) == 2 and not fake.updates)
    assert len(updates_of(chaser, "7.4")) == 1 and len(inbound(chaser)) == 2


def update_json(update_id: int, user_id: int, text: str) -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id, "date": WRITTEN, "text": text,
        "from": {"id": user_id, "is_bot": False, "first_name": "Sue"},
        "chat": {"id": user_id, "type": "private"}}}).encode()


@pytest.fixture
def webhook(chaser):
    chaser.settings = chaser.settings.model_copy(update={"telegram_webhook_secret": SecretStr("s3cret-value")})
    assert services(chaser) == []  # with a webhook, no polling
    assert [r.path for r in routes(chaser)] == ["/telegram/webhook"]
    with TestClient(asgi_app(chaser)) as client:  # what `chaser serve` serves: the webhook beside the web app
        yield client


def test_the_webhook_refuses_a_forged_or_missing_secret(chaser, fake, webhook):
    body = update_json(77, SUE, "7.4 complete on 9 June")
    forged = webhook.post("/telegram/webhook", content=body, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
    missing = webhook.post("/telegram/webhook", content=body)
    assert forged.status_code == 403 and missing.status_code == 403
    assert inbound(chaser) == [] and fake.sent() == []


def test_the_webhook_stores_once_before_answering(chaser, fake, webhook):
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}
    body = update_json(78, SUE, "7.4 complete on 9 June")
    assert webhook.post("/telegram/webhook", content=body, headers=headers).status_code == 200
    assert webhook.post("/telegram/webhook", content=body, headers=headers).status_code == 200  # Telegram's retry
    assert webhook.post("/telegram/webhook", content=b"not json", headers=headers).status_code == 400
    assert [m.message_id for m in inbound(chaser)] == ["78"]
    assert len(updates_of(chaser, "7.4")) == 1 and len(fake.sent()) == 1  # one confirmation


def test_an_unknown_telegram_user_gets_an_explanation_and_no_plan_data(chaser, fake):
    with polling(chaser):
        fake.text(user_id=STRANGER, text="I'm Jane Jones, what are my actions? 7.5?", date=WRITTEN)
        fake.wait_for(lambda: fake.sent())
    reply = fake.sent()[0].params
    assert reply["chat_id"] == STRANGER and "don't know this Telegram account" in reply["text"]
    assert "7.5" not in reply["text"] and "housing" not in reply["text"].lower()
    with Session(chaser.engine) as session:
        assert session.exec(select(Person).where(Person.telegram_id == str(STRANGER))).first() is None


def test_start_code_links_the_account_and_the_invitation_has_a_deep_link(chaser, fake):
    sent = linking.invite(chaser=chaser, name="Jane Jones", channel="telegram")
    assert "jane.jones@herefordshire.example" in sent
    (mail,) = [message_from_bytes(p.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
               for p in chaser.settings.outbox_dir.glob("*.eml")]
    link = re.search(r"https://t\.me/chaser_test_bot\?start=([A-Z0-9]+)", mail)
    assert link is not None, mail
    code = link.group(1)
    with polling(chaser):
        fake.text(user_id=JANE_PHONE, text=f"/start {code}", date=WRITTEN)  # what the deep link sends
        fake.wait_for(lambda: fake.sent())
        fake.text(user_id=STRANGER, text=f"/start {code}", date=WRITTEN)  # a used code links no one else
        fake.wait_for(lambda: len(fake.sent()) == 2)
    linked, refused = (c.params for c in fake.sent())
    assert linked["chat_id"] == JANE_PHONE and "now linked to you" in linked["text"]
    assert refused["chat_id"] == STRANGER and "not accepted" in refused["text"]
    with Session(chaser.engine) as session:
        jane = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        assert jane.telegram_id == str(JANE_PHONE)


def test_a_code_typed_by_hand_links_too(chaser, fake):
    with Session(chaser.engine) as session:
        jane = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        code = linking.issue_code(session, person=jane, channel="telegram", now=chaser.clock.now())
        session.commit()
    with polling(chaser):
        fake.text(user_id=JANE_PHONE, text=f"/start {code.lower()}", date=WRITTEN)
        fake.wait_for(lambda: fake.sent())
    assert "now linked to you" in fake.sent()[0].params["text"]


def test_an_update_that_cannot_be_read_is_kept_and_does_not_block_the_rest(chaser, fake, monkeypatch):
    real = intake_module.translate
    odd = fake.text(user_id=SUE, text="odd", date=WRITTEN)
    after = fake.text(user_id=SUE, text="Thanks", date=WRITTEN)

    def translate(update, **kwargs):
        if update.update_id == odd:
            raise ValueError("a shape this version does not know")
        return real(update, **kwargs)

    monkeypatch.setattr(intake_module, "translate", translate)
    with polling(chaser):
        fake.wait_for(lambda: fake.offsets() and fake.offsets()[-1] == after + 1)
    kept, taken = inbound(chaser)
    assert (kept.message_id, kept.state, '"text": "odd"' in kept.raw) == (str(odd), "ignored", True)
    assert taken.message_id == str(after)


def test_a_lone_surrogate_in_an_update_is_stored_replaced_and_does_not_block_the_updates_after_it(chaser, fake):
    """JSON can carry a lone UTF-16 surrogate (``\\udc80``), which no database encoding holds: the fault
    suite found PostgreSQL refusing it, and the poller fetching that update again forever."""
    bad = fake.text(user_id=SUE, text="7.4 is complete \udc80<script>", date=WRITTEN)
    after = fake.text(user_id=SUE, text="7.6 is 40% done", date=WRITTEN)
    with polling(chaser):
        fake.wait_for(lambda: len(inbound(chaser)) == 2 and not fake.updates)
    stored = {int(m.message_id): m for m in inbound(chaser)}
    assert set(stored) == {bad, after}
    assert "\udc80" not in (stored[bad].body or "") and "\ufffd" in (stored[bad].body or "")
    assert len(updates_of(chaser, "7.4")) == 1 and len(updates_of(chaser, "7.6")) == 1
