"""Action references in a reply ("7.2 a)", "Re 3.1:", "Action 6.1", "5a 1") and the text each one owns.

References are normalised the way plans number actions: ``7.2``, ``7.2a``, ``5a.1``. A list such as
"7.2 a) and b)" names ``7.2a`` and ``7.2b``. The reply is cut at each reference (or group of
references joined by "and", "&" or commas) so every action gets its own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


# "Action 6.1", "Re 3.1:", "7.2 a)", "7.2(a)", "7.2a", "5a 1", "5a.1", "1.2.3"; refs never start
# inside a number, money or a date, and are not decimals of a unit ("2.5 FTE", "78.86 %").
def _letter_tail(name: str) -> str:
    return rf"(?:\s?\(?(?P<{name}_l>[a-h])\)|(?P<{name}_g>[a-h])(?![a-z]))"


REF_PATTERN = re.compile(
    rf"""
    (?<![\w£$.,/:-])
    (?:(?P<prefix>actions?|items?|refs?|re|rec(?:ommendation)?s?|points?)\.?\s*:?\s*)?
    (?:
        (?P<section>\d{{1,2}}[a-h])[.\s](?P<sub>[1-9]\d?)(?![\d.%]|\.\d|\s?(?:st|nd|rd|th)\b)
      | (?P<dotted>[1-9]\d?\.[1-9]\d?(?:\.[1-9]\d?)?){_letter_tail("d")}?
      | (?P<bare>[1-9]\d?){_letter_tail("b")}?
    )
    (?![\d%]|\.\d|[/.-]\d|\s?%|\s?(?:per\s?cent|fte|ftes|days?|hours?|weeks?|months?|years?|m\b|k\b|million|pm|am)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MORE_LETTERS = re.compile(r"\s*(?:,|and|&|\+)\s*\(?([a-h])\)", re.IGNORECASE)
_GROUP_JOIN = re.compile(r"^\s*(?:,|and|&|\+|/)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RefMention:
    """One action reference as written and normalised."""

    ref: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
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
    for match in REF_PATTERN.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in blocked):
            continue
        if match.group("bare") and not match.group("prefix"):
            continue  # a lone number is only a reference when introduced ("Action 6")
        base = match.group("section") or match.group("dotted") or match.group("bare")
        sub = match.group("sub")
        ref = f"{base.lower()}.{sub}" if sub else base.lower()
        letter = next((match.group(g) for g in ("d_l", "d_g", "b_l", "b_g") if match.group(g)), None)
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
        else:
            found.append(RefMention(ref, start, end, text[start:end]))
    return found


def group_refs(text: str, refs: Sequence[RefMention]) -> list[RefGroup]:
    """Cut the reply at each reference group; each group owns the text up to the next one.

    Text before the first reference ("Hi Sue,") belongs to the first group.
    """
    groups: list[list[RefMention]] = []
    for mention in refs:
        if groups and _GROUP_JOIN.match(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    result: list[RefGroup] = []
    for index, group in enumerate(groups):
        start = 0 if index == 0 else group[0].start
        end = groups[index + 1][0].start if index + 1 < len(groups) else len(text)
        result.append(RefGroup(tuple(group), start, end))
    return result
