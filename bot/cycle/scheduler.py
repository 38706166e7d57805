"""The scheduler: jobs from chaser.toml (APScheduler's cron and interval triggers), each only enqueuing
idempotent work, run by the service's own clock under one leader."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from filelock import FileLock, Timeout
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.cycle import run_cycle
from bot.inbound.service import process_pending
from bot.lookup import plans
from bot.outbound import deliver_replies
from bot.outbox import dispatch
from store.clock import wait
from store.db import transaction
from store.settings import ReportSchedule

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
ADVISORY_LOCK_KEY = 0x43484153  # "CHAS": one scheduler per database
TICK_MINUTES = 10
LONGEST_SLEEP = 60.0  # seconds: the timetable looks at the clock at least this often (it may jump)


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
            lock = FileLock(str(sqlite_lock_path(self.chaser, "leader")))
            try:
                lock.acquire(timeout=0)
                got = True
                self._file_lock = lock
            except Timeout:
                got = False
        self.held = got
        return got

    def still_held(self) -> bool:
        """Is the lead still ours? (False once the lock's connection has gone: PostgreSQL restarted,
        or the network dropped it, and so another process may lead now.)"""
        if not self.held or self._connection is None:
            return self.held
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
            return True
        except Exception:
            log.warning("the scheduler's lock connection was lost: no longer leading")
            self._connection.invalidate()
            self._connection = None
            self.held = False
            return False

    def release(self) -> None:
        """Give up the lead (also happens when the process or its connection dies)."""
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                self._connection.commit()
            except Exception:  # the connection is gone, and the lock with it
                log.info("the scheduler's lock connection was already closed")
            finally:
                self._connection.close()
                self._connection = None
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None
        self.held = False


def sqlite_lock_path(chaser: Chaser, purpose: str) -> Path:
    """A lock file beside the SQLite database (so every process using that file finds the same one),
    or ``lock_file`` for an in-memory database."""
    database = chaser.engine.url.database
    if not database or database == ":memory:":
        return Path(f"{chaser.settings.lock_file}.{purpose}")
    return lock_beside(database, purpose)


def lock_beside(database: str, purpose: str) -> Path:
    """The lock file for ``purpose`` beside the SQLite database file ``database``."""
    path = Path(database).expanduser().resolve()
    return path.with_name(f"{path.name}.{purpose}.lock")


def tick(chaser: Chaser) -> None:
    """The catch-up job: finish stored messages, open due rounds, send what is pending, chase."""
    deliver_replies(chaser=chaser, replies=process_pending(chaser=chaser))
    result = run_cycle(chaser=chaser, plan_name=None, scheduled=True)
    if result.rounds:
        log.info("scheduled cycle:\n%s", result.summary())
    sent = dispatch(chaser=chaser)  # the outbox: confirmations and notices a crash or failure left unsent
    if sent.sent or sent.gave_up:
        log.info("outbox: %d sent, %d failed, %d given up", len(sent.sent), len(sent.failed), len(sent.gave_up))


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
    at_start: bool = False  # also run once as the scheduler starts (the trigger's first time is one interval on)


def job_specs(chaser: Chaser) -> list[JobSpec]:
    """Every job chaser.toml asks for: the catch-up tick, one slot per plan, one per report."""
    # The catch-up tick starts now by the service's clock: at once, then every TICK_MINUTES.
    # (An IntervalTrigger's first time is its start date only if that is still to come: by the time the
    # timetable starts it has passed, and the first time would be TICK_MINUTES on, so a plan uploaded while
    # the service was down, its round due, waited ten minutes for its requests. ``at_start`` runs it at once.)
    specs = [JobSpec("tick", tick, IntervalTrigger(minutes=TICK_MINUTES, start_date=chaser.clock.now()), [chaser],
                     at_start=True)]
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


class Timetable:
    """Runs the jobs at their triggers' times by the service's clock, one at a time, in one thread.

    APScheduler's own schedulers read the system time; this runs the same triggers by
    ``chaser.clock``, so a harness moving a clock (``CHASER_CLOCK_FILE``) runs real instances through
    days of schedules. A job whose times passed while another ran (or the clock jumped) runs once
    (coalesced); a missed plan slot is also caught by the tick, which opens every round that is due.
    """

    def __init__(self, *, chaser: Chaser, specs: list[JobSpec]) -> None:
        self.chaser = chaser
        self.specs = specs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.next_run: dict[str, datetime | None] = {}

    def get_jobs(self) -> list[JobSpec]:
        """The jobs, as chaser.toml asked for them."""
        return list(self.specs)

    def start(self, *, paused: bool = False) -> None:
        """Work out each job's next time and, unless ``paused``, start running them."""
        now = self.chaser.clock.now()
        self.next_run = {spec.id: now if spec.at_start else spec.trigger.get_next_fire_time(None, now)
                         for spec in self.specs}
        if not paused:
            self._thread = threading.Thread(target=self._run, name="chaser-scheduler", daemon=True)
            self._thread.start()

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop after the job in hand (waiting for it if ``wait``)."""
        self._stop.set()
        if wait and self._thread is not None:
            self._thread.join()

    def run_due(self) -> list[str]:
        """Run every job whose time has come; the ids run."""
        ran = []
        for spec in self.specs:
            at = self.next_run.get(spec.id)
            if at is None or at > self.chaser.clock.now() or self._stop.is_set():
                continue
            try:
                spec.func(*spec.args)
            except Exception:  # one failed job never stops the others; it runs again at its next time
                log.exception("scheduled job %s failed", spec.id)
            ran.append(spec.id)
            now = self.chaser.clock.now()
            following = spec.trigger.get_next_fire_time(at, now)
            while following is not None and following <= now:  # coalesce the times that passed meanwhile
                following = spec.trigger.get_next_fire_time(following, now)
            self.next_run[spec.id] = following
        return ran

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            upcoming = [at for at in self.next_run.values() if at is not None]
            seconds = min((min(upcoming) - self.chaser.clock.now()).total_seconds(), LONGEST_SLEEP) if upcoming \
                else LONGEST_SLEEP
            if wait(self.chaser.clock, seconds, self._stop):
                return


def build_scheduler(chaser: Chaser) -> Timetable:
    """The scheduler with every job (started by the caller once this process leads)."""
    return Timetable(chaser=chaser, specs=job_specs(chaser))
