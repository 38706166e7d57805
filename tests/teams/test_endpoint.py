"""POST /api/messages: every token is checked (forgeries refused, nothing stored); good activities are read."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from adapters.teams.book import ConversationBook
from adapters.teams.config import teams_config
from adapters.teams.endpoint import MessagesEndpoint
from bot.ports import InboundMessage, QuickAnswer
from store.clock import SystemClock
from store.settings import Settings
from tests.teams.conftest import teams_settings
from tests.teams.fakes import TENANT, FakeMicrosoft, TeamsUser, new_key, token


class Harness:
    def __init__(self, microsoft: FakeMicrosoft, engine, *, configured: bool = True) -> None:
        settings = Settings(**(teams_settings(microsoft) if configured else {}))
        self.microsoft = microsoft
        self.book = ConversationBook(engine=engine, clock=SystemClock())
        self.taken: list[InboundMessage] = []
        self.endpoint = MessagesEndpoint(config=teams_config(settings), book=self.book, take=self.taken.append)
        self.client = TestClient(Starlette(routes=[Route("/api/messages", self.endpoint.handle, methods=["POST"])]))

    def post(self, activity: dict, *, bearer: str | None = "good", headers: dict | None = None):
        if bearer == "good":
            bearer = token(key=self.microsoft.key, kid=self.microsoft.kid, service_url=activity["serviceUrl"])
        sent = dict(headers or {})
        if bearer is not None:
            sent["Authorization"] = f"Bearer {bearer}"
        return self.client.post("/api/messages", content=json.dumps(activity), headers=sent)


@pytest.fixture
def harness(microsoft, engine) -> Harness:
    return Harness(microsoft, engine)


def test_install_then_message_stores_the_conversation_and_hands_on_the_words(harness, sue):
    assert harness.post(sue.install()).status_code == 200
    ref = harness.book.get(sue.aad)
    assert ref is not None and ref.conversation_id == sue.conversation and ref.service_url == sue.service_url
    assert ref.tenant_id == TENANT and ref.reachable and harness.taken == []

    activity = sue.message("<at>Chaser</at> 7.4 complete on 12 June", id="1700000000001")
    assert harness.post(activity).status_code == 200
    [message] = harness.taken
    assert message.channel == "teams" and message.sender == sue.aad and message.text == "7.4 complete on 12 June"
    assert message.message_id == f"{sue.conversation}|1700000000001"
    assert message.conversation == sue.conversation and message.quick == () and message.thread is None
    assert json.loads(message.raw)["id"] == "1700000000001" and message.written_at.tzinfo is not None


def test_a_card_submit_becomes_one_quick_answer_with_its_details(harness, sue):
    value = {"action_id": 12, "ref": "7.4", "status": "delayed", "revised_date-12": "2026-12-24",
             "percent-12": "60", "note-12": "  waiting on the PCT  ", "percent-13": "5"}
    assert harness.post(sue.submit(value, reply_to="1:card-9")).status_code == 200
    [message] = harness.taken
    assert message.quick == (QuickAnswer(action_id=12, status="delayed", expected_by=date(2026, 12, 24),
                                         percent_complete=60, note="waiting on the PCT"),)
    assert message.thread == "1:card-9"
    assert message.text == "7.4: Delayed, revised date 24 Dec 2026, 60% complete. waiting on the PCT"


def test_a_submit_with_nonsense_values_records_no_quick_answer(harness, sue):
    value = {"action_id": "12; drop table", "status": "complete"}
    assert harness.post(sue.submit(value, reply_to="1:card-9")).status_code == 200
    assert harness.taken[0].quick == ()
    value = {"action_id": 12, "status": "finished", "percent-12": "250", "revised_date-12": "next week"}
    assert harness.post(sue.submit(value, reply_to="1:card-9")).status_code == 200
    assert harness.taken[1].quick == ()


def _refused(harness: Harness, sue: TeamsUser, response) -> None:
    assert response.status_code == 401
    assert harness.taken == [] and harness.book.get(sue.aad) is None


def test_no_token_is_refused(harness, sue):
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=None))
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=None, headers={"Authorization": "Basic eDp5"}))
    _refused(harness, sue, harness.post(sue.message("hello"), bearer="not-a-jwt"))


def test_a_token_signed_with_another_key_is_refused(harness, microsoft, sue):
    forged = token(key=new_key(), kid=microsoft.kid, service_url=sue.service_url)
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=forged))


def test_a_token_for_another_app_is_refused(harness, microsoft, sue):
    other = token(key=microsoft.key, kid=microsoft.kid, service_url=sue.service_url, audience="another-app-id")
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=other))


def test_a_token_from_another_issuer_is_refused(harness, microsoft, sue):
    other = token(key=microsoft.key, kid=microsoft.kid, service_url=sue.service_url,
                  issuer="https://sts.windows.net/evil/")
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=other))


def test_an_expired_token_is_refused(harness, microsoft, sue):
    old = token(key=microsoft.key, kid=microsoft.kid, service_url=sue.service_url, now=time.time() - 3600 - 600)
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=old))


def test_a_token_for_another_service_url_is_refused(harness, microsoft, sue):
    elsewhere = token(key=microsoft.key, kid=microsoft.kid, service_url="https://smba.trafficmanager.net/emea/")
    _refused(harness, sue, harness.post(sue.message("hello"), bearer=elsewhere))


def test_a_service_url_off_the_allowlist_is_refused_even_when_signed(harness, microsoft):
    stranger = TeamsUser(aad="0b6e1c4a-aaaa-4bbb-8ccc-000000000009", name="X",
                         service_url=microsoft.base + "/teams.evil/")
    response = harness.post(stranger.message("hello"))
    assert response.status_code == 401 and harness.taken == [] and harness.book.get(stranger.aad) is None


def test_an_unsigned_or_hmac_token_is_refused(harness, microsoft, sue):
    import jwt

    claims = {"iss": "https://api.botframework.com", "aud": "x", "serviceurl": sue.service_url,
              "exp": int(time.time()) + 600}
    _refused(harness, sue, harness.post(sue.message("hi"), bearer=jwt.encode(claims, None, algorithm="none")))
    _refused(harness, sue, harness.post(sue.message("hi"), bearer=jwt.encode(claims, "k" * 32, algorithm="HS256")))


def test_another_tenant_is_refused(harness, sue):
    activity = sue.message("hello")
    activity["conversation"]["tenantId"] = "another-tenant"
    assert harness.post(activity).status_code == 403
    assert harness.taken == [] and harness.book.get(sue.aad) is None


def test_with_no_credentials_everything_is_refused(microsoft, engine, sue):
    harness = Harness(microsoft, engine, configured=False)
    _refused(harness, sue, harness.post(sue.install()))
    _refused(harness, sue, harness.post(sue.message("hello")))


def test_keys_are_cached_and_refetched_for_a_new_key_id(harness, microsoft, sue):
    assert harness.post(sue.message("one")).status_code == 200
    assert harness.post(sue.message("two")).status_code == 200
    assert microsoft.key_fetches == 1
    microsoft.key, microsoft.kid = new_key(), "test-key-2"  # Microsoft rolls its signing key
    # The validator has not seen test-key-2: once past the refetch pause it fetches the key set again.
    harness.endpoint._auth._fetched_at -= 60
    assert harness.post(sue.message("three")).status_code == 200
    assert microsoft.key_fetches == 2 and len(harness.taken) == 3


def test_bad_json_is_refused_without_a_traceback(harness):
    response = harness.client.post("/api/messages", content=b"{not json", headers={"Authorization": "Bearer x"})
    assert response.status_code == 400 and "not JSON" in response.json()["error"]


def test_uninstall_marks_the_person_unreachable(harness, sue):
    harness.post(sue.install())
    assert harness.post(sue.install(action="remove")).status_code == 200
    ref = harness.book.get(sue.aad)
    assert ref is not None and not ref.reachable
    harness.post(sue.message("back again"))
    assert harness.book.get(sue.aad).reachable  # type: ignore[union-attr]


def test_messages_outside_the_personal_chat_are_not_read(harness, sue):
    for kind in ("channel", "groupChat"):
        activity = sue.message("<at>Chaser</at> what is overdue?")
        activity["conversation"]["conversationType"] = kind
        assert harness.post(activity).status_code == 200
    assert harness.taken == [] and harness.book.get(sue.aad) is None


def test_other_activities_are_acknowledged_and_not_read(harness, sue):
    reaction = sue.message("")
    reaction.update(type="messageReaction", reactionsAdded=[{"type": "like"}])
    assert harness.post(reaction).status_code == 200
    invoke = sue.message("")
    invoke.update(type="invoke", name="adaptiveCard/action", value={"action": {"type": "Action.Execute"}})
    answer = harness.post(invoke)
    assert answer.status_code == 200  # an AdaptiveCardInvokeResponse: Teams shows its message on the card
    assert answer.json()["statusCode"] == 200 and answer.json()["type"] == "application/vnd.microsoft.activity.message"
    assert harness.taken == []


def test_an_oversized_body_is_refused_before_it_is_read(harness, sue):
    activity = sue.message("x" * 300_000)
    assert harness.post(activity).status_code == 413 and harness.taken == []


def test_when_the_signing_keys_cannot_be_fetched_nothing_is_accepted(harness, microsoft, sue):
    microsoft.stop()  # Microsoft's key endpoint is down
    answer = harness.post(sue.message("7.4 complete"))
    assert answer.status_code == 503 and harness.taken == [] and harness.book.get(sue.aad) is None
