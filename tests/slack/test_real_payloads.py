"""Chaser's Slack adapter against payloads and Web API answers Slack itself published (Slack's API
documentation, slackapi/bolt-python's and slackapi/python-slack-sdk's test fixtures): see
tests/slack/real/README.md. Each event is signed as Slack signs it and POSTed to the real
/slack/events; interactivity goes form-encoded (``payload=``); the fake Web API answers with the
published error bodies and headers."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlmodel import Session, col, select

from adapters.slack.translate import plain_words, rich_text_words
from store.models import Person, Update
from tests.slack.conftest import ALICE, BOB, SlackWorld, request_post, texts_to
from tests.slack.fake_api import BOT_TOKEN

REAL = Path(__file__).parent / "real"
DM = "D" + ALICE[1:]


def raw(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def load(name: str) -> dict[str, Any]:
    return dict(json.loads(raw(name)))


def deliver(slack: SlackWorld, name: str, **kw: Any) -> Any:
    """POST the file's payload exactly as stored (Slack signs the bytes it sends)."""
    return slack.post(raw(name), content_type="application/json", **kw)


def retry_headers(n: int, reason: str = "http_timeout") -> dict[str, str]:
    return {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": reason}


def interaction(slack: SlackWorld, name: str, fill: dict[str, Any]) -> Any:
    """Send an interactivity payload, its placeholders filled from what Chaser posted, as Slack does:
    ``application/x-www-form-urlencoded`` with the JSON in ``payload``."""
    text = raw(name)
    for key, value in fill.items():
        text = text.replace(f'"${key}"', json.dumps(value)).replace(f"${key}", str(value))
    return slack.post(urlencode({"payload": json.dumps(json.loads(text), separators=(",", ":"))}),
                      content_type="application/x-www-form-urlencoded")


def confirmations(slack: SlackWorld) -> list[str]:
    return texts_to(slack.fake, DM)[1:]  # (the first is the request)


def updates(slack: SlackWorld) -> list[Update]:
    with Session(slack.chaser.engine) as s:
        return list(s.exec(select(Update).where(Update.channel == "slack").order_by(col(Update.id))))


# -- Events API ----------------------------------------------------------------------------------


def test_a_dm_reply_is_stored_once_read_and_its_retries_change_nothing(slack):
    slack.round()
    assert deliver(slack, "event_message_im.json").status_code == 200
    for n, reason in ((1, "http_timeout"), (2, "http_error")):  # Slack's retries carry the same event_id
        assert deliver(slack, "event_message_im.json", headers=retry_headers(n, reason)).status_code == 200
    [row] = slack.inbound()
    assert row.message_id == "Ev0REALIM01" and row.body == "7.2 is complete & signed off by the board"
    [update] = slack.updates("7.2")
    assert update.status == "complete"
    [thanks] = confirmations(slack)
    assert "7.2 complete" in thanks


def test_rich_text_is_read_as_a_person_reads_it(slack):
    slack.round()
    assert deliver(slack, "event_message_im_rich_text.json").status_code == 200
    [row] = slack.inbound()
    assert row.body == ("7.2 delayed to 31 July & waiting on @UBOB000002 - see the JAR plan page and #housing, "
                        "or ask carol.cole@council.example\n> budget <<agreed>> at 12 Jun 2006")
    [update] = slack.updates("7.2")
    assert update.status == "delayed" and update.expected_by is not None and update.expected_by.month == 7


def test_a_message_with_rich_text_blocks_and_no_text_is_read_from_its_blocks(slack):
    slack.round()
    assert deliver(slack, "event_message_im_blocks_only.json").status_code == 200
    [row] = slack.inbound()
    assert row.body.startswith("7.2 delayed to 31 July & waiting on @UBOB000002 - see the JAR plan page and "
                               "#C0HOUSING, or ask carol.cole@council.example")
    assert "> budget <<agreed>> at 12 Jun 2006" in row.body
    [update] = slack.updates("7.2")
    assert update.status == "delayed"


def test_slack_markup_in_text_becomes_what_a_person_sees():
    said = ("&lt;3 &amp; <@U0BOB|bob> <@U0CAROL> <#C0HOUSING|housing> <#C0GENERAL> <#C0NEW|> <!here> "
            "<!subteam^S0LEADS|@leads> <!date^1150099200^{date_short}|12 Jun 2006> <https://x.example/7.4> "
            "<https://x.example/a?b=1&amp;c=2|the page> <mailto:sue@council.example|Sue> &amp;lt;")
    assert plain_words(said) == ("<3 & @bob @U0CAROL #housing #C0GENERAL #C0NEW @here @leads 12 Jun 2006 "
                                 "https://x.example/7.4 the page Sue &lt;")
    blocks = load("event_message_im_rich_text.json")["event"]["blocks"]
    assert rich_text_words(blocks).startswith("7.2 delayed to 31 July & waiting on @UBOB000002")
    assert rich_text_words([{"type": "section", "text": {"type": "mrkdwn", "text": "not a person's"}}]) == ""


def test_an_edit_of_an_answer_is_kept_and_answered_but_records_nothing(slack):
    # the rule every platform shares (bot.inbound.service.NOT_OWN_WORDS): each message is read once
    slack.round()
    deliver(slack, "event_message_im.json")
    assert deliver(slack, "event_message_changed_im.json").status_code == 200
    assert deliver(slack, "event_message_changed_im.json", headers=retry_headers(1)).status_code == 200
    [first] = slack.updates("7.2")
    assert first.status == "complete"
    edit = slack.inbound()[-1]
    assert edit.message_id == "Ev0REALED01" and edit.body == "7.2 delayed to 31 July"  # kept, word for word
    assert len(slack.inbound()) == 2
    answered = [c.params.get("text", "") for c in slack.fake.called("chat.postMessage")]
    assert sum("edited a message" in text for text in answered) == 1  # answered once, never silent


@pytest.mark.parametrize("name", ["event_message_changed_no_edit.json", "event_message_changed_own_request.json"])
def test_changes_that_are_not_a_persons_edit_are_ignored(slack, name):
    slack.round()
    deliver(slack, "event_message_im.json")
    assert deliver(slack, name).status_code == 200
    assert len(slack.inbound()) == 1 and len(slack.updates()) == 1 and len(confirmations(slack)) == 1


@pytest.mark.parametrize("name", [
    "event_message_deleted_im.json", "event_bot_message_classic.json", "event_own_message.json",
    "event_app_home_opened.json", "event_tokens_revoked.json"])
def test_deletions_bots_chasers_own_messages_and_other_events_are_acknowledged_and_ignored(slack, name, caplog):
    slack.round()
    caplog.set_level(logging.WARNING)
    answered = deliver(slack, name)
    assert answered.status_code == 200
    assert slack.inbound() == [] and slack.updates() == [] and confirmations(slack) == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_deleted_answer_is_not_undone(slack):
    slack.round()
    deliver(slack, "event_message_im.json")
    deliver(slack, "event_message_deleted_im.json")
    assert [u.status for u in slack.updates("7.2")] == ["complete"]


@pytest.mark.parametrize(("name", "ref", "status"), [
    ("event_file_share_im.json", "8.1", "complete"),
    ("event_thread_broadcast_im.json", "8.1", "in_progress"),
    ("event_me_message_im.json", "7.2", "complete")])
def test_a_reply_with_a_file_in_a_thread_or_by_me_is_read(slack, name, ref, status):
    slack.round()
    assert deliver(slack, name).status_code == 200
    [row] = slack.inbound()
    assert row.body == load(name)["event"]["text"]
    assert [u.status for u in slack.updates(ref)] == [status]
    assert len(confirmations(slack)) == 1


def test_url_verification_as_published_is_answered(slack):
    answered = deliver(slack, "event_url_verification.json")
    assert answered.status_code == 200
    assert answered.json() == {"challenge": load("event_url_verification.json")["challenge"]}


# -- Interactivity -------------------------------------------------------------------------------


def _tap_fill(slack: SlackWorld) -> dict[str, Any]:
    post = request_post(slack.fake)
    return {"ACTION_ID": slack.actions["7.2"], "MESSAGE_TS": post.response_ts, "MESSAGE_TEXT": post.params["text"],
            "MESSAGE_BLOCKS": post.params["blocks"]}


def test_a_tap_as_slack_sends_it_records_once(slack):
    slack.round()
    fill = _tap_fill(slack)
    assert interaction(slack, "interaction_block_actions.json", fill).status_code == 200
    assert interaction(slack, "interaction_block_actions.json", fill).status_code == 200  # a replay
    [update] = slack.updates("7.2")
    assert update.status == "complete"
    [edit] = slack.fake.called("chat.update")
    assert edit.params["ts"] == fill["MESSAGE_TS"]
    [row] = slack.inbound()
    assert "response_url" not in row.raw and "1150100300.111.2aa2e3e4f5" not in row.raw  # no credentials kept


def _details_fill(slack: SlackWorld) -> dict[str, Any]:
    from adapters.slack.blocks import details_view

    post = request_post(slack.fake)
    view = details_view(action_id=slack.actions["7.2"], ref="7.2", about="", conversation=DM,
                        thread=f"{DM}:{post.response_ts}")
    return {"VIEW_BLOCKS": view["blocks"], "PRIVATE_METADATA": view["private_metadata"]}


def test_the_details_form_as_slack_submits_it_is_recorded(slack):
    slack.round()
    answered = interaction(slack, "interaction_view_submission.json", _details_fill(slack))
    assert answered.status_code == 200 and answered.text in ("", "{}")  # the modal closes
    [update] = slack.updates("7.2")
    assert update.status == "delayed" and update.percent_complete == 40
    assert update.expected_by is not None and update.expected_by.isoformat() == "2006-07-31"
    [row] = slack.inbound()
    assert "Waiting for the partners' sign-off & the budget" in row.body


def test_the_details_form_with_only_a_note_keeps_the_status(slack):
    slack.round()
    assert interaction(slack, "interaction_view_submission_note_only.json", _details_fill(slack)).status_code == 200
    [row] = slack.inbound()
    assert row.body == "7.2: Draft strategy went to the board today"
    [update] = slack.updates("7.2")
    assert update.status is None and "Draft strategy went to the board today" in update.text  # a note, no status


# -- Web API answers -----------------------------------------------------------------------------


def test_ratelimited_waits_retry_after_then_sends_once(slack, vtime):
    slack.fake.answer_with("chat.postMessage", load("webapi_ratelimited.json"))
    assert "by slack: 2 open actions" in slack.round()
    calls = slack.fake.called("chat.postMessage")
    assert [c.status for c in calls] == [429, 200] and calls[0].headers == {"Retry-After": "30"}
    assert calls[1].at - calls[0].at >= 30 and 30 in vtime.sleeps
    assert len(slack.fake.posts()) == 1


def test_an_ok_answer_with_warnings_is_a_success(slack, caplog):
    slack.fake.answer_with("chat.postMessage", load("webapi_ok_with_warning.json"))
    caplog.set_level(logging.WARNING)
    assert "by slack: 2 open actions" in slack.round()
    assert len(slack.fake.called("chat.postMessage")) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(("method", "name", "meaning"), [
    ("conversations.open", "webapi_user_not_found.json", "no such member"),
    ("conversations.open", "webapi_cannot_dm_bot.json", "is a bot"),
    ("conversations.open", "webapi_account_inactive.json", "deactivated"),
    ("chat.postMessage", "webapi_channel_not_found.json", "cannot find"),
    ("chat.postMessage", "webapi_not_in_channel.json", "not in"),
    ("chat.postMessage", "webapi_msg_too_long.json", "too long"),
    ("chat.postMessage", "webapi_invalid_blocks.json", "must be less than 3001 characters")])
def test_a_person_slack_cannot_reach_is_emailed_and_the_summary_names_them_and_why(slack, method, name, meaning):
    slack.fake.answer_with(method, load(name))
    summary = slack.round()
    code = load(name)["body"]["error"]
    line = next(x for x in summary.splitlines() if "Alice Adams" in x)
    assert "by email (instead of slack: " in line and code in line and meaning in line
    assert len(slack.fake.called(method)) == 1  # not retried: retrying cannot mend it
    mails = list(slack.chaser.settings.outbox_dir.glob("*.eml"))
    assert any(b"alice.adams@council.example" in m.read_bytes() for m in mails)


def _without_email(slack, who):
    """Take the person's email address away, so nothing can fall back to email for them."""
    with Session(slack.chaser.engine) as s:
        person = s.get(Person, slack.people[who])
        assert person is not None
        person.email = None
        s.add(person)
        s.commit()


def test_a_person_slack_cannot_reach_without_an_email_address_is_named_in_the_summary(slack):
    _without_email(slack, "alice")
    slack.fake.answer_with("conversations.open", load("webapi_user_not_found.json"))
    summary = slack.round()
    assert "Alice Adams: Slack: user_not_found" in summary


@pytest.mark.parametrize("name", ["webapi_invalid_auth.json", "webapi_token_revoked.json"])
def test_a_refused_bot_token_is_logged_once_without_the_token_and_leads_are_emailed(slack, name, caplog):
    with Session(slack.chaser.engine) as s:
        bob = s.get(Person, slack.people["bob"])
        assert bob is not None
        bob.slack_id = BOB
        s.add(bob)
        s.commit()
    caplog.set_level(logging.INFO)
    code = load(name)["body"]["error"]
    slack.fake.answer_with("conversations.open", load(name), times=10)
    summary = slack.round()
    assert len(slack.fake.called("conversations.open")) == 1  # the first refusal stops Slack for this process
    for who in ("Alice Adams", "Bob Brown"):
        line = next(x for x in summary.splitlines() if who in x)
        assert "by email (instead of slack: " in line and code in line
    refused = [r for r in caplog.records if r.levelno >= logging.ERROR and code in r.getMessage()]
    assert len(refused) == 1 and "CHASER_SLACK_BOT_TOKEN" in refused[0].getMessage()
    assert BOT_TOKEN not in caplog.text


def test_a_reply_that_arrives_while_slack_refuses_the_token_is_still_stored_and_recorded(slack, caplog):
    """Bolt's default authorization asked auth.test and, refused, answered 200 "please reinstall this app"
    without running a listener: the lead's answer was acknowledged and lost. Now it is kept."""
    slack.round()
    refused = load("webapi_token_revoked.json")
    for method in ("auth.test", "chat.postMessage", "conversations.open"):
        slack.fake.answer_with(method, refused, times=5)
    caplog.set_level(logging.INFO)
    assert deliver(slack, "event_message_im.json").status_code == 200
    [row] = slack.inbound()
    assert row.state == "processed" and [u.status for u in slack.updates("7.2")] == ["complete"]
    assert slack.fake.called("auth.test") == []
    assert len(slack.fake.called("chat.postMessage")) == 2  # the request, then the refused confirmation
    mails = [m.read_bytes() for m in slack.chaser.settings.outbox_dir.glob("*.eml")]
    assert any(b"alice.adams@council.example" in m and b"token_revoked" in m for m in mails)  # confirmed by email
    assert BOT_TOKEN not in caplog.text


def test_an_edit_that_keeps_the_words_or_is_not_the_authors_is_not_read():
    from datetime import UTC, datetime

    from adapters.slack.translate import from_event

    now = datetime(2006, 6, 12, 8, tzinfo=UTC)
    edit = load("event_message_changed_im.json")
    read = from_event(edit, received_at=now)
    assert read is not None and read.written_at == datetime.fromtimestamp(1150099500, tz=UTC)  # when edited
    without_ts = json.loads(json.dumps(edit))
    del without_ts["event"]["message"]["ts"]  # as in bolt-python's fixture
    still = from_event(without_ts, received_at=now)
    assert still is not None and (still.text, still.message_id, still.written_at) == (read.text, read.message_id,
                                                                                     read.written_at)
    same = json.loads(json.dumps(edit))
    same["event"]["previous_message"]["text"] = same["event"]["message"]["text"]
    assert from_event(same, received_at=now) is None
    someone_else = json.loads(json.dumps(edit))
    someone_else["event"]["message"]["edited"]["user"] = "UADMIN0001"
    assert from_event(someone_else, received_at=now) is None


def test_a_tap_or_form_chaser_does_not_know_is_acknowledged_not_refused(slack, caplog):
    """Bolt answered these 404 and Slack showed the person an error. Here with the action_id and
    callback_id of bolt-python's own fixtures ("a", "view-id")."""
    slack.round()
    caplog.set_level(logging.WARNING)
    tap = json.loads(raw("interaction_block_actions.json").replace('"$MESSAGE_BLOCKS"', "[]")
                     .replace("$ACTION_ID", "0").replace("$MESSAGE_TS", "1150100300.000100")
                     .replace("$MESSAGE_TEXT", "x"))
    tap["actions"][0].update(action_id="a", value="click_me_123")
    form = json.loads(raw("interaction_view_submission.json").replace('"$VIEW_BLOCKS"', "[]")
                      .replace("$PRIVATE_METADATA", "This is for you!"))
    form["view"]["callback_id"] = "view-id"
    closed = {**form, "type": "view_closed", "is_cleared": False}
    for payload in (tap, form, closed):
        answered = slack.post(urlencode({"payload": json.dumps(payload)}),
                              content_type="application/x-www-form-urlencoded")
        assert answered.status_code == 200
    assert slack.inbound() == [] and slack.updates() == []
    assert "Chaser does not know (a)" in caplog.text and "click_me_123" not in caplog.text


def test_a_confirmation_slack_cannot_deliver_to_someone_without_email_is_reported_to_the_coordinator(slack):
    from store.models import Delivery

    slack.round()
    _without_email(slack, "alice")
    slack.fake.answer_with("chat.postMessage", load("webapi_account_inactive.json"))
    assert deliver(slack, "event_message_im.json").status_code == 200
    assert [u.status for u in slack.updates("7.2")] == ["complete"]  # recorded; only the confirmation failed
    with Session(slack.chaser.engine) as s:
        notices = [d for d in s.exec(select(Delivery)) if d.kind == "notice"]
    [notice] = notices
    words = json.dumps(notice.payload)
    assert "carol.cole@council.example" in words and "Alice Adams" in words
    assert "account_inactive" in words and "deactivated" in words
