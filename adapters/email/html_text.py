"""HTML mail as plain text, keeping what reading a reply needs: quoted parts (``<blockquote>``, Gmail's
and Yahoo's quote containers) become ``> `` lines, table rows become one line each, images their alt
text, and block elements line breaks."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BLOCK = frozenset(("p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                   "hr", "pre", "caption", "thead", "tbody", "tfoot", "section", "article", "header", "footer",
                   "center", "dl", "dt", "dd", "address"))
SKIP = frozenset(("script", "style", "head", "title", "xml", "template"))
CELL = frozenset(("td", "th"))
# Containers that hold a quoted original without a <blockquote> (Yahoo, Outlook.com's divRplyFwdMsg
# is only a header, so it is not here).
QUOTE_CLASSES = re.compile(r"\b(yahoo_quoted|moz-cite-prefix-quoted|protonmail_quote)\b", re.IGNORECASE)
CELL_BREAK = "\x1f"  # between table cells; a tab once whitespace is tidied
VOID = frozenset(("br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.depth = 0
        self.skipping = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, opened a quote)
        self.in_pre = 0

    def _break(self) -> None:
        text = "".join(self.current)
        if not self.in_pre:
            text = re.sub(r"[ \t\r\n\f\v\xa0]+", " ", text).strip()
            text = re.sub(r"\s*\x1f\s*", "\t", text).strip("\t ")
        self.lines.append((self.depth, text))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping += 1
            return
        attr = {k: (v or "") for k, v in attrs}
        if tag == "img":
            alt = attr.get("alt", "").strip()
            if alt:
                self.current.append(f"[{alt}]")
            return
        if tag in CELL and self.current and "".join(self.current).strip():
            self.current.append(CELL_BREAK)
        quote = tag == "blockquote" or bool(QUOTE_CLASSES.search(attr.get("class", "")))
        if tag in BLOCK or quote:
            self._break()
        if tag == "pre":
            self.in_pre += 1
        if quote:
            self.depth += 1
        if tag not in VOID:
            self.stack.append((tag, quote))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag in VOID:
            return
        while self.stack:  # close up to the matching tag (HTML in mail is often unbalanced)
            open_tag, quote = self.stack.pop()
            if open_tag in BLOCK or quote:
                self._break()
            if open_tag == "pre":
                self.in_pre = max(0, self.in_pre - 1)
            if quote:
                self.depth = max(0, self.depth - 1)
            if open_tag == tag:
                break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self._break()
        elif tag == "img":
            self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def html_to_text(markup: str) -> str:
    """The text of an HTML body, quoted parts marked ``> `` (nested: ``> > ``), one line per block."""
    markup = re.sub(r"(?is)<!--.*?-->", " ", markup)
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser._break()
    runs: list[tuple[int, list[str]]] = []  # consecutive lines at one quote depth
    for depth, text in parser.lines:
        text = html.unescape(text).replace("\xa0", " ").rstrip()
        if not runs or runs[-1][0] != depth:
            if not text and runs:
                runs[-1][1].append("")  # a break at the end of the run: one blank line at most
                continue
            runs.append((depth, []))
        runs[-1][1].append(text)
    out: list[str] = []
    for depth, lines in runs:
        lines = "\n".join(lines).strip("\n").split("\n")
        if out and out[-1] != "":
            out.append("")
        for line in lines:
            if not line and out and out[-1] in ("", ">" * depth):
                continue
            out.append(("> " * depth + line).rstrip() if line else ">" * depth)
    return "\n".join(out).strip("\n")
