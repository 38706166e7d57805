"""Benchmark the update cycle: a round of requests to many leads, then their replies through ingest.

Run: .venv/bin/python -m benchmarks.cycle_bench [LEADS]   (SQLite in a temp folder; prints numbers only)

Requests and confirmations go by SMTP to a real local server (aiosmtpd on a free port), as
`CHASER_SMTP_URL` sends them, not to the outbox folder; the replies are built from the messages it received.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from pydantic import SecretStr

from adapters.email import ingest_bytes
from bot.bootstrap import Chaser
from bot.cycle import run_cycle
from nlp import extract
from store.clock import FixedClock
from store.db import make_engine, transaction
from store.models import Action, ActionPerson, Person, Plan
from store.settings import PlanSchedule, Settings
from tests.cycle.world import reply_to

LONDON = ZoneInfo("Europe/London")


class Received:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope.content)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to ``address``, in the order received."""
        mails = [message_from_bytes(m, policy=policy.default) for m in self.messages]
        return [m for m in mails if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build(folder: Path, leads: int, smtp_port: int) -> Chaser:
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    with transaction(engine) as session:
        plan = Plan(name="bench", title="Bench plan")
        session.add(plan)
        session.flush()
        for n in range(leads):
            person = Person(name=f"Lead {n}", email=f"lead{n}@council.example", aliases=[f"L{n}"])
            session.add(person)
            session.flush()
            for k in range(3):
                action = Action(plan_id=plan.id, ref=f"{n + 1}.{k + 1}", title=f"Action {k + 1} of lead {n}",
                                due=date(2006, 9, 30), status="in_progress", position=n * 3 + k)
                session.add(action)
                session.flush()
                session.add(ActionPerson(action_id=action.id, person_id=person.id, role="lead"))
    settings = Settings(database_url=str(engine.url), outbox_dir=folder / "outbox", email_from="chaser@council.example",
                        lock_file=folder / "lock", plans={"bench": PlanSchedule(cadence="weekly")},
                        smtp_url=SecretStr(f"smtp://127.0.0.1:{smtp_port}"))
    return Chaser(settings=settings, engine=engine, clock=FixedClock(datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)))


def main() -> None:
    leads = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    server = Received()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        run(leads, server, port)
    finally:
        controller.stop()


def run(leads: int, server: Received, port: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        chaser = build(Path(tmp), leads, port)
        started = time.perf_counter()
        extract("7.1 is complete.", today=date(2006, 6, 14))
        print(f"NLP first call (model load): {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        result = run_cycle(chaser=chaser, plan_name="bench")
        took = time.perf_counter() - started
        print(f"cycle: {result.sent} requests in {took:.2f} s ({result.sent / took:.0f} requests/s); "
              f"the SMTP server received {len(server.messages)}")
        started = time.perf_counter()
        again = run_cycle(chaser=chaser, plan_name="bench")
        print(f"cycle again (nothing to send): {time.perf_counter() - started:.2f} s, {again.sent} sent")
        when = datetime(2006, 6, 14, 10, 0, tzinfo=LONDON)
        raws = [reply_to(server.to(f"lead{n}@council.example")[0], sender=f"lead{n}@council.example", when=when,
                         text=f"{n + 1}.1 was completed on Monday. {n + 1}.2 is delayed to the end of July.")
                for n in range(leads)]
        started = time.perf_counter()
        states = [ingest_bytes(chaser=chaser, raw=raw).state for raw in raws]
        took = time.perf_counter() - started
        print(f"ingest: {len(raws)} replies in {took:.2f} s ({len(raws) / took:.1f} replies/s, "
              f"{1000 * took / len(raws):.1f} ms each); processed: {states.count('processed')}; "
              f"the SMTP server has received {len(server.messages)} messages in all (confirmations included)")
        started = time.perf_counter()
        dupes = sum(ingest_bytes(chaser=chaser, raw=raw).duplicate for raw in raws)
        took = time.perf_counter() - started
        print(f"ingest duplicates: {dupes} in {took:.2f} s ({1000 * took / len(raws):.1f} ms each)")


if __name__ == "__main__":
    main()
