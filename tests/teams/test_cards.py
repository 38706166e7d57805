"""The request card: per action the four quick choices and a Details... form, whose submits the endpoint reads back."""

from __future__ import annotations

from adapters.teams.activities import _quick
from adapters.teams.cards import message_card
from bot.ports import QUICK_CHOICES, ActionPrompt, OutboundMessage

PROMPTS = (ActionPrompt(action_id=12, ref="7.4", title="Forward Delivery Plan", due="30 Apr 2006",
                        status="in progress", link="https://chaser.example/u/abc"),
           ActionPrompt(action_id=14, ref="7.6", title="Children's Centres", due="30 Jun 2006", status="blocked"))


def _card(**extra) -> dict:
    message = OutboundMessage(channel="teams", recipient="aad", subject="Progress on your actions: JAR",
                              text="Dear Sue,\n\n7.4 ...", kind="request", actions=PROMPTS, **extra)
    return message_card(message).model_dump(by_alias=True, exclude_none=True)


def _walk(node, kind):
    if isinstance(node, dict):
        if node.get("type") == kind:
            yield node
        for value in node.values():
            yield from _walk(value, kind)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, kind)


def test_each_action_has_the_four_choices_in_order_then_details():
    card = _card()
    blocks = [b for b in card["body"] if b["type"] == "Container"]
    assert [b["items"][0]["text"] for b in blocks] == ["7.4: Forward Delivery Plan", "7.6: Children's Centres"]
    for block, prompt in zip(blocks, PROMPTS, strict=True):
        buttons = block["items"][-1]["actions"]
        assert [b["title"] for b in buttons[:4]] == [label for _, label in QUICK_CHOICES]
        assert [b["data"] for b in buttons[:4]] == [
            {"action_id": prompt.action_id, "ref": prompt.ref, "status": status} for status, _ in QUICK_CHOICES]
        assert buttons[4]["type"] == "Action.ShowCard" and buttons[4]["title"] == "Details..."
        inputs = {i["type"]: i for kind in ("Input.Date", "Input.Number", "Input.Text")
                  for i in _walk(buttons[4]["card"], kind)}
        assert inputs["Input.Date"]["id"] == f"revised_date-{prompt.action_id}"
        assert inputs["Input.Number"]["min"] == 0 and inputs["Input.Number"]["max"] == 100
        assert inputs["Input.Text"]["isMultiline"]
    assert blocks[0]["items"][-1]["actions"][-1] == {"type": "Action.OpenUrl", "title": "Open on the web",
                                                     "url": "https://chaser.example/u/abc"}


def test_the_card_does_not_list_the_actions_twice():
    texts = [b["text"] for b in _walk(_card(), "TextBlock")]
    assert sum("Forward Delivery Plan" in t for t in texts) == 1


def test_what_a_details_submit_sends_is_read_back_as_one_answer():
    card = _card()
    details = next(_walk(card, "Action.ShowCard"))["card"]
    delayed = next(b for b in _walk(details, "Action.Submit") if b["title"] == "Delayed")
    # Teams merges the button's data with the values of the inputs around it.
    value = {**delayed["data"], "revised_date-12": "2006-07-31", "percent-12": "40", "note-12": "Awaiting sign-off"}
    [answer] = _quick(value)
    assert (answer.action_id, answer.status, answer.expected_by.isoformat(), answer.percent_complete,
            answer.note) == (12, "delayed", "2006-07-31", 40, "Awaiting sign-off")
    only = next(b for b in _walk(details, "Action.Submit") if b["title"] == "Save details only")
    [note] = _quick({**only["data"], "note-12": "Met the PCT"})
    assert note.status is None and note.note == "Met the PCT"
    assert _quick(only["data"]) == ()  # nothing filled in: nothing to record


def test_a_reply_card_shows_its_words():
    message = OutboundMessage(channel="teams", recipient="aad", subject="", text="Recorded for 7.4: Done.\n\nThanks",
                              kind="reply", replace="1:card")
    texts = [b["text"] for b in _walk(message_card(message).model_dump(by_alias=True, exclude_none=True),
                                      "TextBlock")]
    assert texts == ["Recorded for 7.4: Done.", "Thanks"]
