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


def _groups(top: list[str]) -> list[range]:
    """The columns each header cell spans: itself, and to its right the blanks (a group header
    saved to CSV) or the repeats of its text (merged across in XLSX or DOCX)."""
    spans: list[range] = []
    start = 0
    for index in range(1, len(top) + 1):
        if index == len(top) or (top[index] and top[index] != top[start]):
            spans.append(range(start, index))
            start = index
    return spans


def second_header_row(header: list[str], cells: list[str], columns: ColumnMap) -> ColumnMap | None:
    """The table's columns named over both rows when ``cells`` is the second row of a two-row
    header under ``header``; None when it is not (an ordinary row: an action, a heading).

    It is one when its action cell is blank or repeats the header's, every other cell is blank,
    repeats the header cell above it or is a short label, and the labels stand two or more under
    each group header they are under. The combined header must still be a plan header.
    """
    width = max(len(header), len(cells))
    top = [one_line(c) for c in header] + [""] * (width - len(header))
    sub = [one_line(c) for c in cells] + [""] * (width - len(cells))
    action = columns.fields["action"]
    if sub[action] and sub[action] != top[action]:
        return None
    labels = [i for i, text in enumerate(sub) if text and text != top[i]]
    if not labels or any(len(sub[i]) > _LONGEST_LABEL or len(sub[i].split()) > _MOST_WORDS for i in labels):
        return None
    # Each label stands under a group header together with another label: "Start | End" under
    # "Timescale". (One label beside a blank header cell is a heading row or data, not a header.)
    for span in _groups(top):
        named_here = sum(1 for i in span if i in labels)
        if named_here == 1 or (named_here and not top[span.start]):
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
