"""Finding Chaser's own sent text in a reply, however the lead's client quoted it: with or without
``>`` markers, re-wrapped to another width, converted from HTML (a table row on one line, or one cell
per line), with different quote marks and dashes.

Lines are compared as sequences of words (lower case, letters and digits only), so a run of reply
lines is Chaser's when it follows, word for word, a stretch of something Chaser sent."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from adapters.email.html_text import html_to_text
from bot.inbound.sent_text import SentText

WORD = re.compile(r"[^\W_]+", re.UNICODE)
STATUS_CELL = re.compile(r"^\s*(complete|in progress|delayed|blocked|not started|on track|none yet|undated|[—–-])\s*$",
                         re.IGNORECASE)
DATE_CELL = re.compile(r"^\s*\d{1,2} [A-Z][a-z]{2} \d{4}\s*$")
QUOTE_MARKS = re.compile(r"^(\s*>)+\s?")


LINK = re.compile(r"<(?:https?|mailto):[^>\s]*>|\[(?:https?|mailto):[^\]\s]*\]", re.IGNORECASE)


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as compared: lower case, letters and digits, punctuation dropped, and
    without the ``<https://...>`` a client writes after a link's text."""
    return tuple(w.lower() for w in WORD.findall(LINK.sub(" ", text)))


def unquoted(line: str) -> tuple[int, str]:
    """(quote depth, the line without its ``>`` markers)."""
    match = QUOTE_MARKS.match(line)
    if not match:
        return 0, line
    return match.group(0).count(">"), line[match.end():]


@dataclass
class _Doc:
    words: list[str] = field(default_factory=list)
    line_of: list[int] = field(default_factory=list)  # word index -> line number in the document
    line_spans: list[tuple[int, int]] = field(default_factory=list)
    line_refs: list[str | None] = field(default_factory=list)
    line_keys: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """A run of reply lines found in something Chaser sent."""

    first: int
    last: int
    whole_line: bool  # the run covers at least one complete line of what was sent
    word_count: int
    ref: str | None  # the action the run's last line belongs to (None: the message's frame)
    after_actions: bool  # the run ends in the frame after the list of actions (the sign-off)


class OwnText:
    """Chaser's sent text, indexed for finding it in replies."""

    def __init__(self, sent: SentText | None) -> None:
        self.sent = sent or SentText()
        self.docs: list[_Doc] = []
        self.frame_lines: set[tuple[str, ...]] = set()
        self.closing_lines: set[tuple[str, ...]] = set()  # the frame after the list of actions
        self.ref_lines: dict[tuple[str, ...], str] = {}
        self.index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        pieces = [(p, self._lines(p.body, html=p.html)) for p in self.sent.pieces]
        for piece, lines in pieces:
            if piece.frame:
                self.frame_lines.update(k for k in (words(x) for x in lines) if k)
        for piece, lines in pieces:
            if piece.ref is not None:
                keyed = [words(x) for x in lines]
                own = [n for n, k in enumerate(keyed) if k and k not in self.frame_lines]
                for n in own:
                    self.ref_lines[keyed[n]] = piece.ref
                if own:
                    self.closing_lines.update(k for k in keyed[own[-1] + 1:] if k and k in self.frame_lines)
        for _, lines in pieces:
            self._add(lines)

    @staticmethod
    def _lines(body: str, *, html: bool) -> list[str]:
        return (html_to_text(body) if html else body).splitlines()

    def _add(self, lines: list[str]) -> None:
        doc = _Doc()
        for number, line in enumerate(lines):
            start = len(doc.words)
            key = words(line)
            doc.words += key
            doc.line_of += [number] * len(key)
            doc.line_spans.append((start, len(doc.words)))
            doc.line_keys.append(key)
            doc.line_refs.append(self.ref_lines.get(key) if key not in self.frame_lines else None)
        number = len(self.docs)
        self.docs.append(doc)
        for pos, word in enumerate(doc.words):
            self.index[word].append((number, pos))

    def _at(self, doc: _Doc, pos: int, key: tuple[str, ...]) -> bool:
        return tuple(doc.words[pos:pos + len(key)]) == key

    def runs(self, lines: list[str]) -> list[Match]:
        """The runs of ``lines`` (already without ``>`` markers) that follow something Chaser sent."""
        keys = [words(x) for x in lines]
        found: list[Match] = []
        i = 0
        while i < len(lines):
            if not keys[i] or keys[i][0] not in self.index:
                i += 1
                continue
            best: tuple[int, int, int, int, int] | None = None  # (lines covered, last line, doc, start, end)
            for d, pos in self.index[keys[i][0]]:
                doc = self.docs[d]
                if not self._at(doc, pos, keys[i]):
                    continue
                end, j, last = pos + len(keys[i]), i + 1, i
                while j < len(lines):
                    if not keys[j]:
                        j += 1
                        continue
                    if not self._at(doc, end, keys[j]):
                        break
                    end += len(keys[j])
                    last = j
                    j += 1
                covered = sum(1 for k in keys[i:last + 1] if k)
                if best is None or (covered, end - pos) > (best[0], best[4] - best[3]):
                    best = (covered, last, d, pos, end)
            if best is None:
                i += 1
                continue
            covered, last, d, start, end = best
            doc = self.docs[d]
            whole = any(s >= start and e <= end and e > s for s, e in doc.line_spans)
            end_line = doc.line_of[end - 1]
            ref = doc.line_refs[end_line]
            closing = doc.line_keys[end_line] in self.closing_lines
            found.append(Match(first=i, last=last, whole_line=whole, word_count=end - start, ref=ref,
                               after_actions=ref is None and closing))
            i = last + 1
        return found

    def is_reply_shape(self, line: str) -> bool:
        """Is ``line`` one of Chaser's own reply sentences (a quoted confirmation)?"""
        stripped = line.strip()
        return any(p.search(stripped) for p in self.sent.reply_shapes)

    def is_token_line(self, line: str) -> bool:
        """A ``Ref: TOKEN`` footer line."""
        return bool(re.match(r"^\s*ref:\s*[a-z2-7]{24}\s*$", line, re.IGNORECASE))


def cell_like(line: str) -> bool:
    """A table cell of a request converted to text by the client: a status word, a date, a dash."""
    return bool(STATUS_CELL.match(line) or DATE_CELL.match(line))
