"""`chaser chat --as NAME`: the same service, in a terminal."""

from __future__ import annotations

import io

import pytest

from adapters.console import run_console
from store.errors import ChaserError
from tests.cycle.world import action


def _chat(chaser, person: str, *lines: str) -> str:
    out = io.StringIO()
    run_console(chaser=chaser, person=person, stdin=io.StringIO("".join(f"{x}\n" for x in lines)), stdout=out)
    return out.getvalue()


def test_a_lead_answers_in_the_terminal_and_can_undo(chaser):
    before = action(chaser.engine, "7.5")
    out = _chat(chaser, "HoSH", "7.5 is 60% done, the housing needs survey is under way.", "UNDO", "quit")
    assert "hello Jane Jones" in out and "7.5  Secure adequate housing provision" in out
    assert "Chaser: Thanks — recorded: 7.5 in progress, 60% done." in out
    assert "Chaser: Undone: your reply of 12 Jun 2006. 7.5 back to in progress." in out
    assert out.rstrip().endswith("Chaser: goodbye.")
    after = action(chaser.engine, "7.5")
    assert (after.status, after.percent_complete, after.progress) == (before.status, before.percent_complete,
                                                                       before.progress)


def test_console_update_is_applied(chaser):
    _chat(chaser, "jane.jones@herefordshire.example", "7.5 is complete.")
    assert action(chaser.engine, "7.5").status == "complete"


def test_unknown_person_is_a_clear_error(chaser):
    with pytest.raises(ChaserError, match="--as 'Nobody'"):
        _chat(chaser, "Nobody")


def test_questions_go_to_the_questions_module_briefly_in_chat(chaser, monkeypatch):
    asked = []

    class Answer:
        text = "2 actions are overdue: 7.4, 7.6."

    def answer_question(*, chaser, question, plan_name=None, asker=None, brief=False):
        asked.append((question, asker, brief))
        return Answer()

    monkeypatch.setattr("bot.answers.answer_question", answer_question)
    out = _chat(chaser, "Chris Doyle", "Show me what is overdue")
    assert "Chaser: 2 actions are overdue: 7.4, 7.6." in out
    assert asked == [("Show me what is overdue", "Chris Doyle", True)]
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_a_thank_you_is_kept_but_neither_recorded_nor_questioned(chaser):
    out = _chat(chaser, "Sue Fiennes", "Thanks very much!", "OK, 7.4 is complete.")
    assert "Which action" not in out
    assert "Chaser: You're welcome." in out
    assert action(chaser.engine, "7.4").status == "complete"
