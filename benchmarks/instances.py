"""Three `chaser serve` instances on one PostgreSQL database through days of schedules on a clock the
harness moves: each round's requests, reminders and escalations exactly once, and the scheduler's
leader killed (SIGKILL) mid-round and replaced.

Run: python -m benchmarks.instances [--days 7] [--leads 24] [--kills 2]

Two weekly plans (north: Mondays 09:00, south: Wednesdays 09:00; one reminder after one working day,
the coordinator told after two) are chased by three real `chaser serve` processes sharing one
PostgreSQL database, a real SMTP server (aiosmtpd, in this process) and a clock file
(``CHASER_CLOCK_FILE``) that this harness moves five simulated minutes at a time (five seconds at a
time after a kill). A third of each round's leads reply (a fifth of those replies delivered twice),
stored by this process as an MTA pipe would store them and read by the instances' workers. The
leader is killed with SIGKILL once its round has begun to go out, and restarted; the table counts
what the SMTP server received against what the schedule calls for.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from sqlalchemy import func
from sqlmodel import col, select

from adapters.email.reading import read_message
from benchmarks.faults import report
from benchmarks.pg import temporary_database
from bot.bootstrap import Chaser
from bot.inbound.intake import accept
from bot.inbound.sent_text import sent_lookup
from store.clock import FileClock
from store.db import make_engine, transaction
from store.models import Action, ActionPerson, Delivery, InboundMessage, Person, Plan
from store.settings import Settings
from tests.cycle.world import reply_to

LONDON = ZoneInfo("Europe/London")
ADMIN_URL = os.environ.get("CHASER_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
START = datetime(2006, 6, 11, 18, 0, tzinfo=LONDON)  # a Sunday evening
SENDER = "chaser@council.example"
COORDINATOR = "coordinator@council.example"
PLANS = {"north": ("mon", date(2006, 6, 12)), "south": ("wed", date(2006, 6, 14))}
STEP = timedelta(minutes=5)
FINE_STEP = timedelta(seconds=5)
STEP_SECONDS = 0.03  # real time between steps
CONFIG = """
[plans.{name}]
cadence = "weekly"
day = "{day}"
time = 09:00:00
remind_after_days = 1
escalate_after_days = 2
coordinator = "Casey Coordinator"
"""


class Sink:
    """The SMTP server's handler: every message received, in order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        mail = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(mail)
        return "250 OK"

    def received(self) -> list[EmailMessage]:
        with self.lock:
            return list(self.messages)


class Instance:
    """One `chaser serve` subprocess and its log lines."""

    def __init__(self, name: str, env: dict[str, str], cwd: Path) -> None:
        self.name = name
        self.lines: list[str] = []
        self.proc = subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "serve"], cwd=cwd,
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        stream = self.proc.stderr
        self.reader = threading.Thread(target=lambda: self.lines.extend(iter(stream.readline, "")), daemon=True)
        self.reader.start()

    def running(self) -> bool:
        return any("Chaser is running" in line for line in self.lines)

    def led_from(self) -> list[datetime]:
        return [datetime.fromisoformat(m.group(1)) for line in list(self.lines)
                if (m := re.search(r"this process leads from (\S+):", line))]

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=120)


@dataclass
class Row:
    """The fault-suite table's row for this run, and the takeover times."""

    inputs: int = 0
    duplicates: int = 0
    kills: int = 0
    restarts: int = 0
    lost: int = 0
    duplicated: int = 0
    refused: int = 0
    resent_same_message_id: int = 0
    takeovers: list[timedelta] = field(default_factory=list)
    expected: Counter[str] = field(default_factory=Counter)
    received: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _world(url: str, leads: int) -> dict[str, list[str]]:
    """The two plans, their leads (two actions each) and the coordinator; the leads' addresses by plan."""
    engine = make_engine(url)
    addresses: dict[str, list[str]] = {}
    with transaction(engine) as session:
        session.add(Person(name="Casey Coordinator", email=COORDINATOR, roles=["coordinator"]))
        for name in PLANS:
            plan = Plan(name=name, title=f"{name.title()} plan")
            session.add(plan)
            session.flush()
            assert plan.id is not None
            addresses[name] = []
            for n in range(leads):
                email = f"{name}.lead{n}@council.example"
                person = Person(name=f"{name.title()} Lead {n}", email=email, aliases=[f"{name[0].upper()}L{n}"])
                session.add(person)
                session.flush()
                addresses[name].append(email)
                for k in range(2):
                    action = Action(plan_id=plan.id, ref=f"{n + 1}.{k + 1}", title=f"Action {k + 1} of lead {n}",
                                    due=date(2006, 9, 30), status="in_progress", position=n * 2 + k)
                    session.add(action)
                    session.flush()
                    assert action.id is not None and person.id is not None
                    session.add(ActionPerson(action_id=action.id, person_id=person.id, role="lead"))
    engine.dispose()
    return addresses


def _kind(mail: EmailMessage) -> str:
    subject = str(mail["Subject"])
    if subject.startswith("Re: "):
        return "confirmation"
    if subject.startswith("Reminder: "):
        return "reminder"
    if " not replied for " in subject:
        return "escalation"
    return "request" if subject.startswith("Progress on your actions") else "other"


def _key(mail: EmailMessage) -> str:
    plan = "north" if "North plan" in str(mail["Subject"]) else "south"
    return f"{_kind(mail)}:{plan}:{str(mail['To']).lower()}"


class Harness:
    """Moves the clock, injects replies, kills and restarts the leader, and counts."""

    def __init__(self, *, folder: Path, url: str, leads: int, days: int, kills: int) -> None:
        self.folder, self.url, self.leads, self.days, self.kills = folder, url, leads, days, kills
        self.clock_file = folder / "clock"
        self.now = START
        FileClock.write(self.clock_file, self.now)
        self.sink = Sink()
        self.row = Row()
        self.instances: list[Instance] = []
        self.replied: dict[str, set[str]] = {name: set() for name in PLANS}

    def env(self, port: int) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHASER_")}
        config = self.folder / "chaser.toml"
        if not config.exists():
            config.write_text("".join(CONFIG.format(name=n, day=d) for n, (d, _) in PLANS.items()), encoding="utf-8")
        env.update(CHASER_DATABASE_URL=self.url, CHASER_CONFIG=str(config), CHASER_CLOCK_FILE=str(self.clock_file),
                   CHASER_SMTP_URL=f"smtp://127.0.0.1:{port}", CHASER_EMAIL_FROM=SENDER, CHASER_WEB_PORT="0",
                   CHASER_LOCK_FILE=str(self.folder / "chaser.lock"), CHASER_OUTBOX_DIR=str(self.folder / "outbox"),
                   CHASER_WEB_SECRET="instances-benchmark-shared-secret", PYTHONUNBUFFERED="1")
        return env

    def move(self, step: timedelta) -> None:
        self.now += step
        FileClock.write(self.clock_file, self.now)
        time.sleep(STEP_SECONDS)

    def leader(self) -> Instance | None:
        alive = [i for i in self.instances if i.proc.poll() is None and i.led_from()]
        return max(alive, key=lambda i: i.led_from()[-1]) if alive else None

    def wait_for(self, what, seconds: float, step: timedelta | None = None) -> bool:
        """Wait (moving the clock by ``step`` meanwhile, if given) until ``what()`` is true."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if what():
                return True
            if step is not None:
                self.move(step)
            else:
                time.sleep(0.05)
        return bool(what())

    def requests_out(self, plan: str) -> list[EmailMessage]:
        return [m for m in self.sink.received() if _key(m).startswith(f"request:{plan}:")]

    def kill_leader_mid_round(self, plan: str) -> None:
        """Once the leader has begun sending ``plan``'s round, SIGKILL it; fine steps until another leads."""
        self.wait_for(lambda: len(self.requests_out(plan)) >= max(1, self.leads // 4), 120, step=FINE_STEP)
        leader = self.leader()
        if leader is None:
            self.row.problems.append(f"no leader to kill during {plan}'s round")
            return
        killed_at = self.now
        leader.kill()
        self.row.kills += 1
        others = [i for i in self.instances if i is not leader]
        took = self.wait_for(lambda: any(i.led_from() and i.led_from()[-1] >= killed_at for i in others), 240,
                             step=FINE_STEP)
        if not took:
            self.row.problems.append(f"no instance took over after the kill at {killed_at:%a %H:%M:%S}")
            return
        new_from = max(i.led_from()[-1] for i in others if i.led_from())
        self.row.takeovers.append(new_from - killed_at)
        index = self.instances.index(leader)
        self.instances[index] = Instance(leader.name, self.env(self.port), self.folder)  # restarted
        self.row.restarts += 1

    def reply(self, plan: str, harness_chaser: Chaser) -> None:
        """A third of the plan's leads reply to their request; a fifth of those replies arrive twice."""
        requests = {str(m["To"]).lower(): m for m in self.requests_out(plan)}
        repliers = sorted(requests)[: max(1, self.leads // 3)]
        for n, address in enumerate(repliers):
            raw = reply_to(requests[address], sender=address, when=self.now,
                           text=f"{1 + int(address.split('lead')[1].split('@')[0])}.1 is complete.",
                           message_id=f"<reply-{plan}-{n}@council.example>")
            copies = 2 if n % 5 == 0 else 1
            for _ in range(copies):
                message = read_message(raw, received=self.now, sent=sent_lookup(harness_chaser))
                accept(chaser=harness_chaser, message=message)
            self.row.inputs += 1
            self.row.duplicates += copies - 1
            self.replied[plan].add(address)
        engine = harness_chaser.engine

        def read() -> bool:
            with transaction(engine) as session:
                return not session.exec(select(func.count()).select_from(InboundMessage)
                                        .where(InboundMessage.state == "new")).one()
        if not self.wait_for(read, 120):
            self.row.problems.append(f"{plan}: replies still unread after two minutes")

    def settled(self, engine) -> bool:
        """Nothing left to send: no waiting message, no outbox row pending, failed or being sent."""
        with transaction(engine) as session:
            waiting = session.exec(select(func.count()).select_from(InboundMessage)
                                   .where(InboundMessage.state == "new")).one()
            unsent = session.exec(select(func.count()).select_from(Delivery).where(
                col(Delivery.state).in_(["pending", "failed", "sending"]), col(Delivery.payload).is_not(None))).one()
        return not waiting and not unsent

    def run(self) -> Row:
        handler = self.sink
        with socket.socket() as probe:  # (aiosmtpd checks its port by connecting, so it needs a real one)
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=self.port)
        controller.start()
        engine = make_engine(self.url, migrate=False)
        settings = Settings(database_url=self.url, email_from=SENDER, clock_file=self.clock_file,
                            lock_file=self.folder / "harness.lock", outbox_dir=self.folder / "harness-outbox")
        harness_chaser = Chaser(settings=settings, engine=engine, clock=FileClock(self.clock_file))
        try:
            self.instances = [Instance(f"serve-{n}", self.env(self.port), self.folder) for n in range(3)]
            if not self.wait_for(lambda: all(i.running() for i in self.instances), 300):
                raise RuntimeError("the instances did not start:\n" + "".join(self.instances[0].lines[-20:]))
            end = START + timedelta(days=self.days)
            kills_left = self.kills
            for plan, (_day, day) in PLANS.items():
                slot = datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)
                if slot >= end - timedelta(hours=2):
                    continue
                while self.now < slot:
                    self.move(STEP)
                if kills_left:
                    self.kill_leader_mid_round(plan)
                    kills_left -= 1
                self.wait_for(lambda p=plan: len(self.requests_out(p)) >= self.leads, 120, step=FINE_STEP)
                while self.now < slot + timedelta(hours=2):
                    self.move(STEP)
                self.reply(plan, harness_chaser)
            while self.now < end:
                self.move(STEP)
            self.wait_for(lambda: self.settled(engine), 180, step=STEP)
            for _ in range(12):  # an hour more, for anything the last step set going
                self.move(STEP)
        finally:
            for instance in self.instances:
                instance.stop()
            controller.stop()
            engine.dispose()
        self.count(end)
        return self.row

    def count(self, end: datetime) -> None:
        """What the schedule calls for, against what the SMTP server received."""
        row = self.row
        for plan, (_d, day) in PLANS.items():
            slot = datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)
            if slot >= end - timedelta(hours=2):
                continue
            addresses = [f"{plan}.lead{n}@council.example" for n in range(self.leads)]
            silent = [a for a in addresses if a not in self.replied[plan]]
            row.expected.update(f"request:{plan}:{a}" for a in addresses)
            row.expected.update(f"confirmation:{plan}:{a}" for a in self.replied[plan])
            if end - slot > timedelta(days=1, hours=2) and silent:
                row.expected.update(f"reminder:{plan}:{a}" for a in silent)
            if end - slot > timedelta(days=2, hours=2) and silent:
                row.expected[f"escalation:{plan}:{COORDINATOR}"] += 1
        mails = self.sink.received()
        row.received = Counter(_key(m) for m in mails)
        ids: dict[str, list[str]] = {}
        for mail in mails:
            ids.setdefault(_key(mail), []).append(str(mail["Message-ID"]))
        row.lost = sum(1 for key in row.expected if not row.received[key])
        # Duplicated: the same message received twice as two different emails (or one not called for).
        # A resend with the same Message-ID (a kill between the SMTP server's 250 and the commit that
        # marks it sent) is counted apart: recognisable as one message, and the one window left.
        row.duplicated = sum(len(set(v)) - 1 for v in ids.values()) + sum(
            n for key, n in row.received.items() if key not in row.expected)
        row.resent_same_message_id = sum(len(v) - len(set(v)) for v in ids.values())


def table(row: Row, *, seconds: float = 0.0) -> str:
    """The row in the fault suite's table (benchmarks/faults/report)."""
    return report.table([as_row(row, seconds=seconds)])


def as_row(row: Row, *, seconds: float = 0.0) -> report.Row:
    """The run as a row of the fault suite's table, with the takeover times and what arrived as its notes."""
    takeovers = ", ".join(f"{t.total_seconds():.0f} s" for t in row.takeovers) or "none"
    kinds = Counter(key.split(":")[0] for key in row.expected)
    got = Counter(key.split(":")[0] for key in row.received.elements())
    detail = ", ".join(f"{kind}s {got[kind]}/{kinds[kind]}" for kind in sorted(kinds))
    return report.Row(
        scenario="many instances", inputs=row.inputs, duplicates=row.duplicates, kills=row.kills,
        restarts=row.restarts, lost=row.lost, duplicated=row.duplicated, in_doubt=row.resent_same_message_id,
        refused=row.refused, seconds=seconds,
        notes=f"takeover after each kill (simulated time): {takeovers}; received/expected: {detail}; received "
              f"again with the same Message-ID (resent after a kill): {row.resent_same_message_id}",
        problems=tuple(row.problems),
    )


def run(*, days: int = 7, leads: int = 24, kills: int = 2) -> Row:
    """One run on a fresh PostgreSQL database (dropped afterwards)."""
    with temporary_database(ADMIN_URL, prefix="chaser_instances") as url:
        _world(url, leads)
        with tempfile.TemporaryDirectory() as folder:
            return Harness(folder=Path(folder), url=url, leads=leads, days=days, kills=kills).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--leads", type=int, default=24, help="leads per plan")
    parser.add_argument("--kills", type=int, default=2, help="leaders killed (at most one per round)")
    args = parser.parse_args()
    started = time.perf_counter()
    row = run(days=args.days, leads=args.leads, kills=args.kills)
    print(table(row, seconds=time.perf_counter() - started))
    print(f"({args.days} simulated days)")


if __name__ == "__main__":
    main()
