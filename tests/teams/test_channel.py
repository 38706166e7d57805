"""Sending on Teams through the Teams SDK's ApiClient to a local Bot Connector: cards, replace, tokens, failures."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.teams import channel_from_settings
from adapters.teams.book import ConversationBook
from adapters.teams.channel import TeamsChannel
from bot.ports import ActionPrompt, OutboundMessage, SendError
from store.clock import FixedClock
from store.settings import Settings
from store.teams_conversations import ConversationReference
from tests.teams.conftest import teams_settings
from tests.teams.fakes import TENANT, FakeMicrosoft, TeamsUser

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
PROMPTS = (ActionPrompt(action_id=12, ref="7.4", title="Full SMART Forward Delivery Plan", due="30 Apr 2006",
                        status="in progress", last_update="Priorities identified"),
           ActionPrompt(action_id=14, ref="7.6", title="Children's Centres", due="30 Jun 2006", status="blocked"))


def request(aad: str, **extra) -> OutboundMessage:
    fields = {"channel": "teams", "recipient": aad, "subject": "Progress on your actions: JAR (2006-W24)",
              "text": "Dear Sue,\n\nPlease tell us how your actions are going.", "kind": "request",
              "actions": PROMPTS, "key": "request:1", **extra}
    return OutboundMessage(**fields)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def channel(microsoft, engine, clock) -> TeamsChannel:
    made = channel_from_settings(settings=Settings(**teams_settings(microsoft)), clock=clock, engine=engine)
    assert made is not None
    return made


@pytest.fixture
def installed(engine, clock, sue) -> TeamsUser:
    ConversationBook(engine=engine, clock=clock).remember(ConversationReference(
        aad_object_id=sue.aad, user_id=sue.user_id, conversation_id=sue.conversation,
        service_url=sue.service_url, tenant_id=TENANT, reachable=True))
    return sue


def test_not_configured_means_no_channel(engine, clock):
    assert channel_from_settings(settings=Settings(), clock=clock, engine=engine) is None
    half = Settings(teams_app_id="x", teams_tenant_id="y")  # no password
    assert channel_from_settings(settings=half, clock=clock, engine=engine) is None


def test_a_request_is_one_adaptive_card_in_the_personal_chat(channel, microsoft, installed):
    activity_id = channel.send(request(installed.aad))
    [sent] = microsoft.activities()
    assert activity_id == "1:activity-1"
    assert sent.method == "POST" and sent.path == f"/teams/v3/conversations/{installed.conversation}/activities"
    assert sent.authorization == "Bearer bot-token-1"
    [attachment] = sent.body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    form = microsoft.token_requests[0]
    assert form["grant_type"] == ["client_credentials"] and form["scope"] == ["https://api.botframework.com/.default"]


def test_the_token_is_fetched_once_and_renewed_near_expiry(channel, microsoft, installed, clock):
    channel.send(request(installed.aad))
    channel.send(OutboundMessage(channel="teams", recipient=installed.aad, subject="", text="Thank you", kind="reply"))
    assert len(microsoft.token_requests) == 1
    clock.advance(timedelta(minutes=56))  # within 5 minutes of the hour's expiry
    channel.send(OutboundMessage(channel="teams", recipient=installed.aad, subject="", text="Again", kind="reply"))
    assert len(microsoft.token_requests) == 2 and microsoft.activities()[-1].authorization == "Bearer bot-token-2"


def test_a_reply_is_plain_text(channel, microsoft, installed):
    channel.send(OutboundMessage(channel="teams", recipient=installed.aad, subject="Re", kind="reply",
                                 text="Recorded: 7.4 complete on 12 June 2006.", conversation=installed.conversation))
    body = microsoft.activities()[0].body
    assert body["text"] == "Recorded: 7.4 complete on 12 June 2006." and body["textFormat"] == "plain"
    assert "attachments" not in body


def test_replace_updates_the_card_in_place(channel, microsoft, installed):
    first = channel.send(request(installed.aad))
    again = channel.send(request(installed.aad, kind="reply", text="Recorded for 7.4: Done.", replace=first,
                                 actions=PROMPTS[1:]))
    put = microsoft.activities()[-1]
    assert again == first and put.method == "PUT"
    assert put.path == f"/teams/v3/conversations/{installed.conversation}/activities/{first}"
    texts = [b.get("text") for b in put.body["attachments"][0]["content"]["body"] if b["type"] == "TextBlock"]
    assert "Recorded for 7.4: Done." in texts


@pytest.mark.parametrize(("status", "headers", "wait"), [
    (429, {"Retry-After": "17"}, 17.0), (429, {}, 5.0), (412, {}, 2.0), (502, {}, 10.0),
    (503, {"Retry-After": "3"}, 3.0), (429, {"Retry-After": "0"}, 0.0)])
def test_throttling_and_server_errors_ask_for_a_retry(channel, microsoft, installed, engine, clock, status, headers,
                                                      wait):
    microsoft.fail_next(status, headers)
    with pytest.raises(SendError) as caught:
        channel.send(request(installed.aad))
    assert caught.value.retry_after == wait and not caught.value.permanent
    assert ConversationBook(engine=engine, clock=clock).get(installed.aad).reachable  # type: ignore[union-attr]
    assert channel.send(request(installed.aad))  # the retry goes through


@pytest.mark.parametrize("status", [403, 404])
def test_forbidden_or_gone_marks_the_person_unreachable_until_they_write(channel, microsoft, installed, engine, clock,
                                                                         status):
    microsoft.fail_next(status)
    with pytest.raises(SendError) as caught:
        channel.send(request(installed.aad))
    assert caught.value.permanent and "add the Chaser app" in caught.value.reason
    book = ConversationBook(engine=engine, clock=clock)
    assert not book.get(installed.aad).reachable  # type: ignore[union-attr]
    posts = len(microsoft.activities())
    with pytest.raises(SendError) as again:
        channel.send(request(installed.aad, key="request:2"))
    assert again.value.permanent and len(microsoft.activities()) == posts  # not even tried
    book.remember(ConversationReference(aad_object_id=installed.aad, user_id=installed.user_id,
                                        conversation_id=installed.conversation, service_url=installed.service_url,
                                        tenant_id=TENANT, reachable=True))  # they wrote to the bot again
    assert channel.send(request(installed.aad, key="request:3"))


def test_no_stored_conversation_means_email_with_how_to_add_the_app(channel, microsoft, sue):
    with pytest.raises(SendError) as caught:
        channel.send(request(sue.aad))
    assert caught.value.permanent and "Apps > Built for your org > Chaser" in caught.value.reason
    assert microsoft.activities() == [] and microsoft.token_requests == []


def test_a_wrong_secret_is_a_clear_error(microsoft, engine, clock, installed):
    settings = Settings(**{**teams_settings(microsoft), "teams_app_password": "wrong"})
    made = channel_from_settings(settings=settings, clock=clock, engine=engine)
    assert made is not None
    with pytest.raises(SendError) as caught:
        made.send(request(installed.aad))
    assert "CHASER_TEAMS_APP_PASSWORD" in caught.value.reason and "wrong" not in caught.value.reason
    assert microsoft.activities() == []


def test_a_connector_that_is_down_asks_for_a_retry(microsoft: FakeMicrosoft, channel, installed):
    channel.send(request(installed.aad))  # token cached
    microsoft.stop()
    with pytest.raises(SendError) as caught:
        channel.send(request(installed.aad))
    assert caught.value.retry_after and not caught.value.permanent
