"""Slack's chat path: events ingested per second through POST /slack/events into the store, and a
round of 1,000 Slack requests through a local fake Web API with the rate limiter on.

Run: ``.venv/bin/python -m benchmarks.bench_slack`` (SQLite in a temp dir), or give
``--database-url postgresql+psycopg://postgres@127.0.0.1:5432/DBNAME`` for an empty PostgreSQL database.

What the limits dictate: Slack allows about one message a second in a conversation (the channel's
``per_conversation_interval``) and no overall pace (a 429's Retry-After slows us down). So a round of
1,000 DMs to 1,000 people should wait for nothing, a 429 with Retry-After N should cost N seconds, and
ten messages in one conversation should take nine seconds: the round's time is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx
import uvicorn
from slack_sdk.signature import SignatureVerifier
from sqlmodel import Session
from starlette.applications import Starlette

from bot.bootstrap import Chaser, chat_routes
from bot.cycle.round import run_cycle
from bot.outbound import send_now
from bot.ports import OutboundMessage
from bot.rate_limit import RateLimiter
from store.clock import LONDON, FixedClock
from store.db import make_engine
from store.models import Action, ActionPerson, Person, Plan, Section
from store.settings import PlanSchedule, Settings
from tests.slack.fake_api import BOT_TOKEN, start_fake_slack

SECRET = "bench-signing-secret"
NOW = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)


def generate(engine, *, leads: int) -> None:
    """One plan, ``leads`` people on Slack, one open action each."""
    with Session(engine) as s:
        plan = Plan(name="bench", title="Benchmark plan")
        s.add(plan)
        s.flush()
        section = Section(plan_id=plan.id, number="1", title="Everything", position=1)
        s.add(section)
        s.flush()
        for n in range(leads):
            person = Person(name=f"Lead {n}", email=f"lead{n}@council.example", slack_id=f"U{n:09d}", roles=["lead"])
            action = Action(plan_id=plan.id, section_id=section.id, ref=f"1.{n + 1}", position=n,
                            title=f"Action {n + 1}", lead_text=person.name, status="in_progress",
                            due_text="March 2007")
            s.add_all([person, action])
            s.flush()
            s.add(ActionPerson(action_id=action.id, person_id=person.id, role="lead"))
        s.commit()


class Held:
    """A worker that keeps what it is handed: ingest is measured without processing."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def submit(self, inbound_id: int) -> None:
        self.ids.append(inbound_id)


class TimedSleep:
    """time.sleep, adding up the rate limiter's waits."""

    def __init__(self) -> None:
        self.total = 0.0

    def __call__(self, seconds: float) -> None:
        self.total += seconds
        time.sleep(seconds)


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": ts, "Content-Type": "application/json",
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)}


def serve(chaser: Chaser) -> tuple[uvicorn.Server, str]:
    """/slack/events on a real uvicorn server on a free port, as `chaser serve` runs it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=chat_routes(chaser)), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/slack/events"


def bench_ingest(chaser: Chaser, *, events: int, leads: int, concurrency: int) -> None:
    chaser.worker = Held()
    server, url = serve(chaser)
    bodies = []
    for n in range(events):
        user = f"U{n % leads:09d}"
        ts = f"{int(NOW.timestamp()) + n}.000100"
        bodies.append(json.dumps({"type": "event_callback", "team_id": "T0COUNCIL", "event_id": f"EvBENCH{n:08d}",
                                  "event": {"type": "message", "channel": "D" + user[1:], "channel_type": "im",
                                            "user": user, "text": f"1.{n % leads + 1} is on track", "ts": ts}}))
    clients = [httpx.Client(timeout=30) for _ in range(concurrency)]

    def deliver(n: int) -> int:
        return clients[n % concurrency].post(url, content=bodies[n], headers=signed(bodies[n])).status_code

    deliver(0)  # warm up: one request before the timing starts
    with ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        statuses = list(pool.map(deliver, range(1, events)))
        took = time.perf_counter() - started
        assert set(statuses) == {200}, set(statuses)
        print(f"ingest: {events - 1} signed events through /slack/events (uvicorn, {concurrency} connections) into "
              f"the store in {took:.2f} s = {(events - 1) / took:.0f} events/s; stored {len(chaser.worker.ids)}")
        started = time.perf_counter()
        list(pool.map(deliver, range(1, 201)))
        took = time.perf_counter() - started
    print(f"ingest of Slack's retries (200 duplicates): {200 / took:.0f} events/s; stored {len(chaser.worker.ids)}")
    server.should_exit = True
    chaser.worker = None


def bench_round(chaser: Chaser, fake, sleep: TimedSleep, *, leads: int, retry_after: int) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=retry_after)
    started = time.perf_counter()
    result = run_cycle(chaser=chaser, plan_name="bench")
    took = time.perf_counter() - started
    posts = len(fake.posts())
    print(f"round: {result.sent} Slack requests ({posts} posted, {len(fake.called('conversations.open'))} DMs "
          f"opened, one 429 with Retry-After {retry_after}) in {took:.2f} s = {result.sent / took:.0f} requests/s; "
          f"the limits dictate {retry_after:.2f} s of waiting, the limiter waited {sleep.total:.2f} s")
    again = time.perf_counter()
    repeat = run_cycle(chaser=chaser, plan_name="bench")
    print(f"round again: {repeat.sent} sent in {time.perf_counter() - again:.2f} s")


def bench_one_conversation(chaser: Chaser, sleep: TimedSleep, *, messages: int) -> None:
    before = sleep.total
    started = time.perf_counter()
    for n in range(messages):
        send_now(chaser=chaser, message=OutboundMessage(channel="slack", recipient="U000000000", subject="bench",
                                                        text=f"Message {n + 1}", kind="reply"))
    took = time.perf_counter() - started
    dictated = (messages - 1) * chaser.channels["slack"].per_conversation_interval  # type: ignore[attr-defined]
    print(f"one conversation: {messages} messages in {took:.2f} s; the limit dictates {dictated:.2f} s, "
          f"the limiter waited {sleep.total - before:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temp dir)")
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--retry-after", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4, help="connections posting events at once")
    args = parser.parse_args()
    fake, server = start_fake_slack()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        generate(engine, leads=args.leads)
        settings = Settings(database_url=url, outbox_dir=Path(folder) / "outbox", lock_file=Path(folder) / "lock",
                            slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET, slack_api_url=fake.url,
                            plans={"bench": PlanSchedule(cadence="weekly")})
        sleep = TimedSleep()
        chaser = Chaser(settings=settings, engine=engine, clock=FixedClock(NOW), limiter=RateLimiter(sleep=sleep))
        print(f"database: {engine.dialect.name}; {args.leads} leads on Slack, one open action each")
        bench_round(chaser, fake, sleep, leads=args.leads, retry_after=args.retry_after)
        bench_one_conversation(chaser, sleep, messages=10)
        bench_ingest(chaser, events=args.events, leads=args.leads, concurrency=args.concurrency)
        engine.dispose()
    server.shutdown()


if __name__ == "__main__":
    main()
