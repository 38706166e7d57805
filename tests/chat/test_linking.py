"""Linking chat accounts: one-time codes by email, single use, expiring, a handful of attempts;
a display name never links anyone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.inbound.intake import take
from bot.linking import ATTEMPTS_PER_DAY, invite
from bot.ports import InboundMessage
from store.errors import ChaserError
from store.models import LinkCode, Person
from tests.cycle.world import LONDON, mail_to, person

WHEN = datetime(2006, 6, 12, 10, 0, tzinfo=LONDON)


def _send(chaser, text: str, *, sender: str, n: int, channel: str = "slack") -> None:
    take(chaser=chaser, message=InboundMessage(channel=channel, message_id=f"{sender}-{n}", sender=sender, text=text,
                                               written_at=WHEN, conversation=f"D-{sender}"))


def _code_from_email(chaser, address: str) -> str:
    [mail] = mail_to(chaser, address, "Link your")
    body = mail.get_body(("plain",)).get_content()
    return re.search(r"^\s{4}([A-Z2-9]{10})$", body, re.MULTILINE).group(1)


def test_an_emailed_code_links_the_account_once(chat):
    chaser, channel = chat
    line = invite(chaser=chaser, name="Jane Jones", channel="slack")
    assert line == "sent Jane Jones <jane.jones@herefordshire.example> a code to link Slack (valid 7 days)"
    code = _code_from_email(chaser, "jane.jones@herefordshire.example")
    with Session(chaser.engine) as session:
        assert session.exec(select(LinkCode.code_hash)).one() != code  # only a hash is stored
    spaced = f"link {code[:5]}-{code[5:].lower()}"  # typed with a dash, in lower case
    _send(chaser, spaced, sender="U0JANE", n=1)
    assert person(chaser.engine, "Jane Jones").slack_id == "U0JANE"
    assert channel.sent[-1].text.startswith("Thanks, Jane Jones: this Slack account is now linked to you.")
    _send(chaser, code, sender="U0MALLORY", n=1)  # used: never links a second account
    assert channel.sent[-1].text.startswith("Sorry, that code was not accepted")
    assert person(chaser.engine, "Jane Jones").slack_id == "U0JANE"


def test_a_code_expires_and_works_only_on_its_own_platform(chat):
    chaser, channel = chat
    invite(chaser=chaser, name="JJ", channel="telegram")
    code = _code_from_email(chaser, "jane.jones@herefordshire.example")
    _send(chaser, f"/start {code}", sender="U0JANE", n=1)  # a Telegram code sent in Slack
    assert person(chaser.engine, "Jane Jones").slack_id is None
    chaser.clock.advance(timedelta(days=8))
    chaser.channels["telegram"] = chaser.channels["slack"]
    _send(chaser, f"/start {code}", sender="4242", n=2, channel="telegram")
    assert person(chaser.engine, "Jane Jones").telegram_id is None
    assert channel.sent[-1].text.startswith("Sorry, that code was not accepted")


def test_a_handful_of_attempts_then_even_a_good_code_is_refused(chat):
    chaser, channel = chat
    invite(chaser=chaser, name="Jane Jones", channel="slack")
    code = _code_from_email(chaser, "jane.jones@herefordshire.example")
    for n in range(ATTEMPTS_PER_DAY):
        _send(chaser, "link ABCDEFGHJK", sender="U0GUESS", n=n)
    _send(chaser, f"link {code}", sender="U0GUESS", n=99)
    assert person(chaser.engine, "Jane Jones").slack_id is None
    _send(chaser, f"link {code}", sender="U0JANE", n=1)  # the real owner, from their own account
    assert person(chaser.engine, "Jane Jones").slack_id == "U0JANE"


def test_a_display_name_links_nobody(chat):
    chaser, channel = chat
    _send(chaser, "Hi, I'm Jane Jones, jane.jones@herefordshire.example", sender="U0JANE", n=1)
    assert person(chaser.engine, "Jane Jones").slack_id is None
    assert "I don't know this Slack account yet" in channel.sent[-1].text


def test_invite_errors_name_what_is_wrong(chat):
    chaser, _ = chat
    with pytest.raises(ChaserError, match="no person called 'Nobody'"):
        invite(chaser=chaser, name="Nobody", channel="slack")
    with pytest.raises(ChaserError, match="--channel 'fax': choose slack, telegram or teams"):
        invite(chaser=chaser, name="Jane Jones", channel="fax")
    with Session(chaser.engine) as session:
        jane = session.exec(select(Person).where(Person.name == "Jane Jones")).one()
        jane.email = None
        session.add(jane)
        session.commit()
    with pytest.raises(ChaserError, match="Jane Jones has no email address"):
        invite(chaser=chaser, name="Jane Jones", channel="slack")
