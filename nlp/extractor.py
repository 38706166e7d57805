"""``extract``: everything Chaser reads from one reply, given the day it was written."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from nlp.dates.finder import scan_dates
from nlp.extraction import ActionExtraction, Evidence, Extraction
from nlp.pipeline import get_pipeline
from nlp.reader import Reading, read_segment, segment_cues
from nlp.refs import RefGroup, find_refs, group_refs
from nlp.status.features import date_shapes, status_features
from nlp.tokens import TokenView

_TAG = re.compile(r"<[^>]{0,200}>")
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_REPLY_HEADER = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,200}\bwrote:|-{2,}\s*Original Message\s*-{2,}|From:[^\n]*\n[ \t]*(?:Sent|Date):)",
    re.MULTILINE | re.IGNORECASE,
)
_ORDER = {"blocked": 0, "delayed": 1, "in_progress": 2, "not_started": 3, "complete": 4}


def clean(text: str) -> str:
    """Blank out what is not the lead's own words, without moving any character offsets.

    HTML tags ("<p>…</p>" in pasted plan cells), quoted lines ("> …") and the message being
    replied to ("On 12 June, Chaser wrote:", "-----Original Message-----") become spaces, so their
    dates and references are not read as the lead's.
    """
    if "<" in text:
        text = _TAG.sub(_blank, text)
    if ">" in text:
        text = _QUOTED_LINE.sub(_blank, text)
    quoted = _REPLY_HEADER.search(text)
    if quoted:
        text = text[: quoted.start()] + _blank(quoted.string[quoted.start() :])
    return text


def _blank(match: re.Match[str] | str) -> str:
    value = match if isinstance(match, str) else match.group(0)
    return "".join(ch if ch == "\n" else " " for ch in value)


def extract(text: str, *, today: date) -> Extraction:
    """Read a lead's reply.

    Args:
        text: the reply, word for word.
        today: the day it was written; relative dates ("next month", "Monday") and dates
            without a year are read from here.

    Returns:
        The status, percent, completion and expected dates, every date mentioned, each action
        the reply names (with its own fields), a confidence and the evidence spans.
    """
    plain = clean(text)
    view = TokenView.of(get_pipeline()(plain), plain)
    scanned = scan_dates(plain)
    refs = find_refs(plain, blocked=[(s.start, s.end) for s in scanned] if scanned else ())
    groups = group_refs(plain, refs) if refs else []
    if len(groups) <= 1:
        whole = read_segment(view, scanned, start=0, end=len(plain), today=today)
        actions = _actions(_per_ref(text, groups, [whole])) if groups else ()  # most replies name no action
        return _extraction(text, whole, actions, groups)
    # Each part gets only the dates that start inside it, found by bisection: reading stays linear
    # in the reply's length however many references cut it.
    scanned = sorted(scanned, key=lambda s: s.start)
    starts = [s.start for s in scanned]
    groups, shared = shared_tail(plain, groups)
    readings = [
        read_segment(
            view, scanned[bisect_left(starts, g.start) : bisect_left(starts, g.end)], start=g.start, end=g.end,
            today=today,
        )
        for g in groups
    ]
    if shared is not None:
        # "3.3 not started. 3.4 not started. Both waiting on the budget": the last words are every part's
        tail = read_segment(
            view, scanned[bisect_left(starts, shared[0]) :], start=shared[0], end=shared[1], today=today
        )
        readings = [_with_shared(reading, tail) for reading in readings]
    per_ref = _per_ref(text, groups, readings)
    if len(per_ref) < sum(len(g.refs) for g in groups):
        # a reference named again further on ("3.4 and 3.5 both done (3.4 on 14 Dec, …)"): one
        # entry per action, and the whole reply read from those entries
        distinct = list({id(reading): reading for _, reading in per_ref.values()}.values())
        # every date the reply gives, wherever it is
        return _extraction(text, replace(_combine(distinct), dates=_dates_of(readings)), _actions(per_ref), groups)
    return _extraction(text, _combine(readings), _actions(per_ref), groups)


# Words that open a sentence about every action the reply names ("Both waiting on the budget", "both
# about 90%", "All three on hold"), after the last one's own words.
_SHARED = re.compile(
    r"(?:^|(?<=[.;,:!?–—-])|(?<=[.;,:!?–—-]\s))\s*(?=(?:both|all\s+(?:three|four|five|of\s+them|of\s+these)"
    r"|each\s+of\s+them)\b)",
    re.IGNORECASE,
)


def shared_tail(text: str, groups: list[RefGroup]) -> tuple[list[RefGroup], tuple[int, int] | None]:
    """The groups, the last one cut before words that speak of every action, and those words' span."""
    last = groups[-1]
    match = _SHARED.search(text, last.refs[-1].end, last.end)
    if match is None or len(groups) < 2 or not text[match.end() : last.end].strip():
        return groups, None
    cut = match.end()
    return [*groups[:-1], replace(last, end=cut)], (cut, last.end)


def _with_shared(own: Reading, shared: Reading) -> Reading:
    """One part's reading with the words every part shares: the part's own status unless it has none
    or the shared words tell of a problem ("not started" and "both waiting on …": blocked); its own
    figures and dates first, then the shared ones ("both due by 28 Feb")."""
    if shared.status is None and shared.expected_by is None:
        return own
    if own.status is None:
        status = shared.status
    elif shared.status in ("blocked", "delayed"):
        status = min((own.status, shared.status), key=lambda s: _ORDER[s])
    else:
        status = own.status  # ("not yet started either - both planned for the autumn": still not started)
    percent = own.percent_complete
    if percent is None and status == shared.status:
        percent = shared.percent_complete
    return replace(
        own,
        status=status,
        percent_complete=percent,
        expected_by=own.expected_by or (shared.expected_by if status != "complete" else None),
        completed_on=own.completed_on or (shared.completed_on if status == "complete" else None),
        confidence=min(own.confidence, shared.confidence) if own.status is None else own.confidence,
        evidence=own.evidence + shared.evidence,
        dates=_dates_of([own, shared]),
    )


def _per_ref(text: str, groups: Sequence[RefGroup], readings: Sequence[Reading]) -> dict[str, tuple[str, Reading]]:
    """Each reference once, in the order first named: its words and its reading.

    References that share words ("1.3 & 1.4 done") share the reading. A reference named in several
    places ("3.4 and 3.5 both done (3.4 on 14 Dec, …)") takes the surest reading of a status among
    them (the first, if equally sure), else all of them combined.
    """
    found: dict[str, list[tuple[str, Reading]]] = {}
    for group, reading in zip(groups, readings, strict=True):
        for mention in group.refs:
            found.setdefault(mention.ref, []).append((text[group.start : group.end].strip(), reading))
    out: dict[str, tuple[str, Reading]] = {}
    for ref, places in found.items():
        words = " … ".join(dict.fromkeys(w for w, _ in places))
        all_readings = list({id(r): r for _, r in places}.values())
        if len(all_readings) == 1:
            out[ref] = (words, all_readings[0])
            continue
        told = [r for r in all_readings if r.status is not None]
        out[ref] = (words, max(told, key=lambda r: r.confidence) if told else _combine(all_readings))
    return out


def _actions(per_ref: dict[str, tuple[str, Reading]]) -> tuple[ActionExtraction, ...]:
    """One entry per reference."""
    return tuple(
        ActionExtraction(
            ref=ref,
            text=words,
            status=reading.status,
            percent_complete=reading.percent_complete,
            completed_on=reading.completed_on,
            expected_by=reading.expected_by,
            evidence=reading.evidence,
        )
        for ref, (words, reading) in per_ref.items()
    )


def _extraction(
    text: str, reading: Reading, actions: tuple[ActionExtraction, ...], groups: Sequence[RefGroup]
) -> Extraction:
    ref_evidence = tuple(Evidence("actions", m.start, m.end, m.text) for g in groups for m in g.refs) if groups else ()
    return Extraction(
        text=text,
        status=reading.status,
        percent_complete=reading.percent_complete,
        completed_on=reading.completed_on,
        expected_by=reading.expected_by,
        dates=reading.dates,
        actions=actions,
        confidence=reading.confidence,
        no_change=reading.no_change,
        evidence=reading.evidence + ref_evidence,
    )


def _combine(readings: Sequence[Reading]) -> Reading:
    """The reply as a whole when it covers several actions: the one needing most attention leads."""
    statuses = [r.status for r in readings if r.status]
    status: str | None
    if not statuses:
        status = None
    elif all(s == "complete" for s in statuses):
        status = "complete"
    elif all(s == "not_started" for s in statuses):
        status = "not_started"
    else:
        worst = min(statuses, key=lambda s: _ORDER[s])
        status = worst if worst in ("blocked", "delayed") else "in_progress"
    percents = {r.percent_complete for r in readings}
    completed = [r.completed_on for r in readings if r.completed_on]
    expected = [r.expected_by for r in readings if r.expected_by]
    return Reading(
        status=status,
        percent_complete=percents.pop() if len(percents) == 1 else None,
        completed_on=max(completed) if status == "complete" and completed else None,
        expected_by=max(expected) if status != "complete" and expected else None,
        dates=_dates_of(readings),
        confidence=min(r.confidence for r in readings),
        no_change=all(r.no_change for r in readings),
        evidence=tuple(e for r in readings for e in r.evidence),
    )


def _dates_of(readings: Sequence[Reading]) -> tuple[str, ...]:
    """Every date the readings give, each once, in order."""
    dates: list[str] = []
    for reading in readings:
        dates.extend(d for d in reading.dates if d not in dates)
    return tuple(dates)


@dataclass(frozen=True)
class SegmentFeatures:
    """The status model's features for a whole reply and for each group of references in it."""

    whole: list[str]
    groups: list[tuple[list[str], list[str]]]  # (normalised refs, features) per group


def segment_features(text: str, *, today: date) -> SegmentFeatures:
    """What the status model sees of ``text`` (for training it the same way the reader uses it)."""
    plain = clean(text)
    view = TokenView.of(get_pipeline()(plain), plain)
    scanned = scan_dates(plain)
    refs = find_refs(plain, blocked=[(s.start, s.end) for s in scanned])

    def features(start: int, end: int) -> list[str]:
        dated, cues, _ = segment_cues(view, scanned, start=start, end=end, today=today)
        return status_features(view, *view.token_range(start, end), cues, date_shapes(dated, today))

    groups = group_refs(plain, refs)
    if len(groups) > 1:
        groups, _ = shared_tail(plain, groups)  # the parts as the reader cuts them
    return SegmentFeatures(
        features(0, len(plain)), [([m.ref for m in g.refs], features(g.start, g.end)) for g in groups]
    )
