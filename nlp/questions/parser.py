"""Read a coordinator's question into a :class:`Query`: what is asked for, and the filters.

Pure: no database. The parser finds the intent (overdue, due in a window, blocked, the status of
one action, who hasn't replied, what changed...), section numbers, action refs, time windows and
"my actions"; the other words that may name a person, a section by its title or a plan are handed
on as :class:`Term`\\ s for the answerer to match against the plan's own people and titles.

>>> parse_question("whats overdue in sec 4", today=date(2006, 6, 14)).intent
'overdue'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nlp.questions.indicators import indicator_codes, indicator_intent
from nlp.questions.intents import FILLER, INTENT_PATTERNS, JOINERS, LEAD_MARKERS, MINE, PLACE_MARKERS
from nlp.questions.vocab import Token, normalise, tokens
from nlp.questions.windows import Window, find_window

MAX_QUESTION_CHARS = 1000  # a question is a sentence or two; beyond this is a signature or quoted mail
_REF = re.compile(r"^\d+[a-z]?(?:\.\d+[a-z]?)+$")
_SECTION = re.compile(r"\bsection (?:no |number )?(\d+[a-z]?)\b")
_SECTION_WORD = frozenset({"section", "sections", "area", "part", "theme", "workstream"})
_PLAN_WORD = frozenset({"plan", "plans"})
UNIONABLE = frozenset({"at_risk", "not_started", "open", "overdue", "slipping", "blocked", "complete", "on_track",
                       "in_progress", "no_due_date"})


@dataclass(frozen=True)
class Term:
    """Words of a question that may name a person, a section (by its title) or a plan.

    Attributes:
        text: the words as written, joiners included ("head of policy and performance").
        words: the words that carry the meaning ("head", "policy", "performance").
        hint: ``lead`` after "for"/"led by", ``section`` before "section", ``plan`` before "plan",
            ``place`` after "in"/"on", else None.
    """

    text: str
    words: tuple[str, ...]
    hint: str | None = None


@dataclass(frozen=True)
class QueryFilters:
    """What a question narrows the actions to, before anything is looked up."""

    section: str | None = None
    refs: tuple[str, ...] = ()
    window: Window | None = None
    since: date | None = None
    mine: bool = False
    terms: tuple[Term, ...] = ()
    codes: tuple[str, ...] = ()  # indicator codes ("CH141")

    def to_json(self) -> dict[str, Any]:
        """The filters as plain JSON values (dates ISO), leaving out those not given."""
        out: dict[str, Any] = {}
        if self.section:
            out["section"] = self.section
        if self.refs:
            out["refs"] = list(self.refs)
        if self.window:
            out["window"] = {"from": self.window.start.isoformat(), "to": self.window.end.isoformat(),
                             "words": self.window.label}
        if self.since:
            out["since"] = self.since.isoformat()
        if self.mine:
            out["mine"] = True
        if self.terms:
            out["words"] = [term.text for term in self.terms]
        if self.codes:
            out["indicators"] = list(self.codes)
        return out


@dataclass(frozen=True)
class Query:
    """A question, read: its intent (one of :data:`nlp.questions.intents.INTENTS`) and its filters."""

    intent: str
    filters: QueryFilters = field(default_factory=QueryFilters)
    text: str = ""
    also: tuple[str, ...] = ()  # further list intents asked for at once: "blocked or overdue"


def _intent(reading: str, refs: tuple[str, ...]) -> str:
    for intent, pattern in INTENT_PATTERNS[:2]:
        if pattern.search(reading):
            return intent
    if refs:
        return "action_status"
    for intent, pattern in INTENT_PATTERNS[2:]:
        if pattern.search(reading):
            return intent
    return "unknown"


def _also(reading: str, intent: str) -> tuple[str, ...]:
    """Other action-list intents joined to ``intent`` by "and", "or" or a comma."""
    if intent not in UNIONABLE or not re.search(r"\b(?:and|or)\b|,", reading):
        return ()
    found = [name for name, pattern in INTENT_PATTERNS if name in UNIONABLE and pattern.search(reading)]
    if "open" in found and "complete" in found:  # "not complete" is not "complete"
        found.remove("complete")
    return tuple(name for name in found if name != intent)


def _reading(words: list[Token], masked: set[int] | None = None) -> tuple[str, list[int]]:
    """The corrected words joined by spaces (``masked`` ones as "_"), and where each word starts."""
    masked = masked or set()
    parts = ["_" if i in masked else word.read for i, word in enumerate(words)]
    starts, position = [], 0
    for part in parts:
        starts.append(position)
        position += len(part) + 1
    return " ".join(parts), starts


def _terms(words: list[Token], used: set[int]) -> tuple[Term, ...]:
    """Group the words not yet used into terms, split at markers and at words that carry no name."""
    found: list[Term] = []
    chunk: list[Token] = []
    hint: str | None = None

    def close(next_hint: str | None) -> None:
        nonlocal chunk, hint
        meaningful = [w for w in chunk if w.written not in JOINERS]
        if meaningful:
            first, last = chunk.index(meaningful[0]), chunk.index(meaningful[-1])
            text = " ".join(w.written for w in chunk[first : last + 1])
            found.append(Term(text=text, words=tuple(w.written for w in meaningful), hint=hint))
        chunk, hint = [], next_hint

    for index, word in enumerate(words):
        if index in used:
            close(None)
        elif word.read in _SECTION_WORD or word.read in _PLAN_WORD:
            if any(w.written not in JOINERS for w in chunk):
                hint = "section" if word.read in _SECTION_WORD else "plan"
            close(None)
        elif word.written in LEAD_MARKERS and (word.written != "for" or not chunk):
            close("lead")
        elif word.written in PLACE_MARKERS:
            close("place")
        elif word.written in JOINERS or word.written == "for":
            if chunk:
                chunk.append(word)
        elif word.read in FILLER or word.written in FILLER:
            close(None)
        else:
            chunk.append(word)
    close(None)
    return tuple(found)


def parse_question(text: str, *, today: date) -> Query:
    """Read ``text`` as of ``today`` (for "this week", "since Monday" and dates without a year).

    Args:
        text: the question as typed, typos and all (only its first 1,000 characters are read).
        today: the asker's today (Europe/London).

    Returns:
        The query. An unrecognised question gives intent ``unknown``, never an error.
    """
    normal = normalise(text[:MAX_QUESTION_CHARS])
    words = tokens(normal)
    reading, starts = _reading(words)
    used: set[int] = set()
    refs = tuple(dict.fromkeys(w.read for w in words if _REF.match(w.read)))
    used |= {i for i, w in enumerate(words) if _REF.match(w.read)}

    section = None
    match = _SECTION.search(reading)
    if match:
        section = match.group(1)
        used |= {i for i, s in enumerate(starts) if match.start() <= s < match.end()}

    masked, masked_starts = _reading(words, used)
    window, since = None, None
    found = find_window(masked, today=today)
    if found is not None:
        window, since = found.window, found.since
        used |= {i for i, s in enumerate(masked_starts) if found.start <= s < found.end}

    codes, code_spans = indicator_codes(normal)
    used |= {i for i, w in enumerate(words) if any(a <= w.start < b for a, b in code_spans)}
    intent = indicator_intent(reading, codes) if not INTENT_PATTERNS[0][1].search(reading) else None
    intent = intent or _intent(reading, refs)
    if intent in ("list", "unknown") and window is not None:
        intent = "due"
    if intent == "unknown" and section is not None:
        intent = "list"
    if intent == "changes" and since is None and window is not None:
        since = window.start
    if intent != "due":
        window = None
    mine = bool(MINE.search(reading))
    if intent == "unknown" and mine:
        intent = "list"
    if mine:
        used |= {i for i, w in enumerate(words) if w.written in ("my", "mine", "me", "i")}
    filters = QueryFilters(section=section, refs=refs, window=window, since=since, mine=mine,
                           terms=_terms(words, used), codes=codes)
    return Query(intent=intent, filters=filters, text=text.strip(), also=_also(reading, intent))
