"""Linking a chat account to a person with a one-time code: issued by email, sent to the bot once.

A display name or username never links anyone (they can be changed and reused): only the coordinator
(the people CSV's ``slack_id``, ``telegram_id``, ``teams_id``) or a code the person received at their
known email address. Codes are single-use, expire, are stored only as a hash, and each chat account
gets a handful of attempts a day, so a code cannot be guessed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, select

from bot.lookup import CHAT_ID_FIELDS
from bot.ports import OutboundMessage
from store.db import transaction
from store.errors import ChaserError
from store.models import InboundMessage, LinkCode, Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from an email, typed on a phone
CODE_LENGTH = 10
CODE_LIFETIME = timedelta(days=7)
ATTEMPTS_PER_DAY = 5
# "/start CODE" (Telegram deep links), "link CODE", or the bare code, as typed or pasted.
CODE_MESSAGE = re.compile(r"^\s*(?:/start|link)?\s*([A-Za-z0-9][A-Za-z0-9 -]{7,20})\s*$", re.IGNORECASE)
LINK_FAILED = "link code not accepted"


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def normalise(code: str) -> str:
    """The code as issued: upper case, without the spaces or dashes people add."""
    return re.sub(r"[\s-]", "", code).upper()


def issue_code(session: Session, *, person: Person, channel: str, now: datetime) -> str:
    """A new one-time code for ``person`` to link their ``channel`` account (earlier ones stay valid
    until used or expired, so a second invitation does not break the first email)."""
    if channel not in CHAT_ID_FIELDS:
        raise ValueError(f"cannot link a {channel!r} account: choose slack, telegram or teams")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    assert person.id is not None
    session.add(LinkCode(person_id=person.id, channel=channel, code_hash=_hash(code), created_at=now,
                         expires_at=now + CODE_LIFETIME))
    return code


def looks_like_code(text: str) -> str | None:
    """The code in a message that is only a code (``/start CODE``, ``link CODE``), normalised."""
    match = CODE_MESSAGE.match(text)
    if match is None:
        return None
    code = normalise(match.group(1))
    return code if len(code) == CODE_LENGTH else None


def failed_attempts(session: Session, *, channel: str, sender: str, now: datetime) -> int:
    """How many codes this chat account sent in the last day that were not accepted."""
    return int(session.exec(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.channel == channel, InboundMessage.sender == sender,
        InboundMessage.reason == LINK_FAILED, col(InboundMessage.received_at) >= now - timedelta(days=1))).one())


def redeem(session: Session, *, channel: str, sender: str, code: str, now: datetime) -> Person | None:
    """Link the ``channel`` account ``sender`` to the person the code was issued to; None if the
    code is unknown, used, expired, for another channel, or the account has used its attempts."""
    if failed_attempts(session, channel=channel, sender=sender, now=now) >= ATTEMPTS_PER_DAY:
        return None
    row = session.exec(select(LinkCode).where(LinkCode.code_hash == _hash(code))).first()
    if row is None or row.used_at is not None or row.expires_at < now or row.channel != channel:
        return None
    person = session.get(Person, row.person_id)
    if person is None:
        return None
    field = CHAT_ID_FIELDS[channel]
    for other in session.exec(select(Person).where(getattr(Person, field) == sender, Person.id != person.id)):
        setattr(other, field, None)  # one chat account belongs to one person
    setattr(person, field, sender)
    row.used_at = now
    return person


INVITE_TEXT = """Dear {name},

Chaser, the improvement plan's progress assistant, can ask you for your updates in {platform} instead of by email.
To link your {platform} account, send this code to the Chaser bot in {platform}, in a direct message:

    {code}
{hint}
The code works once, for {days} days. If you did not ask for this, you can ignore this message: nothing changes
until the code is sent from a {platform} account.

Chaser, on behalf of the plan coordinator
"""
PLATFORM_NAMES = {"slack": "Slack", "teams": "Microsoft Teams", "telegram": "Telegram"}


def invite(*, chaser: Chaser, name: str, channel: str) -> str:
    """Issue a link code for the person called ``name`` and email it to their known address.

    Returns:
        A line saying what was sent.

    Raises:
        ChaserError: No such person, no email address, or a channel that cannot be linked.
    """
    from bot.lookup import person_by_name
    from bot.outbound import deliver_once

    if channel not in CHAT_ID_FIELDS:
        raise ChaserError(f"--channel {channel!r}: choose slack, telegram or teams")
    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        person = person_by_name(session, query=name)
        if person is None or person.placeholder:
            raise ChaserError(f"no person called {name!r}: check `chaser people import`")
        if not person.email:
            raise ChaserError(f"{person.name} has no email address to send the code to")
        code = issue_code(session, person=person, channel=channel, now=now)
        person_id, person_name, email = person.id, person.name, person.email
    platform = PLATFORM_NAMES[channel]
    hint_of = getattr(chaser.channels.get(channel), "invite_hint", None)
    hint = f"\n{hint_of(code)}\n" if callable(hint_of) else ""
    text = INVITE_TEXT.format(name=person_name, platform=platform, code=code, hint=hint,
                              days=CODE_LIFETIME.days)
    message = OutboundMessage(channel="email", recipient=email, subject=f"Link your {platform} account to Chaser",
                              text=text, person_id=person_id, key=f"invite:{_hash(code)[:16]}", kind="invite")
    if not deliver_once(chaser=chaser, message=message, kind="invite"):
        raise ChaserError(f"the invitation to {email} could not be sent: check the mail settings")
    return f"sent {person_name} <{email}> a code to link {platform} (valid {CODE_LIFETIME.days} days)"
