"""Action references in a reply ("7.2 a)", "Re 3.1:", "Action 6.1", "5a 1") and the text each one owns.

References are normalised the way plans number actions: ``7.2``, ``7.2a``, ``5a.1``. A list such as
"7.2 a) and b)" names ``7.2a`` and ``7.2b``. The reply is cut at each reference (or group of
references joined by "and", "&" or commas) so every action gets its own words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.records import quick_init


# "Action 6.1", "Re 3.1:", "7.2 a)", "7.2(a)", "7.2a", "5a 1", "5a.1", "1.2.3", "10.100" (a large
# section's hundredth action); refs never start
# inside a number, money or a date, and are not decimals of a unit ("2.5 FTE", "78.86 %").
def _letter_tail(name: str) -> str:
    # "7.2 a)", "7.2(a)", "7.2a", and a letter after a space: "7.2 b – delayed", "6.1 a and 6.1 b"
    # ("a" only where it cannot be the article: before a dash, a colon, "and", "is" …)
    return (
        rf"(?:\s?\(?(?P<{name}_l>[a-h])\)|(?P<{name}_g>[a-h])(?![a-z])"
        rf"|\s(?P<{name}_s>[b-h]|a(?=\s*(?:[-–—:,;]|and\b|&|is\b|are\b|was\b|were\b|has\b|have\b|now\b|$)))"
        r"(?![\w'])(?!\.\w))"
    )


REF_PATTERN = re.compile(
    rf"""
    (?<![\w£$.,/:-])
    (?:(?P<prefix>actions?|items?|refs?|re|rec(?:ommendation)?s?|points?)\.?\s*:?\s*)?
    (?:
        (?P<section>\d{{1,2}}[a-h])[.\s](?P<sub>[1-9]\d?)(?![\d.%]|\.\d|\s?(?:st|nd|rd|th)\b)
      | (?P<dotted>[1-9]\d?\.[1-9]\d{{0,2}}(?:\.[1-9]\d?)?){_letter_tail("d")}?
      | (?P<bare>[1-9]\d?){_letter_tail("b")}?
    )
    (?![\d%]|\.\d|[/.]\d|-(?!\d{{1,2}}\.\d)\d|\s?%|\s?(?:per\s?cent|fte|ftes|days?|hours?|weeks?|months?|years?|m\b|k\b|million|pm|am)\b|\s?[ap]\.m\.)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DIGIT = re.compile(r"\d")
_NOT_A_REF_AFTER = re.compile(
    r"\b(?:at|version|scored?|rated?|about|approx\.?|approximately|around|between)\s*$", re.IGNORECASE
)
_PART_A = re.compile(r"\s(a)(?![\w'])(?!\.\w)", re.IGNORECASE)
_MORE_LETTERS = re.compile(r"\s*(?:,|and|&|\+)\s*\(?([a-h])\)", re.IGNORECASE)
# A later part of the same action, told on its own: "7.2 a) 70% b) 70%", "8.3 a) met. b) met."
_LATER_LETTER = re.compile(r"(?<![\w(])\(?([b-h])\)(?=\s|$)", re.IGNORECASE)
_GROUP_JOIN = re.compile(r"^\s*(?:,|and|&|\+|/|-|–|to)?\s*$", re.IGNORECASE)
_RANGE_TO = re.compile(r"\s*(?:-|–|to)\s*(\d{1,2})\.(\d{1,3})(?![\d.])", re.IGNORECASE)


@quick_init
@dataclass(frozen=True, slots=True)
class RefMention:
    """One action reference as written and normalised."""

    ref: str
    start: int
    end: int
    text: str


@quick_init
@dataclass(frozen=True, slots=True)
class RefGroup:
    """References that share the same words ("1.3 & 1.4 done") and the span of text they own."""

    refs: tuple[RefMention, ...]
    start: int
    end: int


def find_refs(text: str, *, blocked: Sequence[tuple[int, int]] = ()) -> list[RefMention]:
    """Every action reference in ``text``, skipping spans already known to be dates.

    Args:
        text: the reply.
        blocked: character spans (e.g. dates) where no reference can start.
    """
    found: list[RefMention] = []
    if _DIGIT.search(text) is None:
        return found  # every reference has a digit (and a reply often has none: one scan, not two)
    spans = sorted(blocked)
    starts = [start for start, _ in spans]
    for match in REF_PATTERN.finditer(text):
        # the blocked spans that could overlap start before the match ends; dates do not nest
        index = bisect_left(starts, match.end()) - 1
        if index >= 0 and spans[index][1] > match.start():
            continue
        if match.group("bare") and not match.group("prefix"):
            continue  # a lone number is only a reference when introduced ("Action 6")
        if not match.group("prefix") and _NOT_A_REF_AFTER.search(
            text, max(0, match.start() - 20), match.start()
        ):
            continue  # "meeting at 10.30", "scored 3.5": a time or a score
        base = match.group("section") or match.group("dotted") or match.group("bare")
        sub = match.group("sub")
        ref = f"{base.lower()}.{sub}" if sub else base.lower()
        letter = next((match.group(g) for g in ("d_l", "d_g", "d_s", "b_l", "b_g", "b_s") if match.group(g)), None)
        start, end = match.start(), match.end()
        if letter:
            found.append(RefMention(f"{ref}{letter.lower()}", start, end, text[start:end]))
            more = _MORE_LETTERS.match(text, end)
            while more:
                found.append(
                    RefMention(f"{ref}{more.group(1).lower()}", more.start(1), more.end(), more.group(0))
                )
                end = more.end()
                more = _MORE_LETTERS.match(text, end)
            found.extend(_later_letters(text, ref, found[-1].ref[-1], end))
        else:
            found.append(RefMention(ref, start, end, text[start:end]))
            found.extend(_range_between(text, ref, end))
    if len(found) > 1:
        found = _first_parts(text, _letters_named_again(text, found))
    return found


_BARE_LETTER = re.compile(r"(?<![\w(])\(?([a-h])\)(?=\s|[:,.;]|$)", re.IGNORECASE)


def _letters_named_again(text: str, found: list[RefMention]) -> list[RefMention]:
    """ "Re 6.5 a), 6.5 b) and 6.5 c): a) and b) are done, c) is behind": once several parts of an
    action are named, a bare "a)" or "(c)" after them (before any other reference) is that part again."""
    last = found[-1]
    base, letter = last.ref[:-1], last.ref[-1]
    if not (letter.isalpha() and base[-1:].isdigit()):
        return found
    letters = {m.ref[-1] for m in found if m.ref[:-1] == base and m.ref[-1].isalpha()}
    if len(letters) < 2:
        return found
    again = [
        RefMention(f"{base}{m.group(1).lower()}", m.start(), m.end(), m.group(0))
        for m in _BARE_LETTER.finditer(text, last.end)
        if m.group(1).lower() in letters
    ]
    return [*found, *again] if again else found


def _first_parts(text: str, found: list[RefMention]) -> list[RefMention]:
    """ "9.2 a slipped to May, and 9.2 b …": once part b of an action is named, "9.2 a" is its part
    a even where "a" could be the article."""
    lettered = {m.ref[:-1] for m in found if m.ref[-1] in "bcdefgh" and m.ref[-2].isdigit()}
    if not lettered:
        return found
    result = []
    for mention in found:
        after = _PART_A.match(text, mention.end) if mention.ref in lettered else None
        if after is not None:
            mention = RefMention(f"{mention.ref}a", mention.start, after.end(), text[mention.start : after.end()])
        result.append(mention)
    return result


def _later_letters(text: str, ref: str, letter: str, end: int) -> list[RefMention]:
    """The next lettered parts of ``ref`` told further on, each in turn ("a) … b) … c)"), up to
    the next reference."""
    following = REF_PATTERN.search(text, end)
    stop = following.start() if following else len(text)
    later: list[RefMention] = []
    for match in _LATER_LETTER.finditer(text, end, stop):
        if match.group(1).lower() != chr(ord(letter.lower()) + 1):
            break
        letter = match.group(1)
        later.append(RefMention(f"{ref}{letter.lower()}", match.start(), match.end(), match.group(0)))
    return later


def _range_between(text: str, ref: str, end: int) -> list[RefMention]:
    """The references a range names between its ends ("3.1-3.4" names 3.2 and 3.3 too)."""
    match = _RANGE_TO.match(text, end)
    major, _, minor = ref.partition(".")
    if match is None or not minor.isdigit() or match.group(1) != major:
        return []
    first, last = int(minor), int(match.group(2))
    if not first < last <= first + 20:
        return []
    # The far end is found on its own, unless glued to a hyphen ("3.1-3.4"), which hides it.
    stop = last + 1 if text[match.start(1) - 1] == "-" else last
    return [
        RefMention(f"{major}.{n}", end, match.end(), text[end : match.end()]) for n in range(first + 1, stop)
    ]


def group_refs(text: str, refs: Sequence[RefMention]) -> list[RefGroup]:
    """Cut the reply at each reference group; each group owns the text up to the next one.

    Text before the first reference ("Hi Sue,") belongs to the first group.
    """
    groups: list[list[RefMention]] = []
    for mention in refs:
        if (
            groups
            and _GROUP_JOIN.match(text[groups[-1][-1].end : mention.start])
            # "Quick one on 3.2 and 3.4 - 3.2 is done …": a ref named again starts its own part
            and all(m.ref != mention.ref for m in groups[-1])
        ):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    result: list[RefGroup] = []
    for index, group in enumerate(groups):
        start = 0 if index == 0 else group[0].start
        end = groups[index + 1][0].start if index + 1 < len(groups) else len(text)
        result.append(RefGroup(tuple(group), start, end))
    return result
