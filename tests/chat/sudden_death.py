"""A sender killed at a chosen point, for tests of what the next sender does: ``Killed`` is raised
where SIGKILL would land, and as a BaseException it passes every ``except Exception`` on the way out,
so nothing after it runs (no mark, no rollback of what was already committed)."""

from __future__ import annotations

from typing import Any


class Killed(BaseException):
    """SIGKILL, as far as the code under test can tell."""


def after_the_call(channel: Any, monkeypatch: Any) -> None:
    """The channel's next send reaches the platform, and the sender dies before it hears back."""
    real = channel.send

    def send(message: Any) -> str:
        real(message)
        monkeypatch.setattr(channel, "send", real)
        raise Killed

    monkeypatch.setattr(channel, "send", send)


def before_the_call(limiter: Any, monkeypatch: Any) -> None:
    """The sender dies waiting for the rate limiter, before any platform call."""
    def wait(*args: Any, **kwargs: Any) -> None:
        monkeypatch.undo()
        raise Killed

    monkeypatch.setattr(limiter, "wait", wait)
