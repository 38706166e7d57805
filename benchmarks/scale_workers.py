"""Scale on PostgreSQL: inbound replies processed per second by 1, 2 and 4 workers, and one round's
fan-out to 10,000 people through a real SMTP server.

Run: python -m benchmarks.scale_workers [--replies 1200] [--people 10000] [--workers 1,2,4]

Inbound: a plan with one lead per 3 replies is chased (requests to the outbox folder), then every
reply is stored first (as the MTA pipe, IMAP or a chat webhook stores it) into a template database.
For each worker count a fresh copy of that database is made, the workers start as separate
processes (as several `chaser serve` instances do; each loads the NLP layer before the clock
starts), and the time from "go" until every reply is read, recorded and confirmed is measured.
Then the same with worker threads in one process (`inbound_workers`), which share one interpreter.

Fan-out: a plan with ``--people`` leads (one action each) and a round sent by `run_cycle` to an
aiosmtpd server in another process, which counts what it receives.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func
from sqlmodel import select

from benchmarks.pg import temporary_database, url_on

LONDON = ZoneInfo("Europe/London")
ADMIN_URL = os.environ.get("CHASER_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ROUND_AT = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)
REPLY_AT = datetime(2006, 6, 13, 10, 0, tzinfo=LONDON)
TEXTS = ("{ref}.1 was completed on Monday. {ref}.2 is delayed to the end of July.",
         "{ref}.2 is 60% done and on track; {ref}.3 is blocked waiting for the budget decision.",
         "No change on {ref}.3 since last time, sorry.")


@contextmanager
def database(template: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database (a copy of ``template`` if given), dropped afterwards."""
    with temporary_database(ADMIN_URL, prefix="chaser_scale", template=template) as url:
        yield url.rsplit("/", 1)[1]


def url_of(name: str) -> str:
    return url_on(ADMIN_URL, name)


def settings_for(url: str, folder: Path, **extra: Any) -> Any:
    from store.settings import PlanSchedule, Settings

    return Settings(database_url=url, outbox_dir=folder / "outbox", email_from="chaser@council.example",
                    lock_file=folder / "lock", web_secret="scale-benchmark-secret",
                    plans={"scale": PlanSchedule(cadence="weekly")}, **extra)


def make_plan(url: str, *, people: int, actions_each: int) -> None:
    """A plan with ``people`` leads, each leading ``actions_each`` actions."""
    from store.db import make_engine, transaction
    from store.models import Action, ActionPerson, Person, Plan

    engine = make_engine(url)
    with transaction(engine) as session:
        plan = Plan(name="scale", title="Scale plan")
        persons = [Person(name=f"Lead {n}", email=f"lead{n}@council.example", aliases=[f"L{n}"])
                   for n in range(people)]
        session.add_all([plan, *persons])
        session.flush()
        actions = [Action(plan_id=plan.id or 0, ref=f"{n + 1}.{k + 1}", title=f"Action {k + 1} of lead {n}",
                          due=date(2006, 9, 30), status="in_progress", position=n * actions_each + k)
                   for n in range(people) for k in range(actions_each)]
        session.add_all(actions)
        session.flush()
        session.add_all([ActionPerson(action_id=action.id or 0, person_id=persons[n // actions_each].id or 0,
                                      role="lead") for n, action in enumerate(actions)])
    engine.dispose()


def build_backlog(name: str, *, replies: int, folder: Path) -> None:
    """The template: a round sent to the outbox folder, then ``replies`` replies stored, none read."""
    from adapters.email.reading import read_message
    from bot.bootstrap import Chaser
    from bot.cycle import run_cycle
    from bot.inbound.intake import accept
    from bot.inbound.sent_text import sent_lookup
    from store.clock import FixedClock
    from store.db import make_engine
    from tests.cycle.world import outbox, reply_to

    url = url_of(name)
    leads = max(1, replies // 3)
    make_plan(url, people=leads, actions_each=3)
    engine = make_engine(url, migrate=False)
    chaser = Chaser(settings=settings_for(url, folder), engine=engine, clock=FixedClock(ROUND_AT))
    run_cycle(chaser=chaser, plan_name="scale")
    chaser.clock.set(REPLY_AT)  # type: ignore[attr-defined]
    lookup = sent_lookup(chaser)
    requests = {str(mail["To"]): mail for mail in outbox(chaser)}
    for n in range(replies):
        lead = n % leads
        address = f"lead{lead}@council.example"
        raw = reply_to(requests[address], sender=address, when=REPLY_AT,
                       text=TEXTS[n // leads % len(TEXTS)].format(ref=lead + 1), message_id=f"<r{n}@council.example>")
        accept(chaser=chaser, message=read_message(raw, received=REPLY_AT, sent=lookup))
    engine.dispose()


def _worker(url: str, folder: str, threads: int, ready: Any, go: Any, done: Any) -> None:
    """One worker process: load everything, wait for "go", then read until nothing is left to claim."""
    from bot.bootstrap import Chaser
    from bot.inbound.worker import InboundWorker
    from nlp import extract
    from store.clock import FixedClock
    from store.db import make_engine

    engine = make_engine(url, migrate=False)
    chaser = Chaser(settings=settings_for(url, Path(folder)), engine=engine, clock=FixedClock(REPLY_AT))
    extract("7.1 is complete.", today=date(2006, 6, 13))  # the NLP layer's load is start-up, not throughput
    worker = InboundWorker(chaser=chaser, sweep_seconds=0.2, threads=threads)
    ready.release()
    go.wait()
    worker.start()
    while worker.pending():
        time.sleep(0.05)
    worker.stop()
    done.put(time.perf_counter())
    engine.dispose()


def time_workers(template: str, *, processes: int, threads: int, folder: Path) -> tuple[float, int]:
    """Seconds to read the whole backlog with ``processes`` × ``threads`` workers, and how many were read."""
    from store.models import InboundMessage

    ctx = mp.get_context("spawn")
    with database(template) as name:
        url = url_of(name)
        ready, go, done = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_worker, args=(url, str(folder), threads, ready, go, done))
                 for _ in range(processes)]
        for proc in procs:
            proc.start()
        for _ in procs:
            ready.acquire()
        started = time.perf_counter()
        go.set()
        ends = [done.get() for _ in procs]
        for proc in procs:
            proc.join()
        engine = create_engine(url)
        with engine.connect() as conn:
            read = conn.execute(select(func.count()).select_from(InboundMessage)
                                .where(InboundMessage.state == "processed")).scalar_one()
        engine.dispose()
    return max(ends) - started, int(read)


def _smtp_server(port: int, count: Any, ready: Any) -> None:
    import asyncio

    from aiosmtpd.controller import Controller

    class Count:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    asyncio.run(asyncio.sleep(10**6))


def fan_out(people: int, folder: Path) -> None:
    """One round to ``people`` leads through a real SMTP server in another process."""
    from bot.bootstrap import Chaser
    from bot.cycle import run_cycle
    from store.clock import FixedClock
    from store.db import make_engine

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ctx = mp.get_context("spawn")
    count, ready = ctx.Value("i", 0), ctx.Event()
    server = ctx.Process(target=_smtp_server, args=(port, count, ready), daemon=True)
    server.start()
    ready.wait(60)
    try:
        with database() as name:
            url = url_of(name)
            started = time.perf_counter()
            make_plan(url, people=people, actions_each=1)
            print(f"fan-out: plan of {people:,} leads stored in {time.perf_counter() - started:.1f} s")
            engine = make_engine(url, migrate=False)
            settings = settings_for(url, folder, smtp_url=f"smtp://127.0.0.1:{port}")
            chaser = Chaser(settings=settings, engine=engine, clock=FixedClock(ROUND_AT))
            started, cpu = time.perf_counter(), time.process_time()
            result = run_cycle(chaser=chaser, plan_name="scale")
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"fan-out: {result.sent:,} requests sent in {took:.1f} s ({result.sent / took:.0f} requests/s; "
                  f"{cpu:.1f} s of this process's CPU, {1000 * cpu / max(result.sent, 1):.1f} ms a request); "
                  f"the SMTP server received {count.value:,} (load average {os.getloadavg()[0]:.1f})")
            started = time.perf_counter()
            again = run_cycle(chaser=chaser, plan_name="scale")
            print(f"fan-out: the same round again: {again.sent} sent in {time.perf_counter() - started:.1f} s")
            engine.dispose()
    finally:
        server.terminate()


def inbound(replies: int, counts: list[int], folder: Path) -> None:
    """Replies per second by worker processes, then by worker threads in one process."""
    with database() as template:
        started = time.perf_counter()
        build_backlog(template, replies=replies, folder=folder)
        took = time.perf_counter() - started
        print(f"inbound: {replies:,} replies stored in {took:.1f} s (not timed below)")
        first = None
        for label, processes, threads in ([("processes", n, 1) for n in counts]
                                          + [("threads in one process", 1, n) for n in counts if n > 1]):
            took, read = time_workers(template, processes=processes, threads=threads, folder=folder)
            rate = read / took
            first = first or rate
            print(f"inbound: {max(processes, threads)} worker {label:<22} {read:,} read in {took:6.1f} s  "
                  f"{rate:6.1f} replies/s  ({rate / first:.2f}x one worker)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=1200)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--only", choices=("inbound", "fan-out"), help="run one half only")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"machine: {os.cpu_count()} CPU(s); PostgreSQL at {ADMIN_URL.rsplit('@', 1)[-1].rsplit('/', 1)[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only != "fan-out":
            inbound(args.replies, counts, folder)
        if args.only != "inbound":
            fan_out(args.people, folder)




if __name__ == "__main__":
    main()
