"""A light, list-based view of a reply's tokens (:class:`nlp.doc.Doc`), built once per reply.

The rules look at the same few words many times, so the lower-cased words, offsets and clause
numbers are copied into plain lists once. Misspelt status words are mended on the way ("finsihed" is read as
"finished"), so the date rules see the same words as the cue matcher.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from nlp.doc import Doc, Span
from nlp.records import quick_init
from nlp.status.typos import typo_norms

_STEP_WORDS = frozenset({
    "agreed", "approved", "completed", "achieved", "signed", "published", "adopted", "launched",
    "implemented", "endorsed", "ratified", "commenced", "awaiting", "presented", "submitted", "circulated",
    "produced", "drafted", "issued", "held", "established", "appointed", "delivered", "started",
    "finalised", "reviewed",
})  # fmt: skip
_HYPHENS = frozenset({"-", "–"})
_START = attrgetter("start")
CLAUSE_BREAKS = frozenset(
    {".", ";", "!", "?", "–", "—", "-", "(", ")", "but", "however", "although", "though", "whereas"}
)


# What a token's text says for the view, by its text: (the word lower-cased with a misspelling
# mended, whether it always breaks a clause, whether it is a capitalised step word, whether it is a
# hyphen). A small cache of words, not of replies: it stops growing at _KNOWN_MAX words.
_WORDS: dict[str, tuple[str, bool, bool, bool]] = {}
_KNOWN_MAX = 20_000


def _read_word(text: str) -> tuple[str, bool, bool, bool]:
    word = text.lower()
    word = typo_norms().get(word, word)
    # "… for discussion with lead Directors Agreed by CMB": a capitalised step word after a word
    # or a number starts a new step.
    read = (word, word in CLAUSE_BREAKS or "\n" in word, word in _STEP_WORDS and text.istitle(), word in _HYPHENS)
    if len(_WORDS) < _KNOWN_MAX:
        _WORDS[text] = read
    return read


@quick_init
@dataclass(frozen=True)
class TokenView:
    """Lower-cased words, character offsets and clause numbers of a Doc's tokens."""

    doc: Doc
    text: str
    lower: list[str]
    starts: list[int]
    ends: list[int]
    clause: list[int]
    vocab: frozenset[str] = frozenset()  # every word of ``lower``: a rule whose words are not here has nothing to do

    @classmethod
    def of(cls, doc: Doc, text: str) -> TokenView:
        """Copy what the rules need out of ``doc`` (one pass over its tokens); ``text`` is its text."""
        lower: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        clause: list[int] = []
        current = 0
        spaced_before = True
        known = _WORDS
        previous = ""
        for token_text, _, idx, space in doc.pieces:
            word, breaks, step, hyphen = known.get(token_text) or _read_word(token_text)
            # A clause breaks at sentence punctuation, brackets, "but" and free-standing dashes
            # (not the hyphen in "sign-off" or "on-going"); in plan notes, which list steps without
            # stops, at a capitalised step word after a word or a number (see _read_word).
            if (breaks or (step and previous[-1:].isalnum())) and (not hyphen or spaced_before or space):
                current += 1
            spaced_before = space
            previous = token_text
            lower.append(word)
            starts.append(idx)
            ends.append(idx + len(token_text))  # the text's own length, not its mended spelling's
            clause.append(current)
        return cls(doc, text, lower, starts, ends, clause, frozenset(lower))

    def __len__(self) -> int:
        return len(self.lower)

    @property
    def cue_spans(self) -> list[Span]:
        """The doc's ``cues`` spans, as a list made once."""
        return self._cues()[0]

    def _cues(self) -> tuple[list[Span], list[int]]:
        """The cue spans in order of their start, and their starts: made on first use, kept in the
        view's ``__dict__`` (as ``cached_property`` would, without the lock it takes in 3.11). The
        phrase matcher already gives them in that order (its spans never overlap)."""
        found: tuple[list[Span], list[int]] | None = self.__dict__.get("_cue_index")
        if found is None:
            spans = sorted(self.doc.spans.get("cues", ()), key=_START)
            found = (spans, [span.start for span in spans])
            self.__dict__["_cue_index"] = found
        return found

    def cues_within(self, start: int, end: int) -> list[Span]:
        """The cue spans lying within tokens ``start``..``end``, in order.

        Found by bisection, so reading a reply cut into many parts stays linear in its length.
        """
        spans, starts = self._cues()
        return [span for span in spans[bisect_left(starts, start) : bisect_left(starts, end)] if span.end <= end]

    @cached_property
    def clause_words(self) -> dict[int, set[str]]:
        """The words of each clause, by clause number."""
        words: dict[int, set[str]] = {}
        for word, clause in zip(self.lower, self.clause, strict=True):
            words.setdefault(clause, set()).add(word)
        return words

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """The tokens overlapping characters ``start``..``end`` (first index, one past the last)."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)

    def words_before(self, index: int, count: int, *, floor: int = 0) -> list[str]:
        """Up to ``count`` words before token ``index`` in the same clause, nearest first."""
        if index >= len(self.clause):
            return []
        low = max(floor, index - count, 0)
        if low >= index:
            return []
        # clause numbers never fall from one token to the next: the clause's tokens before
        # ``index`` are the run that ends there
        first = bisect_left(self.clause, self.clause[index], low, index)
        return self.lower[index - 1 : first - 1 : -1] if first else self.lower[index - 1 :: -1]

    def words_after(self, index: int, count: int) -> list[str]:
        """Up to ``count`` words from token ``index`` on, in the clause of the token before it."""
        if index >= len(self.lower) or index == 0:
            return []
        stop = bisect_right(self.clause, self.clause[index - 1], index, min(len(self.lower), index + count))
        return self.lower[index:stop]
