"""One round of chasing: requests to every lead with open actions, then reminders and escalations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.cycle.periods import is_round_due, round_key
from bot.cycle.reminders import send_escalation, send_reminders
from bot.cycle.requests import RoundOutcome, create_requests, send_pending
from bot.lookup import plans
from bot.messages import plan_title
from store.db import transaction
from store.errors import ChaserError
from store.models import Plan, Round
from store.working_days import is_working_day

if TYPE_CHECKING:
    from bot.bootstrap import Chaser


@dataclass
class CycleResult:
    """What a cycle did, plan by plan."""

    rounds: list[RoundOutcome] = field(default_factory=list)
    not_due: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(len(r.sent) for r in self.rounds)

    def summary(self) -> str:
        """A plain-text account, one line per fact."""
        lines: list[str] = []
        for r in self.rounds:
            lines.append(f"{r.plan}, round {r.round_key}: {len(r.sent)} request(s) sent now, "
                         f"{r.already_sent} sent earlier")
            lines += [f"  sent to {s}" for s in r.sent]
            lines += [f"  deferred {s}" for s in r.deferred]
            lines += [f"  skipped {s}" for s in r.skipped]
            lines += [f"  NOT SENT {s}" for s in r.failed]
            lines += [f"  reminder sent to {s}" for s in r.reminders]
            lines += [f"  escalation sent to {s}" for s in r.escalations]
        lines += [f"{n}: no round due yet" for n in self.not_due]
        return "\n".join(lines) if lines else "no plans to chase: import one with `chaser import`"


def run_cycle(*, chaser: Chaser, plan_name: str | None, scheduled: bool = False) -> CycleResult:
    """Run one round now for each plan (or the one named), then send reminders and escalations due.

    Args:
        chaser: The composition root.
        plan_name: Only this plan; None for all.
        scheduled: True when the scheduler calls: then a round opens only once it is due, on a
            working day, and requests and reminders wait for the end of each person's quiet hours.
            ``chaser cycle`` (False) is an operator asking for a round now.
    Returns:
        What was sent, skipped, deferred or failed. Running it again sends nothing new.
    """
    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        chosen = plans(session, plan_name=plan_name)
    if plan_name is not None and not chosen:
        raise ChaserError(f"--plan {plan_name!r}: no plan has that name (see `chaser export` for the names)")
    result = CycleResult()
    for plan in chosen:
        schedule = chaser.settings.schedule_for(plan.name)
        local_day = now.astimezone(ZoneInfo(schedule.timezone)).date()
        label = plan.name if plan_title(plan) == plan.name else f"{plan_title(plan)} ({plan.name})"
        outcome = RoundOutcome(plan=label,
                               round_key=round_key(schedule.cadence, local_day))
        if scheduled and not (is_round_due(schedule, now) and is_working_day(local_day)):
            # Not time for a new round; the current round's reminders and escalation still run.
            result.not_due.append(plan_title(plan))
            chase_plan(chaser=chaser, plan_id=plan.id, outcome=outcome, scheduled=scheduled)
            if outcome.reminders or outcome.escalations:
                result.rounds.append(outcome)
            continue
        round_id = create_requests(chaser=chaser, plan=plan, key=outcome.round_key, outcome=outcome)
        send_pending(chaser=chaser, round_id=round_id, respect_quiet_hours=scheduled, outcome=outcome)
        chase_plan(chaser=chaser, plan_id=plan.id, outcome=outcome, scheduled=scheduled)
        result.rounds.append(outcome)
    return result


def chase_plan(*, chaser: Chaser, plan_id: int | None, outcome: RoundOutcome, scheduled: bool) -> None:
    """Reminders for the plan's current (newest) round, and the escalation of every recent round
    (a weekly round's escalation falls due after the next round has opened)."""
    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        recent = list(session.exec(
            select(Round).where(Round.plan_id == plan_id,
                                col(Round.opened_at) >= now - timedelta(days=chaser.settings.request_token_days))
            .order_by(col(Round.opened_at).desc(), col(Round.id).desc())))
        plan = session.get(Plan, plan_id) if recent else None
    if not recent or plan is None:
        return
    if scheduled and not is_working_day(now.astimezone(ZoneInfo("Europe/London")).date()):
        return
    schedule = chaser.settings.schedule_for(plan.name)
    send_reminders(chaser=chaser, rnd=recent[0], schedule=schedule, respect_quiet_hours=scheduled, outcome=outcome)
    for rnd in reversed(recent):
        send_escalation(chaser=chaser, plan=plan, rnd=rnd, schedule=schedule, outcome=outcome)
