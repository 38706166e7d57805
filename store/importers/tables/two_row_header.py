"""Headers written over two rows: a group header above the columns it spans.

Councils head related columns with one cell spanning them and name each column in the row below:
"Timescale" over "Start | End", "RAG status" over "Progress | Outcome". Saved as CSV the group
header stands over its first column with blanks to its right; XLSX and DOCX merge it across, and
the reader repeats it in every column it covers (and repeats a header merged down both rows in the
second row too). Each column is then named in full ("Timescale End") and mapped by meaning like any
other header, so a second row never reads as an action.
"""

from __future__ import annotations

from store.importers.tables.cells import one_line
from store.importers.tables.columns import ColumnMap, map_headers

_LONGEST_LABEL = 40  # characters: a longer cell under a header is data, not a column's name
_MOST_WORDS = 4


def _under_group(top: list[str], index: int) -> bool:
    """Whether column ``index`` sits under a header that spans several columns: its own top
    cell blank (a group header to its left, saved to CSV), or the same text as a neighbour's
    (merged across in XLSX or DOCX), or a blank to its right (the group's first column in CSV)."""
    here = top[index]
    if not here:
        return any(top[:index])
    left = top[index - 1] if index else None
    right = top[index + 1] if index + 1 < len(top) else None
    return here in (left, right) or right == ""


def second_header_row(header: list[str], cells: list[str], columns: ColumnMap) -> ColumnMap | None:
    """The table's columns named over both rows when ``cells`` is the second row of a two-row
    header under ``header``; None when it is not (an ordinary row: an action, a heading).

    It is one when its action cell is blank or repeats the header's, every other cell is blank,
    repeats the header cell above it or is a short label, and each label stands under a group
    header. The combined header must still be a plan header.
    """
    width = max(len(header), len(cells))
    top = [one_line(c) for c in header] + [""] * (width - len(header))
    sub = [one_line(c) for c in cells] + [""] * (width - len(cells))
    action = columns.fields["action"]
    if sub[action] and sub[action] != top[action]:
        return None
    labels = [i for i, text in enumerate(sub) if text and text != top[i]]
    if not labels:
        return None
    for i in labels:
        if len(sub[i]) > _LONGEST_LABEL or len(sub[i].split()) > _MOST_WORDS or not _under_group(top, i):
            return None
    named: list[str] = []
    group = ""
    for i in range(width):
        if top[i]:
            group = top[i]  # a new header, or the same group repeated across its merged columns
        named.append(f"{group} {sub[i]}" if i in labels else top[i])
    combined = map_headers(named)
    if combined is None or "action" not in combined.fields:
        return None
    return combined
