"""The update cycle: rounds of requests to leads, one reminder, one note to the coordinator, on a schedule."""

from bot.cycle.periods import round_key
from bot.cycle.round import CycleResult, run_cycle

__all__ = ["CycleResult", "round_key", "run_cycle"]
