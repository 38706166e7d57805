"""The SQL that narrows and counts actions agrees with the plan's rules (store.rules) on every state.

Questions read only the actions an intent can match (a WHERE clause per intent) and count by state in
SQL (store.tallies, the rules written as SQL). These tests build one action for every combination of
status, due date and revised date around today, on SQLite and PostgreSQL, and check that nothing the
rules match is left out by the SQL, and that the SQL counts equal the rules applied to each action.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from bot.answers.actions import LIST_INTENTS, _due_in
from bot.answers.data import select_actions
from store.models import Action, Plan, Section
from store.rules import assess, is_overdue, is_slipped
from store.tallies import tallies, trend_totals

TODAY = date(2006, 6, 14)
STATUSES = ("complete", "in_progress", "delayed", "blocked", "not_started", "unknown_word")
DAYS = (None, -40, -1, 0, 1, 40)  # relative to today; None: no date


def _fill(engine) -> int:
    with Session(engine) as session:
        plan = Plan(name="grid", title="Every state")
        session.add(plan)
        session.flush()
        section = Section(plan_id=plan.id or 0, number="1", title="All", position=0)
        session.add(section)
        session.flush()
        combos = itertools.product(STATUSES, DAYS, DAYS)
        for n, (status, due, revised) in enumerate(combos):
            session.add(Action(plan_id=plan.id or 0, section_id=section.id if n % 2 else None, ref=f"1.{n}",
                               position=n, status=status, lead_text="SF",
                               due=TODAY + timedelta(days=due) if due is not None else None,
                               expected_by=TODAY + timedelta(days=revised) if revised is not None else None,
                               # (and some completed "in June" read as 30 June, later than today)
                               completed_on={0: TODAY - timedelta(days=3), 1: TODAY + timedelta(days=10)}.get(n % 3),
                               created_at=datetime(2006, 1, 1, tzinfo=UTC),
                               updated_at=datetime(2006, 1, 1, tzinfo=UTC)))
        session.commit()
        assert plan.id is not None
        return plan.id


def test_each_intent_reads_every_action_its_rule_matches(engine):
    plan_id = _fill(engine)
    with Session(engine) as session:
        every = select_actions(session, plan_id=plan_id)
        assert len(every) == len(STATUSES) * len(DAYS) ** 2
        for intent, (rule, narrow, _words) in LIST_INTENTS.items():
            read = {a.id for a in select_actions(session, plan_id=plan_id, where=[narrow(TODAY)])}
            wanted = {a.id for a in every if rule(a, TODAY)}
            assert wanted <= read, intent
            if intent not in ("on_track", "list"):  # these narrow loosely; the rest are exact
                assert wanted == read, intent
        for start, end in ((TODAY, TODAY + timedelta(days=14)), (TODAY - timedelta(days=50), TODAY)):
            rule, clause = _due_in(start, end)
            read = {a.id for a in select_actions(session, plan_id=plan_id, where=[clause])}
            assert read == {a.id for a in every if rule(a, TODAY)}


def test_sql_rules_count_what_the_rules_count(engine):
    plan_id = _fill(engine)
    days = [TODAY - timedelta(days=60), TODAY - timedelta(days=3), TODAY, TODAY + timedelta(days=7)]
    with Session(engine) as session:
        every = select_actions(session, plan_id=plan_id)
        full = {a.id: a for a in session.exec(select(Action).where(Action.plan_id == plan_id))}
        counts = tallies(session, where=[col(Action.plan_id) == plan_id], today=TODAY)
        by_section = tallies(session, where=[col(Action.plan_id) == plan_id], today=TODAY,
                             by=(col(Action.section_id),), trend_days=days)
        trend = trend_totals(by_section, days)
    assert len(counts) < 40  # a few rows, not one per action
    grouped: Counter = Counter()
    for t in counts:
        grouped[t.status, t.rag, t.overdue, t.slipped] += t.count
    assert grouped == Counter((a.status, assess(a, TODAY).rag, is_overdue(a, TODAY), is_slipped(a)) for a in every)
    sections: Counter = Counter()
    for t in by_section:
        sections[t.keys[0], t.rag] += t.count
    assert sections == Counter((a.section_id, assess(a, TODAY).rag) for a in every)

    def completed_by(action: Action, day: date) -> bool:  # a completion dated after today counts from today
        return action.status == "complete" and (action.completed_on is None or action.completed_on <= day
                                                or day >= TODAY)

    assert trend == [(sum(completed_by(a, day) for a in full.values()),
                      sum(a.due is not None and a.due < day and not completed_by(a, day) for a in full.values()))
                     for day in days]
    # today, the trend's last point, says what the headline and the sections' tallies say
    assert trend[2] == (grouped_complete := sum(t.count for t in counts if t.status == "complete"),
                        sum(t.count for t in counts if t.overdue))
    assert grouped_complete > 0
