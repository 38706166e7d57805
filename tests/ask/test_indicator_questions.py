"""Questions about indicators: by code, by the words of a title or an abbreviation, the ones off target,
all of a plan's; a lead sees only the indicators they own (seed 000's eight, at the end of May 2006)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from nlp.questions import parse_question
from store.models import Plan
from tests.ask.conftest import Ask, _asker
from tests.ask.plan_fixture import build_plan
from tests.conftest import BOTH_DATABASES, empty_engine
from tests.indicator_fixtures import add_seed_indicators

TODAY = date(2006, 6, 14)


@pytest.fixture(scope="module", params=BOTH_DATABASES)
def ind_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = empty_engine(request, tmp_path_factory.mktemp("ask-ind"))
    build_plan(eng)
    with Session(eng) as session:
        plan = session.exec(select(Plan)).one()
    # Sue Fisher (Director of Children's Services) owns them all but CH141, which Paul Jones owns.
    add_seed_indicators(eng, plan_id=plan.id, owner="Sue Fisher", owners={"CH141": "Paul Jones"})
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def ask(ind_engine: Engine) -> Ask:
    return _asker(ind_engine)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How is CH141 doing?", "indicator_status"),
        ("ch142?", "indicator_status"),
        ("which indicators are off target?", "indicators_off_track"),
        ("which indicators are off track", "indicators_off_track"),
        ("any PIs red?", "indicators_off_track"),
        ("show the indicators for overall-2006", "indicators"),
        ("what is due in may2006", "due"),  # a month and year, not a code
        ("what's overdue in section 7?", "overdue"),
    ],
)
def test_the_parser_reads_indicator_questions(question, intent):
    assert parse_question(question, today=TODAY).intent == intent


def test_how_is_an_indicator_doing_by_its_code(ask):
    answer = ask("How is CH142 doing?")
    assert answer.intent == "indicator_status"
    assert answer.summary == "CH142 % of referrals that are repeat referrals within 12 months: Red (off track)."
    assert answer.lines[:2] == [
        "18.3% in May 2006, against a trajectory of 17.2% and a target of 17% by 31 Mar 2007.",
        "Direction of travel: worsening, up 0.3 since April 2006.",
    ]
    assert "Repeat referrals are up again while the duty team is short of staff" in answer.lines[2]
    assert answer.to_json()["filters"] == {"plan": "opip", "indicators": ["CH142"]}
    assert answer.to_json()["actions"] == []


@pytest.mark.parametrize("question", ["which indicators are off target?", "which indicators are off track?",
                                      "Are any of the KPIs red?"])
def test_which_indicators_are_off_target(ask, question):
    answer = ask(question)
    assert answer.intent == "indicators_off_track"
    assert answer.summary == ("3 indicators off track (Red) in plan opip, and 2 short of their trajectory "
                              "(Amber):")
    assert [line.split(" ")[1] for line in answer.lines] == ["CH142", "CH143", "CH145", "DIS1704", "Number"]
    assert answer.lines[0].startswith("- CH142 % of referrals that are repeat referrals within 12 months (owner: "
                                      "Sue Fisher): Red (off track). 18.3% in May 2006")
    assert "Amber (just short of its trajectory)" in answer.lines[3]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what's the latest on repeat referrals?", ["CH142"]),
        ("how are repeat referals doing", ["CH142"]),  # a slip of the keyboard
        ("latest LAC figure", ["number-of-looked-after-children"]),
        ("how is the child protection register doing?", ["CH01", "number-of-children-on-child-protection-register"]),
        ("what's the latest on referrals?", ["CH141", "CH142", "CH143", "DIS1704"]),
    ],
)
def test_an_indicator_named_by_the_words_of_its_title(ask, question, expected):
    answer = ask(question)
    assert answer.intent == "indicator_status", answer.text
    assert answer.filters["indicators"] == expected


def test_questions_about_actions_are_still_answered_as_before(ask):
    assert ask("what's overdue in section 7?").intent == "overdue"
    assert ask("how is the children and young people section doing?").intent == "progress"
    assert ask("what is overdue for Paul Jones?").intent == "overdue"


def test_show_the_indicators_of_a_plan(ask):
    answer = ask("show the indicators for opip")
    assert answer.summary == "8 indicators in plan opip: 3 Red, 2 Amber, 3 Green."
    assert len(answer.lines) == 8
    assert answer.lines[6].startswith("- Number of Looked After Children (owner: Sue Fisher): Amber")


def test_a_lead_sees_only_the_indicators_they_own(ask):
    answer = ask("which indicators are off track?", asker="Paul Jones")
    assert answer.summary == "No indicator is off track in plan opip that you own: it is on track or not yet judged."
    listing = ask("show the indicators", asker="Paul Jones")
    assert [line.split(" ")[1] for line in listing.lines] == ["CH141"]
    refused = ask("How is CH142 doing?", asker="Paul Jones")
    assert refused.summary == ("I can't find an indicator CH142 in plan opip that you own. The indicators you can ask "
                               "about are: CH141.")
    assert "18.3" not in refused.text
    # Named by its words: not among theirs, so it is read as a question about actions, and nothing is told.
    hidden = ask("what's the latest on repeat referrals?", asker="Paul Jones")
    assert hidden.intent == "unknown" and "18.3" not in hidden.text
    own = ask("How is CH142 doing?", asker="sue.fisher@herefordshire.example")
    assert own.summary.endswith("Red (off track).")


def test_a_lead_with_no_indicators_is_told_so(ask):
    answer = ask("show the indicators", asker="Tony Geeson")
    assert answer.summary.startswith("You own no indicators")


def test_an_unknown_code_lists_the_codes_there_are(ask):
    answer = ask("how is CH999 doing?")
    assert answer.summary.startswith("I can't find an indicator CH999 in plan opip. The indicators you can ask "
                                     "about are: CH141, CH142")
