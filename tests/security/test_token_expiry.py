"""Token expiry is judged by when Chaser received the message, never by its own Date header; a
queue's delay is forgiven only on a trusted server's Received header; impossible completion dates
are asked about, not recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from adapters.email.ingest import ingest_bytes
from bot.cycle.round import run_cycle
from tests.cycle.world import LONDON, action, mail_to, reply_to

SUE = "sue.fiennes@herefordshire.example"
MX = "mx.herefordshire.example"


def _received(by: str, when: datetime) -> str:
    return f"from mail.elsewhere.example by {by} with ESMTPS id 1; {when.strftime('%a, %d %b %Y %H:%M:%S %z')}"


def test_a_replayed_message_dated_1990_is_expired_by_its_arrival(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    chaser.clock.advance(timedelta(days=chaser.settings.request_token_days + 1))
    raw = reply_to(request, sender=SUE, when=datetime(1990, 1, 1, 9, 0, tzinfo=LONDON), text="7.4 is complete.")
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.state == "quarantined" and "expired" in result.reason
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_a_date_header_from_1990_never_becomes_the_completion_date(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    raw = reply_to(request, sender=SUE, when=datetime(1990, 1, 1, 9, 0, tzinfo=LONDON), text="7.4 is complete.")
    ingest_bytes(chaser=chaser, raw=raw)
    a74 = action(chaser.engine, "7.4")
    assert a74.status == "complete" and a74.completed_on == date(2006, 6, 12)  # the day it arrived


def test_a_completion_before_the_plan_or_in_the_future_is_questioned(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    when = datetime(2006, 6, 12, 10, 0, tzinfo=LONDON)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=when,
                                             text="7.4 was completed on 1 January 1990."))
    assert action(chaser.engine, "7.4").status == "in_progress"
    body = mail_to(chaser, SUE, "Re:")[0].get_body(("plain",)).get_content()
    assert "I did not record 7.4 as complete: 01 Jan 1990 is before the plan began" in body


def test_mail_delayed_in_a_trusted_queue_gets_the_grace_period(chaser):
    chaser.settings.trusted_authserv_ids = [MX]
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    expiry = chaser.clock.now() + timedelta(days=chaser.settings.request_token_days)
    chaser.clock.advance(timedelta(days=chaser.settings.request_token_days, hours=20))  # past expiry
    arrived = expiry - timedelta(hours=2)
    forged_hop = {"Received": _received(MX, arrived)}  # written by the sender, below the real hops
    late = reply_to(request, sender=SUE, when=arrived, text="7.4 is complete.", extra_headers=forged_hop)
    late = f"Received: {_received('relay.elsewhere.example', arrived)}\r\n".encode() + late
    assert ingest_bytes(chaser=chaser, raw=late).state == "quarantined"  # only the top hops count
    queued = reply_to(request, sender=SUE, when=arrived, text="7.6 is complete.")
    queued = f"Received: {_received(MX, arrived)}\r\n".encode() + queued
    assert ingest_bytes(chaser=chaser, raw=queued).state == "processed"
    assert action(chaser.engine, "7.6").status == "complete"
    chaser.clock.advance(timedelta(hours=chaser.settings.mail_grace_hours))  # beyond the grace
    again = reply_to(request, sender=SUE, when=arrived, text="7.4 is complete.")
    again = f"Received: {_received(MX, arrived)}\r\n".encode() + again
    assert ingest_bytes(chaser=chaser, raw=again).state == "quarantined"
