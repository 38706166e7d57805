"""The question parser on its own: intents, filters, windows and typos (pure, no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.questions import Query, parse_question
from nlp.questions.vocab import correct, normalise
from nlp.questions.windows import find_window

TODAY = date(2006, 6, 14)  # a Wednesday


def parse(text: str) -> Query:
    return parse_question(text, today=TODAY)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("due this week", date(2006, 6, 12), date(2006, 6, 18)),
        ("due next week", date(2006, 6, 19), date(2006, 6, 25)),
        ("due in the next two weeks", TODAY, date(2006, 6, 28)),
        ("due in the next 10 days", TODAY, date(2006, 6, 24)),
        ("due this month", date(2006, 6, 1), date(2006, 6, 30)),
        ("due next month", date(2006, 7, 1), date(2006, 7, 31)),
        ("due by the end of July", TODAY, date(2006, 7, 31)),
        ("due before the end of july", TODAY, date(2006, 7, 31)),
        ("due by 30 June", TODAY, date(2006, 6, 30)),
        ("due before 30 June", TODAY, date(2006, 6, 29)),
        ("due in August", date(2006, 8, 1), date(2006, 8, 31)),
        ("due in march", date(2007, 3, 1), date(2007, 3, 31)),
        ("due tomorrow", date(2006, 6, 15), date(2006, 6, 15)),
        ("due by Friday", TODAY, date(2006, 6, 16)),
    ],
)
def test_windows(text: str, start: date, end: date) -> None:
    query = parse(text)
    assert query.intent == "due"
    assert query.filters.window is not None
    assert (query.filters.window.start, query.filters.window.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("what changed since Monday?", date(2006, 6, 12)),
        ("what changed since last week", date(2006, 6, 5)),
        ("what's new since 1 June", date(2006, 6, 1)),
        ("changes in the last 3 days", date(2006, 6, 11)),
        ("any updates since 2006-06-10", date(2006, 6, 10)),
    ],
)
def test_since(text: str, since: date) -> None:
    query = parse(text)
    assert (query.intent, query.filters.since) == ("changes", since)


def test_section_number_words_and_shorthand() -> None:
    assert parse("overdue items section seven").filters.section == "7"
    assert parse("whats overdue in sec 4").filters.section == "4"
    assert parse("late in sect. 5a").filters.section == "5a"


def test_refs_and_lettered_sub_actions() -> None:
    assert parse("how is 7.6 going?").filters.refs == ("7.6",)
    assert parse("7.2 e) - any news?").filters.refs == ("7.2e",)
    assert parse("how are 4.1 and 4.2").filters.refs == ("4.1", "4.2")


def test_terms_carry_hints_for_the_answerer() -> None:
    terms = parse("what's at risk in the children and young people section?").filters.terms
    assert [(t.text, t.hint) for t in terms] == [("children and young people", "section")]
    terms = parse("anything late for Tony Geeson in section 7?").filters.terms
    assert [(t.text, t.hint) for t in terms] == [("tony geeson", "lead")]
    terms = parse("what's overdue for the head of policy and performance").filters.terms
    assert [(t.text, t.words) for t in terms] == [("head of policy and performance", ("head", "policy", "performance"))]


def test_my_actions() -> None:
    assert parse("what are my overdue actions?").filters.mine
    assert parse("anything due for me next week?").filters.mine
    assert not parse("show me what's blocked").filters.mine


def test_typos_are_corrected_but_names_are_not() -> None:
    assert correct("overdeu") == "overdue"
    assert correct("blokced") == "blocked"
    assert correct("rsik") == "risk"
    assert correct("geeson") == "geeson"
    assert correct("mark") == "mark"


def test_contractions() -> None:
    assert normalise("Who hasn't replied?") == "who has not replied?"
    assert normalise("whats due") == "what is due"


def test_unknown_is_never_an_error() -> None:
    for text in ("", "???", "the quick brown fox", "1234"):
        assert parse(text).intent in ("unknown", "help")


def test_filters_json_is_plain() -> None:
    query = parse("what's due next week for DoCS in section 7?")
    assert query.filters.to_json() == {
        "section": "7",
        "window": {"from": "2006-06-19", "to": "2006-06-25", "words": "next week"},
        "words": ["docs"],
    }


def test_find_window_returns_none_without_a_time() -> None:
    assert find_window("what is blocked", today=TODAY) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_parses_without_error(text: str) -> None:
    query = parse(text)
    assert query.intent
    query.filters.to_json()


def test_long_text_is_read_only_at_its_start() -> None:
    query = parse("what's blocked? " + "Kind regards, Jenny Hope, Performance Improvement Coordinator. " * 2000)
    assert query.intent == "blocked"
