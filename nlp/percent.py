"""How far through an action is: "70%", "half done", "three quarters", "3 of 4 workshops held".

Only percentages that describe progress count: "Assessment rate of 70% maintained", "70% plus
return on investment" or "78% penetration" are measures, not progress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.records import quick_init

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUMBER = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)
_PROGRESS_AFTER = (
    r"(?:complete[d]?|done|through|thru|there|finished|of\s+the\s+way|of\s+the\s+work|of\s+the\s+project|"
    r"of\s+the\s+action|in|progress|drafted|written|delivered|implemented|achieved|so\s+far|now|"
    r"towards|to\s+completion|along|mark|point|of\s+the\s+(?:whole|total|overall|programme|job))"
)
# Words after a figure that make it progress even beside a measure ("70% complete", "60% of the way").
_STRONG_AFTER = re.compile(
    r"\s+(?:complete[d]?|done|through|thru|finished|of\s+the\s+(?:way|work|project|action|whole|total|overall|programme|job)"
    r"|drafted|written|delivered|implemented|to\s+completion)",
    re.IGNORECASE,
)
_HEDGE_BEFORE = (
    r"(?:about|abt|approx\.?|approximately|around|roughly|nearly|almost|over|circa|c\.|at|now|is|are|we're"
    r"|we\s+are|just\s+over|just\s+under|some|est\.?|estimated)"
)

_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {**_WORD_NUMBERS, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "hundred": 100, "one hundred": 100, "a hundred": 100}  # fmt: skip
_WORD_PERCENT = (
    rf"(?:{'|'.join(_TENS)})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|(?:one\s+|a\s+)?hundred|{'|'.join(k for k in _UNITS if ' ' not in k)}"
)
PERCENT = re.compile(
    rf"(?<!\d)(?<!\d\.)(?<![A-Za-z])(?P<n>\d{{1,3}}|{_WORD_PERCENT})(?:\s?%|\s?(?:per\s?cent\b|pc\b))\+?"
    rf"(?P<after>\s+{_PROGRESS_AFTER}\b)?",
    re.IGNORECASE,
)
_DONE_BEFORE = re.compile(r"\b(?:completed|done|finished|delivered|through)\s+(?:about\s+|around\s+)?$", re.I)
_CHANGE_BEFORE = re.compile(
    r"\b(?:by|from|to|(?:increase|rise|fall|drop|reduction|cut|growth|improvement|decrease|saving|savings|"
    r"uplift|change)\s+of|up|down)\s*$",
    re.IGNORECASE,
)
# A guess said after a figure that stands alone ("70% i reckon", "60pc or so"): the figure is progress.
_GUESS_AFTER = (
    r"(?:i\s+(?:reckon|think|guess|would\s+say|'d\s+say|d\s+say|believe|estimate)|i'd\s+say|id\s+say|or\s+so|"
    r"ish|give\s+or\s+take|at\s+a\s+guess|roughly|approx(?:imately)?)\b"
)
_HEDGED = re.compile(rf"\b{_HEDGE_BEFORE}\s*$", re.IGNORECASE)
_MEASURE_AFTER = re.compile(
    r"^\s*(?:of\b|plus\b|increase|decrease|reduction|return|rate|penetration|target|of\s+staff)", re.I
)
# (not "target group", "target hardening", "the target wards": who or what the work is for)
_NOT_A_TARGET = (
    r"(?!\s+(?:group|groups|hardening|audience|audiences|area|areas|wards?|population|cohort|families|schools))"
)
_MEASURE_NEAR = re.compile(
    rf"\b(?:target{_NOT_A_TARGET}|targets|current|baseline|indicators?|performance|bvpi|against|rates?|scores?|"
    r"satisfaction|"
    r"outturn|actual|e-enablement|penetration|attendance|absence|aim|aiming|goal|ambition|objective|"
    r"respondents|responses?|returns|survey|satisfied|satisfaction|turnover|sickness|vacancy|vacancies|collection|"
    r"benchmark|average|quartile|figures?|statistics|ni|pi|kpi|lpi|bv|uptake|take-up|coverage|compliance|"
    r"occupancy|utilisation|utilization|turnout|conversion|measures?|outcomes?)\b",
    re.IGNORECASE,
)
# A count of the work: "3", "41", "1,912" (with its thousands separator), or a number word.
_COUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})+|{_NUMBER})"
_FRACTION = re.compile(
    rf"(?<![\w.,])(?P<k>{_COUNT})\s+(?:(?:out\s+)?of\s+(?:the\s+|our\s+|their\s+)?"
    r"(?:planned\s+|agreed\s+|targeted\s+|required\s+|eligible\s+|original\s+|scheduled\s+)?"
    rf"|in\s+|[a-z]{{3,}}\s+(?P<inside>(?:done|completed|visited|finished|trained|held|delivered|seen|recruited|"
    rf"appointed|filled|installed|fitted|inspected|surveyed|reviewed|audited|signed\s+up|in\s+place)\s+)?"
    rf"out\s+of\s+(?:the\s+)?)"
    rf"(?P<n>{_COUNT})\b(?![,.]\d)(?!\s*(?:year|%))",
    re.IGNORECASE,
)
# What a count is followed by when it counts work done ("3 of 4 workshops held"): a word for done,
# or any past participle but those that tell of something other than work done ("3 of 4 posts
# required", "2 of the 5 sessions planned").
_NOT_DONE = (
    r"(?:need|requir|plann|schedul|expect|propos|involv|affect|bas|relat|concern|book|delay|postpon|shortlist|"
    r"cancell?|defer|outstand|remain|fail|reject|award|target|identifi|allocat|fund|budget|cost|"
    r"estimat|forecast|predict|project|intend|want|hop|aim|us|mention|list|includ|respond|improv|increas|decreas|"
    r"declin|deteriorat|reduc|worsen|chang|rais|lower|achiev(?=ed\s+(?:target|level|grade|standard)))ed"
)
_DONE = (
    r"(?:held|done|completed?|delivered|visited|live|finished|signed|approved|in\s+place|run|trained|"
    r"appointed|received|returned|submitted|carried\s+out|undertaken|launched|recruited|filled|closed|"
    r"agreed|published|taken\s+place|written|seen|sent|built|made|given|drawn\s+up|set\s+up|"
    r"(?:are|is)\s+(?:now\s+)?(?:in|back)(?=\s*(?:[.,;!)]|$|now\b|so\s+far\b))|"
    r"(?:are|is)\s+(?:now\s+)?(?:using|across)\b|in\s+use\b|now\s+(?:using|open|running|operating)\b|"
    r"up\s+and\s+running\b|operational\b|running\s+(?=in\b)|"
    rf"(?!{_NOT_DONE}\b)(?:[a-z]+-)?[a-z]{{3,}}ed)"
)
# A word for doing the work, just before a count ("Completed 10 of 14 reviews", "trained 20 of 25").
_DONE_VERB_BEFORE = re.compile(
    rf"\b(?:have|has|we've|we\s+have|now|so\s+far|already)?\s*(?:{_DONE})\s*[:(–—-]?\s*"
    r"(?:(?:in|at|across|to|on|for)\s+(?:the\s+)?)?(?:about\s+|around\s+|some\s+)?$"
    # "completed the gas safety checks in 1,912 of our 2,010 homes", "completed visits to four of the
    # six providers": what was done, then where
    r"|\b(?:completed|finished|carried\s+out|undertaken|delivered|done|made|placed|installed|introduced|"
    r"rolled\s+out|set\s+up|put|fitted|opened|launched|appointed|recruited|trained)\s+(?:(?:the|our|their)\s+)?"
    r"(?:[a-z'-]+\s+){1,3}?(?:in|at|across|on|for|to|with)\s+(?:the\s+)?$"
    # "ive got 7 out of 10 team plans in"
    r"|\b(?:i've|ive|we've|weve|i\s+have|we\s+have|now)\s+got\s+(?:back\s+)?$"
    # "back from all but one of the 8 teams", "returns from 9 of the 12 schools"
    r"|\b(?:back|returns?|returned|received|heard|responses?|replies|feedback)\s+from\s+(?:all\s+but\s+)?$",
    re.IGNORECASE,
)
# What follows a count of the work done ("… workshops held", "… carers have had the refresher", "…
# centres now doing the new assessment", "… cohorts through the training"), with no word between
# that says otherwise ("… posts still vacant", "… have not returned").
_FOLLOWED_BY_DONE = re.compile(
    r"^\s+(?:(?!(?:not|no|yet|still|outstanding|remaining|vacant|left|refused|failed|declined|missing|"
    r"awaiting|waiting|due|to)\b)[a-z'-]+\s+){0,8}?(?:(?:have|has|had|now|all|been|are|were)\s+){0,2}"
    rf"(?:{_DONE}|had\s+(?!not\b|no\b)|got\s+|through\b|back\b|met\b|"
    r"now\s+(?:have|doing|using|on|in|live|running|open)\b|(?:are|is)\s+(?:now\s+)?(?:complete|done|live|finished)\b|"
    r"(?:have|has)\s+(?:[a-z'-]+\s+){1,5}?in(?=\s*(?:[.,;!)]|$|now\b|place\b)))",
    re.IGNORECASE,
)
_DONE_WORD = rf"(?:{_DONE}|complete|through)"
# The word just after a count's total that names the set it counts ("of the 50 outstanding cases").
_SET_NAMED = re.compile(r"\s+(?:outstanding|remaining)(?=\s+[a-z])", re.IGNORECASE)
_DONE_AND_LEFT = re.compile(
    rf"(?<![\w.,])(?:(?P<v1>{_DONE_WORD})\s+)?(?P<k>{_COUNT})(?:\s+[a-z'-]+){{0,3}}?(?:\s+(?P<v2>{_DONE_WORD}))?"
    r"\s*[,;–—-]?\s*(?:and\s+|with\s+|but\s+|so\s+)?(?:only\s+|just\s+)?"
    rf"(?P<m>{_COUNT})\s+(?:more\s+|still\s+|others?\s+|[a-z'-]+\s+)?(?:to\s+go|left|remaining|outstanding|still\s+to\s+do)\b",
    re.IGNORECASE,
)
# "all but one of the 6 workshops": the count is of those not yet done.
_ALL_BUT_BEFORE = re.compile(r"\ball\s+but\s+$", re.IGNORECASE)
_SLASHED = re.compile(
    r"(?<![\d/.])(?P<k>[1-9]|[1-9]\d{1,2})\s?/\s?(?P<n>[2-9]|[1-9]\d{1,2})(?![\d/])"
    rf"(?=\s+(?:done|complete[d]?|through|thru|finished|there|of\s+the\s+way|(?:[a-z'-]+\s+){{0,3}}?{_DONE})\b)",
    re.IGNORECASE,
)
# "done 2/3 of the visits": a fraction of the things done, after the word for done
_SLASHED_OF = re.compile(
    r"\b(?:done|completed|finished|through|thru)\s+(?P<k>[1-9]|[1-9]\d{1,2})\s?/\s?(?P<n>[2-9]|[1-9]\d{1,2})"
    r"(?![\d/])(?=\s+of\s+(?:the|our|all|its|their|them|these|those)\b)",
    re.IGNORECASE,
)
# "maybe 2/3", "abt 3/4.": a guess ending its clause, in the fractions that are never read as dates
_SLASHED_GUESS = re.compile(
    r"\b(?:maybe|about|abt|roughly|approx\.?|approximately|nearly|almost|around|prob|probably|perhaps)\s+"
    r"(?P<k>[1-3])\s?/\s?(?P<n>[2-4])(?![\d/])(?=\s*(?:[.,;!?)]|$|i\s+(?:reckon|think|guess)\b))",
    re.IGNORECASE,
)
# A share of a count of things, told at the end of its clause ("All 3 posts filled.").
_SHARE = re.compile(
    rf"(?<![\w-])(?P<q>all|half)\s+(?:(?:of\s+)?the\s+)?(?:{_NUMBER}\s+)?(?:[a-z'-]+\s+){{1,3}}?"
    r"(?:(?:now|have|has|been|are|were|all)\s+){0,3}"
    rf"(?:{_DONE}|signed\s+up)(?:\s+(?:the|their|its)(?:\s+[a-z-]+){{1,2}})?"
    r"(?=\s*(?:[.,;!)]|$|now\b|so\s+far\b))",
    re.IGNORECASE,
)
_MEASURE_COUNT = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:indicators?|pis?|kpis?|targets?|measures?|bvpis?|nis?|criteria|standards?)\b",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(
    rf"^\s+of\s+(?:the\s+|our\s+|all\s+)?(?:[a-z'-]+\s+){{1,5}}?(?:(?:have|has|had|been|are|were|now)\s+){{0,2}}"
    rf"{_DONE}\b(?!\s+(?:within|on\s+time|in\s+time|to\s+timescale|in\s+timescale|"
    rf"in\s+(?:under\s+)?\d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|working\s+days|weeks?)\b))",
    re.IGNORECASE,
)
# How a share of the work ends when it says the work itself is done ("… of the survey is done").
_WORK_FINISHED = re.compile(r"\b(?:is|are|been|now)\s+(?:done|complete[d]?|finished)\s*$", re.IGNORECASE)
# A share told as a target or a measure: "Target of 70% of staff trained by March".
_TARGET_IN_SENTENCE = re.compile(
    rf"\b(?:target{_NOT_A_TARGET}|targets|aim|aiming|goal|baseline|indicators?|ambition|objective|standard|figures?)\b",
    re.I,
)
# "Year 4 of 5", "Phase 2 of 3": the position of one part, not a share of the work.
_FRACTION_BEFORE_STOP = re.compile(
    r"\b(?:year|years|level|page|item|phase|stage|step|part|y|chapter|section|volume|no\.?|number|"
    r"version|draft)\s*$",
    re.I,
)
_WORDS = re.compile(
    r"\b(?P<w>(?:about\s+|around\s+|roughly\s+)?(?:half\s*(?:way|done|complete[d]?|finished|through|there)"
    r"|half\s+(?:of\s+)?(?:the\s+)?(?:work|job|project|actions?|tasks?)"
    r"|halfway|(?:three|3)[\s-]quarters?|(?:a|one|1)\s+quarter|(?:two|2)[\s-]thirds|2/3rds|(?:a|one|1)[\s-]third"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|a)[\s-]tenths?))\b",
    re.IGNORECASE,
)
_WORD_VALUES = (("three", 75), ("quarter", 25), ("two", 67), ("third", 33), ("half", 50))


@quick_init
@dataclass(frozen=True, slots=True)
class PercentMention:
    """A progress figure and where it was written."""

    value: int
    start: int
    end: int
    text: str


def find_percent(text: str) -> PercentMention | None:
    """The progress figure the text gives, if any (the first one that reads as progress)."""
    # Each reader's patterns need one of its words: without any, it is not run. (Only for text in
    # ASCII: outside it, case-insensitive matching has equivalents, "ſ" for "s", that ``lower`` lacks.)
    lower, plain = text.lower(), text.isascii()
    found = [
        read(text) if not plain or any(map(lower.__contains__, needs)) else None for read, needs in _READERS
    ]
    percent, _, words = found[:3]
    if percent is not None and words is not None:
        found.remove(words)  # "more than half way, maybe 55%": the figure is more exact than the words
    candidates = [m for m in found if m is not None]
    return min(candidates, key=lambda m: m.start) if candidates else None


def _percent(text: str) -> PercentMention | None:
    measured = -1  # where the sentence of the last figure read as a measure starts
    for match in PERCENT.finditer(text):
        value = _percent_value(match.group("n"))
        if value > 100:
            continue
        tail = text[match.end() :]
        if _CHANGE_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue  # "reduced sickness absence by 10%": a change in a measure, not progress
        hedged = _HEDGED.search(text, max(0, match.start() - 40), match.start()) is not None
        standalone = re.match(
            rf"^\s*(?:[.,;!?()–—-]|$|complete|too\b|as\s+well\b|also\b|each\b|apiece\b|{_DONE}\b|{_GUESS_AFTER})",
            tail, re.I,
        )  # "25% each", "75% cleared", "seventy per cent i reckon"
        sentence_start = _sentence_start(text, match.start())
        strong_after = match.group("after") and _STRONG_AFTER.match(match.group("after"))
        share = _SHARE_OF.match(tail)
        # "85% of the retrofit survey is done": the survey is the work, so a measure's word inside
        # the share does not make the figure a measure; one outside it still does
        work_share = share is not None and _WORK_FINISHED.search(share.group(0)) is not None
        after_share = tail[share.end() :] if share is not None and work_share else tail
        if not strong_after and (
            measured == sentence_start  # "satisfaction 61%, was 48%", "target 80%, we're at 74%"
            or (
                not match.group("after")
                # (within the figure's sentence: "roll-out is at 60%. Screening coverage is 9%" has two)
                and _MEASURE_NEAR.search(
                    text[max(0, match.start() - 30, sentence_start) : match.start()]
                    + " "
                    + after_share[:25].split(". ")[0]
                )
            )
            # "response rate only 34% so far": a measure even with a word that can tell progress
            or (match.group("after") and _MEASURE_NEAR.search(text, max(0, match.start() - 20), match.start()))
        ):
            measured = sentence_start
            continue  # "current 71%, target 85%": a measure and its target, not progress
        if _ALL_BUT_BEFORE.search(text, max(0, match.start() - 10), match.start()):
            value = 100 - value  # "all but 10% of files now scanned"
        sentence = _sentence_around(text, match.start())
        if share is not None and work_share:
            sentence = sentence.replace(share.group(0), " ")
        if share and not (_TARGET_IN_SENTENCE.search(sentence) or _MEASURE_NEAR.search(sentence)):
            # "75% of the audits done", "60% of staff trained so far": a share of the work done
            end = match.end() + share.end()
            return PercentMention(value, match.start(), end, text[match.start() : end])
        done_before = _DONE_BEFORE.search(text, max(0, match.start() - 20), match.start()) is not None
        if match.group("after") or done_before or (hedged and not _MEASURE_AFTER.match(tail)) or standalone:
            if done_before:  # "Completed 80% of the audits"
                return PercentMention(value, match.start(), match.end(), match.group(0))
            if _MEASURE_AFTER.match(tail) and not match.group("after"):
                continue
            return PercentMention(value, match.start(), match.end(), match.group(0))
    return None


def _sentence_start(text: str, index: int) -> int:
    """Where the sentence of ``text`` that holds ``index`` starts (a semicolon does not end one:
    "Target 85%; currently at 71%" is one measure)."""
    return max(text.rfind(stop, 0, index) for stop in (". ", "\n")) + 1


def _sentence_around(text: str, index: int) -> str:
    """The sentence (or clause between semicolons) of ``text`` that holds ``index``."""
    start = max(text.rfind(stop, 0, index) for stop in (". ", "; ", "\n"))
    ends = [i for i in (text.find(stop, index) for stop in (". ", "; ", "\n")) if i >= 0]
    return text[start + 1 : min(ends) if ends else len(text)]


def _fraction(text: str) -> PercentMention | None:
    for match in _FRACTION.finditer(text):
        done, total = _number(match.group("k")), _number(match.group("n"))
        if not (0 < total <= 100_000 and 0 <= done <= total) or _FRACTION_BEFORE_STOP.search(
            text, max(0, match.start() - 40), match.start()
        ):
            continue
        if _MEASURE_COUNT.match(text, match.end()):
            continue  # "3 of 4 indicators improved": a count of measures, not of work done
        if _ALL_BUT_BEFORE.search(text, max(0, match.start() - 10), match.start()):
            done = total - done  # "all but one of the 6 workshops held"
        after = text[match.end() : match.end() + 80]
        value = int(100 * done / total + 0.5)
        # "3 of 4 workshops held", "one of three sites live", "18 of 24 carers have had the
        # refresher": a count followed by what was done.
        if match.group("inside"):  # "6 parishes done out of 10": what was done, inside the count
            return PercentMention(value, match.start(), match.end(), match.group(0))
        # "30 of the 50 outstanding cases have been done": the word names the set counted, not what is left
        named = _SET_NAMED.match(after)
        skip = named.end() if named else 0
        followed = _FOLLOWED_BY_DONE.match(after[skip:])
        if followed:
            end = match.end() + skip + followed.end()
            return PercentMention(value, match.start(), end, text[match.start() : end])
        # "Completed 10 of 14 reviews": the word for what was done comes first.
        before = _DONE_VERB_BEFORE.search(text, max(0, match.start() - 50), match.start())
        if before and not re.match(r"^\s*(?:year|%)", after, re.I):
            start = before.start() + len(before.group(0)) - len(before.group(0).lstrip())
            return PercentMention(value, start, match.end(), text[start : match.end()])
    return None


def _done_and_left(text: str) -> PercentMention | None:
    """ "finished 26 risk assessments, 4 more to go", "12 done, 3 left": the share done of the two."""
    for match in _DONE_AND_LEFT.finditer(text):
        if not (match.group("v1") or match.group("v2")):
            continue  # "4 sessions, 2 to go": nothing said to be done
        done, left = _number(match.group("k")), _number(match.group("m"))
        if done + left == 0:
            continue
        return PercentMention(int(100 * done / (done + left) + 0.5), match.start(), match.end(), match.group(0))
    return None


def _slashed(text: str) -> PercentMention | None:
    """ "2/3 done", "about 3/4 through", "done 2/3 of the visits", "not finished, maybe 2/3": a
    fraction, not a date, when progress words follow it or come before it with what it is a
    fraction of, or a guess ends its clause with one that is never a date (a half, thirds, quarters)."""
    match = _SLASHED.search(text) or _SLASHED_OF.search(text) or _SLASHED_GUESS.search(text)
    if match is None:
        return None
    done, total = int(match.group("k")), int(match.group("n"))
    if done >= total:
        return None
    return PercentMention(int(100 * done / total + 0.5), match.start(), match.end(), match.group(0))


def _share(text: str) -> PercentMention | None:
    """ "All 3 posts filled" (100), "half the teams have been trained" (50)."""
    match = _SHARE.search(text)
    if match is None:
        return None
    value = 100 if match.group("q").lower() == "all" else 50
    return PercentMention(value, match.start(), match.end(), match.group(0))


def _words(text: str) -> PercentMention | None:
    match = _WORDS.search(text)
    if match is None:
        return None
    lower = match.group("w").lower().replace("2/3rds", "two thirds")
    lower = re.sub(r"\b3\b", "three", re.sub(r"\b2\b", "two", re.sub(r"\b1\b", "one", lower)))
    if "tenth" in lower:  # "seven tenths through"
        count = lower.split()[-1].split("-")[0] if "-" in lower.split()[-1] else lower.split()[-2]
        tenths = 1 if count == "a" else _WORD_NUMBERS[count]
        return PercentMention(10 * tenths, match.start(), match.end(), match.group(0))
    value = next(v for key, v in _WORD_VALUES if key in lower)
    if "two" in lower and "third" not in lower:
        value = 50
    return PercentMention(value, match.start(), match.end(), match.group(0))


# Each reader, and the words one of which every match of its patterns contains.
_READERS = (
    (_percent, ("%", "cent", "pc")),
    (_fraction, ("of", "in")),
    (_words, ("half", "quarter", "third", "tenth", "2/3rds")),
    (_share, ("all", "half")),
    (_slashed, ("/",)),
    (_done_and_left, ("go", "left", "remaining", "outstanding", "to do")),
)


def _percent_value(text: str) -> int:
    """ "70" -> 70, "sixty" -> 60, "seventy-five" -> 75."""
    if text.isdigit():
        return int(text)
    words = re.split(r"[\s-]+", text.lower())
    if words[-1] == "hundred":
        return 100
    value = _TENS.get(words[0]) or _UNITS[words[0]]
    return value + (_WORD_NUMBERS[words[1]] if len(words) > 1 else 0)


def _number(text: str) -> int:
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else _WORD_NUMBERS[text.lower()]
