"""An in-memory chat channel that implements bot.ports.Channel: records what it sends, and can be told
to fail the way platforms do (429 with a wait, 5xx, a user who no longer exists)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.ports import OutboundMessage, SendError


@dataclass
class MemoryChannel:
    name: str = "slack"
    per_conversation_interval: float = 1.0
    overall_per_second: float | None = None
    sent: list[OutboundMessage] = field(default_factory=list)
    failures: list[SendError] = field(default_factory=list)  # raised by the next sends, in order
    calls: int = 0

    def send(self, message: OutboundMessage) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return f"{message.conversation or 'D-' + message.recipient}:{len(self.sent)}"

    def texts(self) -> list[str]:
        return [m.text for m in self.sent]


class FakeSleep:
    """Stands in for time.sleep and time.monotonic: records each wait and moves the clock on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds

    def monotonic(self) -> float:
        return self.now
