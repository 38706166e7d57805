"""Reminders, escalation and restart safety, with a clock that is moved, never slept on."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from adapters.email import ingest_bytes
from adapters.email.parse import parse_email
from bot.cycle import run_cycle
from bot.inbound.service import process_pending, store_inbound
from nlp import extract
from store.models import InboundMessage, Request, Update
from tests.cycle.world import LONDON, action, mail_to, make_chaser, outbox, reply_to

SUE = "sue.fiennes@herefordshire.example"
JANE = "jane.jones@herefordshire.example"
TONY = "tony.geeson@herefordshire.example"
CHRIS = "chris.doyle@herefordshire.example"


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2006, 6, day, hour, 0, tzinfo=LONDON)


def test_one_reminder_after_three_working_days_then_one_escalation(chaser):
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)  # Mon 12 Jun
    request = mail_to(chaser, SUE, "Progress")[0]
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=_at(13), text="7.4 is 80% done."))
    chaser.clock.set(_at(14))  # Wed: 2 working days
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert not [m for m in outbox(chaser) if "Reminder" in str(m["Subject"])]
    chaser.clock.set(_at(15))  # Thu: 3 working days
    first = run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)  # the job fires twice
    reminders = [m for m in outbox(chaser) if str(m["Subject"]).startswith("Reminder:")]
    assert sorted(m["To"] for m in reminders) == [JANE, TONY]  # Sue replied
    assert reminders[0]["In-Reply-To"] is not None
    assert "reminder sent to Jane Jones" in first.summary()
    chaser.clock.set(_at(17, 10))  # Saturday: not a working day, nothing happens
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert not mail_to(chaser, CHRIS)
    chaser.clock.set(_at(19))  # Mon 19 Jun: 5 working days; a new week, so a new round opens too
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    notes = mail_to(chaser, CHRIS)
    assert len(notes) == 1 and "(2006-W24)" in str(notes[0]["Subject"])
    text = notes[0].get_body(("plain",)).get_content()
    assert "- Jane Jones: 7.5; reminded 15 Jun 2006" in text and "- Tony Geeson: 4.2" in text
    assert "Sue Fiennes" not in text
    requests = [m for m in mail_to(chaser, SUE) if str(m["Subject"]).startswith("Progress")]
    assert len(requests) == 2 and "(2006-W25)" in str(requests[1]["Subject"])  # the new round's request
    chaser.clock.set(_at(20))
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert len(mail_to(chaser, CHRIS)) == 1


def test_escalation_lists_who_has_not_replied_privately_and_once(chaser):
    run_cycle(chaser=chaser, plan_name="jar")  # Mon 12 Jun, W24
    request = mail_to(chaser, SUE, "Progress")[0]
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=_at(13), text="7.6 is complete."))
    chaser.clock.set(_at(16, 17))  # Fri 16 Jun: 4 working days: reminders but no escalation
    run_cycle(chaser=chaser, plan_name="jar")
    assert not mail_to(chaser, CHRIS)
    # A restart: a new process (new Chaser) on the same database, on Monday 19 Jun, same week as far
    # as the manual cycle is concerned because we pass the W24 day; then the scheduler's run.
    chaser.clock.set(_at(19, 8))
    restarted = make_chaser(chaser.engine, chaser.settings.outbox_dir.parent, clock=chaser.clock,
                            extractor=extract)
    from bot.cycle.requests import RoundOutcome
    from bot.cycle.round import chase_plan

    outcome = RoundOutcome(plan="jar", round_key="2006-W24")
    with Session(chaser.engine) as session:
        plan_id = session.exec(select(Request.plan_id)).first()
    chase_plan(chaser=restarted, plan_id=plan_id, outcome=outcome, scheduled=False)
    chase_plan(chaser=restarted, plan_id=plan_id, outcome=outcome, scheduled=False)
    notes = mail_to(chaser, CHRIS)
    assert len(notes) == 1
    text = notes[0].get_body(("plain",)).get_content()
    assert "Not replied after 5 working days:" in text
    assert "- Jane Jones: 7.5; reminded 16 Jun 2006" in text and "- Tony Geeson: 4.2" in text
    assert "Sue Fiennes" in text and "marked complete while it was blocked" in text  # the flag, not a miss
    assert "- Sue Fiennes" not in text
    assert [m["To"] for m in outbox(chaser)].count(CHRIS) == 1
    for m in outbox(chaser):  # private: no lead sees the list
        if m["To"] != CHRIS:
            assert "Not replied" not in m.get_body(("plain",)).get_content()
    with Session(chaser.engine) as session:
        escalated = {r.person_id for r in session.exec(select(Request)) if r.escalated_at}
    assert len(escalated) == 2


def test_crash_between_storing_and_processing_is_recovered(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    raw = reply_to(request, sender=SUE, when=_at(13), text="7.4 is complete.")
    with Session(chaser.engine) as session:  # stored, then the process dies before processing
        store_inbound(session, chaser=chaser, message=parse_email(raw, received=chaser.clock.now()))
        session.commit()
    assert action(chaser.engine, "7.4").status == "in_progress"
    restarted = make_chaser(chaser.engine, chaser.settings.outbox_dir.parent, clock=chaser.clock,
                            extractor=extract)
    replies = process_pending(chaser=restarted)
    assert action(chaser.engine, "7.4").status == "complete"
    assert len(replies) == 1 and replies[0].text.startswith("Thanks — recorded: 7.4 complete")
    assert process_pending(chaser=restarted) == []  # nothing left, nothing repeated
    result = ingest_bytes(chaser=restarted, raw=raw)  # the MTA delivers it again
    assert result.duplicate
    with Session(chaser.engine) as session:
        assert len(list(session.exec(select(Update).where(Update.kind != "import")))) == 1
        assert session.exec(select(InboundMessage)).one().state == "processed"


def test_a_failing_message_is_isolated(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]

    def broken(text, *, today):
        raise RuntimeError("model not loaded")

    chaser.extras["extractor"] = broken
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=_at(13), text="7.4 is complete."))
    assert result.state == "failed" and "model not loaded" in result.reason
    chaser.extras["extractor"] = extract
    ok = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=_at(13), text="7.6 is complete."))
    assert ok.state == "processed" and action(chaser.engine, "7.6").status == "complete"


def test_new_round_next_week_and_requests_expire(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    old = mail_to(chaser, SUE, "Progress")[0]
    chaser.clock.advance(timedelta(days=7))
    result = run_cycle(chaser=chaser, plan_name="jar")
    assert result.rounds[0].round_key == "2006-W25" and result.sent == 3
    chaser.clock.advance(timedelta(days=chaser.settings.request_token_days))
    late = ingest_bytes(chaser=chaser, raw=reply_to(old, sender=SUE, when=chaser.clock.now(), text="7.4 complete"))
    assert late.state == "quarantined" and "expired" in late.reason
