"""``find_percent`` runs a reader only when the text has one of the words its patterns need: on
every text in the repository and on generated edge cases, a pattern never matches text without
one of its reader's words (so skipping the reader there changes nothing)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.nlp_golden import texts
from nlp import percent
from nlp.percent import _READERS, find_percent

_PATTERNS = {
    percent._percent: percent.PERCENT,
    percent._fraction: percent._FRACTION,
    percent._words: percent._WORDS,
    percent._share: percent._SHARE,
    percent._slashed: percent._SLASHED,
    percent._done_and_left: percent._DONE_AND_LEFT,
}


def _skipped_safely(text: str) -> None:
    lower = text.lower()
    for read, needs in _READERS:
        if text.isascii() and not any(word in lower for word in needs):
            assert _PATTERNS[read].search(text) is None, (read.__name__, text)
            assert read(text) is None


def _reference(text: str) -> percent.PercentMention | None:
    """Every reader run; a figure beats words for a share ("half way, maybe 55%"); then the first."""
    by_reader = {read: read(text) for read, _ in _READERS}
    if by_reader[percent._percent] is not None:
        by_reader[percent._words] = None
    found = [m for m in by_reader.values() if m is not None]
    return min(found, key=lambda m: m.start) if found else None


def test_every_reader_has_its_pattern() -> None:
    assert {read for read, _ in _READERS} == set(_PATTERNS)


# A text for each of the words, that only that word lets its reader see.
_EACH_WORD = ["70% done", "70 per cent done", "70 pc done", "3 of 4 workshops held", "3 in 4 schools visited",
              "half done", "three quarters through", "two thirds done", "seven tenths through", "2/3rds done",
              "All 3 posts filled.", "half the teams trained.", "2/3 done", "12 done, 3 left", "9 held, 3 to go",
              "finished 5, 2 remaining", "done 4 with 1 outstanding", "trained 40 with 10 still to do"]


def test_skipping_changes_nothing_on_every_text() -> None:
    for text in [t for _, t, _ in texts()] + _EACH_WORD:
        _skipped_safely(text)
        assert find_percent(text) == _reference(text), text


_WORDS = [
    "70", "7", "100", "seventy", "seventy-five", "hundred", "a hundred", "%", " %", "per cent", "percent", "pc",
    "PC", "Per Cent", "of", "out of", "in", "the", "3", "4", "three", "four", "half", "Half", "halfway",
    "three quarters", "3-quarters", "a quarter", "two thirds", "2/3rds", "a third", "seven tenths", "a tenth",
    "all", "ALL", "done", "complete", "completed", "held", "workshops", "trained", "through", "so far", "/",
    "2/3", "3/4", "1/2", "ſ", "ı", "K", "é", "about", "now", "target", "of the way", "are now in", "staff",
    "to go", "left", "remaining", "outstanding", "still to do", "to do", "more", "twelve", "seventeen", "nineteen",
]


@settings(max_examples=3000, deadline=None)
@given(parts=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), glue=st.sampled_from([" ", "", "-", ", "]))
def test_skipping_changes_nothing_on_generated_text(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    _skipped_safely(text)
    assert find_percent(text) == _reference(text)
