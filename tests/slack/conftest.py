"""Slack test world: a fake Slack Web API on a free port, a Chaser whose Slack channel points at it
(bot token, signing secret and API URL only), the /slack/events route behind a test client, and
helpers to sign Events API and interactivity requests the way Slack does."""

from __future__ import annotations

import json
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what we have and works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from bot.bootstrap import Chaser, chat_routes
from bot.cycle.round import run_cycle
from bot.rate_limit import RateLimiter
from nlp import extract
from store.clock import LONDON, FixedClock
from store.models import InboundMessage, Person, Update
from store.settings import PlanSchedule, Settings
from tests.slack.fake_api import BOT_TOKEN, FakeSlack, start_fake_slack
from tests.web.conftest import make_world

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ALICE = "UALICE0001"  # Alice Adams leads 7.2 and 8.1 (open) and 7.1 (complete)
BOB = "UBOB000002"  # Bob Brown leads 7.3 and 8.2; not linked to Slack in the world
NOW = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)


class VirtualTime:
    """Monotonic time that only moves when the rate limiter sleeps: waits are checked, not slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    fake, server = start_fake_slack()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def vtime(fake: FakeSlack) -> VirtualTime:
    vt = VirtualTime()
    fake.clock = vt.monotonic
    return vt


def slack_settings(engine, tmp_path, fake: FakeSlack, **extra: Any) -> Settings:
    """Settings with only the three Slack variables set (and the database, outbox and a schedule)."""
    return Settings(database_url=str(engine.url), outbox_dir=tmp_path / "outbox", email_from="chaser@council.example",
                    lock_file=tmp_path / "chaser.lock", slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                    slack_api_url=fake.url,
                    plans={"jar": PlanSchedule(cadence="weekly", day="mon", coordinator="Carol Cole")}, **extra)


@dataclass
class SlackWorld:
    """The Chaser under test, the fake Slack, and a client for /slack/events."""

    chaser: Chaser
    fake: FakeSlack
    client: TestClient
    actions: dict[str, int]
    people: dict[str, int]
    _seq: list[int] = field(default_factory=lambda: [0])

    # -- Slack's side -------------------------------------------------------------------------

    def post(self, body: str, *, content_type: str, secret: str = SECRET, age: int = 0,
             headers: dict[str, str] | None = None) -> Any:
        """POST ``body`` to /slack/events signed as Slack signs (``age`` seconds ago)."""
        ts = str(int(time.time()) - age)
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        sent = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, "Content-Type": content_type,
                **(headers or {})}
        return self.client.post("/slack/events", content=body.encode("utf-8"), headers=sent)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> Any:
        """Deliver an Events API event_callback."""
        self._seq[0] += 1
        body = {"token": "legacy-unused", "team_id": "T0COUNCIL", "api_app_id": "A0CHASER", "type": "event_callback",
                "event_id": event_id or f"Ev{self._seq[0]:08d}", "event_time": int(NOW.timestamp()), "event": event}
        return self.post(json.dumps(body), content_type="application/json", **kw)

    def dm(self, text: str, *, user: str = ALICE, event_id: str | None = None, **kw: Any) -> Any:
        """A person writes ``text`` in their DM with the bot."""
        self._seq[0] += 1
        ts = f"{int(NOW.timestamp()) + self._seq[0]}.000200"
        return self.event({"type": "message", "channel": "D" + user[1:], "channel_type": "im", "user": user,
                           "text": text, "ts": ts, "event_ts": ts}, event_id=event_id, **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> Any:
        """Deliver an interactivity payload (form-encoded ``payload=...``, as Slack sends it)."""
        return self.post(urlencode({"payload": json.dumps(payload)}),
                         content_type="application/x-www-form-urlencoded", **kw)

    def tap(self, ref: str, status: str, *, user: str = ALICE, message: str | None = None, **kw: Any) -> Any:
        """Tap a quick-answer button under ``ref`` on the request message (the last request posted)."""
        post = message_of(self.fake, message) if message else request_post(self.fake)
        button = find_button(post.params["blocks"], self.actions[ref], f"chaser_quick_{status}")
        self._seq[0] += 1
        return self.interaction(_block_actions(user, post, button, self._seq[0]), **kw)

    def open_details(self, ref: str, *, user: str = ALICE) -> Any:
        post = request_post(self.fake)
        button = find_button(post.params["blocks"], self.actions[ref], "chaser_details")
        self._seq[0] += 1
        return self.interaction(_block_actions(user, post, button, self._seq[0]))

    def submit_details(self, view: dict[str, Any], *, user: str = ALICE, view_id: str = "V000001",
                       status: str | None = None, date: str | None = None, percent: str | None = None,
                       note: str | None = None) -> Any:
        values = {
            "status": {"chaser_status": {"type": "static_select", "selected_option": (
                {"value": status, "text": {"type": "plain_text", "text": status}} if status else None)}},
            "expected_by": {"chaser_date": {"type": "datepicker", "selected_date": date}},
            "percent": {"chaser_percent": {"type": "number_input", "value": percent}},
            "note": {"chaser_note": {"type": "plain_text_input", "value": note}},
        }
        payload = {"type": "view_submission", "team": {"id": "T0COUNCIL"}, "user": {"id": user},
                   "api_app_id": "A0CHASER", "trigger_id": "trigger-submit",
                   "view": {**view, "id": view_id, "state": {"values": values}, "hash": "h1"}}
        return self.interaction(payload)

    # -- Chaser's side ------------------------------------------------------------------------

    def updates(self, ref: str | None = None) -> list[Update]:
        with Session(self.chaser.engine) as s:
            query = select(Update).where(Update.channel == "slack").order_by(col(Update.id))
            if ref is not None:
                query = query.where(Update.action_id == self.actions[ref])
            return list(s.exec(query))

    def inbound(self) -> list[InboundMessage]:
        with Session(self.chaser.engine) as s:
            return list(s.exec(select(InboundMessage).order_by(col(InboundMessage.id))))

    def round(self) -> str:
        return run_cycle(chaser=self.chaser, plan_name="jar").summary()


def _block_actions(user: str, post: Any, button: dict[str, Any], n: int) -> dict[str, Any]:
    channel, ts = post.params["channel"], post.response_ts
    return {"type": "block_actions", "team": {"id": "T0COUNCIL"}, "user": {"id": user, "username": "someone"},
            "api_app_id": "A0CHASER", "trigger_id": f"trigger-{n}",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel}, "message": {"type": "message", "ts": ts, "blocks": post.params["blocks"]},
            "actions": [{**button, "block_id": f"chaser_answer_{button['value'].split('|')[0]}",
                         "action_ts": f"{int(NOW.timestamp()) + 600 + n}.{n:06d}"}]}


def find_button(blocks: list[dict[str, Any]], action_id: int, kind: str) -> dict[str, Any]:
    for block in blocks:
        if block.get("block_id") == f"chaser_answer_{action_id}":
            for element in block["elements"]:
                if element["action_id"] == kind:
                    return dict(element)
    raise AssertionError(f"no {kind} button for action {action_id}")


def request_post(fake: FakeSlack) -> Any:
    """The last request posted (a chat.postMessage with buttons)."""
    posts = [c for c in fake.posts() if c.params.get("blocks")]
    assert posts, "no request was posted"
    return posts[-1]


def message_of(fake: FakeSlack, ts: str) -> Any:
    return next(c for c in fake.posts() if c.response_ts == ts)


def texts_to(fake: FakeSlack, channel: str) -> list[str]:
    """The words of every message posted ok in ``channel``, in order."""
    return [str(c.params.get("text")) for c in fake.posts() if c.params.get("channel") == channel]


def make_slack_world(engine, tmp_path, fake: FakeSlack, vtime: VirtualTime, **settings: Any) -> SlackWorld:
    world = make_world(engine)
    with Session(engine) as s:
        alice = s.get(Person, world.people["alice"])
        assert alice is not None
        alice.slack_id = ALICE
        s.add(alice)
        s.commit()
    chaser = Chaser(settings=slack_settings(engine, tmp_path, fake, **settings), engine=engine,
                    clock=FixedClock(NOW), limiter=RateLimiter(sleep=vtime.sleep, monotonic=vtime.monotonic))
    chaser.extras["extractor"] = extract
    assert "slack" in chaser.channels, "the three Slack variables switch the channel on"
    client = TestClient(Starlette(routes=chat_routes(chaser)))
    return SlackWorld(chaser=chaser, fake=fake, client=client, actions=world.actions, people=world.people)


@pytest.fixture
def slack(engine, tmp_path, fake, vtime) -> SlackWorld:
    return make_slack_world(engine, tmp_path, fake, vtime)
