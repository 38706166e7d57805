"""One message never blocks the others: a new message is stored before anything else is done;
a message that fails, hangs or stops the process is set aside with the reason and the coordinator
told; a huge reply is read in part (and says so) while the whole of it is kept."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from adapters.email.ingest import ingest_bytes
from adapters.email.reading import read_message
from adapters.email.reply_text import MAX_CHARS
from bot.cycle.round import run_cycle
from bot.inbound.service import process_pending, store_inbound
from nlp import extract
from store.models import InboundMessage
from tests.cycle.world import LONDON, action, mail_to, reply_to

SUE = "sue.fiennes@herefordshire.example"
CHRIS = "chris.doyle@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)


def _row(chaser, text: str) -> InboundMessage:
    with Session(chaser.engine) as session:
        return session.exec(select(InboundMessage).where(InboundMessage.body == text)).one()


def test_a_hanging_message_does_not_block_a_new_one(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    chaser.settings.read_timeout_seconds = 0.5

    def reader(text, *, today):
        while "HANG" in text:  # a reply that never finishes reading
            pass
        return extract(text, today=today)

    chaser.extras["extractor"] = reader
    stuck = read_message(reply_to(request, sender=SUE, when=WED, text="HANG 7.4 is complete."), received=WED)
    with Session(chaser.engine) as session:  # stored by an earlier run that then died
        store_inbound(session, chaser=chaser, message=stuck)
        session.commit()
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.6 is complete."))
    assert result.state == "processed" and action(chaser.engine, "7.6").status == "complete"
    hung = _row(chaser, "HANG 7.4 is complete.")
    assert hung.state == "failed" and "ReadTimeout" in hung.reason
    [notice] = mail_to(chaser, CHRIS, "needs you")
    text = notice.get_body(("plain",)).get_content()
    assert "could not read a message from Sue Fiennes" in text and "kept word for word" in text
    assert mail_to(chaser, SUE, "could not be read")  # and Sue is told


def test_a_message_that_stopped_the_process_twice_is_set_aside(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    message = read_message(reply_to(request, sender=SUE, when=WED, text="7.4 is complete."), received=WED)
    with Session(chaser.engine) as session:
        row = store_inbound(session, chaser=chaser, message=message)
        assert row is not None
        row.read_attempts = 2  # killed twice while reading it (out of memory, say)
        session.commit()
    assert process_pending(chaser=chaser) == []
    row = _row(chaser, "7.4 is complete.")
    assert row.state == "failed" and "did not finish in 2 attempts" in row.reason
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_a_failing_message_tells_the_coordinator(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]

    def broken(text, *, today):
        raise RuntimeError("model not loaded")

    chaser.extras["extractor"] = broken
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4 is complete."))
    assert result.state == "failed"
    assert "RuntimeError: model not loaded" in mail_to(chaser, CHRIS, "needs you")[0].get_body(("plain",)).get_content()


def test_a_10_mb_reply_is_read_in_part_and_kept_whole(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    filler = "The working group met again and discussed the options in detail. " * 160_000  # ~10 MB
    raw = reply_to(request, sender=SUE, when=WED, text="7.4 is complete.\n\n" + filler, quote=False)
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.state == "processed" and action(chaser.engine, "7.4").status == "complete"
    body = mail_to(chaser, SUE, "Re:")[0].get_body(("plain",)).get_content()
    assert "read only its first 20,000 characters; the whole message is kept" in body
    with Session(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.state == "processed")).one()
        # The whole message is the evidence (raw bytes); the lead's words are read from the body's first
        # 200,000 characters (adapters/email/reply_text.MAX_CHARS), of which the first 20,000 are read.
        assert row.raw_bytes == raw and len(row.body) == MAX_CHARS - 1


def test_a_message_another_reader_has_in_hand_is_not_counted_as_a_crash(chaser):
    """`chaser email ingest` (the MTA pipe) sweeps every new message while `chaser serve`'s worker reads
    them too: each start used to count as an attempt, so three readers set a healthy reply aside (found
    by the fault suite). A start is now a claim; while it is young, other readers leave the message."""
    from datetime import timedelta

    from bot.inbound.isolation import start_reading

    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    message = read_message(reply_to(request, sender=SUE, when=WED, text="7.4 is complete."), received=WED)
    with Session(chaser.engine) as session:
        row = store_inbound(session, chaser=chaser, message=message)
        assert row is not None
        session.commit()
        inbound_id = row.id
    assert start_reading(chaser, inbound_id)  # the service's worker is reading it now
    assert not start_reading(chaser, inbound_id)  # a second reader leaves it alone...
    assert process_pending(chaser=chaser) == []  # ...and so does a third (the pipe's sweep)
    row = _row(chaser, "7.4 is complete.")
    assert (row.state, row.read_attempts) == ("new", 1)
    chaser.clock.advance(timedelta(seconds=2 * chaser.settings.read_timeout_seconds + 1))  # the worker died
    process_pending(chaser=chaser)
    row = _row(chaser, "7.4 is complete.")
    assert (row.state, row.read_attempts) == ("processed", 2)
    assert action(chaser.engine, "7.4").status == "complete"
