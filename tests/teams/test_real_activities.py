"""Chaser's Teams adapter against real published Bot Framework activities and Bot Connector answers.

Every activity in ``tests/teams/real/`` keeps the structure Microsoft published (docs examples and
captured test fixtures, see its README); only ids, names and text are invented, and ``serviceUrl`` is
pointed at the local fake connector. Each is posted to the real ``POST /api/messages`` with a token
signed by the fake Bot Framework key, and processed by the real chat core on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from adapters.teams import channel_from_settings
from adapters.teams.activities import read
from adapters.teams.book import ConversationBook
from adapters.teams.config import teams_config
from adapters.teams.endpoint import MessagesEndpoint
from bot.cycle.round import run_cycle
from bot.ports import SendError
from store.clock import SystemClock
from store.models import InboundMessage, TeamsConversation
from store.settings import Settings
from tests.cycle.world import outbox
from tests.teams.conftest import teams_settings
from tests.teams.fakes import APP_PASSWORD, FakeMicrosoft, TeamsUser, token
from tests.teams.test_channel import request
from tests.teams.test_flow import World

REAL = Path(__file__).parent / "real"
SUE_AAD = "0b6e1c4a-aaaa-4bbb-8ccc-000000000001"  # the lead in every real activity (invented)
PERSONAL_CHAT = json.loads((REAL / "personal_message_html.json").read_text())["conversation"]["id"]
CHANNEL_CHAT = json.loads((REAL / "channel_message_mention.json").read_text())["conversation"]["id"]
GROUP_CHAT = json.loads((REAL / "group_chat_message.json").read_text())["conversation"]["id"]
IN_ROUND = "2006-06-12T09:30:12.4953744Z"  # inside the test round; Teams' seven fractional digits kept


def real(name: str, microsoft: FakeMicrosoft, *, stamp: str | None = None, **replace: str) -> dict[str, Any]:
    """One real activity, sent by the fake connector's serviceUrl (and, for flows, timed in the round)."""
    text = (REAL / f"{name}.json").read_text()
    for placeholder, value in replace.items():
        text = text.replace(placeholder, value)
    activity: dict[str, Any] = json.loads(text)
    activity["serviceUrl"] = microsoft.service_url
    if stamp is not None:
        activity["timestamp"] = stamp
        activity["localTimestamp"] = stamp.replace("Z", "+01:00").replace("T09:", "T10:")
    return activity


def answer(name: str) -> tuple[int, dict[str, str], Any]:
    """A real Bot Connector (or token endpoint) answer: status, headers, JSON body."""
    data = json.loads((REAL / f"{name}.json").read_text())
    return data["status"], data["headers"], data["body"]


@pytest.fixture
def sue(microsoft) -> TeamsUser:
    return TeamsUser(aad=SUE_AAD, name="Sue Fiennes", service_url=microsoft.service_url)


@pytest.fixture
def world(engine, tmp_path, microsoft, sue) -> World:
    return World(engine, tmp_path, microsoft, sue)


def stored(world: World) -> list[InboundMessage]:
    with Session(world.engine) as session:
        return list(session.exec(select(InboundMessage).where(InboundMessage.channel == "teams")).all())


def conversation(world: World) -> TeamsConversation:
    with Session(world.engine) as session:
        return session.exec(select(TeamsConversation)).one()


def installed(world: World) -> None:
    """Sue installs the app (the real personal installationUpdate) and gets this round's card."""
    assert world.post(real("installation_update_add_personal", world.microsoft)).status_code == 200
    assert conversation(world).conversation_id == PERSONAL_CHAT
    assert "by teams" in run_cycle(chaser=world.chaser, plan_name="jar").summary()


# ---- inbound: what a lead writes ----------------------------------------------------------------

def test_a_personal_html_reply_with_an_at_mention_is_stored_once_and_read_as_plain_words(world: World):
    installed(world)
    reply = real("personal_message_html", world.microsoft, stamp=IN_ROUND)
    assert world.post(reply).status_code == 200
    [row] = stored(world)
    assert row.body == "7.4 is delayed & now due 30 June \u2013 waiting on the PCT's sign-off"
    assert json.loads(row.raw)["text"] == reply["text"]  # the evidence is the activity as Teams sent it
    [update] = world.updates()
    assert update.status == "delayed" and "<" not in update.text and "&amp;" not in update.text
    confirmation = world.microsoft.activities()[-1]
    assert confirmation.path == f"/teams/v3/conversations/{PERSONAL_CHAT}/activities"
    # Teams delivers the same activity again (its retry): stored once, recorded once, confirmed once.
    sent = len(world.microsoft.activities())
    assert world.post(reply).status_code == 200
    assert len(stored(world)) == 1 and len(world.updates()) == 1 and len(world.microsoft.activities()) == sent


def test_rich_text_html_is_reduced_to_lines_and_a_colleagues_mention_keeps_their_name(microsoft, engine):
    taken: list = []
    settings = Settings(**teams_settings(microsoft))
    book = ConversationBook(engine=engine, clock=SystemClock())
    endpoint = MessagesEndpoint(config=teams_config(settings), book=book, take=taken.append)
    client = TestClient(Starlette(routes=[Route("/api/messages", endpoint.handle, methods=["POST"])]))
    activity = real("personal_message_rich_html_text", microsoft)
    bearer = token(key=microsoft.key, kid=microsoft.kid, service_url=activity["serviceUrl"])
    answered = client.post("/api/messages", content=json.dumps(activity), headers={"Authorization": f"Bearer {bearer}"})
    assert answered.status_code == 200
    [message] = taken
    assert message.text == "7.5 complete on 1 December\n7.2e on track, Tom Barry is drafting the report"
    assert message.written_at.microsecond == 495374 and message.written_at.tzinfo is not None


def test_a_card_submit_with_no_text_records_exactly_one_update(world: World):
    installed(world)
    [card] = world.cards()
    submit = real("card_submit", world.microsoft, stamp=IN_ROUND, ACTION_ID=str(world.action_id("7.4")))
    submit["replyToId"] = "1:activity-1"  # the card's id as the fake connector gave it
    assert "text" not in submit and world.post(submit).status_code == 200
    [update] = world.updates("7.4")
    assert update.status == "delayed" and str(update.expected_by) == "2026-12-24" and update.kind == "quick"
    assert len(world.updates()) == 1
    assert world.post(submit).status_code == 200  # retried
    assert len(world.updates()) == 1 and len(stored(world)) == 1


def test_an_adaptive_card_action_invoke_gets_an_invoke_response_and_records_nothing(world: World):
    installed(world)
    invoke = real("invoke_adaptive_card_action", world.microsoft, stamp=IN_ROUND)
    answered = world.post(invoke)
    assert answered.status_code == 200
    body = answered.json()  # an AdaptiveCardInvokeResponse, which Teams shows on the card
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert "Chaser did not record this" in body["value"]
    assert stored(world) == [] and world.updates() == []


@pytest.mark.parametrize("name", ["conversation_update_bot_added_to_team", "conversation_update_members_removed",
                                  "installation_update_add_team", "message_reaction", "typing",
                                  "message_delete_soft", "message_update_undelete"])
def test_activities_chaser_has_no_use_for_are_acknowledged_and_not_stored(world: World, name: str):
    installed(world)
    cards = len(world.microsoft.activities())
    assert world.post(real(name, world.microsoft, stamp=IN_ROUND)).status_code == 200
    assert stored(world) == [] and world.updates() == []
    assert len(world.microsoft.activities()) == cards  # nothing said back, anywhere
    ref = conversation(world)
    assert ref.conversation_id == PERSONAL_CHAT and ref.reachable


def test_the_personal_conversation_update_remembers_the_chat(world: World):
    assert world.post(real("conversation_update_personal", world.microsoft)).status_code == 200
    ref = conversation(world)
    assert ref.conversation_id == PERSONAL_CHAT and ref.aad_object_id == SUE_AAD and ref.reachable


# ---- team channels and group chats: deny by default ---------------------------------------------

def test_a_bot_added_to_a_team_or_group_chat_never_reads_or_posts_there(world: World):
    ms = world.microsoft
    for name in ("installation_update_add_team", "conversation_update_bot_added_to_team"):
        assert world.post(real(name, ms)).status_code == 200
    with Session(world.engine) as session:
        assert session.exec(select(TeamsConversation)).all() == []  # a team is nobody's personal chat
    # Sue @mentions the bot in the channel and in a group chat with an answer and a question.
    for name in ("channel_message_mention", "group_chat_message"):
        assert world.post(real(name, ms, stamp=IN_ROUND)).status_code == 200
    assert stored(world) == [] and world.updates() == []
    # The round goes to her personal chat once she has one, never to the shared conversations.
    assert "by email" in run_cycle(chaser=world.chaser, plan_name="jar").summary()
    installed_now = world.post(real("installation_update_add_personal", ms))
    assert installed_now.status_code == 200
    run_cycle(chaser=world.chaser, plan_name="jar")
    paths = {r.path for r in ms.activities()}
    assert all(CHANNEL_CHAT.split(";")[0] not in p and GROUP_CHAT not in p for p in paths)
    assert paths <= {f"/teams/v3/conversations/{PERSONAL_CHAT}/activities"}


def test_removing_the_app_from_a_team_leaves_the_personal_chat_reachable(world: World):
    installed(world)
    assert world.post(real("installation_update_remove_team", world.microsoft)).status_code == 200
    assert conversation(world).reachable
    assert world.post(real("installation_update_remove_personal", world.microsoft)).status_code == 200
    ref = conversation(world)
    assert not ref.reachable and ref.unreachable_reason == "the app was removed"


# ---- edits --------------------------------------------------------------------------------------

def test_an_edited_reply_is_acknowledged_and_never_becomes_a_second_update(world: World):
    installed(world)
    assert world.post(real("personal_message_html", world.microsoft, stamp=IN_ROUND)).status_code == 200
    [first] = world.updates()
    sent = len(world.microsoft.activities())
    edit = real("message_update_edit", world.microsoft, stamp="2006-06-12T09:45:39.4615413Z")
    assert edit["id"] == "1733218212345"  # Teams gives the edit the id of the message it changes
    assert world.post(edit).status_code == 200
    [still] = world.updates()
    assert still.id == first.id and still.status == "delayed" and len(stored(world)) == 1
    assert len(world.microsoft.activities()) == sent


# ---- outbound: the Bot Connector's real error answers -------------------------------------------

def test_a_real_429_is_waited_out_for_its_retry_after_and_the_card_sent_once(world: World):
    world.post(real("installation_update_add_personal", world.microsoft))
    world.microsoft.fail_next(*answer("connector_429_throttled"))
    summary = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    assert "by teams" in summary and len(world.cards()) == 2  # the throttled try, then the card
    assert [r.status for r in world.microsoft.activities()] == [429, 201]
    run_cycle(chaser=world.chaser, plan_name="jar")
    assert len(world.cards()) == 2


@pytest.mark.parametrize(("name", "says", "fix"), [
    ("connector_403_bot_disabled_by_admin",
     "the Teams administrator has disabled the Chaser app (403 BotDisabledByAdmin)",
     "a Teams administrator must allow the Chaser app"),
    ("connector_403_not_in_roster", "the Chaser app is no longer installed for them (403 BotNotInConversationRoster)",
     "Apps > Built for your org > Chaser > Add"),
    ("connector_403_blocked_by_user", "they have blocked the Chaser bot in Teams (403 ConversationBlockedByUser)",
     "they can unblock it"),
    ("connector_404_conversation_not_found", "their chat with Chaser no longer exists (404 ConversationNotFound)",
     "Apps > Built for your org > Chaser > Add"),
])
def test_a_real_403_or_404_gives_up_on_teams_and_emails_the_request_saying_why(world: World, name, says, fix,
                                                                               caplog):
    world.post(real("installation_update_add_personal", world.microsoft))
    world.microsoft.fail_next(*answer(name))
    with caplog.at_level(logging.DEBUG):
        summary = run_cycle(chaser=world.chaser, plan_name="jar").summary()
    # The coordinator's summary names the person, the channel given up and the reason.
    line = next(li for li in summary.splitlines() if "Sue Fiennes" in li)
    assert "by email (instead of teams" in line and says in line
    [mail] = [m for m in outbox(world.chaser) if m["To"] == "sue.fiennes@herefordshire.example"]
    plain = mail.get_body(("plain",))
    assert plain is not None and fix in " ".join(plain.get_content().split())
    ref = conversation(world)
    assert not ref.reachable and says in (ref.unreachable_reason or "")
    assert len(world.microsoft.activities()) == 1  # one try: a refusal for good is not retried
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "bot-token-" not in logged and APP_PASSWORD not in logged
    # The next round does not try Teams again until she writes to the bot.
    run_cycle(chaser=world.chaser, plan_name="jar")
    assert len(world.microsoft.activities()) == 1


@pytest.fixture
def channel(microsoft, engine):
    made = channel_from_settings(settings=Settings(**teams_settings(microsoft)), clock=SystemClock(), engine=engine)
    assert made is not None
    return made


@pytest.mark.parametrize(("name", "wait"), [("connector_412_precondition_failed", 2.0),
                                            ("connector_502_service_error", 10.0),
                                            ("connector_429_throttled", 7.0)])
def test_real_412_502_and_429_are_retried_later_without_flagging_the_person(channel, microsoft, engine, name, wait):
    world_book = ConversationBook(engine=engine, clock=SystemClock())
    world_book.remember(read(real("installation_update_add_personal", microsoft)).reference)  # type: ignore[arg-type]
    microsoft.fail_next(*answer(name))
    with pytest.raises(SendError) as raised:
        channel.send(request(SUE_AAD))
    status = answer(name)[0]
    code = answer(name)[2]["error"]["code"]
    assert not raised.value.permanent and raised.value.retry_after == wait
    assert f"{status} {code}" in raised.value.reason
    assert world_book.get(SUE_AAD).reachable  # type: ignore[union-attr]


def test_the_token_endpoints_real_refusal_names_the_fault_and_never_the_secret(channel, microsoft, engine, caplog):
    reference = read(real("installation_update_add_personal", microsoft)).reference
    assert reference is not None
    ConversationBook(engine=engine, clock=SystemClock()).remember(reference)
    status, _headers, body = answer("token_401_invalid_client")
    microsoft.token_failure = (status, body)
    with caplog.at_level(logging.DEBUG), pytest.raises(SendError) as raised:
        channel.send(request(SUE_AAD))
    reason = raised.value.reason
    assert "(401, invalid_client AADSTS7000215)" in reason and "CHASER_TEAMS_APP_PASSWORD" in reason
    assert APP_PASSWORD not in reason and "Trace ID" not in reason
    assert APP_PASSWORD not in "\n".join(r.getMessage() for r in caplog.records)
    assert microsoft.activities() == []  # nothing reached the connector without a token


def test_a_card_gone_from_the_chat_is_posted_again_and_the_person_stays_reachable(channel, microsoft, engine):
    reference = read(real("installation_update_add_personal", microsoft)).reference
    assert reference is not None
    book = ConversationBook(engine=engine, clock=SystemClock())
    book.remember(reference)
    microsoft.fail_next(*answer("connector_404_activity_not_found"))  # the card to redraw was deleted
    sent = channel.send(request(SUE_AAD, replace="1:activity-gone"))
    assert [(r.method, r.status) for r in microsoft.activities()] == [("PUT", 404), ("POST", 201)]
    assert sent == "1:activity-1" and book.get(SUE_AAD).reachable  # type: ignore[union-attr]
