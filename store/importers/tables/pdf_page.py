"""One page of a PDF plan: its ruled tables as parts, and the paragraphs around them (:mod:`.pdf`).

pdfplumber's "lines" strategy finds the tables Word, Excel and web pages draw with borders; the
characters outside them are the page's paragraphs, with those in the top and bottom margins kept
apart as running headers and footers. Rows drawn without borders between ruled rows are refused
rather than lost.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Any

from store.errors import ImportFileError
from store.importers.tables.pdf_lines import open_ends
from store.importers.tables.pdf_text import Char, cell_lines, cell_text, paragraphs, text_lines, whole_words

_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_EDGE = 2.0  # points: column edges this close are the same column on the next page
_MARGIN = 0.075  # of the page's height: text this near the top or bottom is a running header or footer


class Margin(str):
    """A line in the page's top or bottom margin: a running header or footer. It may head the
    table below it (a sheet's name printed above each page), but it is not the document's title."""

    __slots__ = ()


@dataclass
class Part:
    """One table as drawn on one page."""

    page: int
    rows: list[list[str]]
    single: list[bool]  # per row: one cell across the whole row (a heading), not one cell per column
    edges: tuple[float, ...]  # the columns' left edges and the table's right edge
    heading: str | None = None


def page_blocks(page: Any, counts: dict[str, int], *, name: str) -> list[tuple[float, str | Part]]:
    """A page's paragraphs and ruled tables, top to bottom.

    Raises:
        ImportFileError: a table ruled round only some of its rows (see :func:`_unruled_rows`).
    """
    counts["pages"] += 1
    chars: list[Char] = page.chars
    counts["chars"] += len(chars)
    counts["images"] += len(page.images)
    found = page.find_tables({**_LINES, "explicit_horizontal_lines": open_ends(page)})
    counts["ruled"] += len(found)
    boxes = [t.bbox for t in found]
    outside = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    body_size = _body_size(chars)
    blocks: list[tuple[float, str | Part]] = [
        (top, Margin(text) if (top < _MARGIN * page.height or top > (1 - _MARGIN) * page.height)
         and size <= body_size + 0.5 else text)  # a larger line near the edge is a title, not a header
        for top, text, size in paragraphs(outside, page_width=float(page.width))
    ]
    parts = []
    for table in found:
        part = _part(table, chars, page.page_number)
        if part.rows:
            blocks.append((table.bbox[1], part))
            parts.append((table.bbox, part))
    _unruled_rows(parts, outside, page=page.page_number, name=name)
    blocks.sort(key=lambda block: block[0])
    return blocks


def _body_size(chars: list[Char]) -> float:
    """The page's commonest font size (its body text); running headers and footers are no larger."""
    sizes = Counter(round(float(c.get("size", 0.0)), 1) for c in chars if not c["text"].isspace())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _unruled_rows(parts: list[tuple[Any, Part]], outside: list[Char], *, page: int, name: str) -> None:
    """Refuse a table whose rows are told apart by shading alone (a web page's striped rows: each
    shaded cell is a filled box, so the shaded rows are found as tables and the rows between them
    are not): a line between two tables with the same columns, on one page, whose text breaks at
    two or more of their column edges is a row without borders, which would be lost."""
    parts = sorted(parts, key=lambda found: found[0][1])
    for (above, first), (below, second) in zip(parts, parts[1:], strict=False):
        if not same_columns(first, second):
            continue
        between = [c for c in outside if above[3] <= _middle(c) <= below[1] and _inside(c, (above[0], above[1],
                                                                                          above[2], below[3]))]
        for line in text_lines(between):
            glyphs = sorted((c for c in line["chars"] if not c["text"].isspace()), key=lambda c: c["x0"])
            # Where the text starts again after a gap wider than a space, at a column's left edge.
            starts = [c["x0"] for before, c in zip(glyphs, glyphs[1:], strict=False) if c["x0"] - before["x1"] >= 4]
            breaks = sum(1 for edge in first.edges[1:-1] if any(edge - 0.5 <= x <= edge + 14 for x in starts))
            if breaks >= 2:
                shown = line["text"] if len(line["text"]) <= 40 else line["text"][:39] + "…"
                raise ImportFileError(
                    name, f"page {page}: a table has rows without drawn borders ({shown!r} lies between its "
                    "ruled rows: rows told apart by shading alone?), so those rows would be lost. Chaser reads a "
                    "PDF's tables by their borders: import the .docx, .xlsx or .csv the PDF was made from, or "
                    "give every row borders and export it again")


def _inside(char: Char, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _middle(char: Char) -> float:
    return (char["top"] + char["bottom"]) / 2


def _part(table: Any, chars: list[Char], page: int) -> Part:
    """One drawn table's rows as text. A merged cell's text is repeated in every grid cell it
    covers, across and down, as python-docx and the XLSX reader give merged cells."""
    grid = [list(row.cells) for row in table.rows]
    width = max((len(row) for row in grid), default=0)
    lefts = [min((row[c][0] for row in grid if c < len(row) and row[c] is not None), default=0.0)
             for c in range(width)]
    inside = [c for c in chars if _inside(c, table.bbox)]
    boxes: list[list[Any]] = []
    for r, row in enumerate(grid):
        boxes.append([(row[c] if c < len(row) else None) or _covering(grid, r, c, lefts) for c in range(width)])
    inside.sort(key=_middle)
    middles = [_middle(ch) for ch in inside]
    lines: dict[Any, list[dict[str, Any]]] = {}
    for box in {box for row in boxes for box in row if box}:
        band = inside[bisect_left(middles, box[1]) : bisect_right(middles, box[3])]  # the chars at its height
        lines[box] = cell_lines([ch for ch in band if box[0] <= (ch["x0"] + ch["x1"]) / 2 <= box[2]])
    vocabulary = whole_words(list(lines.values()))
    texts = {box: cell_text(found, box, vocabulary) for box, found in lines.items()}
    rows = [[texts[box] if box else "" for box in row] for row in boxes]
    single = [sum(1 for box in row if box is not None) == 1 and width > 1 for row in grid]
    edges = (*lefts, table.bbox[2])
    return Part(page=page, rows=rows, single=single, edges=tuple(edges))


def _covering(grid: list[list[Any]], r: int, c: int, lefts: list[float]) -> Any:
    """The merged cell that covers grid position (r, c): one to its left reaching over it, else
    one above reaching down to it."""
    x = lefts[c] + 1
    for box in grid[r][:c]:
        if box is not None and box[0] < x < box[2]:
            return box
    top = next((b[1] for b in grid[r] if b is not None), None)
    for above in reversed(grid[:r]):
        box = above[c] if c < len(above) else None
        if box is not None:
            return box if top is not None and box[3] > top + 1 else None
    return None


def same_columns(before: Part, after: Part) -> bool:
    return len(before.edges) == len(after.edges) and all(
        abs(a - b) <= _EDGE for a, b in zip(before.edges, after.edges, strict=True))
