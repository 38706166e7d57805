"""Deciding what a message is (progress, no change, UNDO, an answer to our question, a question)
and carrying it out against the store."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from bot.inbound.extractor import refs_in
from bot.inbound.replies import (
    Applied,
    Reading,
    apply_reading,
    confirmation,
    infer_status,
    reading_for,
    words_about,
)
from bot.inbound.trust.plausible import completion_problem
from bot.inbound.undo import undo_last
from bot.lookup import open_actions_of
from nlp.extraction import ASK_BELOW, Extraction
from store.access import sees_everything
from store.models import Action, ActionPerson, Clarification, Person, Plan, Request

CLARIFICATION_DAYS = timedelta(days=7)
QUESTION_START = re.compile(
    r"^\s*(what|who|whom|which|how|why|anything|show|list|tell me|give me|summari[sz]e)\b", re.IGNORECASE)
NO_CHANGE = re.compile(
    r"^\s*(no change|no changes|nothing (new|to report)|no update|no progress|unchanged|as before|skip)\b"
    r"[\w\s,]{0,40}[.!]*\s*$", re.IGNORECASE)
UNDO = re.compile(r"^\s*undo\s*[.!]*\s*$", re.IGNORECASE)
# "Thanks!" in answer to a confirmation: nothing to record, and nothing to ask about.
ACK = re.compile(r"^\s*(thanks|thank you|many thanks|ta|ok|okay|great|cheers|noted|will do|lovely|perfect)"
                 r"\b[^\d?]{0,25}$", re.IGNORECASE)
ALL_WORDS = re.compile(r"\b(all|both|each|every one|all of them)\b", re.IGNORECASE)
COMPLETE_WORDS = re.compile(r"\b(finished|complete[d]?|done|yes)\b", re.IGNORECASE)
PROGRESS_WORDS = re.compile(r"\b(in progress|still|ongoing|not yet|no|continuing)\b", re.IGNORECASE)


def is_question(text: str) -> bool:
    """Does the text read as a question rather than as progress?"""
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(stripped))


def classify(*, text: str, person: Person, pending: Clarification | None, has_request: bool) -> str:
    """``undo``, ``ack``, ``clarification``, ``no_change``, ``question`` or ``progress``."""
    if UNDO.match(text):
        return "undo"
    if ACK.match(text):
        return "ack"
    if pending is not None:
        return "clarification"
    if NO_CHANGE.match(text):
        return "no_change"
    if is_question(text):
        return "question"
    if not has_request and sees_everything(person.roles) and not refs_in(text):
        return "question"  # a coordinator or director writing out of the blue is asking, unless naming refs
    return "progress"


def pending_clarification(session: Session, *, person_id: int, now: datetime) -> Clarification | None:
    """The person's newest unanswered question from Chaser, if asked within the last week (an older
    one is stale: a reply now is a new message, not an answer to it)."""
    return session.exec(select(Clarification).where(Clarification.person_id == person_id,
                                                    col(Clarification.resolved_at).is_(None),
                                                    Clarification.kind != "confirm_sender",
                                                    col(Clarification.created_at) >= now - CLARIFICATION_DAYS)
                        .order_by(col(Clarification.id).desc())).first()


@dataclass
class Work:
    """One stored message, with everything read from it before the write transaction."""

    inbound_id: int
    person: Person
    channel: str
    text: str
    written_at: datetime
    now: datetime
    request: Request | None
    extraction: Extraction | None = None
    earlier: Extraction | None = None  # the clarified message's extraction
    answer: str | None = None
    notes: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)  # a chat message's quick answers, conversation, thread
    recorded: list[Action] = field(default_factory=list)  # actions a quick answer recorded (to redraw the request)
    figures: Any = None  # bot.inbound.figures.FigureWork: the indicator figures the reply gives, read beforehand

    def replace_text(self, text: str, written_at: datetime) -> Work:
        """The same work, for an earlier message's words (a clarified reply)."""
        return replace(self, text=text, written_at=written_at, notes=self.notes)


def own_actions(session: Session, *, work: Work) -> tuple[list[Action], list[Action]]:
    """(every action the person leads, the open ones this reply is about by default)."""
    assert work.person.id is not None
    every = list(session.exec(select(Action).join(ActionPerson, col(ActionPerson.action_id) == Action.id)
                              .where(ActionPerson.person_id == work.person.id, ActionPerson.role == "lead")
                              .order_by(col(Action.plan_id), col(Action.position), col(Action.id))))
    if work.request is not None:
        asked = [a for a in every if a.id in work.request.action_ids and a.status != "complete"]
        return every, asked or open_actions_of(session, person_id=work.person.id, plan_id=work.request.plan_id)
    return every, [a for a in every if a.status != "complete"]


def named(refs: list[str], every: list[Action], request: Request | None) -> tuple[list[Action], list[str]]:
    """The person's actions the refs name (the request's plan first when a ref is in two plans),
    and the refs that are not theirs."""
    found, foreign = [], []
    for ref in refs:
        matches = [a for a in every if a.ref.lower() == ref]
        if len(matches) > 1 and request is not None:
            matches = [a for a in matches if a.plan_id == request.plan_id] or matches[:1]
        if matches:
            if matches[0] not in found:  # named twice: still one action, one update
                found.append(matches[0])
        elif ref not in foreign:
            foreign.append(ref)
    return found, foreign


def _refs(extraction: Extraction | None, text: str) -> list[str]:
    refs = [a.ref.lower() for a in extraction.actions] if extraction else []
    return refs or refs_in(text)


def handle_progress(session: Session, *, work: Work, text: str, extraction: Extraction,
                    inbound_id: int, actions: list[Action] | None = None) -> list[str]:
    """Apply a progress reply, or ask which actions it is about."""
    every, default = own_actions(session, work=work)
    person_id = work.person.id
    assert person_id is not None
    if actions is None:
        refs = _refs(extraction, text)
        plans_per_ref = Counter(a.ref.lower() for a in every)
        twice = [a for a in every if work.request is None and a.status != "complete"
                 and plans_per_ref[a.ref.lower()] > 1 and a.ref.lower() in refs]
        if twice:  # the same ref in two of their plans, and nothing says which: ask, never guess
            return [_ask_which(session, work=work, text=text, inbound_id=inbound_id, candidates=twice)]
        actions, foreign = named(refs, every, work.request)
        if foreign:  # mention only refs some plan really has (a date like 31.07 is not a ref)
            known = {r.lower() for r in session.exec(select(Action.ref).where(func.lower(Action.ref).in_(foreign)))}
            work.notes += [f"{r} is not one of your actions, so I left it alone." for r in foreign if r in known]
        if not actions and len(default) == 1:
            actions = default
        elif not actions and not default:
            return ["Thanks — you have no open actions to update, so nothing was recorded."]
        elif not actions:
            return [_ask_which(session, work=work, text=text, inbound_id=inbound_id, candidates=default)]
    applied = [apply_reading(session, action=a, reading=_plausible(
                                 session, work, a, reading_for(a, extraction, single=len(actions) == 1)),
                             person=work.person, text=words_about(a, extraction, text, several=len(actions) > 1),
                             extraction=extraction, channel=work.channel, written_at=work.written_at,
                             inbound_id=work.inbound_id, now=work.now)
               for a in actions]
    unsure = [x for x in applied if x.unsure]
    if unsure:
        session.add(Clarification(person_id=person_id, request_id=work.request.id if work.request else None,
                                  inbound_id=inbound_id, kind="status", created_at=work.now,
                                  payload={"action_ids": [x.action.id for x in unsure]}))
    mark_replied(session, work=work, plan_ids={a.plan_id for a in actions})
    return [confirmation(applied, notes=work.notes)]


def _plausible(session: Session, work: Work, action: Action, reading: Reading) -> Reading:
    """The reading, without a completion it cannot mean (before the plan began, or in the future)."""
    if infer_status(action, reading) != "complete":
        return reading
    when = reading.completed_on or work.written_at.date()
    problem = completion_problem(session, action=action, completed_on=when, now=max(work.now, work.written_at))
    if problem is None:
        return reading
    work.notes.append(f"I did not record {action.ref} as complete: {problem}. Please send the date it was completed.")
    return Reading(expected_by=reading.expected_by)


def _ask_which(session: Session, *, work: Work, text: str, inbound_id: int, candidates: list[Action]) -> str:
    """Ask which of ``candidates`` the reply is about, and keep the reply to apply once answered."""
    assert work.person.id is not None
    session.add(Clarification(person_id=work.person.id, request_id=work.request.id if work.request else None,
                              inbound_id=inbound_id, kind="which_actions", created_at=work.now,
                              payload={"action_ids": [a.id for a in candidates], "text": text,
                                       "written_at": work.written_at.isoformat()}))
    mark_replied(session, work=work, plan_ids={a.plan_id for a in candidates})  # they did answer
    plans = {a.plan_id for a in candidates}
    if len(plans) > 1:
        names = {p.id: p.name for p in session.exec(select(Plan).where(col(Plan.id).in_(plans)))}
        listing = "; ".join(f"{a.ref} in {names.get(a.plan_id, '?')} ({_short(a.title)})" for a in candidates)
        return (f"Thanks. You have actions in more than one plan. Which is this about: {listing}? "
                "Reply with the plan's name and the ref(s).")
    listing = "; ".join(f"{a.ref} ({_short(a.title)})" for a in candidates)
    return f"Thanks. Which action is this about: {listing}? Reply with the ref(s), or ALL."


def handle_no_change(session: Session, *, work: Work) -> list[str]:
    """Record "no change" on the actions asked about (or named)."""
    every, default = own_actions(session, work=work)
    actions, _ = named(refs_in(work.text), every, work.request)
    actions = actions or default
    if not actions:
        return ["Thanks — you have no open actions, so nothing was recorded."]
    for a in actions:
        apply_reading(session, action=a, reading=Reading(), person=work.person, text=work.text,
                      extraction=Extraction(text=work.text, no_change=True), channel=work.channel,
                      written_at=work.written_at, inbound_id=work.inbound_id, now=work.now, kind="no_change")
    mark_replied(session, work=work, plan_ids={a.plan_id for a in actions})
    refs = ", ".join(a.ref for a in actions)
    return [f"Thanks — recorded no change on {refs}. Reply UNDO to reverse, or send a correction."]


def _says_something(extraction: Extraction | None) -> bool:
    """Does the message carry progress of its own (a status or date), beyond naming refs?"""
    if extraction is None:
        return False
    # A status the reader only guesses (below its confidence to record) is not news of its own:
    # "jar-copy 7.4", answering our question, names an action and says nothing about it.
    sure = extraction.confidence >= ASK_BELOW
    fields = [extraction.status if sure else None, extraction.expected_by, extraction.completed_on]
    fields += [x for a in extraction.actions for x in (a.status if sure else None, a.expected_by, a.completed_on)]
    return any(fields)


def handle_clarification(session: Session, *, work: Work, pending: Clarification) -> list[str] | None:
    """Resolve our open question with this answer; None when the message does not answer it
    (it is then taken as a new message)."""
    ids = list(pending.payload.get("action_ids", []))
    candidates = list(session.exec(select(Action).where(col(Action.id).in_(ids))))
    candidates = _in_plan_named(session, candidates, work.text)
    refs = _refs(work.extraction, work.text)
    chosen, _ = named(refs, candidates, work.request)
    if refs and not chosen:
        return None  # about other actions: a new message, not our answer
    if pending.kind == "which_actions":
        if _says_something(work.extraction):
            return None  # "7.4 is complete": fresh progress, read as such
        if not chosen and ALL_WORDS.search(work.text):
            chosen = candidates
        if not chosen or work.earlier is None:
            return None
        pending.resolved_at = work.now
        original = work.replace_text(pending.payload.get("text", ""),
                                     datetime.fromisoformat(pending.payload["written_at"]))
        return handle_progress(session, work=original, text=original.text, extraction=work.earlier,
                               inbound_id=work.inbound_id, actions=chosen)
    status = work.extraction.status if work.extraction else None
    if status is None and COMPLETE_WORDS.search(work.text):
        status = "complete"
    elif status is None and PROGRESS_WORDS.search(work.text):
        status = "in_progress"
    targets = chosen or candidates
    if status is None or not targets:
        return None
    pending.resolved_at = work.now
    extraction = work.extraction or Extraction(text=work.text)
    applied: list[Applied] = [
        apply_reading(session, action=a, reading=reading_for(a, extraction, single=True) if chosen else
                      Reading(status=status), person=work.person, text=work.text, extraction=extraction,
                      channel=work.channel, written_at=work.written_at, inbound_id=work.inbound_id, now=work.now,
                      kind="correction")
        for a in targets]
    mark_replied(session, work=work, plan_ids={a.plan_id for a in targets})
    return [confirmation(applied, notes=[])]


def _in_plan_named(session: Session, candidates: list[Action], text: str) -> list[Action]:
    """Of actions in several plans, those of the plan the answer names (all of them if it names none)."""
    plan_ids = {a.plan_id for a in candidates}
    if len(plan_ids) < 2:
        return candidates
    words = set(re.findall(r"[\w-]+", text.lower()))
    named_plans = {p.id for p in session.exec(select(Plan).where(col(Plan.id).in_(plan_ids)))
                   if p.name.lower() in words}
    return [a for a in candidates if a.plan_id in named_plans] or candidates


def handle_undo(session: Session, *, work: Work) -> list[str]:
    """Reverse the person's last applied reply."""
    for clar in session.exec(select(Clarification).where(Clarification.person_id == work.person.id,
                                                         col(Clarification.resolved_at).is_(None))):
        clar.resolved_at = work.now  # an UNDO also withdraws any question we were waiting on
    return [undo_last(session, person=work.person, now=work.now)]


def mark_replied(session: Session, *, work: Work, plan_ids: set[int]) -> None:
    """Mark answered the request the reply came on, and every other request still waiting for this
    person in the plans it touched (an answer to last week's request answers this week's too)."""
    waiting = list(session.exec(select(Request).where(
        Request.person_id == work.person.id, col(Request.plan_id).in_(plan_ids), col(Request.replied_at).is_(None))))
    if work.request is not None:
        waiting.append(work.request)
    for request in waiting:
        row = session.get(Request, request.id)
        if row is not None and row.replied_at is None:
            row.replied_at = work.written_at


def _short(title: str, limit: int = 60) -> str:
    words = " ".join(title.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
