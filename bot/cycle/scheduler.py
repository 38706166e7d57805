"""The scheduler: APScheduler jobs from chaser.toml, each only enqueuing idempotent work, under one leader."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from filelock import FileLock, Timeout
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.cycle import run_cycle
from bot.inbound.service import process_pending
from bot.lookup import plans
from bot.outbound import deliver_replies
from store.db import transaction
from store.settings import ReportSchedule

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
ADVISORY_LOCK_KEY = 0x43484153  # "CHAS": one scheduler per database
TICK_MINUTES = 10


@dataclass
class Leadership:
    """Who runs the scheduler when several instances share a database: a PostgreSQL advisory lock
    held on a dedicated connection, or (SQLite) a file lock next to the database."""

    chaser: Chaser
    _connection: Connection | None = None
    _file_lock: FileLock | None = None
    held: bool = False

    def acquire(self) -> bool:
        """Try once, without waiting; True if this process now leads."""
        if self.held:
            return True
        if self.chaser.engine.dialect.name == "postgresql":
            conn = self.chaser.engine.connect()
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY}).scalar())
            conn.commit()
            if got:
                self._connection = conn
            else:
                conn.close()
        else:
            lock = FileLock(str(self.chaser.settings.lock_file))
            try:
                lock.acquire(timeout=0)
                got = True
                self._file_lock = lock
            except Timeout:
                got = False
        self.held = got
        return got

    def release(self) -> None:
        """Give up the lead (also happens when the process or its connection dies)."""
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                self._connection.commit()
            finally:
                self._connection.close()
                self._connection = None
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None
        self.held = False


def tick(chaser: Chaser) -> None:
    """The catch-up job: finish stored messages, open due rounds, send what is pending, chase."""
    deliver_replies(chaser=chaser, replies=process_pending(chaser=chaser))
    result = run_cycle(chaser=chaser, plan_name=None, scheduled=True)
    if result.rounds:
        log.info("scheduled cycle:\n%s", result.summary())


def plan_job(chaser: Chaser, plan_name: str) -> None:
    """A plan's own slot (day and time from chaser.toml): its round, if due."""
    result = run_cycle(chaser=chaser, plan_name=plan_name, scheduled=True)
    log.info("scheduled round for %s:\n%s", plan_name, result.summary())


def report_job(chaser: Chaser, schedule: ReportSchedule) -> int:
    """Deliver a scheduled report (the reports package keeps it to once per person and period)."""
    from bot.report_delivery import deliver_scheduled

    sent: int = deliver_scheduled(chaser=chaser, schedule=schedule)
    log.info("report %s for %s: %d sent", schedule.kind, schedule.plan or "all plans", sent)
    return sent


def _cron(*, cadence: str, day: str, hour: int, minute: int, timezone: str) -> CronTrigger:
    # Monthly jobs fire on the schedule's weekday within the month's first seven days; fortnightly
    # ones fire weekly, and the work itself is keyed by fortnight so the off week sends nothing new.
    extra: dict[str, Any] = {"day": "1-7"} if cadence == "monthly" else {}
    return CronTrigger(day_of_week=day, hour=hour, minute=minute, timezone=timezone, **extra)


@dataclass
class JobSpec:
    """A job before it is handed to APScheduler (so tests can read what would run, and when)."""

    id: str
    func: Any
    trigger: Any
    args: list[Any] = field(default_factory=list)


def job_specs(chaser: Chaser) -> list[JobSpec]:
    """Every job chaser.toml asks for: the catch-up tick, one slot per plan, one per report."""
    specs = [JobSpec("tick", tick, IntervalTrigger(minutes=TICK_MINUTES), [chaser])]
    with transaction(chaser.engine) as session:
        names = [p.name for p in plans(session, plan_name=None)]
    names += [n for n in chaser.settings.plans if n != "default" and n not in names]
    for name in names:
        s = chaser.settings.schedule_for(name)
        specs.append(JobSpec(f"plan:{name}", plan_job, _cron(cadence=s.cadence, day=s.day, hour=s.time.hour,
                                                                  minute=s.time.minute, timezone=s.timezone),
                             [chaser, name]))
    for n, report in enumerate(chaser.settings.reports):
        specs.append(JobSpec(f"report:{n}:{report.kind}:{report.plan or 'all'}", report_job,
                             _cron(cadence=report.cadence, day=report.day, hour=report.time.hour,
                                   minute=report.time.minute, timezone=report.timezone), [chaser, report]))
    return specs


def build_scheduler(chaser: Chaser) -> BackgroundScheduler:
    """A BackgroundScheduler with every job; jobs missed while down run once on start (coalesced)."""
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600})
    for spec in job_specs(chaser):
        scheduler.add_job(spec.func, spec.trigger, args=spec.args, id=spec.id, replace_existing=True)
    return scheduler
