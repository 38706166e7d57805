"""The rest of the email cycle, in Slack: the reminder, the coordinator's private escalation, the
clarifying question, and the coordinator's plain-English questions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from store.clock import LONDON
from store.models import Person
from tests.slack.conftest import ALICE, texts_to

DM = "D" + ALICE[1:]
CAROL = "UCAROL0003"


def _link_carol(slack) -> None:
    with Session(slack.chaser.engine) as s:
        carol = s.get(Person, slack.people["carol"])
        assert carol is not None
        carol.slack_id = CAROL
        s.add(carol)
        s.commit()


def test_the_reminder_comes_as_a_dm_with_buttons_once(slack):
    slack.round()
    slack.chaser.clock.set(datetime(2006, 6, 15, 10, 0, tzinfo=LONDON))  # three working days on
    slack.round()
    posts = [c for c in slack.fake.posts() if c.params["channel"] == DM]
    assert len(posts) == 2
    reminder = posts[1]
    assert reminder.params["text"].startswith("Reminder: we have not yet had your update")
    assert any(b["type"] == "actions" for b in reminder.params["blocks"])
    slack.round()
    assert len([c for c in slack.fake.posts() if c.params["channel"] == DM]) == 2


def test_the_coordinator_hears_privately_in_slack_who_has_not_replied(slack):
    _link_carol(slack)
    slack.round()
    slack.chaser.clock.set(datetime(2006, 6, 19, 10, 0, tzinfo=LONDON))  # five working days on
    slack.round()
    [note] = texts_to(slack.fake, "D" + CAROL[1:])
    assert "Alice Adams" in note and "Bob Brown" in note
    assert not any("Alice Adams" in t and "not replied" in t for t in texts_to(slack.fake, DM))


def test_a_reply_naming_no_action_gets_the_clarifying_question_then_is_recorded(slack):
    slack.round()
    slack.dm("All finished now, signed off yesterday")
    question = texts_to(slack.fake, DM)[-1]
    assert "7.2" in question and "8.1" in question
    assert slack.updates() == []
    slack.dm("7.2")
    assert [u.status for u in slack.updates("7.2")] == ["complete"]
    assert "7.2" in texts_to(slack.fake, DM)[-1]


def test_the_coordinator_asks_in_slack_and_gets_an_answer(slack):
    _link_carol(slack)
    slack.dm("what's blocked?", user=CAROL)
    answer = texts_to(slack.fake, "D" + CAROL[1:])[-1]
    assert "8.1" in answer and "7.2" not in answer
    assert slack.updates() == []
