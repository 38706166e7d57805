"""How every channel hands the service a message: store it durably first (before the platform is
acknowledged), then process it once, off the platform's request, and deliver the replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.inbound.service import process_inbound, store_new
from bot.outbound import deliver_replies
from bot.ports import InboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser


@dataclass(frozen=True)
class Accepted:
    """A message taken in: its stored row, or a duplicate of one stored before."""

    inbound_id: int | None
    duplicate: bool
    state: str = ""
    reason: str = ""


def accept(*, chaser: Chaser, message: InboundMessage) -> Accepted:
    """Store ``message`` (unique per channel and platform id) and commit; nothing else.

    Call it before acknowledging the platform: once this returns, a crash loses nothing, and a
    retry of the same event is recognised as a duplicate.
    """
    inbound_id, state, reason = store_new(chaser=chaser, message=message)
    if inbound_id is None:
        return Accepted(inbound_id=None, duplicate=True)
    return Accepted(inbound_id=inbound_id, duplicate=False, state=state, reason=reason)


def process_stored(*, chaser: Chaser, inbound_id: int) -> list[str]:
    """Process one stored message (once, whoever calls) and deliver its replies; a line per reply sent."""
    return deliver_replies(chaser=chaser, replies=process_inbound(chaser=chaser, inbound_id=inbound_id))


def take(*, chaser: Chaser, message: InboundMessage) -> Accepted:
    """Accept ``message``, then have it processed: by the background worker when the service runs
    one (``chaser serve``), else at once in this thread (commands and tests)."""
    accepted = accept(chaser=chaser, message=message)
    if accepted.inbound_id is not None and accepted.state == "new":
        if chaser.worker is not None:
            chaser.worker.submit(accepted.inbound_id)
        else:
            process_stored(chaser=chaser, inbound_id=accepted.inbound_id)
    return accepted
