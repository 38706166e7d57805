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
from pathlib import Path
from typing import Any, NamedTuple

RULES = Path(__file__).resolve().parent / "tokenizer_rules.json"
_NEVER = re.compile("a^")
_RUNS = re.compile(r"\S+|\s+")
_ODD_SPACE = re.compile(r"[^\S ]|  |^ ")  # whitespace other than single spaces between words


class Piece(NamedTuple):
    """One token: its text, its own norm (a special case's, or "" for the usual one) and where it starts."""

    text: str
    norm: str
    idx: int
    space: bool  # followed by one space


# Piece(text, norm, idx, space) without the Python-level __new__ a NamedTuple has: the tokenizer
# makes one per token of every reply.
_piece = tuple.__new__


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
        """The tokens of ``text``; whitespace other than a single space after a word is a token too."""
        pieces: list[Piece] = []
        if not _ODD_SPACE.search(text):
            # the common case, words separated by single spaces: no need to look for whitespace runs
            cache, chunks = self._cache, text.split(" ")
            offset = 0
            append = pieces.append
            for chunk in chunks:
                if chunk:
                    parts = cache.get(chunk) or self._parts(chunk)
                    if len(parts) > 1:
                        for part, norm in parts[:-1]:
                            append(_piece(Piece, (part, norm, offset, False)))
                            offset += len(part)
                    part, norm = parts[-1]
                    append(_piece(Piece, (part, norm, offset, True)))  # a space follows every chunk ...
                    offset += len(part)
                offset += 1
            if chunks[-1]:
                last = pieces[-1]
                pieces[-1] = _piece(Piece, (last[0], last[1], last[2], False))  # ... but the last
            return pieces
        add = self._add
        for run in _RUNS.finditer(text):
            start = run.start()
            if not run.group().isspace():
                add(pieces, run.group(), start)
            elif pieces and text[start] == " ":
                # one space after a word belongs to it; any more whitespace is a token of its own
                pieces[-1] = pieces[-1]._replace(space=True)
                if run.end() - start > 1:
                    add(pieces, text[start + 1 : run.end()], start + 1)
            else:
                add(pieces, run.group(), start)
        return pieces

    def _parts(self, chunk: str) -> list[tuple[str, str]]:
        parts = self._fuse(self._split(chunk))
        if len(self._cache) < 20_000:  # the cache is for repeated words, not every reply
            self._cache[chunk] = parts
        return parts

    def _add(self, pieces: list[Piece], chunk: str, offset: int) -> None:
        parts = self._cache.get(chunk) or self._parts(chunk)
        for text, norm in parts:
            pieces.append(Piece(text, norm, offset, False))
            offset += len(text)

    def _fuse(self, parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Put back special cases cut apart by the affix rules ("a):" is "a" and "):"), the longest
        first, left to right. They never span whitespace, so one chunk at a time is enough."""
        if len(parts) < 2 or not any(text in self._fused_firsts for text, _ in parts):
            return parts
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(parts):
            for n in self._fused_lengths:
                key = self.fused.get(tuple(text for text, _ in parts[i : i + n])) if i + n <= len(parts) else None
                if key is not None:
                    out.extend(self.specials[key])
                    i += n
                    break
            else:
                out.append(parts[i])
                i += 1
        return out

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
