"""Answer a coordinator's question in plain English: "what's overdue in section 7?".

``answer_question`` reads the question (:func:`nlp.questions.parser.parse_question`), works out
who is asking and what they may see, resolves the plan, section and lead against the store, and
hands over to the answer for the intent. Nothing a person types is an error: a question Chaser
cannot read gets a list of what it can answer, with two examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from sqlmodel import Session

from bot.answers.actions import LIST_INTENTS, action_status, list_actions, progress
from bot.answers.changes import changes
from bot.answers.data import PersonRow
from bot.answers.indicators import answer_indicators
from bot.answers.model import Answer, help_answer
from bot.answers.more import more, shorten
from bot.answers.people import find_asker, most_overdue, replies
from bot.answers.scope import Refusal, Scope, build_scope
from nlp.questions import Query, parse_question
from store.clock import today as clock_today

__all__ = ["Answer", "answer_question"]

Handler = Callable[[Scope, Query], Answer]
HANDLERS: dict[str, Handler] = {
    **{intent: list_actions for intent in LIST_INTENTS},
    "due": list_actions,
    "action_status": action_status,
    "progress": progress,
    "not_replied": replies,
    "replied": replies,
    "most_overdue": most_overdue,
    "changes": changes,
}


def answer_question(
    *, chaser: Any, question: str, plan_name: str | None = None, asker: str | None = None, brief: bool = False
) -> Answer:
    """Answer ``question`` from the store, as of ``chaser.clock`` (Europe/London).

    Args:
        chaser: the composition root (needs ``engine`` and ``clock``).
        question: the question as typed.
        plan_name: the plan to answer about; needed only when there are several and the question
            does not say.
        asker: name, alias or email of the person asking; None is the command line (the coordinator).
        brief: for chat: show the first few lines and keep the rest for "more".

    Returns:
        The answer; refusals and "I didn't understand" are answers too.
    """
    today = clock_today(chaser.clock)
    now = chaser.clock.now()
    query = parse_question(question, today=today)
    settings = getattr(chaser, "settings", None)  # a stand-in without settings (tests) gets no web links
    link_base = settings.link_base() if settings is not None else None
    with Session(chaser.engine, expire_on_commit=False) as session:
        person = find_asker(session, who=asker) if asker is not None else None
        if asker is not None and person is None:
            return Answer(intent=query.intent, summary="Sorry, I don't know who you are, so I can't answer questions "
                          "about the plan. Ask the plan coordinator to add you to Chaser.")
        if query.intent == "more":
            answer = more(session, person=person, now=now)
        else:
            answer = _answer(session, query, plan_name=plan_name, person=person, today=today, link_base=link_base)
            if brief and person is not None:
                answer = shorten(session, answer=answer, person=person, now=now)
        session.commit()
    return answer


def _answer(session: Session, query: Query, *, plan_name: str | None, person: PersonRow | None, today: date,
            link_base: str | None) -> Answer:
    """The answer to a parsed question (not \"more\"): scope it, then hand over by intent."""
    if query.intent == "help":
        return help_answer("help", lead_in="Ask me about the plan in your own words.")
    indicators = answer_indicators(session, query, plan_name=plan_name, asker=person)
    if indicators is not None:
        return indicators
    try:
        scope = build_scope(session=session, query=query, plan_name=plan_name, asker=person, today=today,
                            link_base=link_base)
    except Refusal as refusal:
        return Answer(intent=query.intent, filters=query.filters.to_json(), summary=str(refusal))
    if query.intent in ("unknown", "list") and not _narrowed(scope) and (scope.ignored or query.intent == "unknown"):
        return help_answer()
    if query.intent == "unknown":  # only a person or a section named: list their actions
        query = Query(intent="list", filters=query.filters, text=query.text)
    try:
        answer = HANDLERS[query.intent](scope, query)
    except Refusal as refusal:
        return Answer(intent=query.intent, filters=scope.filters, summary=str(refusal))
    if scope.ignored:
        words = ", ".join(f'"{w}"' for w in scope.ignored)
        note = f"(I didn't recognise {words} as a person, section or plan, so I left it out.)"
        answer = replace(answer, footer=" ".join(filter(None, [answer.footer, note])))
    return answer


def _narrowed(scope: Scope) -> bool:
    return bool(scope.sections) or bool(scope.leads)
