"""Slack end to end through the real slack-bolt and slack_sdk: the round's DM with buttons, a reply in
words, a tap, the Details modal, UNDO, and a duplicate delivery, against the fake Web API."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from store.models import Action, Request
from tests.slack.conftest import ALICE, request_post, texts_to

DM = "D" + ALICE[1:]


def _status(slack, ref: str) -> str:
    with Session(slack.chaser.engine) as s:
        action = s.get(Action, slack.actions[ref])
        assert action is not None
        return action.status


def test_a_round_sends_one_dm_listing_open_actions_with_buttons(slack):
    summary = slack.round()
    assert "by slack: 2 open actions (7.2, 8.1)" in summary
    assert [c.params["users"] for c in slack.fake.called("conversations.open")] == [ALICE]
    [post] = slack.fake.posts()
    assert post.params["channel"] == DM
    blocks = post.params["blocks"]
    answer_rows = {b["block_id"]: [e["text"]["text"] for e in b["elements"]] for b in blocks if b["type"] == "actions"}
    assert answer_rows == {f"chaser_answer_{slack.actions[r]}": ["Done", "On track", "Delayed", "Blocked", "Details…"]
                           for r in ("7.2", "8.1")}
    assert "7.1" not in json.dumps(blocks)  # complete: not asked about
    with Session(slack.chaser.engine) as s:
        [request] = s.exec(select(Request).where(Request.channel == "slack")).all()
        assert request.channel == "slack" and request.message_id == f"{DM}:{post.response_ts}"
    assert "0 request(s) sent now, 2 sent earlier" in slack.round()  # one DM per round (Bob is emailed)
    assert len(slack.fake.posts()) == 1


def test_a_reply_in_words_records_one_update_and_is_confirmed(slack):
    slack.round()
    response = slack.dm("7.2 is complete, signed off on 9 June. 8.1 still blocked waiting on HR")
    assert response.status_code == 200
    assert _status(slack, "7.2") == "complete"
    assert len(slack.updates("7.2")) == 1
    confirmation = texts_to(slack.fake, DM)[-1]
    assert "7.2" in confirmation


def test_a_duplicate_delivery_changes_nothing(slack):
    slack.round()
    first = slack.dm("7.2 is complete", event_id="Ev0DUPLICATE")
    again = slack.dm("7.2 is complete", event_id="Ev0DUPLICATE", headers={"X-Slack-Retry-Num": "1",
                                                                           "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status_code == again.status_code == 200
    assert len(slack.inbound()) == 1
    assert len(slack.updates()) == 1
    assert len(texts_to(slack.fake, DM)) == 2  # the request and one confirmation


def test_a_tap_records_one_update_and_redraws_the_request_in_place(slack):
    slack.round()
    request = request_post(slack.fake)
    assert slack.tap("8.1", "in_progress").status_code == 200
    [update] = slack.updates("8.1")
    assert update.status == "in_progress" and update.text == "8.1: On track"
    [edit] = slack.fake.called("chat.update")
    assert (edit.params["channel"], edit.params["ts"]) == (DM, request.response_ts)
    redrawn = json.dumps(edit.params["blocks"])
    assert f"chaser_answer_{slack.actions['7.2']}" in redrawn  # still to answer
    assert f"chaser_answer_{slack.actions['8.1']}" not in redrawn  # answered
    assert "recorded 8.1" in edit.params["text"]
    assert "8.1" in texts_to(slack.fake, DM)[-1]


def test_the_details_modal_records_a_revised_date_percent_and_note(slack):
    slack.round()
    assert slack.open_details("7.2").status_code == 200
    [opened] = slack.fake.called("views.open")
    view = opened.params["view"]
    assert opened.params["trigger_id"].startswith("trigger-") and view["callback_id"] == "chaser_details"
    assert "Agree the joint commissioning strategy" in view["blocks"][0]["text"]["text"]
    assert not slack.inbound()  # opening the form records nothing
    refused = slack.submit_details(view, percent="140")
    assert refused.json() == {"response_action": "errors",
                              "errors": {"percent": "A whole number from 0 to 100, please."}}
    assert not slack.inbound()
    ok = slack.submit_details(view, status="delayed", date="2006-08-31", percent="60", note="Legal review <slow>")
    assert ok.status_code == 200 and ok.content in (b"", b"null")
    [update] = slack.updates("7.2")
    assert (update.status, update.expected_by, update.percent_complete) == ("delayed", date(2006, 8, 31), 60)
    assert "Legal review <slow>" in update.text
    assert slack.fake.called("chat.update")  # the request redrawn in place
    assert "7.2" in texts_to(slack.fake, DM)[-1]


def test_undo_after_a_tap_takes_the_update_back(slack):
    slack.round()
    slack.tap("7.2", "complete")
    assert _status(slack, "7.2") == "complete"
    slack.dm("UNDO")
    assert _status(slack, "7.2") == "in_progress"
    [update] = slack.updates("7.2")
    assert update.undone
    assert "7.2" in texts_to(slack.fake, DM)[-1]


def test_a_tap_after_a_reply_in_words_still_redraws_the_request(slack):
    slack.round()
    request = request_post(slack.fake)
    slack.dm("7.2 is delayed to the end of August")
    slack.tap("8.1", "complete")
    assert [u.text for u in slack.updates()] == ["7.2 is delayed to the end of August", "8.1: Done"]
    [edit] = slack.fake.called("chat.update")
    assert (edit.params["channel"], edit.params["ts"]) == (DM, request.response_ts)
    assert "recorded 8.1 complete" in edit.params["text"]
