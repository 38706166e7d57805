"""Which indicator a question means by the words of its title: "repeat referrals" is CH142, "LAC" the
Number of Looked After Children (the initials of words that follow each other in the title).

Every meaningful word of the question's phrase must be in the title (a plural or a one-letter slip
still counts), so "referrals" names all three referral indicators and "repeat referrals" only one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which indicator: the question's own words, and joiners.
QUIET = frozenset("""a an the of in on for to and or with by at is are was how what whats latest last recent news
    update updates figure figures number numbers indicator indicators pi pis kpi kpis measure measures metric metrics
    performance key safeguarding rate rates percentage percent doing going looking track target targets trajectory
    off value values reading readings score position now current currently month monthly this that
    """.split())  # noqa: SIM905 - a word block reads better than quoted strings
MIN_FUZZY = 5  # words shorter than this must match exactly
FUZZY_RATIO = 88.0


@dataclass(frozen=True)
class Titled:
    """What matching needs of an indicator: its id, code and title."""

    id: int
    code: str
    title: str


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def title_words(title: str) -> set[str]:
    """The title's words, stemmed (``referrals`` -> ``referral``)."""
    return {_stem(w) for w in _WORD.findall(title.lower().replace("'s", ""))}


def acronyms(title: str) -> set[str]:
    """Initials of three or four consecutive title words: ``lac`` for "Looked After Children"."""
    words = _WORD.findall(title.lower())
    found = set()
    for size in (3, 4):  # two letters would match too much by chance
        for start in range(len(words) - size + 1):
            found.add("".join(w[0] for w in words[start:start + size]))
    return found


def meaningful(words: Sequence[str]) -> list[str]:
    """The words of a phrase that can name an indicator."""
    out = []
    for word in words:
        out += [w for w in _WORD.findall(word.lower().replace("'s", "")) if w not in QUIET]
    return out


def _word_matches(word: str, titled: set[str], short: set[str]) -> bool:
    stem = _stem(word)
    if stem in titled or word in short:
        return True
    return len(stem) >= MIN_FUZZY and any(fuzz.ratio(stem, t) >= FUZZY_RATIO for t in titled if len(t) >= MIN_FUZZY)


def match_title(words: Sequence[str], indicators: Sequence[Titled]) -> list[Titled]:
    """The indicators whose titles contain every meaningful word of ``words`` (or an acronym of it)."""
    wanted = meaningful(words)
    if not wanted:
        return []
    found = []
    for indicator in indicators:
        titled, short = title_words(indicator.title), acronyms(indicator.title)
        if all(_word_matches(w, titled, short) for w in wanted):
            found.append(indicator)
    return found


def match_code(code: str, indicators: Sequence[Titled]) -> list[Titled]:
    """The indicators with ``code`` (any case)."""
    return [i for i in indicators if i.code and i.code.upper() == code.upper()]
