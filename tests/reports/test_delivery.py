"""Scheduled delivery: the right people, HTML with a text alternative and the DOCX, once per period."""

from __future__ import annotations

import io
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from docx import Document
from sqlmodel import Session, select

from bot.cycle.periods import round_key
from bot.report_delivery import deliver_scheduled, delivery_key
from reports.digest import chat_digest_for
from store.models import Delivery, Person
from store.settings import ReportSchedule
from tests.reports.builder import TODAY


def _outbox(chaser):
    return [message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(chaser.settings.outbox_dir.glob("*.eml"))]


def test_exceptions_report_goes_once_to_each_chief_executive(chaser):
    schedule = ReportSchedule(kind="exceptions", cadence="fortnightly", day="wed", roles=["chief_executive"])
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 1  # Roger Phillips has no address
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 0  # the job fired twice: nothing more
    mails = _outbox(chaser)
    assert len(mails) == 1
    mail = mails[0]
    assert mail["To"] == "Neil Pringle <neil.pringle@herefordshire.example>"
    assert mail["Subject"].strip() == "Overall Performance Improvement Plan 2006: exceptions report, 14 Jun 2006"
    assert mail.get_body(preferencelist=("plain",)).get_content().startswith(
        "OVERALL PERFORMANCE IMPROVEMENT PLAN 2006: EXCEPTIONS REPORT")
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "RAG: Red (overdue or blocked)" in html
    attachments = list(mail.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["exceptions-overall-2006-2006-W24.docx"]
    doc = Document(io.BytesIO(attachments[0].get_content()))
    assert doc.paragraphs[0].text == "Overall Performance Improvement Plan 2006: exceptions report"
    with Session(chaser.engine) as session:
        rows = session.exec(select(Delivery)).all()
    neil = _person_id(chaser, "Neil Pringle")
    assert [(r.key, r.state, r.message_id) for r in rows] == [
        (f"report:exceptions:overall-2006:2006-W24:person-{neil}", "sent", mail["Message-ID"])]


def _person_id(chaser, name):
    with Session(chaser.engine) as session:
        return session.exec(select(Person.id).where(Person.name == name)).one()


def test_weekly_summary_to_directors_and_coordinators_not_to_leads(chaser):
    schedule = ReportSchedule(kind="summary", cadence="weekly", roles=["director", "coordinator", "lead"],
                              formats=["html"])
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 2
    mails = _outbox(chaser)
    assert sorted(m["To"].addresses[0].display_name for m in mails) == ["Jane Jones", "Sue Fiennes"]
    assert all(not list(m.iter_attachments()) for m in mails)  # no docx in this schedule's formats
    chaser.clock.advance(timedelta(days=7))  # next week: a new period, sent again
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 2


def test_a_failed_send_is_retried_next_run_and_others_still_go(chaser, monkeypatch):
    import adapters.email.mailer as mailer_module

    real_send = mailer_module.OutboxMailer.send
    calls = {"n": 0}

    def flaky(self, message):
        calls["n"] += 1
        if "Jane Jones" in message["To"] and calls["n"] < 3:
            raise ConnectionError("mail server went away")
        return real_send(self, message)

    monkeypatch.setattr(mailer_module.OutboxMailer, "send", flaky)
    schedule = ReportSchedule(kind="progress", cadence="monthly", roles=["director", "coordinator"])
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 1
    jane = _person_id(chaser, "Jane Jones")
    key = delivery_key(kind="progress", plan_name="overall-2006", period="2006-06", person_id=jane)
    with Session(chaser.engine) as session:
        assert session.exec(select(Delivery.state).where(Delivery.key == key)).one() == "failed"
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 1
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 0
    assert len(_outbox(chaser)) == 2


def test_an_unknown_plan_in_a_schedule_is_an_error(chaser):
    from store.errors import ChaserError

    with pytest.raises(ChaserError, match="--plan 'jar' is not known"):
        deliver_scheduled(chaser=chaser, schedule=ReportSchedule(kind="summary", plan="jar"))


@pytest.mark.parametrize(("cadence", "expected"), [("weekly", "2006-W24"), ("fortnightly", "2006-W24"),
                                                   ("monthly", "2006-06")])
def test_report_periods_are_the_chasing_rounds(cadence, expected):
    # Reports and requests share one calendar of periods (bot.cycle.periods), so "this fortnight" agrees.
    assert round_key(cadence, TODAY) == expected


def test_chat_digest_is_a_few_plain_lines(plan_engine):
    digest = chat_digest_for(engine=plan_engine, kind="exceptions", plan_name=None, today=TODAY)
    assert digest.splitlines() == [
        "Overall Performance Improvement Plan 2006: exceptions report, 14 Jun 2006",
        "12 exceptions in 5 sections: 4 Red, 5 Amber, 3 Green.",
        "Red: 2.2 (overdue); 3.2 (overdue, blocked); 5b.1 (overdue, no update); 7.6 (blocked).",
        "2 changes to the plan since 31 May 2006.",
        "Not yet replied to round 2006-W24: Sarah Green.",
    ]
    summary = chat_digest_for(engine=plan_engine, kind="summary", plan_name=None, today=TODAY)
    assert summary.splitlines()[1] == "4 of 18 actions complete; sections: 4 Red, 1 Amber, 0 Green."
    progress = chat_digest_for(engine=plan_engine, kind="progress", plan_name=None, today=TODAY)
    assert progress.splitlines()[1] == "18 actions in 5 sections: 4 Red, 5 Amber, 9 Green."


class _Collect:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 OK"


def test_delivery_through_a_real_local_smtp_server(plan_sqlite, tmp_path):
    import socket

    from aiosmtpd.controller import Controller

    from tests.reports.conftest import make_chaser

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        chaser = make_chaser(plan_sqlite, tmp_path, smtp_url=f"smtp://127.0.0.1:{port}")
        schedule = ReportSchedule(kind="summary", roles=["director"])
        assert deliver_scheduled(chaser=chaser, schedule=schedule) == 1
        assert deliver_scheduled(chaser=chaser, schedule=schedule) == 0
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in handler.envelopes] == [["sue.fiennes@herefordshire.example"]]
    mail = message_from_bytes(handler.envelopes[0].content, policy=policy.default)
    assert mail.get_content_type() == "multipart/mixed"
    assert [p.get_content_type() for p in mail.walk()][1:] == [
        "multipart/alternative", "text/plain", "text/html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert mail["Auto-Submitted"] == "auto-generated"


def test_a_schedule_without_a_plan_sends_one_report_per_plan(chaser):
    from store.db import transaction
    from store.models import Plan

    with transaction(chaser.engine) as session:
        session.add(Plan(name="jar-2006", title="JAR Performance Improvement Action Plan"))
    schedule = ReportSchedule(kind="summary", roles=["director"], formats=["html"])
    assert deliver_scheduled(chaser=chaser, schedule=schedule) == 2
    subjects = sorted(m["Subject"].strip() for m in _outbox(chaser))
    assert subjects == ["JAR Performance Improvement Action Plan: summary progress report, 14 Jun 2006",
                        "Overall Performance Improvement Plan 2006: summary progress report, 14 Jun 2006"]
    with Session(chaser.engine) as session:
        keys = sorted(session.exec(select(Delivery.key)).all())
    sue = _person_id(chaser, "Sue Fiennes")
    assert keys == [f"report:summary:jar-2006:2006-W24:person-{sue}",
                    f"report:summary:overall-2006:2006-W24:person-{sue}"]
