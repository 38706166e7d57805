"""What changed since a date: the plan's change log and the updates received, newest last."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from bot.answers.data import actions_with_ids
from bot.answers.format import day, short
from bot.answers.model import Answer
from bot.answers.scope import Scope
from nlp.questions.parser import Query
from store.clock import LONDON
from store.models import Action, ChangeLog, Person, Update
from store.wording import plural

DEFAULT_DAYS = 7


def changes(scope: Scope, query: Query) -> Answer:
    """Every change-log entry and update on the scope's actions since the date asked (default a week)."""
    since = query.filters.since or scope.today - timedelta(days=DEFAULT_DAYS)
    start = datetime.combine(since, time(0, 0), tzinfo=LONDON).astimezone(UTC)
    scope.filters["since"] = since.isoformat()
    # The scope (sections, leads, access) is applied in SQL: only the changes asked about are read.
    scoped = [col(Action.plan_id) == scope.plan_id, *scope.criteria()]
    whole_plan = not scope.sections and scope.access is None
    events: list[tuple[datetime, str, int | None]] = []
    about = and_(col(ChangeLog.action_id).is_not(None), *scoped)
    logged = scope.session.exec(
        select(ChangeLog, Action.ref)
        .join(Action, col(Action.id) == col(ChangeLog.action_id), isouter=True)
        .where(ChangeLog.plan_id == scope.plan_id, col(ChangeLog.at) >= start,
               or_(about, col(ChangeLog.action_id).is_(None)) if whole_plan else about)
    )
    for entry, action_ref in logged:
        ref = action_ref if entry.action_id is not None else "plan"
        what = entry.description or f"{entry.field}: {entry.old_value or '(none)'} -> {entry.new_value or '(none)'}"
        source = f" ({entry.source})" if entry.source else ""
        events.append((entry.at, f"- {day(entry.at)} {ref}: {short(what, 160)}{source}", entry.action_id))
    columns: tuple[Any, ...] = (Update.action_id, Action.ref, Update.at, Update.channel, Update.status, Update.text,
                                Person.name)
    updates = scope.session.connection().execute(
        sa_select(*columns)
        .join(Action, col(Action.id) == col(Update.action_id))
        .join(Person, col(Person.id) == col(Update.person_id), isouter=True)
        .where(*scoped, col(Update.at) >= start, col(Update.undone).is_(False))
    ).all()
    for action_id, ref, at, channel, status, text, name in updates:
        who = f" from {name}" if name else ""
        read = f" [{status}]" if status else ""
        events.append((at, f"- {day(at)} {ref}: update{who} by {channel}{read}: \"{short(text, 160)}\"", action_id))
    events.sort(key=lambda event: event[0])
    changed = {action_id for _, _, action_id in events if action_id is not None}
    refs = [a.ref for a in actions_with_ids(scope.session, plan_id=scope.plan_id, ids=changed)]
    summary = (f"{plural(len(events), 'change')} to {plural(len(refs), 'action')}{scope.where()} since {day(since)}:"
               if events else f"Nothing has changed{scope.where()} since {day(since)}.")
    return Answer(intent=query.intent, filters=scope.filters, actions=refs, summary=summary,
                  lines=[line for _, line, _ in events])
