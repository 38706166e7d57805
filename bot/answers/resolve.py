"""Match the words of a question to the plan's own people, section titles and plan names.

A person is matched by name, initials, alias or role title ("Tony Geeson", "tg", "SF", "HoPP",
"head of policy and performance"), a section by words of its title ("the children and young
people section"), a plan by its name. Matching is per word with rapidfuzz's edit ratio, so
"tony geesen" and "childrens" still match; words of three letters or fewer must match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz

from bot.answers.data import PersonRow
from nlp.questions.parser import Term
from store.models import Plan, Section

THRESHOLD = 80.0
_TIE = 3.0  # candidates this close to the best are as good as the best: ask which
_WORD = re.compile(r"[a-z0-9]+")
T = TypeVar("T")
_QUIET = frozenset({"and", "of", "the", "for", "to", "in", "on", "a", "an", "with", "s"})


@dataclass(frozen=True)
class Lead:
    """Someone who leads actions: a known person, or a name seen only in lead cells."""

    label: str
    person_id: int | None
    names: frozenset[str]  # lower-cased name and aliases, matched against lead-cell parts
    words: frozenset[str]  # what a question may call them by


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("'s", "")) if w not in _QUIET}


def _initials(name: str) -> str:
    return "".join(word[0] for word in _WORD.findall(name.lower()))


@lru_cache(maxsize=4096)
def _person_lead(person_id: int, name: str, aliases: tuple[str, ...], role_title: str) -> Lead:
    names = {name.lower(), *(alias.lower() for alias in aliases)}
    if role_title:
        names.add(role_title.lower())
    words = _words(name) | _words(role_title) | names | {_initials(name)}
    return Lead(name, person_id, frozenset(names), frozenset(words))


@lru_cache(maxsize=8192)
def _cell_lead(part: str) -> Lead:
    return Lead(part, None, frozenset({part.lower()}), frozenset(_words(part) | {part.lower()}))


def leads_of(people: Sequence[PersonRow], lead_names: Iterable[str]) -> list[Lead]:
    """Every person, then every name in the lead cells (``lead_names``) not already a known person."""
    leads = [_person_lead(p.id, p.name, tuple(p.aliases), p.role_title) for p in people]
    known: set[str] = set().union(*(lead.names for lead in leads))
    for part in sorted(set(lead_names)):
        if part.lower() not in known:
            known.add(part.lower())
            leads.append(_cell_lead(part))
    return leads


def _word_score(word: str, targets: Iterable[str]) -> float:
    if len(word) <= 3:
        return 100.0 if word in targets else 0.0
    return max((fuzz.ratio(word, target) for target in targets if len(target) > 3), default=0.0)


def score(term: Term, whole: Iterable[str], words: Iterable[str]) -> float:
    """How well ``term`` names something called ``whole`` (exactly) or made of ``words`` (each word)."""
    text = term.text.lower()
    if text in whole:
        return 100.0
    wanted = sorted(_words(" ".join(term.words)))
    if not wanted:
        return 0.0
    targets = list(words)
    return sum(_word_score(w, targets) for w in wanted) / len(wanted)


def _best(scored: list[tuple[float, T]]) -> list[T]:
    """The candidates at the top score (several when they tie), if it reaches the threshold."""
    if not scored:
        return []
    top = max(s for s, _ in scored)
    if top < THRESHOLD:
        return []
    return [item for s, item in scored if s >= top - _TIE]


def match_leads(term: Term, leads: Sequence[Lead]) -> list[Lead]:
    """The lead(s) ``term`` names best; more than one means "which one?"."""
    scored = [(score(term, lead.names, lead.words), lead) for lead in leads]
    return _best(scored)


def match_sections(term: Term, sections: Sequence[Section]) -> list[Section]:
    """The section(s) whose title ``term`` names best."""
    scored = [(score(term, {s.title.lower()}, _words(s.title)), s) for s in sections]
    return _best(scored)


def match_plans(term: Term, plans: Sequence[Plan]) -> list[Plan]:
    """The plan(s) ``term`` names, by name (or, after the word "plan", by title)."""
    scored = [(score(term, {p.name.lower()}, {p.name.lower()}), p) for p in plans]
    if term.hint == "plan":
        scored += [(score(term, {p.title.lower()}, _words(p.title)), p) for p in plans]
    found = _best(scored)
    return list({id(p): p for p in found}.values())
