"""Messages from chat accounts not yet linked to anyone: a one-time code links them; anything else
gets a polite explanation and no plan data."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlmodel import col

from bot import linking
from bot.lookup import CHAT_ID_FIELDS
from bot.ports import OutboundMessage
from store.db import transaction
from store.models import InboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
LINKABLE = tuple(CHAT_ID_FIELDS)  # the platforms whose accounts are linked to people

UNKNOWN = ("Hello. I'm Chaser, the improvement plan's progress assistant. I don't know this {platform} "
           "account yet, so I can't show or record anything. If you lead actions in the plan, ask the plan's "
           "coordinator for a link code (it comes by email) and send it to me here.")
LINKED = ("Thanks, {name}: this {platform} account is now linked to you. Your update requests will come "
          "here, and you can reply in your own words or with the buttons.")
REFUSED = ("Sorry, that code was not accepted: it may be mistyped, used already or expired. Ask the plan's "
           "coordinator for a new one.")
PLATFORMS = {"slack": "Slack", "teams": "Teams", "telegram": "Telegram"}


def is_stranger(chaser: Chaser, *, inbound_id: int) -> bool:
    """Is this stored message new, from a chat account linked to no one?"""
    with transaction(chaser.engine) as session:
        row = session.get(InboundMessage, inbound_id)
        return row is not None and row.state == "new" and row.person_id is None and row.channel in LINKABLE


def process_stranger(*, chaser: Chaser, inbound_id: int) -> list[OutboundMessage]:
    """Link the account if the message is a valid code; otherwise explain. Processed once."""
    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        row = session.get(InboundMessage, inbound_id)
        if row is None or row.state != "new":
            return []
        platform = PLATFORMS[row.channel]
        code = linking.looks_like_code(row.body)
        person = None
        if code is not None:
            person = linking.redeem(session, channel=row.channel, sender=row.sender, code=code, now=now)
        if person is not None:
            reason, text = "linked", LINKED.format(name=person.name, platform=platform)
        elif code is not None:
            reason, text = linking.LINK_FAILED, REFUSED
        else:
            reason, text = "unknown chat account", UNKNOWN.format(platform=platform)
        claimed = session.execute(update(InboundMessage)
                                  .where(col(InboundMessage.id) == inbound_id, col(InboundMessage.state) == "new")
                                  .values(state="processed", reason=reason, processed_at=now,
                                          person_id=person.id if person else None))
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return []
        log.info("inbound %s %s from an unlinked account: %s", row.channel, row.message_id, reason)
        return [OutboundMessage(channel=row.channel, recipient=row.sender, subject="Chaser", text=text,
                                person_id=person.id if person else None, key=f"reply:{inbound_id}:0", kind="reply",
                                conversation=(row.payload or {}).get("conversation"))]
