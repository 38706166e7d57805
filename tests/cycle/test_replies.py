"""Replies by email: the right actions updated, a confirmation sent, and nothing applied twice or wrongly."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from adapters.email import ingest_bytes
from bot.cycle import run_cycle
from store.models import ChangeLog, InboundMessage, Update
from tests.cycle.world import LONDON, action, mail_to, person, reply_to

SUE = "sue.fiennes@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)


def _request(chaser, address=SUE):
    run_cycle(chaser=chaser, plan_name="jar")
    return mail_to(chaser, address, "Progress")[0]


def test_reply_updates_the_named_actions_and_is_confirmed(chaser):
    request = _request(chaser)
    raw = reply_to(request, sender=SUE, when=WED,
                   text="7.4 was completed on Monday. 7.6 is delayed until the end of July.\n\nThanks\nSue")
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.state == "processed"
    a74, a76 = action(chaser.engine, "7.4"), action(chaser.engine, "7.6")
    assert (a74.status, a74.completed_on) == ("complete", date(2006, 6, 12))
    assert (a76.status, a76.expected_by) == ("delayed", date(2006, 7, 31))
    confirmations = mail_to(chaser, SUE, "Re:")
    assert len(confirmations) == 1
    body = confirmations[0].get_body(("plain",)).get_content()
    assert body.startswith("Thanks — recorded: 7.4 complete (12 Jun 2006); 7.6 delayed, now expected by 31 Jul 2006."
                           " Reply UNDO to reverse, or send a correction.")
    assert confirmations[0]["In-Reply-To"] == confirmations[0]["References"]
    with Session(chaser.engine) as session:
        updates = list(session.exec(select(Update).where(Update.kind == "reply")))
        changes = [c for c in session.exec(select(ChangeLog)) if c.at >= chaser.clock.now()]
        log = {(c.field, c.new_value) for c in changes}
        sources = {c.source for c in changes}
    # Each action's history quotes what was said about it; the whole reply stays with the stored message.
    words = {u.action_id: u.text for u in updates}
    assert len(updates) == 2
    assert words[a74.id] == "7.4 was completed on Monday."
    assert words[a76.id].startswith("7.6 is delayed until the end of July.") and "7.4" not in words[a76.id]
    with Session(chaser.engine) as session:
        stored = session.get(InboundMessage, updates[0].inbound_id)
    assert stored is not None and stored.body.startswith(
        "7.4 was completed on Monday. 7.6 is delayed until the end of July.")
    assert ("status", "complete") in log and ("expected_by", "2006-07-31") in log
    assert sources == {"reply from Sue Fiennes by email, 14 Jun 2006"}
    flags = {action(chaser.engine, "7.4").id: [], action(chaser.engine, "7.6").id: []}
    assert {u.action_id: u.flags for u in updates} == flags


def test_completing_a_blocked_action_is_recorded_and_flagged(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.6 is complete."))
    assert action(chaser.engine, "7.6").status == "complete"
    with Session(chaser.engine) as session:
        upd = session.exec(select(Update).where(Update.kind != "import")).one()
    assert upd.flags == ["completed_while_blocked"]


def test_same_message_twice_is_applied_once(chaser):
    request = _request(chaser)
    raw = reply_to(request, sender=SUE, when=WED, text="7.4 is complete.", message_id="<one@herefordshire.example>")
    first = ingest_bytes(chaser=chaser, raw=raw)
    second = ingest_bytes(chaser=chaser, raw=raw)
    assert first.state == "processed" and second.duplicate
    assert "already received" in second.summary()
    with Session(chaser.engine) as session:
        assert len(list(session.exec(select(Update).where(Update.kind != "import")))) == 1
    assert len(mail_to(chaser, SUE, "Re:")) == 1


def test_stranger_changes_nothing_and_is_quarantined(chaser):
    request = _request(chaser)
    before = action(chaser.engine, "7.4")
    forged = reply_to(request, sender="mallory@example.org", when=WED, text="7.4 is complete.")
    assert ingest_bytes(chaser=chaser, raw=forged).state == "quarantined"
    unknown = reply_to(request, sender="mallory@example.org", when=WED, text="7.4 is complete.", quote=False)
    unknown = unknown.replace(b"chaser+", b"chaser-")  # no token at all
    result = ingest_bytes(chaser=chaser, raw=unknown)
    assert result.state == "quarantined" and "unknown sender" in result.reason
    assert action(chaser.engine, "7.4").status == before.status
    assert not mail_to(chaser, "mallory@example.org")


def test_a_forged_token_is_quarantined_even_from_a_known_lead(chaser):
    request = _request(chaser)
    raw = reply_to(request, sender="jane.jones@herefordshire.example", when=WED, text="7.4 is complete.")
    result = ingest_bytes(chaser=chaser, raw=raw)  # Jane replies with Sue's token
    assert result.state == "quarantined" and "not the person the request went to" in result.reason
    fake = reply_to(request, sender=SUE, when=WED, text="7.4 is complete.", quote=False)
    fake = fake.replace(bytes(request["Reply-To"].split("+")[1].split("@")[0], "ascii"), b"a" * 24)
    assert ingest_bytes(chaser=chaser, raw=fake).state == "quarantined"
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_auto_replies_and_bounces_are_never_progress(chaser):
    request = _request(chaser)
    for headers in ({"Auto-Submitted": "auto-replied"}, {"X-Autoreply": "yes"}, {"Precedence": "bulk"},
                    {"Return-Path": "<>"}):
        raw = reply_to(request, sender=SUE, when=WED, text="7.4 is complete.", extra_headers=headers)
        assert ingest_bytes(chaser=chaser, raw=raw).state == "ignored"
    bounce = (b"From: MAILER-DAEMON@herefordshire.example\r\nTo: chaser@herefordshire.example\r\n"
              b"Subject: Undelivered\r\nMessage-ID: <b1@x>\r\nMIME-Version: 1.0\r\n"
              b"Content-Type: multipart/report; report-type=delivery-status; boundary=XX\r\n\r\n"
              b"--XX\r\nContent-Type: text/plain\r\n\r\n7.4 is complete.\r\n--XX--\r\n")
    assert ingest_bytes(chaser=chaser, raw=bounce).state == "ignored"
    assert action(chaser.engine, "7.4").status == "in_progress"
    assert not mail_to(chaser, SUE, "Re:")


def test_out_of_office_marks_the_person_away(chaser):
    request = _request(chaser)
    raw = reply_to(request, sender=SUE, when=WED, quote=False,
                   text="I am out of the office until 19 June 2006 with limited access to email.",
                   extra_headers={"Auto-Submitted": "auto-replied", "Subject": "Automatic reply: Progress"})
    result = ingest_bytes(chaser=chaser, raw=raw)
    assert result.state == "ignored" and "away until 2006-06-19" in result.reason
    assert person(chaser.engine, "Sue Fiennes").away_until == date(2006, 6, 19)
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_undo_reverses_the_last_reply(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED,
                                             text="7.4 was completed on Monday. 7.6 is delayed to the end of July."))
    confirmation = mail_to(chaser, SUE, "Re:")[0]
    undo = reply_to(confirmation, sender=SUE, when=WED, text="UNDO")
    result = ingest_bytes(chaser=chaser, raw=undo)
    assert result.state == "processed"
    a74, a76 = action(chaser.engine, "7.4"), action(chaser.engine, "7.6")
    assert (a74.status, a74.completed_on) == ("in_progress", None)
    assert (a76.status, a76.expected_by) == ("blocked", None)
    assert a74.progress == "Priorities identified in the plan to inform the action plan."
    with Session(chaser.engine) as session:
        assert all(u.undone for u in session.exec(select(Update).where(Update.kind != "import")))
    assert "Undone" in result.replies[0]


def test_clarifying_question_when_no_ref_is_named(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="This one is complete now."))
    question = mail_to(chaser, SUE, "Re:")[0].get_body(("plain",)).get_content()
    assert question.startswith("Thanks. Which action is this about: 7.4 (Full SMART")
    assert "7.6 (Children's Centres" in question
    assert action(chaser.engine, "7.4").status == "in_progress"
    answer = reply_to(request, sender=SUE, when=WED, text="7.4")
    ingest_bytes(chaser=chaser, raw=answer)
    a74 = action(chaser.engine, "7.4")
    assert a74.status == "complete" and a74.progress == "This one is complete now."
    assert action(chaser.engine, "7.6").status == "blocked"


def test_only_action_needs_no_ref_and_unsure_replies_are_asked_about(chaser):
    request = _request(chaser, "jane.jones@herefordshire.example")
    raw = reply_to(request, sender="jane.jones@herefordshire.example", when=WED,
                   text="Please see the attached note from the housing team.")
    ingest_bytes(chaser=chaser, raw=raw)
    body = mail_to(chaser, "jane.jones@herefordshire.example", "Re:")[0].get_body(("plain",)).get_content()
    assert "Is 7.5 finished, or still in progress?" in body
    a75 = action(chaser.engine, "7.5")
    assert a75.status == "in_progress" and a75.progress.startswith("Please see the attached note")
    answer = reply_to(request, sender="jane.jones@herefordshire.example", when=WED, text="Finished.")
    ingest_bytes(chaser=chaser, raw=answer)
    assert action(chaser.engine, "7.5").status == "complete"


def test_no_change_is_recorded_as_such(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="No change this week."))
    with Session(chaser.engine) as session:
        kinds = sorted(u.kind for u in session.exec(select(Update).where(Update.kind != "import")))
    assert kinds == ["no_change", "no_change"]
    assert action(chaser.engine, "7.4").status == "in_progress"
    body = mail_to(chaser, SUE, "Re:")[0].get_body(("plain",)).get_content()
    assert body.startswith("Thanks — recorded no change on 7.4, 7.6.")


def test_a_question_is_not_recorded_as_progress(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="What is overdue in section 7?"))
    with Session(chaser.engine) as session:
        assert not list(session.exec(select(Update).where(Update.kind != "import")))
        row = session.exec(select(InboundMessage).where(col(InboundMessage.body).contains("overdue"))).one()
    assert row.state == "processed" and row.reason == "question"


def test_a_fresh_update_is_not_taken_as_the_answer_to_our_question(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="This one is complete now."))
    # Instead of answering "which action?", Sue sends a full update: it is read on its own.
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.6 is delayed to the end of July."))
    assert action(chaser.engine, "7.6").status == "delayed"
    assert action(chaser.engine, "7.4").status == "in_progress"
    # Nothing is left hanging: a bare ref now is not applied to the old words.
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="7.4"))
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_a_stale_question_is_forgotten(chaser):
    request = _request(chaser)
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="This one is complete now."))
    chaser.clock.advance(timedelta(days=8))
    ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=chaser.clock.now(), text="7.4"))
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_a_thank_you_by_email_gets_no_answer(chaser):
    request = _request(chaser)
    result = ingest_bytes(chaser=chaser, raw=reply_to(request, sender=SUE, when=WED, text="Thanks!"))
    assert result.state == "processed" and result.reason == "ack" and not result.replies
    assert not mail_to(chaser, SUE, "Re:")
