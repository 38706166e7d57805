"""The ruling lines a PDF table is found by, with the edge a page break leaves open drawn in.

When a row is too tall to move whole to the next page, Chromium (a committee system's HTML
printed to PDF) and ReportLab's ``splitInRow`` draw the part on each page with its column
lines running to the page's edge and no line across the end: the row is left open, and
pdfplumber's "lines" strategy, which needs a cell closed on four sides, loses it. LibreOffice and
Word close each part. Here the open end is closed: where two or more column lines of a ruled
table (one with lines across it) stop at the same height with nothing drawn across them there,
a line is added.
"""

from __future__ import annotations

from typing import Any

_SAME = 1.0  # points: column lines ending this close end at the same height
_COVERED = 0.9  # of the table's width: a line across this much of it is a row line
_OPEN = 0.1  # of the table's width: an end with less than this drawn across it is open (a merged
# cell leaves a gap in a row line, so a row line with gaps is not an open end)


def open_ends(page: Any) -> list[dict[str, Any]]:
    """Lines across the ends that a page break left open (for ``explicit_horizontal_lines``)."""
    edges = page.edges
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2 * _SAME]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    if len(verticals) < 2 or not horizontals:
        return []
    added: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        for y, group in _grouped(verticals, end):
            left, right = min(e["x0"] for e in group), max(e["x1"] for e in group)
            if len(group) < 2 or right - left < 4 * _SAME:
                continue
            if _covered(horizontals, y, left, right) >= _OPEN * (right - left):
                continue  # closed already, perhaps with a merged cell across the line
            # Ruled: a line across the same columns somewhere along them (the row lines above).
            lo, hi = min(e["top"] for e in group), max(e["bottom"] for e in group)
            across = {round(h["top"], 1) for h in horizontals if lo - _SAME <= h["top"] <= hi + _SAME}
            if not any(_covered(horizontals, level, left, right) >= _COVERED * (right - left) for level in across):
                continue
            added.append({"object_type": "line", "x0": left, "x1": right, "top": y, "bottom": y,
                          "width": right - left, "height": 0.0})
    return added


def _grouped(verticals: list[dict[str, Any]], end: str) -> list[tuple[float, list[dict[str, Any]]]]:
    """Column lines grouped by where they end (their top, or their bottom)."""
    groups: list[tuple[float, list[dict[str, Any]]]] = []
    for edge in sorted(verticals, key=lambda e: e[end]):
        if groups and edge[end] - groups[-1][0] <= _SAME:
            groups[-1][1].append(edge)
        else:
            groups.append((float(edge[end]), [edge]))
    return groups


def _covered(horizontals: list[dict[str, Any]], y: float, left: float, right: float) -> float:
    """How much of [left, right] the horizontal lines at height ``y`` cover."""
    spans = sorted((max(left, h["x0"]), min(right, h["x1"])) for h in horizontals
                   if abs(h["top"] - y) <= _SAME * 1.5 and h["x1"] > left and h["x0"] < right)
    total, reach = 0.0, left
    for start, stop in spans:
        if stop > reach:
            total += stop - max(start, reach)
            reach = stop
    return total
