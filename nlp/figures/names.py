"""How a reply names an indicator: its code ("CH141"), an alias given to Chaser, the initials of
the capitalised words in its title ("LAC" for "Number of Looked After Children"), or a run of
words from its title that no other of the asker's indicators shares ("repeat referrals")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Words that never name an indicator alone: every title of a set may carry them.
_COMMON = {"number", "of", "the", "a", "an", "and", "or", "in", "on", "to", "for", "per", "that", "are", "is",
           "with", "within", "by", "at", "from", "population", "aged", "under", "children", "child", "need",
           "percentage", "percent", "rate", "total", "all", "new", "months", "month", "days", "working", "year"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
CODE_SHAPE = re.compile(r"\b([A-Za-z]{2,6})[ -]?(\d{1,5}[a-z]?)\b")


@dataclass(frozen=True)
class IndicatorName:
    """What the reader may look for of one indicator.

    Attributes:
        key: The caller's id for it (returned with each figure).
        code: Its code as the plan writes it ("CH141"), "" when it has none.
        title: Its measure ("% of referrals that are repeat referrals within 12 months").
        aliases: Other names the plan or coordinator gives it ("LAC").
    """

    key: str
    code: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameMention:
    """Where a reply names one indicator."""

    key: str
    start: int
    end: int
    text: str


def _norm(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=1024)
def initials(title: str) -> tuple[str, ...]:
    """Initials of each run of two or more capitalised words: "Number of Looked After Children" -> LAC."""
    out, run = [], []
    words = _WORD.findall(title)
    for position, word in enumerate(words + [""]):
        if word and word[0].isupper() and position > 0:
            run.append(word)
            continue
        if len(run) >= 2:
            out.append("".join(w[0].upper() for w in run))
        run = []
    return tuple(out)


def _phrases(title: str) -> set[tuple[str, ...]]:
    """Every run of the title's words that holds at least one uncommon word."""
    words = [_norm(w) for w in _WORD.findall(title)]
    runs = set()
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 6) + 1):
            run = tuple(words[i:j])
            if any(w not in _COMMON for w in run) and run[0] not in _COMMON and run[-1] not in _COMMON:
                runs.add(run)
    return runs


@lru_cache(maxsize=1024)
def _code_pattern(code: str) -> re.Pattern[str]:
    match = re.fullmatch(r"([A-Za-z]+)\s*-?\s*(\d+[a-z]?)", code.strip())
    if match:  # "CH141" also as "CH 141" or "ch-141"
        return re.compile(rf"\b{re.escape(match.group(1))}[ -]?{re.escape(match.group(2))}\b", re.IGNORECASE)
    return re.compile(rf"(?<!\w){re.escape(code.strip())}(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """An alias as a whole word: written in capitals it must match exactly ("LAC", not "lac" in "black")."""
    return re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])", 0 if alias.isupper() else re.IGNORECASE)


def find_names(text: str, indicators: Sequence[IndicatorName]) -> list[NameMention]:
    """Every place ``text`` names one of ``indicators``, in order, overlaps resolved longest first."""
    found: list[NameMention] = []
    for ind in indicators:
        if ind.code:
            pattern = _code_pattern(ind.code)
            found += [NameMention(ind.key, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
        for alias in (*ind.aliases, *initials(ind.title)):
            pattern = _alias_pattern(alias)
            found += [NameMention(ind.key, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    found += _phrase_mentions(text, indicators)
    kept: list[NameMention] = []
    for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


@lru_cache(maxsize=256)
def _phrase_index(titles: tuple[tuple[str, str], ...]) -> tuple[dict[tuple[str, ...], str], frozenset[str]]:
    """Each run of title words that names exactly one indicator -> its key; and the words runs start with.
    Built once per set of indicators (an owner's replies all use the same set)."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for key, title in titles:
        for run in _phrases(title):
            owners.setdefault(run, set()).add(key)
    unique = {run: next(iter(keys)) for run, keys in owners.items() if len(keys) == 1}
    return unique, frozenset(run[0] for run in unique)


def _phrase_mentions(text: str, indicators: Sequence[IndicatorName]) -> list[NameMention]:
    """Runs of the reply's words found in exactly one indicator's title (the longest wins)."""
    unique, starts = _phrase_index(tuple((ind.key, ind.title) for ind in indicators))
    words = [(m.start(), m.end(), _norm(m.group(0))) for m in _WORD.finditer(text)]
    out: list[NameMention] = []
    i = 0
    while i < len(words):
        best = None
        if words[i][2] not in starts:
            i += 1
            continue
        for j in range(min(len(words), i + 6), i, -1):
            run = tuple(w for _s, _e, w in words[i:j])
            key = unique.get(run)
            if key is not None and (j - i >= 2 or len(run[0]) >= 6):
                best = (j, key)
                break
        if best is None:
            i += 1
            continue
        j, key = best
        start, end = words[i][0], words[j - 1][1]
        out.append(NameMention(key, start, end, text[start:end]))
        i = j
    return out
