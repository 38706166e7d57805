"""Making a message's facts safe to store and sensible to read: no NUL for the database, no Date
header no reply could have, and no more text than is worth reading."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from store.settings import Settings

FUTURE_DATE_SLACK = timedelta(days=7)  # clocks and time zones; more is not a real Date header
_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str, any surrogate code point is a lone one


def storable(text: str) -> str:
    """Text a database column can hold: PostgreSQL refuses NUL, and lone UTF-16 surrogates (which a
    platform's JSON can carry as ``\\udc80`` escapes) cannot be encoded at all. The raw bytes keep the original."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", "\ufffd"))


def storable_json(value: Any) -> Any:
    """``value`` (JSON: dicts, lists, strings, numbers) with every string made :func:`storable`."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): storable_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable_json(v) for v in value]
    return value


def believable_date(written: datetime, *, now: datetime, settings: Settings) -> datetime:
    """The Date header, unless no reply could have been written then: older than any live token
    (a replayed or forged message dated 1990) or days ahead of its arrival; then the arrival time."""
    oldest = now - timedelta(days=settings.request_token_days, hours=settings.mail_grace_hours)
    return now if written < oldest or written > now + FUTURE_DATE_SLACK else written


def readable_part(text: str, *, limit: int) -> tuple[str, bool]:
    """The first ``limit`` characters of a reply, cut at a word (the whole message stays stored)."""
    if len(text) <= limit:
        return text, False
    return text[:limit].rsplit(None, 1)[0], True
