"""Telegram intake and sending through the real python-telegram-bot against the tests' fake Bot API.

Intake: N updates queued at once, taken by the polling loop (each stored, in order, before its
offset is confirmed) with processing left to a worker that only counts; prints updates stored per
second and getUpdates calls. Sending: M messages through TelegramChannel.send (without the core's
pacing, which caps Telegram at 30 a second), printing messages per second and the p50/p95 latency.

Run: ``.venv/bin/python -m benchmarks.bench_telegram [--updates 1000] [--sends 300]`` (SQLite in a
temp dir, or ``--database-url`` for PostgreSQL).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from adapters.telegram.channel import TelegramChannel
from adapters.telegram.polling import TelegramPoller
from bot.bootstrap import Chaser
from bot.ports import OutboundMessage
from store.clock import FixedClock
from store.db import make_engine
from store.settings import Settings
from tests.telegram.fake_api import TOKEN, FakeBotApi


class CountingWorker:
    """Stands in for the inbound worker: intake is what is measured."""

    def __init__(self) -> None:
        self.submitted: list[int] = []

    def submit(self, inbound_id: int) -> None:
        self.submitted.append(inbound_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--sends", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fake = FakeBotApi(chats={5001}).start()
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(database_url=url, outbox_dir=Path(tmp) / "outbox", telegram_token=SecretStr(TOKEN),
                            telegram_api_url=fake.base_url)
        chaser = Chaser(settings=settings, engine=make_engine(url), clock=FixedClock(datetime(2006, 6, 12, tzinfo=UTC)))
        channel = chaser.channels["telegram"]
        assert isinstance(channel, TelegramChannel)
        worker = CountingWorker()
        chaser.worker = worker
        for n in range(args.updates):
            fake.text(user_id=5001 + n % 50, text=f"7.{n % 9} is {n % 100}% done")
        poller = TelegramPoller(chaser=chaser, channel=channel, poll_timeout=1)
        started = time.perf_counter()
        poller.start()
        fake.wait_for(lambda: len(worker.submitted) == args.updates, timeout=600)
        intake = time.perf_counter() - started
        poller.stop()
        polls = len(fake.sent("getUpdates"))
        print(f"intake: {args.updates} updates stored in {intake:.2f} s = {args.updates / intake:.0f} updates/s "
              f"({polls} getUpdates calls, 100 updates a batch)")
        latencies = []
        started = time.perf_counter()
        for n in range(args.sends):
            t0 = time.perf_counter()
            channel.send(OutboundMessage(channel="telegram", recipient="5001", subject="", text=f"message {n}"))
            latencies.append((time.perf_counter() - t0) * 1000)
        total = time.perf_counter() - started
        q = statistics.quantiles(latencies, n=20)
        print(f"send: {args.sends} messages in {total:.2f} s = {args.sends / total:.0f}/s unpaced; "
              f"p50 {statistics.median(latencies):.1f} ms, p95 {q[18]:.1f} ms")
        channel.close()
        fake.stop()


if __name__ == "__main__":
    main()
