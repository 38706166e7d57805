"""Reading a long reply that names many actions is linear in its length: each part of the reply
is offered only its own dates and cue words, never the whole reply again (refs x length before)."""

from __future__ import annotations

from datetime import date

import nlp.reader
from nlp import extract
from nlp.tokens import TokenView

UNIT = "7.{n} is delayed until the end of July because the consultancy report slipped. "


def test_each_part_of_a_long_reply_reads_only_its_own_dates_and_cues(monkeypatch) -> None:
    offered = {"dates": 0, "cues": 0}
    real_read_dates, real_cues_within = nlp.reader.read_dates, TokenView.cues_within

    def counting_read_dates(view, scanned, **kwargs):
        offered["dates"] += len(scanned)
        return real_read_dates(view, scanned, **kwargs)

    def counting_cues_within(self, start, end):
        found = real_cues_within(self, start, end)
        offered["cues"] += len(found)
        return found

    monkeypatch.setattr(nlp.reader, "read_dates", counting_read_dates)
    monkeypatch.setattr(TokenView, "cues_within", counting_cues_within)
    parts = 300
    text = "".join(UNIT.format(n=i + 1) for i in range(parts))  # 7.1 … 7.300: each action once
    result = extract(text, today=date(2006, 6, 14))
    assert len(result.actions) == parts and all(a.status == "delayed" for a in result.actions)
    # one date ("the end of July") and a handful of cue words per part: each offered to one part only
    assert offered["dates"] == parts
    assert offered["cues"] <= 3 * parts


def test_cues_within_finds_the_same_spans_as_a_full_scan() -> None:
    from nlp.pipeline import get_pipeline

    text = "7.1 done. 7.2 is delayed, waiting on HR. 7.3 on hold until the funding is agreed; not started."
    view = TokenView.of(get_pipeline()(text), text)
    for start, end in ((0, 5), (3, 12), (0, len(view)), (10, len(view))):
        expected = [s for s in view.doc.spans["cues"] if s.start >= start and s.end <= end]
        assert [(s.start, s.end, s.label_) for s in view.cues_within(start, end)] == \
            [(s.start, s.end, s.label_) for s in expected]
