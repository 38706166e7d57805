"""Block Kit drawn from the service's messages, and Slack payloads read back into InboundMessage."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from adapters.slack import blocks, translate
from bot.ports import QUICK_CHOICES, ActionPrompt, OutboundMessage

RECEIVED = datetime(2006, 6, 12, 8, 0, tzinfo=UTC)


def _prompt(n: int, title: str = "Agree the strategy") -> ActionPrompt:
    return ActionPrompt(action_id=100 + n, ref=f"7.{n}", title=title, due="March 2006", status="in progress",
                        last_update="Draft with legal")


def _request(prompts: tuple[ActionPrompt, ...], link: str | None = None) -> OutboundMessage:
    lines = ["Hello Alice, how are your actions going?", "Tap an answer beside each action.", ""]
    for p in prompts:
        lines += [f"{p.ref}  {p.title}", f"    Due: {p.due} | Status: {p.status}"]
    return OutboundMessage(channel="slack", recipient="U1", subject="s", text="\n".join(lines), kind="request",
                           actions=prompts, link=link)


def test_each_action_gets_the_four_choices_and_details_with_its_id_in_the_value():
    drawn = blocks.message_blocks(_request((_prompt(2), _prompt(4))))
    assert drawn is not None
    assert drawn[0]["text"]["text"] == "Hello Alice, how are your actions going?\nTap an answer beside each action."
    rows = [b for b in drawn if b["type"] == "actions"]
    assert [[e["value"] for e in r["elements"]] for r in rows][0] == [
        "102|complete|7.2", "102|in_progress|7.2", "102|delayed|7.2", "102|blocked|7.2", "102|details|7.2"]
    assert [e["text"]["text"] for e in rows[1]["elements"]] == [label for _, label in QUICK_CHOICES] + ["Details…"]
    about = [b for b in drawn if b.get("block_id", "").startswith("chaser_about_")]
    assert about[1]["text"]["text"] == "*7.4*  Agree the strategy\nDue: March 2006 | Status: in progress\n" \
                                       "Last update: Draft with legal"


def test_plan_text_is_escaped_for_mrkdwn():
    drawn = blocks.message_blocks(_request((_prompt(1, "Publish <script>alert('x')</script> & guidance"),)))
    text = json.dumps(drawn)
    assert "<script>" not in text and "&lt;script&gt;" in text and "&amp; guidance" in text


def test_a_long_list_stays_within_slacks_fifty_blocks_and_names_the_rest():
    prompts = tuple(_prompt(n) for n in range(1, 31))
    drawn = blocks.message_blocks(_request(prompts, link="https://chaser.council.example/a/xyz"))
    assert drawn is not None and len(drawn) <= 50
    assert sum(1 for b in drawn if b["type"] == "actions") == blocks.MAX_ACTIONS_WITH_BUTTONS
    rest = drawn[-2]["elements"][0]["text"]
    assert rest.startswith("Also open: 7.24, 7.25") and "7.30" in rest
    assert drawn[-1]["elements"][0]["text"] == "<https://chaser.council.example/a/xyz|Answer on the web instead>"


def test_plain_words_have_no_blocks():
    assert blocks.message_blocks(OutboundMessage(channel="slack", recipient="U1", subject="s", text="Thanks")) is None


def test_the_details_modal_fits_slacks_limits():
    view = blocks.details_view(action_id=7, ref="7.2a(iii) long reference", about="*7.2* Agree", conversation=None,
                               thread="D1:1.2")
    assert len(view["title"]["text"]) <= 24
    assert json.loads(view["private_metadata"]) == {"action_id": 7, "ref": "7.2a(iii) long reference",
                                                    "conversation": None, "thread": "D1:1.2"}
    assert [b.get("block_id") for b in view["blocks"][1:]] == ["status", "expected_by", "percent", "note"]


def _event(**event) -> dict:
    return {"type": "event_callback", "event_id": "Ev123", "event": {
        "type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "ts": "1149930000.000100", **event}}


def test_a_dm_becomes_the_persons_words():
    message = translate.from_event(_event(text="7.2 done &amp; dusted, see <https://x.example/doc|the doc> &lt;ok&gt;"),
                                   received_at=RECEIVED)
    assert message is not None
    assert message.text == "7.2 done & dusted, see the doc <ok>"
    assert (message.channel, message.message_id, message.sender) == ("slack", "Ev123", "U1")
    assert message.written_at == datetime(2006, 6, 10, 9, 0, 0, 100, tzinfo=UTC)
    assert message.conversation is None and message.thread is None  # the person's DM: answers go to them
    assert json.loads(message.raw)["event"]["text"].startswith("7.2 done &amp;")  # kept as received


def test_the_evidence_keeps_no_credentials():
    body = {**_event(text="7.2 done"), "token": "legacy-verification-token"}
    stored = json.loads(translate.from_event(body, received_at=RECEIVED).raw)  # type: ignore[union-attr]
    assert "token" not in stored and stored["event"]["text"] == "7.2 done"
    tap = {**_tap("102|delayed|7.2", "chaser_quick_delayed"), "response_url": "https://hooks.slack.example/x"}
    kept = translate.from_button(tap, received_at=RECEIVED).raw  # type: ignore[union-attr]
    assert "hooks.slack.example" not in kept and '"trigger_id"' not in kept and "102|delayed|7.2" in kept


def test_a_reply_in_the_requests_thread_names_the_request():
    message = translate.from_event(_event(text="done", thread_ts="1149920000.000100"), received_at=RECEIVED)
    assert message is not None and message.thread == "D1:1149920000.000100"


@pytest.mark.parametrize("event", [
    {"bot_id": "B1", "text": "x"}, {"subtype": "message_changed"}, {"subtype": "bot_message", "text": "x"},
    {"channel_type": "channel", "channel": "C1", "text": "x"}, {"channel_type": "mpim", "text": "x"},
    {"user": None, "text": "x"},
])
def test_what_is_not_a_persons_dm_is_not_taken(event):
    assert translate.from_event(_event(**event), received_at=RECEIVED) is None


def _tap(value: str, action_id: str) -> dict:
    return {"type": "block_actions", "user": {"id": "U1"}, "trigger_id": "t",
            "container": {"type": "message", "channel_id": "D1", "message_ts": "1149920000.000100"},
            "actions": [{"action_id": action_id, "value": value, "action_ts": "1149930000.5"}]}


def test_a_tap_becomes_a_quick_answer_on_the_tapped_message():
    message = translate.from_button(_tap("102|delayed|7.2", "chaser_quick_delayed"), received_at=RECEIVED)
    assert message is not None
    assert message.text == "7.2: Delayed" and message.message_id == "action:U1:1149930000.5"
    assert [(q.action_id, q.status) for q in message.quick] == [(102, "delayed")]
    assert message.thread == "D1:1149920000.000100"


@pytest.mark.parametrize("value,action_id", [("102|finished|7.2", "chaser_quick_finished"),
                                             ("x|complete|7.2", "chaser_quick_complete"),
                                             ("102|complete|7.2", "chaser_quick_blocked")])
def test_a_button_that_is_not_ours_is_not_taken(value, action_id):
    assert translate.from_button(_tap(value, action_id), received_at=RECEIVED) is None


def _submission(**values) -> dict:
    state = {"status": {"chaser_status": {"selected_option": {"value": values["status"]} if "status" in values
                                          else None}},
             "expected_by": {"chaser_date": {"selected_date": values.get("date")}},
             "percent": {"chaser_percent": {"value": values.get("percent")}},
             "note": {"chaser_note": {"value": values.get("note")}}}
    meta = json.dumps({"action_id": 102, "ref": "7.2", "conversation": "D1", "thread": "D1:1.1"})
    return {"type": "view_submission", "user": {"id": "U1"},
            "view": {"id": "V9", "callback_id": "chaser_details", "private_metadata": meta, "state": {"values": state}}}


def test_a_details_submission_becomes_one_quick_answer():
    message = translate.from_submission(_submission(date="2006-09-30", percent="75%", note="  waiting\non HR "),
                                        received_at=RECEIVED)
    assert message is not None and message.message_id == "view:V9" and message.written_at == RECEIVED
    [answer] = message.quick
    assert (answer.action_id, answer.status, answer.expected_by, answer.percent_complete, answer.note) == (
        102, None, date(2006, 9, 30), 75, "waiting on HR")
    assert message.text == "7.2: revised date 30 Sep 2006, 75% done. waiting on HR"
    assert message.thread == "D1:1.1" and message.conversation is None


@pytest.mark.parametrize("values,field", [({"percent": "101"}, "percent"), ({"percent": "half"}, "percent"),
                                          ({"date": "31/12/2006"}, "expected_by"), ({"status": "done"}, "status"),
                                          ({}, "note")])
def test_a_details_submission_that_cannot_be_recorded_says_which_field(values, field):
    with pytest.raises(translate.NotAnAnswer) as raised:
        translate.from_submission(_submission(**values), received_at=RECEIVED)
    assert list(raised.value.errors) == [field]
