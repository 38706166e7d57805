"""The email channel's other behaviours, on Telegram: the one reminder (with buttons again), UNDO,
and questions answered in the chat (a lead sees only their own actions)."""

from __future__ import annotations

from datetime import datetime

from bot.cycle.round import run_cycle
from tests.telegram.conftest import LONDON, SUE
from tests.telegram.helpers import WRITTEN, action, buttons, polling, updates_of


def test_one_reminder_with_buttons_after_three_working_days(chaser, fake):
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)  # Mon 12 Jun 2006
    chaser.clock.set(datetime(2006, 6, 15, 9, 0, tzinfo=LONDON))  # Thu: 3 working days, no answer yet
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)
    run_cycle(chaser=chaser, plan_name="jar", scheduled=True)  # the job fires twice
    to_sue = [c.params for c in fake.sent() if c.params["chat_id"] == SUE]
    assert len(to_sue) == 2 and to_sue[1]["text"].startswith("Reminder")
    assert "7.4: Done" in {b["text"] for row in to_sue[1]["reply_markup"]["inline_keyboard"] for b in row}


def test_undo_after_a_tap_reverses_it(chaser, fake):
    run_cycle(chaser=chaser, plan_name="jar")
    request = fake.messages[(SUE, max(m for (chat, m) in fake.messages if chat == SUE))]
    with polling(chaser):
        fake.tap(user_id=SUE, data=buttons(request)["7.4: Done"], message=request)
        fake.wait_for(lambda: len(fake.sent()) == 2)
        assert action(chaser, "7.4").status == "complete"
        fake.text(user_id=SUE, text="UNDO", date=WRITTEN + 60)
        fake.wait_for(lambda: len(fake.sent()) == 3)
    assert action(chaser, "7.4").status == "in_progress"
    undone = fake.sent()[-1].params["text"]
    assert undone.startswith("Undone:") and "7.4 back to in progress" in undone
    assert len([u for u in updates_of(chaser, "7.4") if u.kind != "undo"]) == 1


def test_a_question_in_the_chat_is_answered_with_the_leads_own_actions_only(chaser, fake):
    with polling(chaser):
        fake.text(user_id=SUE, text="Which of my actions are overdue?", date=WRITTEN)
        fake.wait_for(lambda: fake.sent())
    answer = fake.sent()[0].params["text"]
    assert "7.4" in answer and "7.5" not in answer  # 7.5 is Jane's
    assert updates_of(chaser, "7.4") == []  # a question records nothing
