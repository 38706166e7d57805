"""Inviting a person to link a chat account: the core's one-time code, emailed to them.

The code goes only to the person's own email address (the coordinator never sees it), so only they
can link their Slack, Telegram or Teams account; the chat service redeems it (``bot.linking``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from bot.linking import CODE_LIFETIME, issue_code
from bot.outbound import deliver_once
from bot.ports import OutboundMessage
from store.db import transaction
from store.models import Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

PLATFORMS = {"slack": "Slack", "telegram": "Telegram", "teams": "Microsoft Teams"}
HOW = {
    "slack": "In Slack, open a direct message with the Chaser app and send:\n\n    link {code}",
    "telegram": "In Telegram, open the Chaser bot and send:\n\n    /start {code}",
    "teams": "In Microsoft Teams, open a chat with the Chaser app and send:\n\n    link {code}",
}


class InviteProblem(ValueError):
    """Why an invitation could not be sent, in words for the coordinator."""


def invite(*, chaser: Chaser, person_id: int, channel: str) -> str:
    """Issue a linking code for ``channel`` and email it to the person; a line saying what was done.

    Raises:
        InviteProblem: unknown platform, no such person, no email address, or the email failed.
    """
    if channel not in PLATFORMS:
        raise InviteProblem(f"Chaser cannot link a {channel!r} account: choose Slack, Telegram or Teams.")
    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        person = session.get(Person, person_id)
        if person is None or person.placeholder:
            raise InviteProblem("That person is not known.")
        if not person.email:
            raise InviteProblem(f"{person.name} has no email address to send the code to: add one in the people CSV.")
        code = issue_code(session, person=person, channel=channel, now=now)
        name, email = person.name, person.email
    days = CODE_LIFETIME.days
    text = (f"Dear {name},\n\nChaser can ask you for progress in {PLATFORMS[channel]} instead of by email, and you "
            f"can answer there with one tap.\n\n{HOW[channel].format(code=code)}\n\nThe code works once, for {days} "
            "days. If you did not expect this, ignore it: nothing changes until the code is sent.\n\n"
            "Chaser, on behalf of the plan coordinator\n")
    key = "invite:" + hashlib.sha256(code.encode()).hexdigest()[:24]
    message = OutboundMessage(channel="email", recipient=email, subject=f"Link your {PLATFORMS[channel]} account "
                              "to Chaser", text=text, person_id=person_id, key=key, kind="invite")
    if not deliver_once(chaser=chaser, message=message, kind="invite"):
        raise InviteProblem(f"The invitation to {name} could not be sent just now; try again in a few minutes.")
    return f"Sent {name} a code by email to link their {PLATFORMS[channel]} account (it works once, for {days} days)."
