"""Text from a PDF's characters: a table cell's lines joined back into the sentences they were
wrapped from, and the page's lines outside tables joined into paragraphs.

A PDF keeps no paragraphs, only glyphs at positions. Within a cell a line ends for one of three
reasons, told apart by measuring: the next word did not fit (join with a space); the word itself
was wider than the column and was cut where the column ends ("Accountab" / "le": a line of one
word reaching the edge, which with the next line's first word is too wide: join with nothing); or the writer
started a new line or list item (the next word would have fitted: keep the line break).
"""

from __future__ import annotations

import re
from typing import Any

Char = dict[str, Any]
_BULLET = re.compile(r"^[•▪●◦·\-–—*]\s")


def text_lines(chars: list[Char]) -> list[dict[str, Any]]:
    """Lines of text (pdfplumber's), top to bottom, each with its ``chars``, ``x0``, ``x1``, ``top``."""
    from pdfplumber.utils.text import chars_to_textmap  # here: only a PDF import pays for loading pdfplumber

    if not chars:
        return []
    return [line for line in chars_to_textmap(chars).extract_text_lines(strip=True) if line["text"]]


def _word_width(line: dict[str, Any], *, first: bool) -> float:
    """Width of a line's first (or last) word (a PDF may draw no space glyphs: count by the text)."""
    words = line["text"].split()
    if not words:
        return 0.0
    glyphs = [c for c in line["chars"] if not c["text"].isspace()]
    run = glyphs[: len(words[0])] if first else glyphs[-len(words[-1]) :]
    if not run:
        return 0.0
    return max(c["x1"] for c in run) - min(c["x0"] for c in run)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Short words a plan's sentences go on with: after a line of one word, one of these is a word of its own.
_SMALL_WORDS = frozenset(("a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "of", "on",
                          "or", "per", "the", "to", "up", "with", "not", "all", "due", "met", "out", "are", "was",
                          "has", "have", "will"))


def whole_words(cells: list[list[dict[str, Any]]]) -> set[str]:
    """Words seen whole in a table's cells (not at either end of a wrapped line), lower case:
    what tells "interviews" / "for" (two words) from "consultati" / "on" (one word cut)."""
    seen: set[str] = set()
    for lines in cells:
        for index, line in enumerate(lines):
            words = _WORD.findall(line["text"])
            inner = words[1 if index else 0 : len(words) - 1 if index < len(lines) - 1 else len(words)]
            seen.update(w.lower() for w in inner)
    return seen


def _cut(before: dict[str, Any], line: dict[str, Any], *, left: float, right: float, vocabulary: set[str]) -> bool:
    """Was the word at the end of ``before`` cut where the column ends, carrying on in ``line``?

    Only a line of one word can end in a cut (a word that does not fit moves to the next line
    whole, and is cut only if it is wider than the column). The words the table uses whole
    decide; failing them, the line reaching the edge within the width of the next letter, and
    that letter in lower case.
    """
    head, tail = before["text"].split(), line["text"].split()
    if len(head) != 1 or not tail or not head[0][-1:].isalnum() or not tail[0][:1].isalnum():
        return False
    end, start = _WORD.findall(head[0]), _WORD.findall(tail[0])
    if not end or not start:
        return False
    joined = (end[-1] + start[0]).lower()
    if joined in vocabulary:
        return True
    if (end[-1].lower() in vocabulary and start[0].lower() in vocabulary) or start[0] in _SMALL_WORDS:
        return False
    nxt = next(c for c in line["chars"] if not c["text"].isspace())
    fits_next = before["x1"] + (nxt["x1"] - nxt["x0"]) <= right - 0.3
    carries_on = (tail[0][:1].islower() and head[0][-1:].isalpha()) or (tail[0][:1].isdigit() and
                                                                       head[0][-1:].isdigit())
    return not fits_next and carries_on and right - left > 0


def cell_lines(chars: list[Char]) -> list[dict[str, Any]]:
    """A cell's lines of text (see :func:`text_lines`)."""
    return text_lines(chars)


def cell_text(lines: list[dict[str, Any]], bbox: tuple[float, float, float, float], vocabulary: set[str]) -> str:
    """The text of one table cell, wrapped lines joined back, deliberate breaks kept as ``\\n``.

    Args:
        lines: The cell's lines (:func:`cell_lines`).
        bbox: The cell's box (x0, top, x1, bottom).
        vocabulary: Words the table uses whole (:func:`whole_words`).
    """
    if not lines:
        return ""
    left_pad = max(0.0, min(min(line["x0"] for line in lines) - bbox[0], 12.0))
    left, right = bbox[0] + left_pad, bbox[2] - left_pad  # the padding is the same both sides
    out = lines[0]["text"]
    for before, line in zip(lines, lines[1:], strict=False):
        size = float(line["chars"][0].get("size", 10.0))
        first = _word_width(line, first=True)
        if _BULLET.match(line["text"]) or before["x1"] + 0.3 * size + first < right - 0.5:
            out += "\n" + line["text"]  # the next word would have fitted: the writer broke the line
        elif _cut(before, line, left=left, right=right, vocabulary=vocabulary):
            out += line["text"]  # one word too wide for the column, cut where the column ends
        else:
            out += " " + line["text"]
    return out


def paragraphs(chars: list[Char], *, page_width: float) -> list[tuple[float, str, float]]:
    """Text outside tables as paragraphs with their tops: a line joins the one above it when both
    are in the same font and size, close together, and the first word of the line would not have
    fitted at the end of the one above (it wrapped: a title over two lines), not when the line
    above stopped short ("as at 30 June 2024" under a title). The text's right edge is taken to
    mirror its left one. Each paragraph comes with its top and its font size."""
    lines = text_lines(chars)
    if not lines:
        return []
    right = max(page_width - min(line["x0"] for line in lines), max(line["x1"] for line in lines))
    out: list[tuple[float, str, float]] = []
    previous: dict[str, Any] | None = None
    for line in lines:
        char = line["chars"][0]
        font = (char.get("fontname"), round(float(char.get("size", 0)), 1))
        if previous is not None and out:
            last_char = previous["chars"][0]
            same_font = font == (last_char.get("fontname"), round(float(last_char.get("size", 0)), 1))
            wrapped = previous["x1"] + 0.3 * font[1] + _word_width(line, first=True) > right
            if same_font and wrapped and line["top"] - previous["bottom"] < 0.6 * font[1]:
                out[-1] = (out[-1][0], out[-1][1] + " " + line["text"], out[-1][2])
                previous = line
                continue
        out.append((float(line["top"]), line["text"], font[1]))
        previous = line
    return out
