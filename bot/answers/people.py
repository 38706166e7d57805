"""Answers about people: who the asker is, who hasn't replied to the current round, who is most overdue."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from bot.answers.actions import LIST_INTENTS
from bot.answers.data import PersonRow, actions_with_ids, lead_parts, load_people
from bot.answers.format import day
from bot.answers.listing import LIST_LIMIT, cut_note, refs_text
from bot.answers.model import Answer
from bot.answers.resolve import leads_of
from bot.answers.scope import Refusal, Scope
from nlp.questions.parser import Query
from store.models import Action, ActionPerson, Person, Request, Round
from store.repository import find_person
from store.wording import plural


def find_asker(session: Session, *, who: str) -> PersonRow | None:
    """The person called ``who`` by name, alias, role title or email (any case), if Chaser knows them."""
    person = find_person(session, query=who)
    if person is None or person.id is None:
        return None
    return PersonRow(id=person.id, name=person.name, aliases=list(person.aliases), role_title=person.role_title,
                     email=person.email, roles=list(person.roles))


def _coordinators_only(scope: Scope) -> None:
    if not scope.full_access:
        raise Refusal("Sorry, only the plan coordinator and directors can ask about other people. "
                      "You can ask about your own actions, e.g. \"what's overdue for me?\"")


def replies(scope: Scope, query: Query) -> Answer:
    """Who hasn't replied (or who has) to the plan's current round: its newest by opening time."""
    _coordinators_only(scope)
    plan = scope.view.plan
    current = scope.session.exec(
        select(Round).where(Round.plan_id == plan.id).order_by(col(Round.opened_at).desc(), col(Round.id).desc())
    ).first()
    if current is None:
        return Answer(intent=query.intent, filters=scope.filters,
                      summary=f"No update requests have been sent for plan {plan.name} yet.")
    scope.filters["round"] = current.key
    waiting = query.intent == "not_replied"
    rows = scope.session.exec(
        select(Request, Person)
        .join(Person, col(Person.id) == col(Request.person_id))
        .where(Request.round_id == current.id)
        .order_by(col(Person.name))
    ).all()
    chosen = [(r, p) for r, p in rows if (r.replied_at is None) == waiting]
    if scope.leads:
        chosen = [(r, p) for r, p in chosen if p.id in {lead.person_id for lead in scope.leads}]
    section_ids = {s.id for s in scope.sections}
    asked = {i for request, _ in chosen for i in request.action_ids}
    in_plan = actions_with_ids(scope.session, plan_id=scope.plan_id, ids=asked)  # only those the requests name
    refs_by_id = {a.id: (a.ref, a.section_id) for a in in_plan}
    lines, action_ids = [], set()
    for request, person in chosen:
        mine = [i for i in request.action_ids
                if i in refs_by_id and (not section_ids or refs_by_id[i][1] in section_ids)]
        if section_ids and not mine:
            continue
        action_ids |= set(mine)
        refs = refs_text([refs_by_id[i][0] for i in mine]) or "no actions listed"
        if waiting:
            sent = (f"asked {day(request.sent_at)} by {request.channel}" if request.sent_at
                    else f"not sent ({request.state})")
            reminded = f", reminded {day(request.reminded_at)}" if request.reminded_at else ""
            lines.append(f"- {person.name}: {refs} ({sent}{reminded})")
        else:
            lines.append(f"- {person.name}: {refs} (replied {day(request.replied_at)})")
    opened = f"round {current.key}, opened {day(current.opened_at)}"
    verb = "haven't replied" if waiting else "have replied"
    who = plural(len(lines), "person", "people")
    summary = f"{who} {verb} to {opened}{scope.where()}:" if lines else (
        f"Everyone has replied to {opened}{scope.where()}." if waiting else f"Nobody has replied to {opened} yet.")
    refs_in_order = [a.ref for a in in_plan if a.id in action_ids]
    note = cut_note(scope, total=len(lines), intent=query.intent, noun="people") if len(lines) > LIST_LIMIT else ""
    return Answer(intent=query.intent, filters=scope.filters, actions=refs_in_order, summary=summary,
                  lines=lines[:LIST_LIMIT], footer=note, cut_from=len(lines) if note else 0)


def most_overdue(scope: Scope, query: Query) -> Answer:
    """Who leads the most overdue actions, ranked; the refs are the top person's."""
    _coordinators_only(scope)
    rule, narrow, _ = LIST_INTENTS["overdue"]
    overdue = [a for a in scope.actions(narrow(scope.today)) if rule(a, scope.today)]
    if not overdue:
        return Answer(intent=query.intent, filters=scope.filters,
                      summary=f"Nothing is overdue{scope.where()} as of {day(scope.today)}.")
    leads = leads_of(load_people(scope.session), scope.view.lead_names)
    # Who each overdue action is linked to, and the names in its lead cell: only the overdue actions are read.
    linked: dict[int, set[int]] = defaultdict(set)
    overdue_ids = {a.id for a in overdue}
    for person_id, action_id in scope.session.exec(
        select(ActionPerson.person_id, ActionPerson.action_id)
        .join(Action, col(Action.id) == col(ActionPerson.action_id))
        .where(Action.plan_id == scope.plan_id, *scope.criteria(), narrow(scope.today))
    ):
        if action_id in overdue_ids:
            linked[person_id].add(action_id)
    named: dict[str, set[int]] = defaultdict(set)
    for action in overdue:
        for part in lead_parts(action.lead_text):
            named[part.lower()].add(action.id)
    order = {a.id: index for index, a in enumerate(overdue)}
    tally: dict[str, list[str]] = defaultdict(list)
    for lead in leads:
        ids = set(linked.get(lead.person_id, ())) if lead.person_id is not None else set()
        ids = ids.union(*(named.get(name, set()) for name in lead.names))
        if ids:
            tally[lead.label] = [overdue[i].ref for i in sorted(order[a] for a in ids)]
    ranked = sorted(tally.items(), key=lambda item: (-len(item[1]), item[0].lower()))
    top = len(ranked[0][1])
    leaders = [name for name, refs in ranked if len(refs) == top]
    lines = [f"- {name}: {len(refs)} overdue ({refs_text(refs)})" for name, refs in ranked[:LIST_LIMIT]]
    note = (cut_note(scope, total=len(ranked), intent=query.intent, noun="people")
            if len(ranked) > LIST_LIMIT else "")
    summary = (f"{' and '.join(leaders)} {'has' if len(leaders) == 1 else 'have'} the most overdue actions"
               f"{scope.where()} ({top} each), as of {day(scope.today)}:")
    if len(leaders) == 1:
        summary = summary.replace(f"({top} each)", f"({top})")
    top_refs = {ref for name in leaders for ref in tally[name]}
    return Answer(intent=query.intent, filters=scope.filters, actions=[a.ref for a in overdue if a.ref in top_refs],
                  summary=summary, lines=lines, footer=note, cut_from=len(ranked) if note else 0)
