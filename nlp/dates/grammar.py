"""The regular expression that finds date-like spans the way councils write them.

One compiled pattern, tried left to right; each alternative has named groups that
:mod:`nlp.dates.finder` turns into a calendar range. Kept apart so the grammar can be read
(and tested) on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "febuary": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}  # fmt: skip

SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}  # fmt: skip

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|febuary|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thu(?:rs?)?|fri)"
    r"(?![a-z])\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_SUFFIX = r"(?:\s?(?:st|nd|rd|th)\b)"
# (not "10" of "in place since 1st May. 10.2 waiting on HR": a number with a decimal point is a
# reference or a figure, not a year)
_YEAR = r"(?:'?(?:19|20)\d{2}|'?\d{2})(?![\d%]|\s?[-–/]\s?\d|[,.]\d)"
_YEAR4 = r"(?:(?:19|20)\d{2})(?![\d%]|\s?[-–/]\s?\d)"
_NUM = (
    r"(?:\d{1,2}|a\s+couple\s+of|couple\s+of|a\s+few|few|an?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_UNIT = r"(?:days?|working days?|weeks?|wks?|fortnights?|months?|mths?)"  # "2 wks", "3 mths" in chat
_MOD = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:early|mid|middle\s+of|late|end(?:\s+of)?|beginning\s+of|"
    r"start\s+of|begin(?:ning)?|first\s+half\s+of|second\s+half\s+of)(?:\s+|-))"
)
_COP = (
    r"(?:(?:close\s+of\s+(?:play|business)|c\.?o\.?[pb]\.?|eod|end\s+of\s+(?:play|day|business))"
    r"\s+(?:on\s+)?)"
)

DATE_PATTERN = re.compile(
    rf"""
    (?<![^\W\d_])(?=[\w'~])  # only at the start of a word: keeps the scan fast, and "CH141" out
    (?:
    (?P<iso>(?<![\d-])(?:19|20)\d{{2}}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])(?![\d-]))
  | (?P<wc>(?:w/[cb]|w\.[cb]\.|wc|week\s+(?:commencing|beginning|starting)|the\s+week\s+of|week\s+of)\s+
        (?:(?:the\s+)?(?P<wc_d>{_DAY}){_SUFFIX}?(?:\s+of)?[\s-]+(?P<wc_m>{_MONTH})(?:,?[\s-]*(?P<wc_y>{_YEAR}))?
        |(?P<wc_num>\d{{1,2}}[./]\d{{1,2}}(?:[./]\s?(?:19|20)?\d{{2}})?)))
  | (?P<num>(?<![\d.,/£$:#-])(?:
        \d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:(?:19|20)\d{{2}}|\d{{2}})(?!\d|\.\d)
      | \d{{1,2}}/\d{{1,2}}/(?:(?:19|20)\d{{2}}|\d{{2}})(?![\d/])
      | \d{{1,2}}-\d{{1,2}}-(?:(?:19|20)\d{{2}}|\d{{2}})(?![\d-])
      | \d{{2}}\ \d{{2}}\ (?:(?:19|20)\d{{2}}|\d{{2}})(?!\d|\ ?%|[.,]\d)))
  | (?P<dm>(?<![\d/.,£$:-])(?P<dm_d>\d{{1,2}})/(?P<dm_m>\d{{1,2}})(?![/\d%]|\.\d))
  | (?P<day_month>(?:(?P<dm_wd>{_WEEKDAY}),?\s+)?(?:the\s+)?
        (?:(?P<dr_d>{_DAY}){_SUFFIX}?\s*(?:-|–|to)\s*)?
        (?<![\d.,£$:])(?P<d1>{_DAY}){_SUFFIX}?(?:\s+of\s+|[\s-]+|(?<=[a-z])(?=[A-Za-z]))
        (?P<m1>{_MONTH})(?:(?:,\s*|[\s-]+)(?P<y1>{_YEAR}))?)
  | (?P<month_day>(?:(?P<md_wd>{_WEEKDAY}),?\s+)?(?P<m2>{_MONTH})\s+(?:the\s+)?
        (?P<d2>{_DAY})(?P<s2>{_SUFFIX})?
        (?:,?\s+(?P<y2>{_YEAR4}))?(?![\d%]|\.\d|\s?[-–/]\s?\d|[a-h]\.\d))  # not "June. 5a.5": a ref
  | (?P<month>(?P<mod>{_MOD})?(?P<m3>{_MONTH})(?:,?\s*(?P<y3>{_YEAR})|\s+(?P<m3_rel>next|this|last)\s+year\b)?(?![\d%]))
  | (?P<quarter>(?:Q(?P<q>[1-4])|quarter\s+(?P<qn>[1-4])(?![\d%])
        |(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th|final)\s+quarter)
        (?:\s*(?:of\s+)?(?:fy\s*)?(?P<fy>(?:19|20)\d{{2}}|\d{{2}})\s?[/-]\s?(?:(?:19|20)?\d{{2}})(?!\d)
         |\s*(?:of\s+)?(?P<qy>(?:19|20)\d{{2}}|'\d{{2}}|\d{{2}}(?![\d%/-])))?)
  | (?P<season>(?P<smod>{_MOD})?(?P<sn>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<sy>{_YEAR}))?)
  | (?P<endof>(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<eo_which>this\s+|next\s+|last\s+|current\s+)?
        (?P<eo_fin>financial\s+|calendar\s+)?(?P<eo_unit>week|wk|month|mth|year|yr|quarter)(?:\s+(?P<eo_y>{_YEAR4}))?)
  | (?P<endyear>(?:the\s+)?end\s+of\s+(?P<ey>{_YEAR4}))
  | (?P<relday>today|yesterday|tomorrow|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|last\s+night
        |(?:yday|yest|tmrw|tomorow)(?![a-z]))
  | (?P<weekday>(?P<cop>{_COP})?(?:(?P<wd_mod>last|next|this\s+coming|this|coming)\s+)?(?P<wd>{_WEEKDAY})
        (?:\s+(?P<wd_week>week|wk|next\s+week|last\s+week))?)
  | (?P<relunit>(?P<ru_mod>next|last|this|the\s+coming|the\s+past|the\s+last|the\s+next)\s+
        (?P<ru_unit>week|wk|month|mth|year|yr|fortnight|quarter))
  | (?P<inn>(?:in|within|eta)\s+(?:about\s+|around\s+|another\s+|the\s+next\s+)?
        (?P<in_n>{_NUM})\s+(?P<in_u>{_UNIT})(?:'?s?\s+time)?)
  | (?P<ago>(?P<ago_n>{_NUM})\s+(?P<ago_u>{_UNIT})\s+ago)
  | (?P<time>(?P<t_n>{_NUM})\s+(?P<t_u>{_UNIT})'?s?\s+time)
  | (?P<ordinal>(?P<od_the>the\s+)?(?P<od>{_DAY})(?:st|nd|rd|th)\b)
  | (?P<xmas>christmas|xmas)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

# The words a match of DATE_PATTERN can begin with (each alternative starts with a digit or with
# one of these): a whole run of letters, or for the last group the start of one ("todays",
# "springtime" and "Christmastide" begin a match). Trying the pattern only where one of them
# starts (see _CANDIDATE), or a digit, finds exactly what ``DATE_PATTERN.finditer`` finds in a
# fraction of the time: most words of a reply cannot start a date. ``tests/nlp/test_shortcuts.py``
# checks the two agree.
_FIRST_WORDS = frozenset({
    "jan", "january", "feb", "february", "febuary", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
    "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "weds", "w", "wc", "week", "the", "very", "early", "mid", "middle", "late", "end",
    "beginning", "start", "begin", "first", "second", "third", "fourth", "final", "q", "this", "earlier",
    "close", "c", "co", "cop", "cob", "eod", "last", "next", "coming", "in", "within", "a", "an", "couple",
    "few", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
})  # fmt: skip
_FIRST_PREFIXES = ("today", "yesterday", "tomorrow", "tonight", "spring", "summer", "autumn", "fall", "winter",
                   "christmas", "xmas", "yday", "yest", "tmrw", "tomorow")  # fmt: skip
_UNITS_AHEAD = r"\s+(?:day|working|week|wk|fortnight|month|mth)"  # what follows a count: "two weeks", "a month"
_WEEKDAYS_AHEAD = "mon|tue|wed|thu|fri|sat|sun"
# Common words that start a date only before certain words ("the end of", "in two weeks", "this
# Friday"): each with what must follow it (or more: only what the pattern needs is ruled out).
_FOLLOWED = {
    "the": r"\s+(?:week|very|early|mid|late|end|begin|start|first|second|coming|past|last|next|\d)",
    "in": r"\s+(?:a|the|\d|couple|few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)",
    "eta": r"\s+(?:a|the|about|around|another|\d|couple|few|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve)",
    "this": rf"\s+(?:coming|morning|afternoon|evening|week|wk|month|mth|year|yr|fortnight|quarter|{_WEEKDAYS_AHEAD})",
    "last": rf"\s+(?:week|wk|month|mth|year|yr|fortnight|quarter|night|{_WEEKDAYS_AHEAD})",
    "next": rf"\s+(?:week|wk|month|mth|year|yr|fortnight|quarter|{_WEEKDAYS_AHEAD})",
    "a": r"\s+(?:couple|few|day|working|week|wk|fortnight|month|mth)",
    "an": _UNITS_AHEAD,
    "first": r"\s+(?:quarter|half)",
    "second": r"\s+(?:quarter|half)",
    "third": r"\s+quarter",
    "fourth": r"\s+quarter",
    "final": r"\s+quarter",
    "quarter": r"\s+[1-4](?![\d%])",  # "Quarter 2 2025/26"
    "start": r"\s+of",
    **{number: _UNITS_AHEAD for number in NUMBER_WORDS if " " not in number and len(number) > 2},
}
# A match that starts with a digit starts with a day, month, count or year: one or two digits and
# then an ordinal ("1st", "3 rd"), a dash or "to" ("26-30", "2 to 3"), a month ("12 June", "3-Jul",
# "5 of May"), a unit ("3 weeks"), a dotted, slashed or spaced date ("28.02.06", "12/6", "28 02 06"),
# or an ISO year ("2006-"). ("7.2 done", "10 staff" and "2006" start none.)
_DIGIT_AHEAD = (
    r"(?=\d{1,2}(?:\s?(?:st|nd|rd|th)|\s*(?:-|–|to)"
    r"|(?:\s+of\s+|[\s-]+)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\s+(?:day|working|week|wk|fortnight|month|mth)|\.\s?\d{1,2}\.|/\d| \d)|\d{4}-)\d"
)


def _trie(words: list[str]) -> str:
    """A regular expression for exactly ``words``, its branches sharing their prefixes (the engine
    tries alternatives one by one; a trie lets the first letter rule most of them out)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


# Where a match can begin in ASCII text, found by one scan in C over the text lower-cased (which
# in ASCII keeps every offset): a digit as above, one of the first words as a whole word (the
# common ones only before what they need), or a word that begins with one of the prefixes. Each
# shortcut is a condition the pattern itself needs, so no match is lost. Outside ASCII, where
# case-insensitive matching has equivalents that ``lower`` lacks ("ſept" is "sept"), the pattern
# is tried at every word. ``tests/nlp/test_shortcuts.py`` checks the scan finds what
# ``DATE_PATTERN.finditer`` finds.
_CANDIDATE = re.compile(
    r"(?<![^\W\d_])(?:"
    + _DIGIT_AHEAD
    + "|"
    + "|".join(f"{word}(?={ahead})" for word, ahead in sorted(_FOLLOWED.items()))
    + "|"
    + _trie(sorted(_FIRST_WORDS - _FOLLOWED.keys()))
    + r"(?![^\W\d_])|"
    + _trie(sorted(_FIRST_PREFIXES))
    + ")"
)
_WORD_OR_DIGIT = re.compile(r"(?<![^\W\d_])(?:\d|[^\W\d_]+)")


def date_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`DATE_PATTERN` in ``text``, left to right, as its ``finditer`` gives them."""
    resume = 0
    match = DATE_PATTERN.match
    candidates = _CANDIDATE.finditer(text.lower()) if text.isascii() else _WORD_OR_DIGIT.finditer(text)
    for candidate in candidates:
        start = candidate.start()
        if start < resume:
            continue
        found = match(text, start)
        if found is not None:
            resume = found.end()
            yield found


# A connector between two dates that makes them one range ("Jan – Mar 06", "June / July 2006").
RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|until|till|through|/|and)\s*$", re.IGNORECASE)
TENTATIVE_AFTER = re.compile(r"^\s*(?:\?|\(?\s*(?:tbc|tbd|provisional|tentative)\b)", re.IGNORECASE)
