"""`chaser serve` with only CHASER_SLACK_BOT_TOKEN, CHASER_SLACK_SIGNING_SECRET and CHASER_SLACK_API_URL
set (pointing at the fake): signed answers to /slack/events, in words and by tap, are recorded once and
confirmed by the worker; a forged request changes nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import create_engine, text

from tests.cycle.world import PLAN_CSV
from tests.slack.conftest import find_button, request_post
from tests.slack.fake_api import BOT_TOKEN

SECRET = "serve-signing-secret"
SUE = "U0SUE0001"


def _wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Wait until ``condition()`` holds (readiness, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _signed(body: str, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}


def test_chaser_serve_takes_signed_slack_answers(fake, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,aliases,role,email,slack_id,teams_id,telegram_id,channel,timezone,roles\n"
                      f"Sue Fiennes,SF;DoCS,Director,sue@council.example,{SUE},,,slack,Europe/London,lead\n",
                      encoding="utf-8")
    db = tmp_path / "c.db"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASER_")}
    env.update(CHASER_DATABASE_URL=f"sqlite:///{db}", CHASER_OUTBOX_DIR=str(tmp_path / "outbox"),
               CHASER_LOCK_FILE=str(tmp_path / "c.lock"), CHASER_WEB_PORT=str(port),
               CHASER_SLACK_BOT_TOKEN=BOT_TOKEN, CHASER_SLACK_SIGNING_SECRET=SECRET, CHASER_SLACK_API_URL=fake.url)
    chaser = [sys.executable, "-c", "from bot.cli import main; main()"]
    for args in (["people", "import", str(people)], ["import", str(PLAN_CSV), "--plan", "jar"],
                 ["cycle", "--today", "2006-06-12"]):
        subprocess.run(chaser + args, cwd=tmp_path, env=env, check=True, capture_output=True)
    request = request_post(fake)
    assert len(fake.posts()) == 1 and request.params["channel"] == "D0SUE0001"

    proc = subprocess.Popen(chaser + ["serve"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True).start()
    try:
        _wait_for(lambda: any("chat channels: slack" in line for line in lines), "the service to start")
        url = f"http://127.0.0.1:{port}/slack/events"
        _wait_for(lambda: _reachable(url), "the web server")
        words = json.dumps({"type": "event_callback", "team_id": "T0COUNCIL", "event_id": "Ev0SERVE1",
                            "event": {"type": "message", "channel": "D0SUE0001", "channel_type": "im", "user": SUE,
                                      "text": "7.6 is delayed to the end of August", "ts": f"{time.time():.6f}"}})
        forged = httpx.post(url, content=words.replace("August", "September"),
                            headers={**_signed(words), "Content-Type": "application/json"})
        assert forged.status_code == 401
        assert httpx.post(url, content=words, headers={**_signed(words), "Content-Type": "application/json"}
                          ).status_code == 200
        _wait_for(lambda: len(fake.posts()) == 2, "the confirmation of the reply in words")
        assert "7.6" in fake.posts()[-1].params["text"]

        button = find_button(request.params["blocks"], _action_id(db, "7.4"), "chaser_quick_complete")
        tap = {"type": "block_actions", "user": {"id": SUE}, "team": {"id": "T0COUNCIL"}, "trigger_id": "t1",
               "container": {"type": "message", "channel_id": "D0SUE0001", "message_ts": request.response_ts},
               "actions": [{**button, "action_ts": f"{time.time():.6f}"}]}
        form = urlencode({"payload": json.dumps(tap)})
        assert httpx.post(url, content=form, headers={**_signed(form), "Content-Type":
                                                      "application/x-www-form-urlencoded"}).status_code == 200
        _wait_for(lambda: len(fake.posts()) == 3 and fake.called("chat.update"), "the tap's confirmation and edit")
        assert _updates(db) == [("7.6", "delayed", "slack"), ("7.4", "complete", "slack")]
        assert _inbound_states(db) == ["processed", "processed"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    assert BOT_TOKEN not in "".join(lines) and SECRET not in "".join(lines)


def _reachable(url: str) -> bool:
    try:
        return httpx.post(url, content=b"{}").status_code == 401
    except httpx.TransportError:
        return False


def _action_id(db, ref: str) -> int:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT id FROM action WHERE ref = :ref"), {"ref": ref}).scalar_one()
    engine.dispose()
    return int(found)


def _updates(db) -> list[tuple[str, str, str]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT a.ref, u.status, u.channel FROM \"update\" u JOIN action a "
                                 "ON a.id = u.action_id WHERE u.channel = 'slack' ORDER BY u.id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _inbound_states(db) -> list[str]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT state FROM inboundmessage ORDER BY id")).scalars().all()
    engine.dispose()
    return list(rows)
