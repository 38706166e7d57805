"""Answers about performance indicators: "How is CH141 doing?", "which indicators are off target?",
"what's the latest on repeat referrals?", "show the indicators for overall-2006".

Deny by default, as for actions (bot/answers/scope.py): the command line, coordinators and directors
see every indicator; anyone else only the indicators they own. An indicator someone may not see
is answered exactly like one that does not exist. RAG, trajectory and direction come from
store.indicator_wording (the rules in store/indicator_rules), as in the reports and the web app.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from bot.answers.data import PersonRow, load_plans
from bot.answers.indicator_match import QUIET, Titled, match_code, match_title
from bot.answers.model import Answer
from bot.answers.resolve import match_plans, match_sections
from bot.answers.scope import has_full_access
from nlp.questions.indicators import INDICATOR_INTENTS
from nlp.questions.parser import Query, Term
from store.errors import ChaserError
from store.indicator_wording import IndicatorView, measured, plan_indicator_views, travel
from store.models import Indicator, Plan, Section
from store.wording import plural

# Action intents a question naming an indicator by its title words is read as ("how is ... doing",
# "what's the latest on ..."): only these are tried against the titles.
TITLE_INTENTS = frozenset({"progress", "list", "unknown", "changes"})


def answer_indicators(session: Session, query: Query, *, plan_name: str | None,
                      asker: PersonRow | None) -> Answer | None:
    """The answer when ``query`` is about indicators; None when it is not (the action answers take it)."""
    asked = query.intent in INDICATOR_INTENTS
    if not asked and (query.intent not in TITLE_INTENTS or not query.filters.terms):
        return None
    full = has_full_access(asker)
    plans = load_plans(session)
    try:
        plans, terms = _plans(plans, query, plan_name)
    except LookupError as missing:
        return Answer(intent=query.intent, summary=str(missing)) if asked else None
    rows = _visible(session, plans=plans, asker=asker, full=full)
    words = [w for t in terms for w in t.words if w not in QUIET]
    if not asked:  # title words alone: an indicator's, not a section's, or the action answers take it
        named = [t for t in terms if match_title(t.words, rows)]
        if not named or _names_a_section(session, plans, named):
            return None
        return _status(session, query, plans, rows, named, full=full)
    if query.intent == "indicator_status" or (words and any(match_title(t.words, rows) for t in terms)):
        return _status(session, query, plans, rows, terms, full=full)
    views = _views(session, plans, {r.id for r in rows})
    scope = _where(plans, full)
    if query.intent == "indicators_off_track":
        return _off_track(views, scope, _filters(plans, views))
    return _listing(views, scope, _filters(plans, views), full=full)


def _plans(plans: list[Plan], query: Query, plan_name: str | None) -> tuple[list[Plan], list[Term]]:
    """The plans asked about (all, or the one named), and the question's terms that did not name a plan."""
    terms = list(query.filters.terms)
    if plan_name is not None:
        chosen = [p for p in plans if p.name.lower() == plan_name.strip().lower()]
        if not chosen:
            raise ChaserError(f"--plan {plan_name!r}: no such plan; the plans are: {', '.join(p.name for p in plans)}")
        return chosen, terms
    for term in terms:
        quiet = [w for w in term.words if w not in QUIET]
        if not quiet:
            continue
        named = match_plans(Term(text=" ".join(quiet), words=tuple(quiet), hint=term.hint), plans)
        if len(named) == 1:
            return named, [t for t in terms if t is not term]
    if not plans:
        raise LookupError("No plan has been imported yet: import one with `chaser import PATH`.")
    return plans, terms


def _visible(session: Session, *, plans: list[Plan], asker: PersonRow | None, full: bool) -> list[Titled]:
    """The indicators of ``plans`` the asker may see: all of them, or only those they own."""
    statement = select(Indicator.id, Indicator.code, Indicator.title).where(
        col(Indicator.plan_id).in_([p.id for p in plans]))
    if not full:
        statement = statement.where(Indicator.owner_id == (asker.id if asker else -1))
    return [Titled(id=i or 0, code=code, title=title) for i, code, title in session.exec(statement)]


def _names_a_section(session: Session, plans: list[Plan], terms: list[Term]) -> bool:
    sections = list(session.exec(select(Section).where(col(Section.plan_id).in_([p.id for p in plans]))))
    return any(match_sections(term, sections) for term in terms)


def _views(session: Session, plans: Sequence[Plan], ids: set[int]) -> list[IndicatorView]:
    """The visible indicators in words, plan by plan, in the plans' order."""
    return [v for p in plans for v in plan_indicator_views(session, plan_id=p.id or 0, only=ids)]


def _where(plans: Sequence[Plan], full: bool) -> str:
    where = f" in plan {plans[0].name}" if len(plans) == 1 else ""
    return where + ("" if full else " that you own")


def _filters(plans: Sequence[Plan], views: Sequence[IndicatorView]) -> dict[str, object]:
    out: dict[str, object] = {"plan": ", ".join(p.name for p in plans)}
    if views:
        out["indicators"] = [v.code or v.key for v in views]
    return out


def line(view: IndicatorView) -> str:
    """One indicator on one line: name, RAG in words, the figures and the direction of travel."""
    owner = f" (owner: {view.owner})" if view.owner else ""
    return f"- {view.name}{owner}: {view.rag_text}. {measured(view)} {travel(view)}"


def _status(session: Session, query: Query, plans: list[Plan], rows: list[Titled], terms: Sequence[Term], *,
            full: bool) -> Answer:
    """How one or more indicators, named by code or title words, are doing."""
    intent = "indicator_status"
    chosen: dict[int, Titled] = {}
    missing = []
    for code in query.filters.codes:
        found = match_code(code, rows)
        chosen.update({r.id: r for r in found})
        if not found:
            missing.append(code)
    for term in terms:
        chosen.update({r.id: r for r in match_title(term.words, rows)})
    views = _views(session, plans, set(chosen))
    filters = _filters(plans, views)
    if not views:
        named = " or ".join(missing) or " ".join(t.text for t in terms) or "that"
        known = ", ".join(r.code or r.title for r in rows)
        summary = f"I can't find an indicator {named}{_where(plans, full)}."
        if rows:
            summary += f" The indicators you can ask about are: {known}."
        elif not full:
            summary += " You own no indicators; the plan coordinator can tell you about the others."
        return Answer(intent=intent, filters=filters, summary=summary)
    lines = [line(v) for v in views]
    if len(views) == 1:
        view = views[0]
        lines = [measured(view), travel(view)] + ([f"Latest words: {view.words}"] if view.words else [])
        summary = f"{view.name}: {view.rag_text}."
    else:
        summary = f"{plural(len(views), 'indicator')} match:"
    if missing:
        lines.append(f"(No indicator {' or '.join(missing)} among those you can ask about.)")
    return Answer(intent=intent, filters=filters, summary=summary, lines=lines)


def _off_track(views: list[IndicatorView], where: str, filters: dict[str, object]) -> Answer:
    """The indicators off track (Red), then those short of their trajectory (Amber)."""
    red = [v for v in views if v.rag == "red"]
    amber = [v for v in views if v.rag == "amber"]
    filters = {**filters, "indicators": [v.code or v.key for v in red + amber]}
    if not views:
        return Answer(intent="indicators_off_track", filters=filters, summary=f"There are no indicators{where}.")
    if not red and not amber:
        return Answer(intent="indicators_off_track", filters=filters,
                      summary=f"No indicator is off track{where}: " + (
                          "it is on track or not yet judged." if len(views) == 1 else
                          f"all {len(views)} are on track or not yet judged."))
    summary = (f"{plural(len(red), 'indicator')} off track (Red){where}"
               + (f", and {len(amber)} short of {'its' if len(amber) == 1 else 'their'} trajectory (Amber)"
                  if amber else "") + ":")
    return Answer(intent="indicators_off_track", filters=filters, summary=summary,
                  lines=[line(v) for v in red + amber])


def _listing(views: list[IndicatorView], where: str, filters: dict[str, object], *, full: bool) -> Answer:
    """Every visible indicator with its RAG in words."""
    if not views:
        summary = (f"There are no indicators{where}." if full else
                   "You own no indicators, so there are none to show; the plan coordinator can tell you more.")
        return Answer(intent="indicators", filters=filters, summary=summary)
    counts = ", ".join(f"{sum(1 for v in views if v.rag == c)} {c.capitalize()}" for c in ("red", "amber", "green"))
    unjudged = sum(1 for v in views if v.rag is None)
    summary = f"{plural(len(views), 'indicator')}{where}: {counts}" + (f", {unjudged} not yet judged" if unjudged
                                                                        else "") + "."
    return Answer(intent="indicators", filters=filters, summary=summary, lines=[line(v) for v in views])
