"""What /slack/events refuses or ignores, and what it keeps through a crash: forged and stale
signatures (401, nothing stored), events that are not a person's DM, unknown accounts, link codes,
and a restart between storing an event and processing it."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import Session

from bot.bootstrap import Chaser
from bot.inbound.worker import InboundWorker
from bot.linking import issue_code
from store.models import Person
from tests.slack.conftest import ALICE, BOB, SECRET, texts_to

DM = "D" + ALICE[1:]


def test_a_forged_signature_is_refused_and_nothing_is_stored(slack, caplog):
    slack.round()
    caplog.set_level(logging.INFO)
    forged = slack.dm("7.2 is complete", secret="not-the-signing-secret")
    tapped = slack.tap("7.2", "complete", secret="not-the-signing-secret")
    assert forged.status_code == tapped.status_code == 401
    assert slack.inbound() == [] and slack.updates() == []
    assert len(slack.fake.posts()) == 1  # only the request
    assert "signature or timestamp not valid" in caplog.text
    assert "7.2 is complete" not in caplog.text and SECRET not in caplog.text  # no words, no secret in the log


def test_a_stale_timestamp_is_refused_even_when_signed(slack):
    slack.round()
    stale = slack.dm("7.2 is complete", age=6 * 60)
    assert stale.status_code == 401
    assert slack.inbound() == [] and slack.updates() == []
    assert slack.dm("7.2 is complete", age=60).status_code == 200  # a minute late is fine
    assert len(slack.updates("7.2")) == 1


def test_an_unsigned_request_is_refused(slack):
    body = json.dumps({"type": "event_callback", "event_id": "Ev1", "event": {"type": "message"}})
    response = slack.client.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401 and slack.inbound() == []


@pytest.mark.parametrize("body", ['{"type": "event_callback", "event": {"text": "\x00', "\udc80 not json at all"])
def test_a_signed_body_that_is_not_json_is_refused_with_400_and_stores_nothing(slack, body):
    """Bolt parsed the body before checking anything and raised: a 500 and a traceback (found by the fault suite)."""
    body = body.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    answered = slack.post(body, content_type="application/json")
    assert answered.status_code == 400
    assert slack.inbound() == []


def test_an_oversized_request_is_refused_before_it_is_read(slack):
    huge = json.dumps({"type": "event_callback", "event_id": "Ev1", "event": {"text": "x" * 1_100_000}})
    assert slack.post(huge, content_type="application/json").status_code == 413
    assert slack.inbound() == []


def test_url_verification_is_answered_once_signed(slack):
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "token": "unused"})
    assert slack.post(body, content_type="application/json").json() == {
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert slack.post(body, content_type="application/json", secret="wrong").status_code == 401


def test_bot_messages_edits_and_channel_messages_are_not_answers(slack):
    slack.round()
    ts = "1150100000.000100"
    ignored = [
        {"type": "message", "channel": DM, "channel_type": "im", "bot_id": "BOTHER", "text": "7.2 complete", "ts": ts},
        {"type": "message", "subtype": "message_changed", "channel": DM, "channel_type": "im", "ts": ts,
         "message": {"type": "message", "user": ALICE, "text": "7.2 complete", "ts": ts}},
        {"type": "message", "subtype": "message_deleted", "channel": DM, "channel_type": "im", "ts": ts},
        {"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": ALICE, "text": "7.2 complete",
         "ts": ts},
        {"type": "app_home_opened", "user": ALICE, "channel": DM, "tab": "messages", "event_ts": ts},
    ]
    for event in ignored:
        assert slack.event(event).status_code == 200
    assert slack.inbound() == [] and slack.updates() == []
    assert len(slack.fake.posts()) == 1


def test_an_unknown_slack_user_gets_a_polite_answer_and_no_plan_data(slack):
    slack.round()
    stranger = "USTRANGER1"
    assert slack.dm("what are my actions? 7.2 complete", user=stranger).status_code == 200
    [reply] = texts_to(slack.fake, "D" + stranger[1:])
    assert "don't know this Slack account" in reply
    for secret in ("7.2", "commissioning", "Alice"):
        assert secret not in reply
    assert slack.updates() == []
    [row] = slack.inbound()
    assert row.person_id is None and row.reason == "unknown chat account"


def test_a_tap_on_someone_elses_action_records_nothing(slack):
    slack.round()
    # (Slack shows a DM's buttons only to its two members; this is a replayed or crafted payload.)
    slack.tap("7.2", "complete", user=BOB)  # Bob is not linked to Slack: a stranger
    assert slack.updates() == []
    with Session(slack.chaser.engine) as s:
        bob = s.get(Person, slack.people["bob"])
        assert bob is not None
        bob.slack_id = BOB
        s.add(bob)
        s.commit()
    slack.tap("7.2", "complete", user=BOB)  # now linked, but 7.2 is Alice's
    assert slack.updates() == []
    assert "not yours" in slack.fake.posts()[-1].params["text"]


def test_linking_by_a_one_time_code(slack):
    with Session(slack.chaser.engine) as s:
        bob = s.get(Person, slack.people["bob"])
        assert bob is not None
        code = issue_code(s, person=bob, channel="slack", now=slack.chaser.clock.now())
        s.commit()
    slack.dm(f"link {code}", user=BOB)
    with Session(slack.chaser.engine) as s:
        bob = s.get(Person, slack.people["bob"])
        assert bob is not None and bob.slack_id == BOB
    assert "now linked to you" in texts_to(slack.fake, "D" + BOB[1:])[-1]
    slack.dm(f"link {code}", user="UOTHER0003")  # used once: refused for anyone else
    assert "not accepted" in texts_to(slack.fake, "DOTHER0003")[-1]


class _Crashed:
    """A worker that died after the event was stored and acknowledged, before processing it."""

    def __init__(self) -> None:
        self.submitted: list[int] = []

    def submit(self, inbound_id: int) -> None:
        self.submitted.append(inbound_id)


def test_a_restart_after_storing_processes_the_event_once(slack):
    slack.round()
    slack.chaser.worker = _Crashed()
    assert slack.dm("7.2 is complete", event_id="Ev0CRASHED").status_code == 200
    [row] = slack.inbound()
    assert row.state == "new" and slack.updates() == []  # stored before the 200, not yet processed
    restarted = Chaser(settings=slack.chaser.settings, engine=slack.chaser.engine, clock=slack.chaser.clock,
                       extras=slack.chaser.extras, limiter=slack.chaser.limiter)
    worker = InboundWorker(chaser=restarted, sweep_seconds=0.05)
    assert worker.pending() == [row.id]
    worker.start()
    try:
        for _ in range(200):
            if not worker.pending() and len(texts_to(slack.fake, DM)) == 2:
                break
            worker._stopping.wait(0.05)
    finally:
        worker.stop()
    assert len(slack.updates("7.2")) == 1
    slack.chaser.worker = None
    slack.dm("7.2 is complete", event_id="Ev0CRASHED", headers={"X-Slack-Retry-Num": "2"})  # Slack retries too
    assert len(slack.updates("7.2")) == 1 and len(slack.inbound()) == 1
    assert len(texts_to(slack.fake, DM)) == 2  # the request and one confirmation


def test_an_event_that_could_not_be_stored_is_not_acknowledged_and_its_retry_is_taken(slack, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import adapters.slack.listeners as listeners

    slack.round()
    real_take = listeners.take

    def database_down(**kw):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(listeners, "take", database_down)
    failed = slack.dm("7.2 is complete", event_id="Ev0LOST")
    assert failed.status_code == 500  # not acknowledged: Slack will retry
    assert slack.inbound() == []
    monkeypatch.setattr(listeners, "take", real_take)
    retried = slack.dm("7.2 is complete", event_id="Ev0LOST", headers={"X-Slack-Retry-Num": "1",
                                                                      "X-Slack-Retry-Reason": "http_error"})
    assert retried.status_code == 200
    assert len(slack.inbound()) == 1 and len(slack.updates("7.2")) == 1
