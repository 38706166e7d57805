"""A reply's tokens and the status cue phrases found among them (what the rules read).

The small part of spaCy's ``Doc``/``Span``/``PhraseMatcher`` that the reader used, in plain
Python: tokens with their text, norm and offset; spans of tokens with a label; and a phrase
matcher over token norms that keeps the longest match where phrases overlap (spaCy's
``filter_spans``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, overload

from nlp.records import quick_init
from nlp.tokenizer import Piece, Tokenizer


@quick_init
@dataclass(frozen=True, slots=True)
class Token:
    """One token of a :class:`Doc`."""

    doc: Doc
    i: int

    @property
    def text(self) -> str:
        return self.doc.pieces[self.i].text

    @property
    def lower_(self) -> str:
        return self.doc.pieces[self.i].text.lower()

    @property
    def norm_(self) -> str:
        return self.doc.norms[self.i]

    @property
    def idx(self) -> int:
        return self.doc.pieces[self.i].idx

    @property
    def whitespace_(self) -> str:
        return " " if self.doc.pieces[self.i].space else ""

    @property
    def is_title(self) -> bool:
        return self.doc.pieces[self.i].text.istitle()


@quick_init
@dataclass(frozen=True, eq=False, slots=True)
class Span:
    """Tokens ``start``..``end`` of ``doc``, with an optional label (``category:weight`` for cues)."""

    doc: Doc
    start: int
    end: int
    label_: str = ""

    @property
    def start_char(self) -> int:
        return self.doc.pieces[self.start].idx if self.start < len(self.doc.pieces) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        last = self.doc.pieces[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char : self.end_char]

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, i: int) -> Token:
        return Token(self.doc, (self.start if i >= 0 else self.end) + i)

    def __iter__(self) -> Iterator[Token]:
        return (Token(self.doc, i) for i in range(self.start, self.end))


class WordNorms(dict[str, str]):
    """The norm of a token by its spelling: the one chosen for it (a mended misspelling), else the
    tokenizer's base norm, else the word lower-cased. Worked out once per spelling and kept (a
    cache of words, not of replies: it stops growing at ``KNOWN_MAX`` words)."""

    KNOWN_MAX = 50_000

    def __init__(self, chosen: Mapping[str, str], base: Mapping[str, str]) -> None:
        super().__init__()
        self.chosen, self.base = chosen, base

    def __missing__(self, text: str) -> str:
        norm = self.chosen.get(text) or self.base.get(text) or text.lower()
        if len(self) < self.KNOWN_MAX:
            self[text] = norm
        return norm


class Doc:
    """A tokenised reply: its pieces, their norms, and named groups of spans (``spans["cues"]``)."""

    def __init__(self, text: str, pieces: list[Piece], norms: WordNorms) -> None:
        """``norms``: the norm of each spelling (for a piece without a norm of its own)."""
        self.text = text
        self.pieces = pieces
        self.norms = [p.norm or norms[p.text] for p in pieces]
        self.spans: dict[str, list[Span]] = {}

    def __len__(self) -> int:
        return len(self.pieces)

    def __iter__(self) -> Iterator[Token]:
        return (Token(self, i) for i in range(len(self.pieces)))

    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> Span: ...
    def __getitem__(self, key: int | slice) -> Token | Span:
        if isinstance(key, slice):
            start, end, _ = key.indices(len(self.pieces))
            return Span(self, start, max(start, end))
        return Token(self, key if key >= 0 else len(self.pieces) + key)


class PhraseMatcher:
    """Finds labelled phrases by their tokens' norms; overlapping matches keep the longest."""

    def __init__(self, tokenizer: Tokenizer, norms: WordNorms) -> None:
        self.tokenizer = tokenizer
        self.norms = norms
        self.phrases: dict[tuple[str, ...], str] = {}
        self.firsts: dict[str, list[int]] = {}  # a phrase's first norm -> the phrase lengths it starts
        self.tree: dict[str, list[Any]] = {}  # a phrase's first norm -> [its label, the nodes of the next norms]

    def add(self, label: str, phrases: Iterable[str]) -> None:
        """Match each of ``phrases`` (tokenised like a reply), labelled ``label``."""
        for phrase in phrases:
            key = tuple(Doc(phrase, self.tokenizer(phrase), self.norms).norms)
            self.phrases.setdefault(key, label)
            lengths = self.firsts.setdefault(key[0], [])
            if len(key) not in lengths:
                lengths.append(len(key))
            # the same phrases as a tree of norms: a node is [label or None, the next norms' nodes]
            node = self.tree.setdefault(key[0], [None, {}])
            for norm in key[1:]:
                node = node[1].setdefault(norm, [None, {}])
            if node[0] is None:
                node[0] = label

    def __call__(self, doc: Doc) -> list[Span]:
        norms, firsts = doc.norms, self.firsts
        found: list[Span] = []
        if firsts.keys().isdisjoint(norms):
            return found  # no word that starts a phrase
        size, tree = len(norms), self.tree
        for start in [i for i, norm in enumerate(norms) if norm in firsts]:
            # walk the tree of phrases from this token: every phrase on the way is a match
            label, after = tree[norms[start]]
            end = start + 1
            while True:
                if label is not None:
                    found.append(Span(doc, start, end, label))
                if end == size or not after:
                    break
                node = after.get(norms[end])
                if node is None:
                    break
                label, after = node
                end += 1
        return filter_spans(found) if len(found) > 1 else found


def filter_spans(spans: Iterable[Span]) -> list[Span]:
    """The longest spans that do not overlap (the earlier on a tie), in order (as spaCy's)."""
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=_longest_earliest, reverse=True):
        cover = range(span.start, span.end)
        if taken.isdisjoint(cover):
            kept.append(span)
            taken.update(cover)
    kept.sort(key=_START)
    return kept


def _longest_earliest(span: Span) -> tuple[int, int]:
    return span.end - span.start, -span.start


_START = attrgetter("start")
