"""The scheduler: jobs from chaser.toml, one leader per database, and jobs run by moving the clock."""

from __future__ import annotations

import sys
import types
from datetime import datetime

from bot.cycle.scheduler import Leadership, build_scheduler, job_specs, report_job, tick
from store.settings import ReportSchedule
from tests.cycle.world import LONDON, outbox


def test_jobs_follow_chaser_toml(chaser):
    chaser.settings.reports = [ReportSchedule(kind="exceptions", plan="jar", cadence="monthly", day="tue")]
    specs = {s.id: s for s in job_specs(chaser)}
    assert set(specs) == {"tick", "plan:jar", "report:0:exceptions:jar"}
    after = datetime(2006, 6, 14, 12, 0, tzinfo=LONDON)
    plan_next = specs["plan:jar"].trigger.get_next_fire_time(None, after)
    assert plan_next == datetime(2006, 6, 19, 9, 0, tzinfo=LONDON)  # the next Monday, 09:00 London
    report_next = specs["report:0:exceptions:jar"].trigger.get_next_fire_time(None, after)
    assert report_next == datetime(2006, 7, 4, 8, 0, tzinfo=LONDON)  # first Tuesday of July
    scheduler = build_scheduler(chaser)
    scheduler.start(paused=True)
    try:
        assert {j.id for j in scheduler.get_jobs()} == set(specs)
    finally:
        scheduler.shutdown(wait=False)


def test_tick_sends_a_round_once_when_due(chaser):
    chaser.clock.set(datetime(2006, 6, 10, 10, 0, tzinfo=LONDON))  # Saturday
    tick(chaser)
    assert not outbox(chaser)
    chaser.clock.set(datetime(2006, 6, 12, 9, 5, tzinfo=LONDON))  # Monday, after the slot
    tick(chaser)
    tick(chaser)  # fired twice (say the catch-up tick and the plan's own slot)
    assert len(outbox(chaser)) == 3
    chaser.clock.set(datetime(2006, 6, 13, 11, 0, tzinfo=LONDON))  # the service was down; it comes back
    tick(chaser)
    assert len(outbox(chaser)) == 3


def test_the_catch_up_tick_runs_as_the_scheduler_starts(chaser):
    chaser.clock.set(datetime(2006, 6, 12, 9, 5, tzinfo=LONDON))  # Monday, after the slot: the round is due
    scheduler = build_scheduler(chaser)
    scheduler.start(paused=True)
    try:
        assert scheduler.next_run["tick"] == chaser.clock.now()  # at once, not TICK_MINUTES on
        assert scheduler.run_due() == ["tick"]
        assert len(outbox(chaser)) == 3
        assert scheduler.next_run["tick"] > chaser.clock.now()  # then every TICK_MINUTES
        assert scheduler.run_due() == []
    finally:
        scheduler.shutdown(wait=False)


def test_next_round_at_is_now_when_due_else_the_first_working_moment_it_is_due():
    from bot.cycle.periods import next_round_at
    from store.settings import PlanSchedule

    thursday = datetime(2026, 12, 3, 17, 0, tzinfo=LONDON)  # the fortnight began on Monday 30 November
    assert next_round_at(PlanSchedule(), thursday) == thursday
    assert next_round_at(PlanSchedule(cadence="monthly"), thursday) == datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)  # due, but no requests go at weekends
    assert next_round_at(PlanSchedule(), saturday) == datetime(2026, 12, 7, 0, 0, tzinfo=LONDON)
    assert next_round_at(PlanSchedule(cadence="weekly"), saturday) == datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)


def test_only_one_leader_per_database(chaser):
    first, second = Leadership(chaser), Leadership(chaser)
    assert first.acquire()
    assert first.acquire()  # idempotent for the holder
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_report_jobs_call_the_reports_package(chaser, monkeypatch):
    calls = []
    fake = types.ModuleType("bot.report_delivery")

    def deliver_scheduled(*, chaser, schedule):
        calls.append((chaser, schedule))
        return 2

    fake.deliver_scheduled = deliver_scheduled  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.report_delivery", fake)
    schedule = ReportSchedule(kind="summary")
    assert report_job(chaser, schedule) == 2
    assert calls == [(chaser, schedule)]
