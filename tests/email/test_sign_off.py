"""The closing sign-off of an email is not part of the reply."""

from __future__ import annotations

import pytest

from adapters.email.sign_off import name_words, strip_sign_off

SUE = name_words("Sue Fiennes", "sue.fiennes@herefordshire.example")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.4 is complete.\n\nSue", "7.4 is complete."),
        ("What's overdue?\n\nThanks,\nSue", "What's overdue?"),
        ("7.6 slipped to July.\nKind regards\nSue Fiennes\nSent from my iPhone", "7.6 slipped to July."),
        ("No change.\n\nCheers SF", "No change."),
        ("Thanks", "Thanks"),  # nothing else: the thank-you is the message
        ("7.4 done, thanks to Sue's team.", "7.4 done, thanks to Sue's team."),
        ("7.5 delayed.\nBest wishes to the Board on 12 July", "7.5 delayed.\nBest wishes to the Board on 12 July"),
        ("Anything late for Tony Geeson?\n\nSue", "Anything late for Tony Geeson?"),
    ],
)
def test_sign_offs_go_and_content_stays(text, expected):
    assert strip_sign_off(text, names=SUE) == expected


def test_names_come_from_the_address_when_the_header_has_none():
    assert name_words("", "chris.doyle@herefordshire.example") == frozenset({"chris", "doyle", "cd"})
