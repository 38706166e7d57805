"""Reading one RFC 5322 message: who, when, which request, the reply without quotes or signature,
and whether it is an auto-reply or a bounce (never progress)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from dateutil import parser as dateparser

from adapters.email.html_text import html_to_text
from adapters.email.reply_text import lead_words
from adapters.email.sign_off import name_words
from bot.cycle.tokens import footer_token, plus_address_token
from bot.inbound.sent_text import SentLookup, SentText
from bot.ports import InboundMessage

AUTO_PRECEDENCE = ("bulk", "list", "junk", "auto_reply")
OOO_SUBJECT = re.compile(r"^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|away from)", re.I)
# "back on 19 June", "returning Monday 19/06/2006", "out of the office until 19 June 2006"
_DATE = (r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)[a-z]*,?\s+)?"
         r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}(?:,?\s+\d{4})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
         r"|[a-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)")
RETURN_RE = re.compile(
    rf"\b(?P<word>back|return(?:ing)?|in the office)\b(?:\s+(?:to the office|to work))?\s+(?:on\s+)?(?P<date>{_DATE})"
    rf"|\buntil\s+(?P<until>{_DATE})", re.IGNORECASE)


def auto_reply_reason(mail: EmailMessage) -> str | None:
    """Why this message is automatic (and so never progress), or None for a person's own reply."""
    if mail.get_content_type() == "multipart/report":
        return "bounce (delivery report)"
    auto = str(mail.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return f"auto-reply (Auto-Submitted: {auto})"
    if mail.get("X-Autoreply") is not None or mail.get("X-Autorespond") is not None:
        return "auto-reply (X-Autoreply)"
    precedence = str(mail.get("Precedence", "")).strip().lower()
    if precedence in AUTO_PRECEDENCE:
        return f"auto-reply (Precedence: {precedence})"
    return_path = mail.get("Return-Path")
    if return_path is not None and str(return_path).strip() in ("", "<>"):
        return "auto-reply (empty Return-Path)"
    if OOO_SUBJECT.match(str(mail.get("Subject", ""))):
        return "auto-reply (out-of-office subject)"
    return None


def return_date(text: str, *, written: date) -> date | None:
    """The last day away named by an out-of-office note: the day before "back on X", or "until X"."""
    for match in RETURN_RE.finditer(text):
        raw = match.group("date") or match.group("until")
        try:
            start_of_year = datetime(written.year, 1, 1, tzinfo=UTC)
            parsed = dateparser.parse(raw, dayfirst=True, fuzzy=True, default=start_of_year).date()
        except (ValueError, OverflowError):
            continue
        if parsed < written:  # "back on 3 January" written in December
            parsed = parsed.replace(year=parsed.year + 1)
        return parsed - timedelta(days=1) if match.group("word") else parsed
    return None


def body_text(mail: EmailMessage) -> str:
    """The body as text: the plain part, else the HTML reduced to text with its quoted parts marked ``>``."""
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = str(part.get_content())
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def clean_reply(text: str, *, sent: SentText | None = None, names: frozenset[str] = frozenset()) -> str:
    """The reply alone: quote headers (mail-parser-reply's, in every language it knows, and more),
    Chaser's own text wherever it comes back, banners, disclaimers and the signature removed."""
    return lead_words(text, sent=sent, names=names)


def _bad_address(header: str, value: str) -> str | None:
    """Why an address header cannot be trusted, or None."""
    for _, addr in getaddresses([value]):
        local, at, domain = addr.partition("@")
        if at and (not local or not domain or "." not in domain and domain != "localhost"):
            return f"malformed address in {header}: {addr!r} (no domain)" if not domain else \
                f"malformed address in {header}: {addr!r}"
    return None


def _header(mail: EmailMessage, name: str, problems: list[str]) -> list[str]:
    """Every value of header ``name`` as text; an unreadable one is noted in ``problems``."""
    try:
        return [str(v) for v in mail.get_all(name, [])]
    except Exception:  # the email package raises on some malformed headers ("To: chaser+token@")
        raw = _raw_values(mail, name)
        problems.append(f"{name} header cannot be read: {'; '.join(raw)[:120]!r}")
        return []


def _raw_values(mail: EmailMessage, name: str) -> list[str]:
    """The header's values exactly as written, without parsing them."""
    return [str(value) for key, value in mail.raw_items() if key.lower() == name.lower()]


def parse_email(raw: bytes, *, received: datetime, sent: SentLookup | None = None) -> InboundMessage:
    """Turn one raw message into the service's InboundMessage (``received`` stands in for a missing Date).

    Args:
        raw: The message as received.
        received: When it arrived.
        sent: Looks up what Chaser sent in the reply's thread, from (token, In-Reply-To, sender): its
            text is dropped wherever the reply quotes it. None reads the reply without that backstop.

    A message whose headers cannot be read, or whose addresses are malformed, carries
    ``headers["quarantine"]`` with the reason, so it is kept but never acted on.
    """
    mail = message_from_bytes(raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    problems: list[str] = []
    first = {name: (_header(mail, name, problems) or [""])[0].strip()
             for name in ("Message-ID", "Date", "From", "Subject", "In-Reply-To")}
    message_id = first["Message-ID"]
    if not message_id:  # no Message-ID: the content itself is the identity, so a re-delivery still dedups
        message_id = f"<sha256.{hashlib.sha256(raw).hexdigest()[:40]}@no-message-id>"
    try:
        written = parsedate_to_datetime(first["Date"]) if first["Date"] else received
        if written.tzinfo is None:
            written = written.replace(tzinfo=received.tzinfo)
    except (TypeError, ValueError, IndexError):
        written = received
    try:
        full = body_text(mail)
    except Exception as exc:  # an unknown charset or a broken transfer encoding
        problems.append(f"body unreadable ({type(exc).__name__})")
        full = ""
    addressed_headers = {h: _header(mail, h, problems) for h in ("To", "Cc", "Delivered-To", "X-Original-To")}
    for name, values in {**addressed_headers, "From": [first["From"]],
                         "Reply-To": _header(mail, "Reply-To", problems)}.items():
        for value in values:
            bad = _bad_address(name, value)
            if bad:
                problems.append(bad)
    addressed = getaddresses([v for values in addressed_headers.values() for v in values])
    token = next((t for _, addr in addressed if (t := plus_address_token(addr))), None) or footer_token(full)
    display, sender = parseaddr(first["From"])
    try:
        reason = auto_reply_reason(mail)
    except Exception as exc:
        problems.append(f"headers unreadable ({type(exc).__name__})")
        reason = None
    headers: dict[str, str] = {"subject": first["Subject"]}
    if problems:
        headers["quarantine"] = "; ".join(dict.fromkeys(problems))
    if reason:
        headers["auto_reply"] = reason
        away = return_date(full, written=written.date())
        if away is not None and not reason.startswith("bounce"):
            headers["away_until"] = away.isoformat()
    in_reply_to = first["In-Reply-To"] or None
    text = ""
    if not reason:
        known = sent(token, in_reply_to, sender.lower()) if sent is not None else None
        text = clean_reply(full, sent=known, names=name_words(display, sender))
    return InboundMessage(
        channel="email",
        message_id=message_id,
        sender=sender.lower(),
        text=text,
        written_at=written,
        raw=raw.decode("utf-8", errors="replace"),
        token=token,
        in_reply_to=in_reply_to,
        headers=headers,
    )
