"""Plain text from one table cell: HTML fragments become lines, whitespace is tidied."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that start a new line of text when they open or close.
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
_SPACES = re.compile(r"[ \t\u00a0]+")
# A line that only marks a list item: "-" or "•" on its own.
_BULLET_ONLY = re.compile(r"^[-•–]\s*$")


class _CellParser(HTMLParser):
    """Collects text, breaking lines at block-level tags; inline tags (<i>, <u>) are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def has_markup(text: str) -> bool:
    """Whether a cell carries HTML tags (the seeds' cells sometimes do)."""
    return "<" in text and ">" in text and re.search(r"</?[a-zA-Z][^>]*>", text) is not None


def cell_lines(raw: str) -> list[str]:
    """The cell's text as lines: one per HTML paragraph or list item, tidied, none empty.

    Args:
        raw: The cell as found in the file; may hold ``<p>``, ``<ul>``, ``<i>`` fragments.
    """
    if has_markup(raw):
        parser = _CellParser()
        parser.feed(raw)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = raw
    lines = []
    for line in text.splitlines():
        tidy = _SPACES.sub(" ", line).strip()
        if tidy and not _BULLET_ONLY.match(tidy):
            lines.append(tidy)
    return lines


def cell_text(raw: str) -> str:
    """The cell as plain text, paragraphs on separate lines."""
    return "\n".join(cell_lines(raw))


def one_line(text: str) -> str:
    """Collapse a cell's lines into one line (for matching headers and refs)."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
