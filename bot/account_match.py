"""Linking people to their chat accounts by email address, where the platform can look an address up
(Slack's users.lookupByEmail gives workspace-verified addresses): `chaser people link --channel slack`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sqlmodel import col, select

from bot.lookup import CHAT_ID_FIELDS
from bot.ports import SendError
from store.db import transaction
from store.errors import ChaserError
from store.models import Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

LOOKUPS_PER_SECOND = 0.8  # Slack's users.lookupByEmail is a Tier 3 method: about 50 a minute
TRIES = 3


@runtime_checkable
class EmailDirectory(Protocol):
    """A channel that can find a member of its workspace by email address."""

    def lookup_by_email(self, address: str) -> str | None:
        """The platform's user id for ``address``; None if no member has it. Raises SendError."""
        ...


def _lookup(chaser: Chaser, directory: EmailDirectory, *, channel: str, address: str) -> str | None:
    for attempt in range(1, TRIES + 1):
        chaser.limiter.wait(f"{channel}:directory", "lookup", overall=LOOKUPS_PER_SECOND)
        try:
            return directory.lookup_by_email(address)
        except SendError as exc:
            if exc.retry_after is None or attempt == TRIES:
                raise
            chaser.limiter.hold(f"{channel}:directory", exc.retry_after)
    return None


def link_by_email(*, chaser: Chaser, channel: str, relink: bool = False) -> list[str]:
    """Give each person with an email address, and no ``channel`` account yet (or any, with
    ``relink``), the account the platform finds for that address; one line per person.

    Raises:
        ChaserError: The channel is not configured, or cannot look addresses up.
    """
    field = CHAT_ID_FIELDS.get(channel)
    found = chaser.channels.get(channel)
    if field is None or not isinstance(found, EmailDirectory):
        raise ChaserError(f"--channel {channel}: not configured in this process, or it cannot look people up by "
                          f"email (Slack can: set CHASER_SLACK_BOT_TOKEN)")
    with transaction(chaser.engine) as session:
        people = list(session.exec(select(Person).order_by(col(Person.name))))
        todo = [(p.id, p.name, p.email.strip()) for p in people
                if p.email.strip() and (relink or not getattr(p, field))]
        lines = [f"no email address: {p.name}" for p in people if not p.email.strip() and not getattr(p, field)]
    linked = 0
    for person_id, name, address in todo:
        try:
            account = _lookup(chaser, found, channel=channel, address=address)
        except SendError as exc:
            lines.append(f"not checked: {name} <{address}> ({exc.reason})")
            continue
        if account is None:
            lines.append(f"not found in {channel.title()}: {name} <{address}>")
            continue
        with transaction(chaser.engine) as session:
            owner = session.exec(select(Person).where(getattr(Person, field) == account,
                                                      Person.id != person_id)).first()
            person = session.get(Person, person_id)
            if owner is not None:
                lines.append(f"not linked: {name} <{address}> is {account}, already linked to {owner.name}")
            elif person is not None:
                setattr(person, field, account)
                linked += 1
                lines.append(f"linked: {name} <{address}> -> {account}")
    return [f"{linked} of {len(todo)} linked to {channel.title()} accounts by email address", *lines]
