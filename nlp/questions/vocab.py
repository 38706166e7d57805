"""The words a coordinator's question is read with: normalising, number words and typo correction.

Questions arrive typed in a hurry ("whats overdue in sec 4", "blokced items"), so every word that
carries meaning here is in :data:`VOCABULARY`, and a word one slip away from one of them is read
as that word (rapidfuzz's edit ratio). Names and section words are not corrected here: the
answerer matches them against the plan's own people and section titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# Contractions and shorthands, rewritten before anything else is read.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[\u2018\u2019\u201b`´]", "'"),
        (r"\bwhat(?:'s|s)\b", "what is"),
        (r"\bwho(?:'s|s)\b", "who is"),
        (r"\bhow(?:'s)\b", "how is"),
        (r"\bthat(?:'s)\b", "that is"),
        (r"\bthere(?:'s)\b", "there is"),
        (r"\b(has|have|is|are|was|were|does|do|did)n'?t\b", r"\1 not"),
        (r"\bwon'?t\b", "will not"),
        (r"\bcan'?t\b", "can not"),
        (r"\bsect?\.?(?=\s*\d)", "section "),
        (r"\bsecs?\b", "section"),
        (r"\bw/?c\b", "week commencing"),
        (r"\bi'?m\b", "i am"),
        (r"\bnxt\b", "next"), (r"\bwks?\b", "week"), (r"\bmo?nths?\b", "month"), (r"\bteh\b", "the"),
        (r"\btmrw?\b", "tomorrow"), (r"\bppl\b", "people"), (r"\bpls\b", "please"),
        # "7.2 a)", "7.2(e)", "7.2 e?": a lettered sub-action written apart from its ref.
        (r"\b(\d+[a-z]?\.\d+)\s*\(?([a-z])\)", r"\1\2"),
        (r"\b(\d+[a-z]?\.\d+) ([a-z])(?=\s*[?.!,]|\s*$)", r"\1\2"),
    )
)

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip

MONTH_WORDS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
WEEKDAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Every word that changes what a question means; a near miss of one of these is corrected.
VOCABULARY: frozenset[str] = frozenset(
    {
        "overdue", "late", "missed", "deadline", "deadlines", "blocked", "stuck", "hold", "waiting",
        "delayed", "slipping", "slipped", "slippage", "behind", "complete", "completed", "finished",
        "done", "achieved", "started", "progress", "ongoing", "underway", "section", "sections",
        "replied", "reply", "replies", "responded", "response", "answered", "heard", "update",
        "updates", "updated", "changed", "changes", "change", "since", "risk", "risks", "exceptions",
        "exception", "problems", "problem", "issues", "concerns", "trouble", "week", "weeks",
        "month", "months", "next", "this", "coming", "fortnight", "tomorrow", "today", "days",
        "actions", "action", "going", "status", "doing", "summary", "overview", "most", "worst",
        "incomplete", "outstanding", "open", "date", "dates", "undated", "unstarted", "help",
        "more", "before", "until", "end", "plan", "plans", "mine", "commencing", "latest", "list",
        "show", "whose", "who", "what", "which", "anything", "everything",
    }
    | set(NUMBER_WORDS)
    | set(MONTH_WORDS)
    | set(WEEKDAY_WORDS)
)  # fmt: skip

_TOKEN = re.compile(
    r"\d+[a-z]?(?:\.\d+[a-z]?)+|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d+(?:st|nd|rd|th)\b|\d+[a-z]?\b"
    r"|[a-z][a-z'&-]*[a-z]|[a-z&]"
)
_MIN_CORRECTABLE = 5  # shorter words are too easily one slip from another real word
_CUTOFF = 80.0
_SHORT_WORDS: dict[str, tuple[str, ...]] = {}
for _word in sorted(VOCABULARY):
    if len(_word) == 4:
        _key = "".join(sorted(_word))
        _SHORT_WORDS[_key] = (*_SHORT_WORDS.get(_key, ()), _word)


@dataclass(frozen=True)
class Token:
    """One word of a question: as written (lower-cased) and as read (corrected, numbers as digits)."""

    written: str
    read: str
    start: int
    end: int


def normalise(text: str) -> str:
    """Lower-case ``text`` and expand contractions and shorthands ("whats" -> "what is")."""
    lowered = text.lower().strip()
    for pattern, replacement in _REWRITES:
        lowered = pattern.sub(replacement, lowered)
    return lowered


@lru_cache(maxsize=4096)
def correct(word: str) -> str:
    """``word`` itself if known or short; else the vocabulary word it is one slip away from."""
    if word in VOCABULARY or not word.isalpha() or len(word) < 4:
        return word
    if len(word) < _MIN_CORRECTABLE:
        # Short words: only two swapped letters ("rsik"); any other slip may be a real name ("Mark").
        swapped = [v for v in _SHORT_WORDS.get("".join(sorted(word)), ()) if OSA.distance(word, v) == 1]
        return swapped[0] if len(swapped) == 1 else word
    match = process.extractOne(word, VOCABULARY, scorer=fuzz.ratio, score_cutoff=_CUTOFF)
    return match[0] if match else word


def tokens(text: str) -> list[Token]:
    """The words of normalised ``text``, each with its corrected reading."""
    found = []
    for match in _TOKEN.finditer(text):
        word = match.group().strip("'")
        read = correct(word)
        if read in NUMBER_WORDS:
            read = str(NUMBER_WORDS[read])
        found.append(Token(written=word, read=read, start=match.start(), end=match.end()))
    return found
