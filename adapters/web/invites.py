"""Inviting a person to link a chat account from the People page: the chat core's one-time code
(``bot.linking.invite``, as ``chaser people invite`` sends it), emailed to the person only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from bot.linking import PLATFORM_NAMES
from bot.linking import invite as send_invite
from store.errors import ChaserError
from store.models import Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

PLATFORMS = {"slack": PLATFORM_NAMES["slack"], "telegram": PLATFORM_NAMES["telegram"],
             "teams": PLATFORM_NAMES["teams"]}


class InviteProblem(ValueError):
    """Why an invitation could not be sent, in words for the coordinator."""


def invite(*, chaser: Chaser, person_id: int, channel: str) -> str:
    """Email the person a one-time code to link their ``channel`` account; a line saying what was sent.

    Raises:
        InviteProblem: unknown platform or person, no email address, or the email could not be sent.
    """
    if channel not in PLATFORMS:
        raise InviteProblem(f"Chaser cannot link a {channel!r} account: choose Slack, Telegram or Teams.")
    with Session(chaser.engine) as session:
        person = session.get(Person, person_id)
        name = person.name if person is not None and not person.placeholder else None
    if name is None:
        raise InviteProblem("That person is not known.")
    try:
        return send_invite(chaser=chaser, name=name, channel=channel)
    except ChaserError as exc:
        raise InviteProblem(str(exc)) from exc
