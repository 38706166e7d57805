"""Several inbound workers on one database: each stored message is read once and answered once, one
person's messages are read in the order they came, a claim dies with its worker, two senders never
both send one outbox message, and SQLite keeps to one `chaser serve`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

import bot.inbound.intake as intake
from bot.cycle import run_cycle
from bot.inbound.claims import Claimer
from bot.inbound.intake import accept
from bot.inbound.worker import InboundWorker
from bot.outbound import deliver_once
from bot.outbox import SENDING_LEASE, dispatch
from bot.ports import InboundMessage, OutboundMessage
from bot.rate_limit import RateLimiter
from bot.service_runner import one_process_on_sqlite
from nlp import extract
from store.db import make_engine
from store.errors import ChaserError
from store.models import Delivery, Person
from store.models import InboundMessage as Stored
from tests.chat.conftest import SUE_SLACK
from tests.chat.memory_channel import FakeSleep, MemoryChannel
from tests.conftest import _wipe
from tests.cycle.world import LONDON, action, load_world, make_chaser

WHEN = datetime(2006, 6, 12, 10, 0, tzinfo=LONDON)
PEOPLE = 12
EACH = 4


def _message(text: str, *, message_id: str, sender: str) -> InboundMessage:
    return InboundMessage(channel="slack", message_id=message_id, sender=sender, text=text, written_at=WHEN,
                          raw=json.dumps({"event_id": message_id, "text": text}), conversation=f"D-{sender}")


def _chat(engine, tmp_path):
    load_world(engine)
    with Session(engine) as session:
        sue = session.exec(select(Person).where(Person.name == "Sue Fiennes")).one()
        sue.slack_id, sue.channel = SUE_SLACK, "slack"
        session.add(sue)
        for n in range(PEOPLE):
            session.add(Person(name=f"Reader {n}", email=f"reader{n}@example.org", slack_id=f"U0R{n}",
                               channel="slack"))
        session.commit()
    chaser = make_chaser(engine, tmp_path, extractor=extract)
    channel = MemoryChannel(per_conversation_interval=0.0)
    chaser.channels["slack"] = channel
    fake = FakeSleep()
    chaser.limiter = RateLimiter(sleep=fake.sleep, monotonic=fake.monotonic)
    return chaser, channel


@pytest.fixture
def pg_chat(pg_url, tmp_path):
    engine = make_engine(pg_url)
    _wipe(engine)
    yield _chat(engine, tmp_path)
    engine.dispose()


@pytest.fixture
def sqlite_chat(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'chaser.db'}")
    yield _chat(engine, tmp_path)
    engine.dispose()


def _store_many(chaser) -> list[int]:
    """Thanks from every reader (each answered "You're welcome."), and Sue's three updates to 7.4,
    which leave it complete only if read in order."""
    ids = []
    for round_no in range(EACH):
        for n in range(PEOPLE):
            ids.append(accept(chaser=chaser, message=_message(
                "Thanks!", message_id=f"m-{n}-{round_no}", sender=f"U0R{n}")).inbound_id)
        if round_no < 3:
            text = ("7.4 is on track", "7.4 is delayed to July", "7.4 is complete")[round_no]
            ids.append(accept(chaser=chaser, message=_message(text, message_id=f"sue-{round_no}",
                                                              sender=SUE_SLACK)).inbound_id)
    return [i for i in ids if i is not None]


def _wait_until_done(worker: InboundWorker, seconds: float = 240.0) -> None:
    deadline = time.monotonic() + seconds
    while worker.pending() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.postgres
def test_three_workers_read_each_message_once_and_in_order_per_person(pg_chat, monkeypatch):
    chaser, channel = pg_chat
    run_cycle(chaser=chaser, plan_name="jar")  # Sue is asked, so her words are read as progress
    ids = _store_many(chaser)
    reads: list[tuple[int, str, float, float]] = []
    real = intake.process_inbound

    def counted(*, chaser, inbound_id):
        start = time.monotonic()
        try:
            return real(chaser=chaser, inbound_id=inbound_id)
        finally:
            reads.append((inbound_id, threading.current_thread().name, start, time.monotonic()))

    monkeypatch.setattr(intake, "process_inbound", counted)
    # Three workers with a claimer each, as three `chaser serve` processes have.
    workers = [InboundWorker(chaser=chaser, sweep_seconds=0.05) for _ in range(3)]
    for worker in workers:
        worker.start()
    _wait_until_done(workers[0])
    for worker in workers:
        worker.stop()
    assert workers[0].pending() == []
    assert Counter(i for i, *_ in reads) == Counter(ids)  # every message read, none twice
    assert len({id(w._threads[0]) for w in workers}) == 3
    with Session(chaser.engine) as session:
        states = Counter(session.exec(select(Stored.state).where(Stored.channel == "slack")))
    assert states == {"processed": len(ids)}
    keys = Counter(m.key for m in channel.sent if m.key and m.key.startswith("reply:"))
    assert set(keys.values()) == {1}  # every reply sent once
    assert {int(k.split(":")[1]) for k in keys} == set(ids)  # and every message answered
    sue = sorted((start, end, i) for i, _, start, end in reads if i in ids[PEOPLE::PEOPLE + 1])
    assert [i for *_, i in sue] == sorted(i for *_, i in sue)  # her messages read oldest first...
    assert all(earlier[1] <= later[0] for earlier, later in zip(sue, sue[1:], strict=False))  # ...never at once
    assert action(chaser.engine, "7.4").status == "complete"


CLAIM_AND_HANG = (
    "import sys, time\n"
    "from bot.inbound.claims import Claimer\n"
    "from store.db import make_engine\n"
    "claimer = Claimer(engine=make_engine(sys.argv[1], migrate=False))\n"
    "print(claimer.claim_next(), flush=True)\n"
    "time.sleep(600)\n"
)


@pytest.mark.postgres
def test_a_message_claimed_by_a_killed_worker_is_left_for_another(pg_chat, pg_url):
    chaser, channel = pg_chat
    first = accept(chaser=chaser, message=_message("Thanks!", message_id="k-1", sender="U0R1")).inbound_id
    second = accept(chaser=chaser, message=_message("Thanks!", message_id="k-2", sender="U0R2")).inbound_id
    doomed = subprocess.Popen([sys.executable, "-c", CLAIM_AND_HANG, pg_url], stdout=subprocess.PIPE, text=True)
    try:
        assert doomed.stdout is not None
        assert int(doomed.stdout.readline()) == first
        other, third = Claimer(engine=chaser.engine), Claimer(engine=chaser.engine)
        assert other.claim_next() == second  # the claimed one is passed over
        assert third.claim_next() is None
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        deadline = time.monotonic() + 30
        taken = None
        while taken is None and time.monotonic() < deadline:  # PostgreSQL notices the closed connection
            taken = third.claim_next()
            time.sleep(0.05)
        assert taken == first
        third.release(first)
        other.release(second)
        other.close()
        third.close()
    finally:
        if doomed.poll() is None:
            doomed.kill()
    worker = InboundWorker(chaser=chaser, sweep_seconds=0.05)
    worker.start()
    _wait_until_done(worker)
    worker.stop()
    assert sorted(m.key for m in channel.sent) == [f"reply:{first}:0", f"reply:{second}:0"]


def test_sqlite_claims_stay_in_the_process_and_one_serve_per_file(sqlite_chat):
    chaser, _ = sqlite_chat
    first = accept(chaser=chaser, message=_message("Thanks!", message_id="s-1", sender="U0R1")).inbound_id
    later = accept(chaser=chaser, message=_message("Thanks again", message_id="s-2", sender="U0R1")).inbound_id
    other = accept(chaser=chaser, message=_message("Thanks!", message_id="s-3", sender="U0R2")).inbound_id
    one, two = Claimer(engine=chaser.engine), Claimer(engine=chaser.engine)
    assert one.claim_next() == first
    assert two.claim_next() == other  # not the claimed one, nor the same person's later one
    assert two.claim_next() is None
    assert one.release(first)  # (not processed: still waiting)
    assert one.claim_next() == first
    assert InboundWorker(chaser=chaser, threads=4).threads == 1  # SQLite has one writer
    assert later is not None
    held = one_process_on_sqlite(chaser)
    try:
        with pytest.raises(ChaserError, match="another `chaser serve` is already using the SQLite database"):
            one_process_on_sqlite(chaser)
    finally:
        assert held is not None
        held.release()
    again = one_process_on_sqlite(chaser)
    assert again is not None
    again.release()


@pytest.mark.postgres
def test_two_senders_never_both_send_one_outbox_message(pg_chat):
    chaser, channel = pg_chat
    messages = [OutboundMessage(channel="slack", recipient=f"U0R{n}", subject="", text=f"note {n}", key=f"note:{n}",
                                conversation=f"D-U0R{n}") for n in range(40)]
    barrier = threading.Barrier(3)

    def send_all() -> None:
        barrier.wait()
        for message in messages:
            deliver_once(chaser=chaser, message=message, kind="notice")

    threads = [threading.Thread(target=send_all) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(m.key for m in channel.sent) == {m.key: 1 for m in messages}


def test_a_sender_that_died_mid_send_is_replaced_after_its_lease(sqlite_chat):
    chaser, channel = sqlite_chat
    message = OutboundMessage(channel="slack", recipient="U0R1", subject="", text="note", key="note:lease",
                              conversation="D-U0R1")
    with Session(chaser.engine) as session:
        row = Delivery(key=message.key, kind="notice", channel="slack", state="sending",
                       payload={"channel": "slack", "recipient": "U0R1", "subject": "", "text": "note",
                                "key": "note:lease", "conversation": "D-U0R1"},
                       created_at=chaser.clock.now(), next_attempt_at=chaser.clock.now() + SENDING_LEASE)
        session.add(row)
        session.commit()
    assert not deliver_once(chaser=chaser, message=message, kind="notice")  # another sender holds it
    assert dispatch(chaser=chaser).sent == []
    chaser.clock.advance(SENDING_LEASE + timedelta(minutes=1))  # that sender never came back
    assert len(dispatch(chaser=chaser).sent) == 1
    assert dispatch(chaser=chaser).sent == []
    assert [m.key for m in channel.sent] == ["note:lease"]
