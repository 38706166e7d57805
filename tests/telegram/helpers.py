"""Helpers for the Telegram tests: polling in-process, and reading the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from adapters.telegram.channel import TelegramChannel
from adapters.telegram.polling import TelegramPoller
from bot.bootstrap import Chaser
from store.models import Action, InboundMessage, Update

WRITTEN = int(datetime(2006, 6, 12, 10, 0, tzinfo=UTC).timestamp())  # a reply's date, after the request


def telegram(chaser: Chaser) -> TelegramChannel:
    channel = chaser.channels["telegram"]
    assert isinstance(channel, TelegramChannel)
    return channel


@contextmanager
def polling(chaser: Chaser) -> Iterator[TelegramPoller]:
    """The real polling loop, in this process, for the duration of the block."""
    poller = TelegramPoller(chaser=chaser, channel=telegram(chaser), poll_timeout=1)
    poller.start()
    try:
        yield poller
    finally:
        poller.stop()


def inbound(chaser: Chaser) -> list[InboundMessage]:
    with Session(chaser.engine) as session:
        return list(session.exec(select(InboundMessage).where(InboundMessage.channel == "telegram")
                                 .order_by(col(InboundMessage.id))))


def updates_of(chaser: Chaser, ref: str) -> list[Update]:
    with Session(chaser.engine) as session:
        action = session.exec(select(Action).where(Action.ref == ref)).one()
        return list(session.exec(select(Update).where(Update.action_id == action.id, Update.channel == "telegram")
                                 .order_by(col(Update.id))))


def action(chaser: Chaser, ref: str) -> Action:
    with Session(chaser.engine) as session:
        return session.exec(select(Action).where(Action.ref == ref)).one()


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A sent message's inline keyboard: button label -> callback data."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}
