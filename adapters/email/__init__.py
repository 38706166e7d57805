"""The email channel: SMTP or the outbox out, IMAP or an MTA pipe in, replies read without quotes.

The names below are loaded on first use, so `chaser email ingest` storing a message for the running
service imports only what storing needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.email.channel import EmailChannel
    from adapters.email.ingest import ingest_bytes
    from adapters.email.mailer import mailer_from_settings

__all__ = ["EmailChannel", "ingest_bytes", "mailer_from_settings"]
_HOMES = {"EmailChannel": "adapters.email.channel", "ingest_bytes": "adapters.email.ingest",
          "mailer_from_settings": "adapters.email.mailer"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'adapters.email' has no attribute {name!r}")
