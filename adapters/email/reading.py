"""Reading a raw message defensively: never an exception, whatever arrives.

Whatever the bytes are (an unknown charset, a CR/LF smuggled into a header, MIME nested thousands
deep, NUL bytes), the result is an InboundMessage that can be stored: either the parsed reply, or,
when it cannot be read, its identity with ``headers["malformed"]`` saying why (the service
quarantines it). The bytes themselves always travel with it, so the evidence is byte-faithful.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parseaddr, parsedate_to_datetime

from adapters.email.parse import parse_email
from adapters.email.trust import trusted_arrival, vouched_domains
from bot.inbound.sent_text import SentLookup
from bot.ports import InboundMessage

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_ID_CHARS = 250
MAX_MIME_PARTS = 200  # a reply has a handful; thousands of nested parts are an attack on the parser


def clean_id(value: object) -> str:
    """A header value safe to store and print on one line: no CR, LF, NUL or other control characters."""
    return _CONTROL.sub("", str(value or "")).strip()[:MAX_ID_CHARS]


def content_id(raw: bytes) -> str:
    """The identity of a message without a usable Message-ID: its content, so a re-delivery still dedups."""
    return f"<sha256.{hashlib.sha256(raw).hexdigest()[:40]}@no-message-id>"


def _headers(raw: bytes) -> Message:
    """The header block only, read leniently (compat32 never refuses a header)."""
    return BytesHeaderParser(policy=policy.compat32).parsebytes(raw)


def _too_many_parts(raw: bytes) -> bool:
    return raw.lower().count(b"content-type:") > MAX_MIME_PARTS


def _unreadable(raw: bytes, head: Message, *, received: datetime, reason: str) -> InboundMessage:
    """What can safely be said of a message that could not be parsed: who, which, when, and why not."""
    sender = parseaddr(clean_id(head.get("From", "")))[1].lower()
    try:
        written = parsedate_to_datetime(clean_id(head.get("Date", ""))) if head.get("Date") else received
        written = written if written.tzinfo is not None else written.replace(tzinfo=received.tzinfo)
    except (TypeError, ValueError, IndexError):
        written = received
    return InboundMessage(channel="email", message_id=clean_id(head.get("Message-ID", "")) or content_id(raw),
                          sender=clean_id(sender), text="", written_at=written,
                          raw=raw.decode("utf-8", errors="replace"), headers={"malformed": reason})


def read_message(raw: bytes, *, received: datetime, trusted: Sequence[str] = (),
                 sent: SentLookup | None = None) -> InboundMessage:
    """One raw message as the service's InboundMessage; never raises.

    Args:
        raw: The message as received.
        received: When Chaser received it (stands in for a missing or unreadable Date).
        trusted: The authserv-ids / host names of mail servers whose Authentication-Results and
            Received headers are believed.
        sent: Looks up Chaser's own text in the reply's thread (see :func:`parse_email`).
    """
    head = _headers(raw)
    facts: dict[str, str] = {}
    try:
        vouched = vouched_domains(head, trusted=trusted)
        arrival = trusted_arrival(head, trusted=trusted)
    except Exception:  # hostile headers vouch for nothing
        vouched, arrival = set(), None
    if vouched:
        facts["vouched_domains"] = ",".join(sorted(vouched))
    if arrival is not None:
        facts["trusted_arrival"] = arrival.isoformat()
    if _too_many_parts(raw):
        message = _unreadable(raw, head, received=received,
                              reason=f"unreadable message: more than {MAX_MIME_PARTS} MIME parts")
    else:
        try:
            message = parse_email(raw, received=received, sent=sent)
        except RecursionError:
            message = _unreadable(raw, head, received=received, reason="unreadable message: MIME nested too deep")
        except Exception as exc:  # an unknown charset, a CR/LF in an address, a broken structure
            detail = clean_id(f"{type(exc).__name__}: {exc}")[:160]
            message = _unreadable(raw, head, received=received, reason=f"unreadable message ({detail})")
    return replace(message, message_id=clean_id(message.message_id) or content_id(raw),
                   sender=clean_id(message.sender), raw_bytes=raw, headers={**message.headers, **facts})
