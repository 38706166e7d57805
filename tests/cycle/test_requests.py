"""Requests: one per lead per round, listing open actions, sent once however often the job runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from bot.cycle import run_cycle
from bot.cycle.periods import due_day, round_key
from store.models import Person, Request
from store.settings import PlanSchedule
from store.working_days import is_working_day, working_days_between
from tests.cycle.world import LONDON, mail_to, outbox


def test_cycle_sends_one_email_per_lead_listing_open_actions(chaser):
    result = run_cycle(chaser=chaser, plan_name=None)
    mails = outbox(chaser)
    assert sorted(m["To"] for m in mails) == [
        "jane.jones@herefordshire.example", "sue.fiennes@herefordshire.example", "tony.geeson@herefordshire.example"]
    sue = mail_to(chaser, "sue.fiennes@herefordshire.example")[0]
    text = sue.get_body(("plain",)).get_content()
    assert "7.4  Full SMART Forward Delivery Plan" in text and "7.6  Children's Centres" in text
    assert "7.1" not in text  # complete: not asked about
    assert "7.5" not in text  # Jane's
    assert "Last update: 31 May 2006: Priorities identified" in text
    assert sue["Auto-Submitted"] == "auto-generated"
    with Session(chaser.engine) as session:
        request = session.exec(select(Request).join(Person).where(Person.name == "Sue Fiennes")).one()
    assert sue["Reply-To"] == f"chaser+{request.token}@herefordshire.example"
    assert f"Ref: {request.token}" in text
    assert sue["Message-ID"] == request.message_id
    html = sue.get_body(("html",)).get_content()
    assert "Children&#39;s Centres" in html  # autoescaped
    assert "round 2006-W24" in text
    assert result.sent == 3 and "2006-W24" in result.summary()


def test_cycle_twice_and_after_a_late_restart_sends_once(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    run_cycle(chaser=chaser, plan_name="jar")
    chaser.clock.advance(timedelta(days=2))  # the job fires again later in the same week
    second = run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert len(outbox(chaser)) == 3
    assert second.sent == 0 and second.rounds[0].already_sent == 3


def test_a_crash_after_sending_resends_with_the_same_message_id(chaser):
    run_cycle(chaser=chaser, plan_name="jar")
    with Session(chaser.engine) as session:  # as if the process died between sending and marking sent
        for request in session.exec(select(Request)):
            request.state, request.sent_at = "pending", None
            session.add(request)
        session.commit()
    run_cycle(chaser=chaser, plan_name="jar")
    assert len(outbox(chaser)) == 3  # same Message-IDs: the outbox holds each message once


def test_a_lead_with_no_address_is_skipped_with_what_to_do(chaser):
    with Session(chaser.engine) as session:
        jane = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        jane.email = None
        session.add(jane)
        session.commit()
    result = run_cycle(chaser=chaser, plan_name="jar")
    assert ("  skipped Jane Jones: no email address or linked chat account (give one in the people CSV: "
            "`chaser people import people.csv`, or Upload people in the web app)") in result.summary().splitlines()


def test_people_away_are_skipped_until_they_return(chaser):
    with Session(chaser.engine) as session:
        jane = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        jane.away_until = date(2006, 6, 13)
        session.add(jane)
        session.commit()
    result = run_cycle(chaser=chaser, plan_name="jar")
    assert not mail_to(chaser, "jane.jones@herefordshire.example")
    assert "skipped Jane Jones: away until 13 Jun 2006" in result.summary()
    chaser.clock.advance(timedelta(days=2))
    run_cycle(chaser=chaser, plan_name="jar")
    assert len(mail_to(chaser, "jane.jones@herefordshire.example")) == 1


def test_scheduled_round_waits_for_its_day_and_quiet_hours(chaser):
    chaser.clock.set(datetime(2006, 6, 11, 20, 0, tzinfo=LONDON))  # Sunday evening, week W23
    result = run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert not outbox(chaser) and result.not_due
    chaser.clock.set(datetime(2006, 6, 12, 7, 0, tzinfo=LONDON))  # Monday 07:00: before the 09:00 slot
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert not outbox(chaser)
    chaser.clock.set(datetime(2006, 6, 12, 9, 0, tzinfo=LONDON))
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert len(outbox(chaser)) == 3


def test_quiet_hours_follow_each_persons_time_zone(chaser):
    with Session(chaser.engine) as session:
        tony = session.exec(select(Person).where(Person.name == "Tony Geeson")).one()
        tony.timezone = "Asia/Tokyo"  # 09:00 in London is 17:00 in Tokyo...
        session.add(tony)
        session.commit()
    chaser.clock.set(datetime(2006, 6, 12, 11, 0, tzinfo=LONDON))  # ...and 11:00 is 19:00: quiet
    result = run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert not mail_to(chaser, "tony.geeson@herefordshire.example")
    assert "deferred Tony Geeson: quiet hours in Asia/Tokyo" in result.summary()
    chaser.clock.set(datetime(2006, 6, 13, 0, 30, tzinfo=LONDON))  # 08:30 in Tokyo, a working day
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    assert len(mail_to(chaser, "tony.geeson@herefordshire.example")) == 1


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2006, 5, 29))  # Spring Bank Holiday
    assert not is_working_day(date(2006, 6, 17))  # Saturday
    assert working_days_between(date(2006, 5, 26), date(2006, 6, 1)) == 3  # Tue, Wed, Thu
    monday_holiday = PlanSchedule(cadence="weekly", day="mon")
    assert due_day(monday_holiday, date(2006, 5, 30)) == date(2006, 5, 30)  # moved to Tuesday


def test_round_keys():
    assert round_key("weekly", date(2006, 6, 14)) == "2006-W24"
    assert round_key("monthly", date(2006, 6, 14)) == "2006-06"
    first = round_key("fortnightly", date(2006, 6, 12))
    assert round_key("fortnightly", date(2006, 6, 12) + timedelta(days=7)) == first
    assert round_key("fortnightly", date(2006, 6, 12) + timedelta(days=14)) != first
    assert round_key("fortnightly", date(2006, 6, 14)).startswith("2006-W")


def test_unknown_plan_is_a_clear_error(chaser):
    import pytest

    from store.errors import ChaserError

    with pytest.raises(ChaserError, match="--plan 'nope'"):
        run_cycle(chaser=chaser, plan_name="nope")


def test_monthly_and_fortnightly_rounds_fall_due_once_per_period():
    monthly = PlanSchedule(cadence="monthly", day="mon")
    assert due_day(monthly, date(2006, 6, 20)) == date(2006, 6, 5)  # the first Monday of June
    assert due_day(monthly, date(2006, 5, 10)) == date(2006, 5, 2)  # 1 May is a bank holiday: Tuesday
    fortnightly = PlanSchedule(cadence="fortnightly", day="wed")
    first = due_day(fortnightly, date(2006, 6, 12))
    assert first.weekday() == 2 and due_day(fortnightly, first + timedelta(days=7)) == first
    assert due_day(fortnightly, first + timedelta(days=14)) == first + timedelta(days=14)
