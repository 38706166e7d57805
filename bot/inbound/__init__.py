"""Messages coming in on any channel: stored first, processed once, answered through the channel."""

from bot.inbound.intake import Accepted, accept, process_stored, take
from bot.inbound.service import handle_inbound, process_pending

__all__ = ["Accepted", "accept", "handle_inbound", "process_pending", "process_stored", "take"]
