"""Chat answers kept short with "more", and questions when there are several plans."""

from __future__ import annotations

from sqlmodel import Session, select

from store.models import Clarification
from tests.ask.plan_fixture import build_plan


def test_brief_answer_offers_more_and_more_gives_the_rest(fresh_ask, engine) -> None:
    short = fresh_ask("what's at risk?", asker="Jenny Hope", brief=True)
    assert len(short.lines) == 5 and short.footer == 'Reply "more" for the other 4.'
    assert short.actions == ["1.2", "1.3", "4.2", "6.2", "6.3", "7.2e", "7.4", "7.5", "7.6"]
    with Session(engine) as session:
        waiting = session.exec(select(Clarification).where(Clarification.kind == "ask_more")).all()
        assert len(waiting) == 1 and waiting[0].resolved_at is None
    rest = fresh_ask("more", asker="Jenny Hope", brief=True)
    assert rest.intent == "more"
    assert [line.split(" ")[1] for line in rest.lines] == ["7.2e", "7.4", "7.5", "7.6"]
    again = fresh_ask("more please", asker="Jenny Hope", brief=True)
    assert again.lines == [] and "nothing more" in again.text


def test_more_belongs_to_the_person_who_asked(fresh_ask) -> None:
    fresh_ask("what's at risk?", asker="Jenny Hope", brief=True)
    other = fresh_ask("more", asker="Neil Pringle", brief=True)
    assert other.lines == [] and "nothing more" in other.text
    assert len(fresh_ask("more", asker="Jenny Hope", brief=True).lines) == 4


def test_a_new_question_replaces_the_waiting_rest(fresh_ask) -> None:
    fresh_ask("what's at risk?", asker="Jenny Hope", brief=True)
    fresh_ask("what's complete?", asker="Jenny Hope", brief=True)  # 5 lines: nothing kept back
    assert "nothing more" in fresh_ask("more", asker="Jenny Hope", brief=True).text


def test_short_answers_are_not_cut_and_command_line_is_never_cut(fresh_ask) -> None:
    assert fresh_ask("what's blocked?", asker="Jenny Hope", brief=True).footer == ""
    assert len(fresh_ask("what's at risk?", brief=True).lines) == 9


def test_question_ambiguous_between_plans_asks_which(fresh_ask, engine) -> None:
    build_plan(engine, name="jar", title="Joint Area Review Performance Improvement Plan", with_people=False)
    answer = fresh_ask("what's overdue in section 7?")
    assert answer.actions == [] and answer.text.startswith("Which plan do you mean")
    assert "jar" in answer.text and "opip" in answer.text


def test_plan_named_in_the_question_or_given(fresh_ask, engine) -> None:
    build_plan(engine, name="jar", title="Joint Area Review Performance Improvement Plan", with_people=False)
    assert fresh_ask("what's overdue in the jar plan?").filters["plan"] == "jar"
    assert fresh_ask("what's blocked in opip").actions == ["1.3", "7.2e"]
    assert fresh_ask("what's blocked", plan_name="JAR").filters["plan"] == "jar"


def test_no_plan_yet(engine) -> None:
    from types import SimpleNamespace

    from bot.answers import answer_question
    from store.clock import FixedClock
    from tests.ask.plan_fixture import TODAY

    chaser = SimpleNamespace(engine=engine, clock=FixedClock.on(TODAY))
    answer = answer_question(chaser=chaser, question="what's overdue?")
    assert answer.actions == [] and "chaser import" in answer.text
