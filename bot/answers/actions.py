"""Answers that list actions: overdue, due soon, at risk, by status; one action's status; progress.

The meanings of overdue and at risk come from :mod:`store.rules`; the rest are statuses from
the contract's vocabulary. "Due" means: not complete, and the revised date (or, without one, the
due date) falls in the window asked about.

Each intent also has a WHERE clause that narrows the actions read to those that can match (on the
plan's indexes); the rule itself then decides, so the SQL never has to restate RAG.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, true
from sqlmodel import col

from bot.answers.data import ActionRow, Match, last_update_times, latest_update, select_actions
from bot.answers.format import STATUS_WORDS, action_line, day, short
from bot.answers.listing import LIST_LIMIT, cut_note
from bot.answers.model import Answer
from bot.answers.scope import Refusal, Scope
from nlp.questions.parser import Query
from store.models import Action
from store.rules import assess, is_at_risk, is_overdue, rag, rag_label
from store.tallies import tallies
from store.wording import plural

Test = Callable[[Match, date], bool]
Narrow = Callable[[date], ColumnElement[bool]]
DEFAULT_DUE_DAYS = 14  # "what's due?" with no window: the next two weeks



def _is(status: str) -> Narrow:
    return lambda _today: col(Action.status) == status


def _open() -> ColumnElement[bool]:
    return col(Action.status) != "complete"


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(_open(), col(Action.due).is_not(None), col(Action.due) < today)


# intent: (the rule, what the SQL may leave out because the rule can never match it, how a match is described)
LIST_INTENTS: dict[str, tuple[Test, Narrow, str]] = {
    "overdue": (is_overdue, _overdue, "overdue"),
    "at_risk": (is_at_risk, lambda today: or_(col(Action.status).in_(("delayed", "blocked")), _overdue(today)),
                "at risk (delayed, blocked or overdue)"),
    "slipping": (lambda a, _: a.status == "delayed", _is("delayed"), "slipping (delayed)"),
    "blocked": (lambda a, _: a.status == "blocked", _is("blocked"), "blocked"),
    "not_started": (lambda a, _: a.status == "not_started", _is("not_started"), "not started"),
    "complete": (lambda a, _: a.status == "complete", _is("complete"), "complete"),
    # Green and open: never blocked or delayed (red or amber whatever the dates), so those stay in the database.
    "on_track": (lambda a, today: a.status != "complete" and rag(a, today) == "green",
                 lambda _today: col(Action.status).not_in(("complete", "blocked", "delayed")),
                 "on track (Green, not yet complete)"),
    "in_progress": (lambda a, _: a.status == "in_progress", _is("in_progress"), "in progress"),
    "open": (lambda a, _: a.status != "complete", lambda _today: _open(), "not yet complete"),
    "no_due_date": (lambda a, _: a.due is None and a.status != "complete",
                    lambda _today: and_(_open(), col(Action.due).is_(None)), "open with no due date (TBC)"),
    "list": (lambda a, _: True, lambda _today: true(), ""),
}


def _due_in(start: date, end: date) -> tuple[Test, ColumnElement[bool]]:
    def test(action: Match, _today: date) -> bool:
        when = action.expected_by or action.due
        return action.status != "complete" and when is not None and start <= when <= end

    when = func.coalesce(col(Action.expected_by), col(Action.due))
    return test, and_(_open(), when.is_not(None), when >= start, when <= end)


def _any_of(tests: list[Test]) -> Test:
    return lambda action, today: any(test(action, today) for test in tests)


def _lines(scope: Scope, actions: list[ActionRow]) -> list[str]:
    """One line per action, with when it was last updated (one query for them all)."""
    ids = [col(Action.id).in_([a.id for a in actions])]
    updated = last_update_times(scope.session, plan_id=scope.plan_id, where=ids) if actions else {}
    return [action_line(a, updated.get(a.id)) for a in actions]


def listed(scope: Scope, found: list[Match], *, intent: str) -> tuple[list[str], str]:
    """The lines for the first :data:`LIST_LIMIT` of ``found`` (only those are read in full), and the note
    under the list when it was cut (else "")."""
    shown = found[:LIST_LIMIT]
    rows = select_actions(scope.session, plan_id=scope.plan_id,
                          where=[col(Action.id).in_([a.id for a in shown])]) if shown else []
    note = cut_note(scope, total=len(found), intent=intent, rest=found[LIST_LIMIT:]) if len(found) > LIST_LIMIT else ""
    return _lines(scope, rows), note


def list_actions(scope: Scope, query: Query) -> Answer:
    """The actions matching an action-list intent, with a one-line summary."""
    window = query.filters.window
    if query.intent == "due" and window is not None:
        test, narrow = _due_in(window.start, window.end)
        words = f"due {window.label} ({day(window.start)} to {day(window.end)})"
        scope.filters["window"] = {"from": window.start.isoformat(), "to": window.end.isoformat()}
    elif query.intent == "due":
        end = scope.today + timedelta(days=DEFAULT_DUE_DAYS)
        (test, narrow), words = _due_in(scope.today, end), f"due in the next two weeks (to {day(end)})"
        scope.filters["window"] = {"from": scope.today.isoformat(), "to": end.isoformat()}
    else:
        tests = [LIST_INTENTS[name] for name in (query.intent, *query.also)]
        test = _any_of([t for t, _, _ in tests])
        narrow = or_(*(n(scope.today) for _, n, _ in tests))
        words = " or ".join(w for _, _, w in tests)
        if query.also:
            scope.filters["also"] = list(query.also)
    found = [a for a in scope.actions(narrow) if test(a, scope.today)]
    lines, note = listed(scope, found, intent="either" if query.also else query.intent)  # "either": no web list
    where = scope.where()
    noun = plural(len(found), "action")
    if query.intent == "list":
        summary = f"{noun}{where}." if found else f"There are no actions{where}."
    elif found:
        summary = f"{noun} {words}{where}, as of {day(scope.today)}:"
    else:
        summary = f"No actions are {words}{where}, as of {day(scope.today)}."
    return Answer(intent=query.intent, filters=scope.filters, actions=[a.ref for a in found], summary=summary,
                  lines=lines, footer=note, cut_from=len(found) if note else 0)


def action_status(scope: Scope, query: Query) -> Answer:
    """How named actions are going: their line, RAG, and the latest update quoted with its date."""
    named = select_actions(scope.session, plan_id=scope.plan_id,
                           where=[func.lower(Action.ref).in_(list(query.filters.refs))])
    by_ref = {a.ref.lower(): a for a in named}
    yours = ({a.id for a in select_actions(scope.session, plan_id=scope.plan_id,
                                           where=[col(Action.id).in_([a.id for a in named]), scope.access])}
             if scope.access is not None else None)
    lines: list[str] = []
    found: list[ActionRow] = []
    for ref in query.filters.refs:
        action = by_ref.get(ref)
        if action is None:
            section = ref.split(".")[0]
            near = [a.ref for a in _in_section(scope, section)]
            hint = f" Section {section} has: {', '.join(near)}." if near else ""
            raise Refusal(f"There is no action {ref} in plan {scope.view.plan.name}.{hint}")
        if yours is not None and action.id not in yours:
            raise Refusal(f"Sorry, {action.ref} is not one of your actions, so I can't tell you about it. "
                          "The plan coordinator can.")
        found.append(action)
    order = {a.id: index for index, a in enumerate(named)}
    found.sort(key=lambda a: order[a.id])  # refs in plan order, whatever order they were asked in
    for action in found:
        lines.extend(_lines(scope, [action]))
        verdict = assess(action, scope.today)
        lines.append(f"  RAG: {rag_label(verdict.rag)}: {verdict.reason}.")
        latest = latest_update(scope.session, action_id=action.id)
        if latest is not None:
            update, person = latest
            who = f", {person.name}" if person is not None else ""
            lines.append(f"  Latest update ({day(update.at)}{who}, by {update.channel}): \"{short(update.text, 400)}\"")
        else:
            lines.append("  No update received yet.")
    scope.filters["refs"] = [a.ref for a in found]
    first = found[0]
    summary = (f"{first.ref} is {STATUS_WORDS.get(first.status, first.status).lower()}"
               f" ({'overdue' if is_overdue(first, scope.today) else 'not overdue'}), as of {day(scope.today)}:")
    if len(found) > 1:
        summary = f"How {', '.join(a.ref for a in found)} are going, as of {day(scope.today)}:"
    return Answer(intent=query.intent, filters=scope.filters, actions=[a.ref for a in found], summary=summary,
                  lines=lines)


def _in_section(scope: Scope, section: str) -> list[ActionRow]:
    """The plan's actions whose ref is in section ``section`` ("7" for 7.1, 7.2a...), whoever leads them."""
    escaped = section.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    ref = func.lower(Action.ref)
    return select_actions(scope.session, plan_id=scope.plan_id,
                          where=[or_(ref == section, ref.like(escaped + ".%", escape="\\"))])


def progress(scope: Scope, query: Query) -> Answer:
    """A section's (or the plan's, or a lead's) progress: counts by status and RAG, then the actions."""
    actions = scope.actions()
    counted = scope.criteria()
    narrowed = scope.sections or scope.leads or not scope.full_access
    where = scope.where() if narrowed else f" in plan {scope.view.plan.name}"
    header: list[str] = []
    if not scope.full_access and scope.sections:
        if any(s.id not in scope.own_sections for s in scope.sections):
            raise Refusal("Sorry, you can ask about the progress of your own sections only.")
        # A lead may see their section's progress in numbers; the list stays their own actions.
        counted = scope.criteria(people=False)
        where = scope.where(people=False)
        header = ["Your actions in it:"]
    # Counted in SQL by status and RAG (store.tallies): no row per action.
    counts = tallies(scope.session, where=[col(Action.plan_id) == scope.plan_id, *counted], today=scope.today)
    statuses: Counter[str] = Counter()
    rags: Counter[str] = Counter()
    for tally in counts:
        statuses[tally.status] += tally.count
        rags[tally.rag] += tally.count
    overdue = sum(t.count for t in counts if t.overdue)
    total = sum(t.count for t in counts)
    summary = f"Progress{where}, as of {day(scope.today)}: {plural(total, 'action')}"
    summary += ", " + ", ".join(f"{statuses[s]:,} {STATUS_WORDS[s].lower()}" for s in STATUS_WORDS if statuses[s])
    summary += f"; {overdue:,} overdue."
    lines = ["RAG: " + ", ".join(f"{rags[c]:,} {rag_label(c)}" for c in ("red", "amber", "green") if rags[c])]
    shown, note = listed(scope, actions, intent=query.intent)
    lines += header + shown
    return Answer(intent=query.intent, filters=scope.filters, actions=[a.ref for a in actions], summary=summary,
                  lines=lines, footer=note, cut_from=len(actions) if note else 0)
