"""The outbox folder read for the browser: what Chaser "sent" when no SMTP server is configured."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage, MIMEPart
from email.utils import parsedate_to_datetime
from pathlib import Path

NAME = re.compile(r"^[A-Za-z0-9._-]{1,200}$")
LINK = re.compile(r"https?://[^\s<>\"]+")
LIMIT = 500  # newest messages listed


@dataclass(frozen=True)
class Sent:
    """One message in the outbox, as the list shows it."""

    name: str
    to: str
    subject: str
    kind: str
    sent: datetime | None


@dataclass(frozen=True)
class Opened:
    """One message opened: its headers, its text in pieces (links marked), and its attachments' names."""

    sent: Sent
    sender: str
    pieces: list[tuple[str, bool]]
    attachments: list[str]
    has_html: bool = False  # an HTML part too: the version a lead's mail program shows, with its buttons


def kind_of(subject: str, message: EmailMessage) -> str:
    """A word for what the message is: request, reminder, sign-in link, confirmation, report or message."""
    if subject.startswith("Reminder:"):
        return "reminder"
    if subject.startswith("Progress on your actions"):
        return "request"
    if "sign-in link" in subject:
        return "sign-in link"
    if subject.startswith("Re:") or subject.startswith("Chaser: your update"):
        return "confirmation"
    if any(True for _ in message.iter_attachments()) or "report" in subject.lower():
        return "report"
    return "message"


def _read(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _summary(path: Path, message: EmailMessage) -> Sent:
    subject = str(message.get("Subject", ""))
    try:
        sent = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        sent = None
    return Sent(name=path.stem, to=str(message.get("To", "")), subject=subject, kind=kind_of(subject, message),
                sent=sent)


def listing(folder: Path) -> list[Sent]:
    """The newest messages first (by their Date header, then file time)."""
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)[:LIMIT]
    found = [_summary(path, _read(path)) for path in paths]
    return sorted(found, key=lambda s: s.sent.timestamp() if s.sent else 0.0, reverse=True)


def split_links(text: str) -> list[tuple[str, bool]]:
    """``text`` as pieces, each flagged True when it is a web link (the page shows those as links)."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in LINK.finditer(text):
        pieces.append((text[at:match.start()], False))
        pieces.append((match.group(0).rstrip(".,;)"), True))
        at = match.start() + len(match.group(0).rstrip(".,;)"))
    pieces.append((text[at:], False))
    return [p for p in pieces if p[0]]


def _message(folder: Path, name: str) -> tuple[Path, EmailMessage] | None:
    """The message stored as ``name``.eml in ``folder`` (never outside it); None if there is none."""
    if not NAME.match(name):
        return None
    path = folder / f"{name}.eml"
    if not path.is_file() or path.resolve().parent != folder.resolve():
        return None
    return path, _read(path)


def open_html(folder: Path, name: str) -> str | None:
    """One message's HTML part, as a lead's mail program would show it; None when it has none."""
    found = _message(folder, name)
    if found is None:
        return None
    body = _html_part(found[1])
    return None if body is None else str(body.get_content())


def _html_part(message: EmailMessage) -> MIMEPart | None:
    """The message's HTML body part, if it has one (``get_body`` falls back to plain text)."""
    body = message.get_body(preferencelist=("html",))
    return body if body is not None and body.get_content_type() == "text/html" else None


def open_message(folder: Path, name: str) -> Opened | None:
    """One message by its file name (without .eml); None when there is no such message."""
    found = _message(folder, name)
    if found is None:
        return None
    path, message = found
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else "(this message has no plain-text part)"
    attachments = [part.get_filename() or "attachment" for part in message.iter_attachments()]
    return Opened(sent=_summary(path, message), sender=str(message.get("From", "")), pieces=split_links(str(text)),
                  attachments=attachments, has_html=_html_part(message) is not None)
