"""Messages coming in on any channel: stored first, processed once, answered through the channel.

The names below are loaded on first use, so a module that needs one part (the MTA pipe storing a
message for the running service reads only ``sent_text`` and ``arrival``) does not import them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.inbound.intake import Accepted, accept, process_stored, take
    from bot.inbound.service import handle_inbound, process_pending

__all__ = ["Accepted", "accept", "handle_inbound", "process_pending", "process_stored", "take"]
_HOMES = {"Accepted": "bot.inbound.intake", "accept": "bot.inbound.intake", "process_stored": "bot.inbound.intake",
          "take": "bot.inbound.intake", "handle_inbound": "bot.inbound.service",
          "process_pending": "bot.inbound.service"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'bot.inbound' has no attribute {name!r}")
