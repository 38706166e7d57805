"""Questions about performance indicators: "How is CH141 doing?", "which indicators are off target?",
"show the indicators for overall-2006".

Pure: no database. A question is about indicators when it gives an indicator's code (letters then
digits, "CH141", "DIS1704") or uses a word for them ("indicators", "PIs", "KPIs", "measures"); a
question that names one only by the words of its title ("the latest on repeat referrals") is
recognised by the answerer, which knows the titles.
"""

from __future__ import annotations

import re

INDICATOR_INTENTS = ("indicator_status", "indicators_off_track", "indicators")

# "ch141", "dis1704", "ch01": two to four letters and digits, written together.
CODE = re.compile(r"\b([a-z]{2,4})(\d{1,5})\b")
# Letters that start a date or a week, not a code: "may2006", "wk24".
_NOT_CODES = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                        "wk", "week", "fy", "q", "no", "nos", "sec", "para", "page", "pg", "pp", "p", "ref",
                        "item", "line", "row", "col", "x", "am", "pm"})
INDICATOR_WORD = re.compile(
    r"\b(?:(?:key |performance |safeguarding )*(?:indicators?|kpis?|pis?|measures?|metrics?)|performance figures?"
    r"|(?:monthly |latest )?figures)\b")
OFF_TRACK = re.compile(
    r"\boff (?:track|target|trajectory|course)\b|\bnot on (?:track|target)\b|\b(?:below|under|short of|missing|"
    r"behind|away from|not meeting|not hitting|failing(?: to meet)?) (?:its |their |the )?(?:targets?|trajectory)\b"
    r"|\bred\b|\bamber\b|\bfailing\b|\bworst\b|\bbehind\b|\bat risk\b|\bconcern(?:s|ing)?\b|\bworrying\b"
    r"|\bproblems?\b|\bwrong\b|\bslipping\b|\bexceptions?\b")


def indicator_codes(text: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """The indicator codes in normalised ``text``, upper-cased and in order (``("CH141",)``), and where
    each occurrence is (so its words are not read as a name)."""
    found, spans = [], []
    for match in CODE.finditer(text):
        if match.group(1) not in _NOT_CODES:
            found.append(match.group().upper())
            spans.append(match.span())
    return tuple(dict.fromkeys(found)), spans


def indicator_intent(reading: str, codes: tuple[str, ...]) -> str | None:
    """``indicator_status``, ``indicators_off_track``, ``indicators``, or None when the question is not
    about indicators (as far as its words alone tell)."""
    if codes:
        return "indicator_status"
    if not INDICATOR_WORD.search(reading):
        return None
    return "indicators_off_track" if OFF_TRACK.search(reading) else "indicators"
