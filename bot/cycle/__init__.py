"""The update cycle: rounds of requests to leads, one reminder, one note to the coordinator, on a schedule.

The names below are loaded on first use, so a module that needs only ``bot.cycle.tokens`` (the MTA
pipe storing a message for the running service) does not import the whole cycle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.cycle.periods import round_key
    from bot.cycle.round import CycleResult, run_cycle

__all__ = ["CycleResult", "round_key", "run_cycle"]
_HOMES = {"CycleResult": "bot.cycle.round", "run_cycle": "bot.cycle.round", "round_key": "bot.cycle.periods"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'bot.cycle' has no attribute {name!r}")
