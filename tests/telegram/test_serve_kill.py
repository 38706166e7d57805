"""`chaser cycle` and `chaser serve` as real processes with only CHASER_TELEGRAM_TOKEN and
CHASER_TELEGRAM_API_URL set: a SIGKILL in the middle of a batch of updates, then a restart, loses
nothing and doubles nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store.db import make_engine
from tests.telegram.conftest import SUE, load_world
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import WRITTEN, buttons

CHASER = [sys.executable, "-c", "from bot.cli import main; main()"]


def chaser_env(tmp_path: Path, fake: FakeBotApi) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASER_")}
    env.update(CHASER_DATABASE_URL=f"sqlite:///{tmp_path / 'chaser.db'}", CHASER_OUTBOX_DIR=str(tmp_path / "outbox"),
               CHASER_LOCK_FILE=str(tmp_path / "chaser.lock"), CHASER_WEB_PORT="0",
               CHASER_TELEGRAM_TOKEN=TOKEN, CHASER_TELEGRAM_API_URL=fake.base_url, CHASER_TELEGRAM_POLL_SECONDS="1")
    return env


class Serve:
    """`chaser serve` in a subprocess, its log lines collected."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen([*CHASER, "serve"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        self.reader = threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stderr.readline, "")),
                                       daemon=True)
        self.reader.start()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=60) == 0, "".join(self.lines[-30:])


@pytest.fixture
def serving(tmp_path: Path, fake: FakeBotApi) -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for serve in started:
        if serve.proc.poll() is None:
            serve.kill()


def count(db: Path, sql: str) -> int:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def test_sigkill_mid_batch_then_restart_processes_every_update_once(tmp_path, fake, serving):
    env = chaser_env(tmp_path, fake)
    db = tmp_path / "chaser.db"
    load_world(make_engine(env["CHASER_DATABASE_URL"]))
    done = subprocess.run([*CHASER, "cycle", "--today", "2006-06-12"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "by telegram" in done.stdout  # `chaser cycle` sends on Telegram too
    requests = fake.sent()
    assert [c.params["chat_id"] for c in requests] == [SUE]  # one message for Sue's round, with buttons
    request = fake.messages[(SUE, max(m for (chat, m) in fake.messages if chat == SUE))]
    data = buttons(request)
    rows = request["reply_markup"]["inline_keyboard"]
    taps = [b["callback_data"] for row in rows for b in row if b["text"] not in ("Details…",)]
    assert len(taps) == 8  # 7.4 and 7.6: Done, On track, Delayed, Blocked each
    batch = [fake.tap(user_id=SUE, data=d, message=request) for d in taps[1:4] + taps[5:8]]
    batch.insert(3, fake.text(user_id=SUE, text="7.6 is 40% done now", date=WRITTEN))
    batch.append(fake.text(user_id=SUE, text="7.4 will now finish by 31 August 2006", date=WRITTEN))
    assert data and len(batch) == 8

    # The poller stores taps 1-2 and the words, then waits on the answer to tap 3 (held): mid-batch,
    # nothing confirmed to Telegram, later updates not yet stored. Kill it once what was stored is done.
    fake.hold["answerCallbackQuery"] = 2
    first = Serve(tmp_path, env)
    serving.append(first)
    fake.wait_for(lambda: fake.held.is_set(), timeout=120)
    stored = "SELECT count(*) FROM inboundmessage WHERE channel = 'telegram'"
    confirmed = "SELECT count(*) FROM delivery WHERE key LIKE 'reply:%' AND state = 'sent'"
    fake.wait_for(lambda: count(db, confirmed) == count(db, stored) >= 1, timeout=120)
    first.kill()
    stored_before = count(db, "SELECT count(*) FROM inboundmessage WHERE channel = 'telegram'")
    assert 1 <= stored_before < len(batch)
    assert all(offset is None or offset <= batch[0] for offset in fake.offsets())  # nothing confirmed yet

    fake.hold.clear()
    fake.released.set()
    second = Serve(tmp_path, env)
    serving.append(second)
    fake.wait_for(lambda: count(db, "SELECT count(*) FROM inboundmessage WHERE state = 'processed'") == len(batch)
                  and not fake.updates, timeout=120)
    fake.wait_for(lambda: len(fake.sent()) == 1 + len(batch), timeout=60)  # the request + a confirmation each
    second.stop()

    assert count(db, "SELECT count(*) FROM inboundmessage WHERE channel = 'telegram'") == len(batch)
    assert count(db, "SELECT count(DISTINCT message_id) FROM inboundmessage") == len(batch)
    assert count(db, "SELECT count(*) FROM \"update\" WHERE channel = 'telegram'") == len(batch)
    assert len(fake.sent()) == 1 + len(batch)  # no confirmation twice
    edits = fake.sent("editMessageText")
    assert edits and all(e.params["message_id"] == request["message_id"] for e in edits)
    assert len(edits) == count(db, "SELECT count(*) FROM delivery WHERE key LIKE 'edit:%' AND state = 'sent'")
    assert fake.offsets()[-1] == batch[-1] + 1  # all confirmed to Telegram in the end
