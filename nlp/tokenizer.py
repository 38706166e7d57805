"""spaCy's English tokenizer, in plain Python, from rules exported once: no spaCy at run time.

Importing spaCy takes one to two seconds, longer than everything else the reader does at start-up,
and Chaser used only its blank English tokenizer and a phrase matcher. This module applies the
same algorithm (whitespace, special cases such as "can't" → "ca" + "n't", then prefixes, suffixes,
infixes and URLs) with the same rules, which ``python -m nlp.tokenizer`` copies out of
``spacy.blank("en")`` into ``tokenizer_rules.json`` beside this file (spaCy is then needed, and only
then). ``tests/nlp/test_tokenizer.py`` checks that every labelled reply is cut into the same tokens,
with the same offsets, spacing and norms, as spaCy cuts it.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RULES = Path(__file__).resolve().parent / "tokenizer_rules.json"
_NEVER = re.compile("a^")


@dataclass(frozen=True)
class Piece:
    """One token: its text, its own norm (a special case's, or "" for the usual one) and where it starts."""

    text: str
    norm: str
    idx: int
    space: bool  # followed by one space


class Tokenizer:
    """Cuts text into :class:`Piece` objects exactly as ``spacy.blank("en").tokenizer`` does."""

    def __init__(self, rules: dict[str, object]) -> None:
        self.prefix = re.compile(str(rules["prefix"])).search
        self.suffix = re.compile(str(rules["suffix"])).search
        self.infix = re.compile(str(rules["infix"])).finditer
        self.url = re.compile(str(rules["url"])).match if rules.get("url") else _NEVER.match
        base_norms = rules["norms"]
        assert isinstance(base_norms, dict)
        self.base_norms: dict[str, str] = base_norms
        specials = rules["specials"]
        assert isinstance(specials, dict)
        self.specials: dict[str, list[tuple[str, str]]] = {k: [tuple(p) for p in v] for k, v in specials.items()}
        self._cache: dict[str, list[tuple[str, str]]] = {}
        # Special cases that the affix rules cut apart ("):" after "a"): spaCy finds them again
        # among the tokens afterwards and fuses them back into the special case's pieces.
        self.fused: dict[tuple[str, ...], str] = {}
        for key in self.specials:
            if self.prefix(key) or self.suffix(key) or any(self.infix(key)):
                parts = tuple(text for text, _ in self._split(key, specials={}))
                if len(parts) > 1:
                    self.fused[parts] = key
        self._fused_firsts = {parts[0] for parts in self.fused}
        self._fused_lengths = sorted({len(parts) for parts in self.fused}, reverse=True)

    def __call__(self, text: str) -> list[Piece]:
        """The tokens of ``text``; whitespace other than a single space between words is a token too."""
        pieces: list[Piece] = []
        if not text:
            return pieces
        start, in_ws = 0, text[0].isspace()
        for i, ch in enumerate(text):
            if ch.isspace() != in_ws:
                if start < i:
                    self._add(pieces, text[start:i], start)
                if ch == " ":
                    last = pieces[-1]
                    pieces[-1] = Piece(last.text, last.norm, last.idx, True)
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
        if start < len(text):
            self._add(pieces, text[start:], start)
            if text[-1] == " " and not in_ws:
                last = pieces[-1]
                pieces[-1] = Piece(last.text, last.norm, last.idx, True)
        return self._fuse(pieces)

    def _fuse(self, pieces: list[Piece]) -> list[Piece]:
        """Put back special cases cut apart by the affix rules (the longest first, left to right)."""
        firsts = self._fused_firsts
        if not any(p.text in firsts for p in pieces):
            return pieces
        out: list[Piece] = []
        i = 0
        while i < len(pieces):
            for n in self._fused_lengths:
                group = pieces[i : i + n]
                if len(group) == n and not any(p.space for p in group[:-1]):
                    key = self.fused.get(tuple(p.text for p in group))
                    if key is not None:
                        offset = group[0].idx
                        for text, norm in self.specials[key]:
                            out.append(Piece(text, norm, offset, False))
                            offset += len(text)
                        out[-1] = Piece(out[-1].text, out[-1].norm, out[-1].idx, group[-1].space)
                        i += n
                        break
            else:
                out.append(pieces[i])
                i += 1
        return out

    def _add(self, pieces: list[Piece], chunk: str, offset: int) -> None:
        parts = self._cache.get(chunk)
        if parts is None:
            parts = self._split(chunk)
            if len(self._cache) < 20_000:  # the cache is for repeated words, not every reply
                self._cache[chunk] = parts
        for text, norm in parts:
            pieces.append(Piece(text, norm, offset, False))
            offset += len(text)

    def _split(self, substring: str, specials: dict[str, list[tuple[str, str]]] | None = None) -> list[tuple[str, str]]:
        """spaCy's ``Tokenizer.explain`` loop, keeping each special case's norm."""
        specials = self.specials if specials is None else specials
        prefix, suffix = self.prefix, self.suffix
        tokens: list[tuple[str, str]] = []
        suffixes: list[tuple[str, str]] = []
        while substring:
            if substring in specials:
                tokens.extend(specials[substring])
                substring = ""
                continue
            while prefix(substring) or suffix(substring):
                if substring in specials:
                    tokens.extend(specials[substring])
                    substring = ""
                    break
                found = prefix(substring)
                if found:
                    split = found.end()
                    if split == 0:
                        break
                    tokens.append(_plain(substring[:split]))
                    substring = substring[split:]
                    if substring in specials:
                        continue
                found = suffix(substring)
                if found:
                    split = found.start()
                    if split == len(substring):
                        break
                    suffixes.append(_plain(substring[split:]))
                    substring = substring[:split]
            if not substring:
                continue
            if self.url(substring):
                tokens.append(_plain(substring))
            elif substring in specials:
                tokens.extend(specials[substring])
            else:
                offset = 0
                for match in self.infix(substring):
                    if offset == 0 and match.start() == 0:
                        continue
                    if substring[offset : match.start()]:
                        tokens.append(_plain(substring[offset : match.start()]))
                    if match.group():
                        tokens.append(_plain(match.group()))
                    offset = match.end()
                if substring[offset:]:
                    tokens.append(_plain(substring[offset:]))
            substring = ""
        tokens.extend(reversed(suffixes))
        return tokens


def _plain(text: str) -> tuple[str, str]:
    return text, ""


_LOCK = threading.Lock()
_TOKENIZER: Tokenizer | None = None


def get_tokenizer() -> Tokenizer:
    """The process-wide tokenizer, read from ``tokenizer_rules.json`` on first use."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                _TOKENIZER = Tokenizer(json.loads(RULES.read_text(encoding="utf-8")))
    return _TOKENIZER


def export_rules(path: Path = RULES) -> int:
    """Copy the rules of ``spacy.blank("en")`` into ``path``; returns the number of special cases."""
    import spacy
    from spacy.attrs import NORM, ORTH
    from spacy.lang.norm_exceptions import BASE_NORMS

    tokenizer: Any = spacy.blank("en").tokenizer
    strings = tokenizer.vocab.strings
    specials: dict[str, list[list[str]]] = {}
    for orth, cases in sorted(tokenizer.rules.items()):
        pieces = []
        for case in cases:
            text = case[ORTH] if isinstance(case[ORTH], str) else strings[case[ORTH]]
            norm = case.get(NORM, "")
            pieces.append([text, norm if isinstance(norm, str) else strings[norm]])
        specials[orth] = pieces
    url = tokenizer.url_match
    rules = {
        "spacy": spacy.__version__,
        "norms": dict(BASE_NORMS),
        "prefix": tokenizer.prefix_search.__self__.pattern,
        "suffix": tokenizer.suffix_search.__self__.pattern,
        "infix": tokenizer.infix_finditer.__self__.pattern,
        "url": url.__self__.pattern if url is not None else "",
        "specials": specials,
    }
    path.write_text(json.dumps(rules, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    return len(specials)


if __name__ == "__main__":
    count = export_rules()
    print(f"{count} special cases and the affix rules of spaCy's English tokenizer -> {RULES}", file=sys.stdout)
