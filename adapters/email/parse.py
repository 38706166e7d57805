"""Reading one RFC 5322 message: who, when, which request, the reply without quotes or signature,
and whether it is an auto-reply or a bounce (never progress)."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from dateutil import parser as dateparser
from mailparser_reply import EmailReplyParser

from adapters.email.sign_off import name_words, strip_sign_off
from bot.cycle.tokens import footer_token, plus_address_token
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
    """The plain-text body (HTML reduced to text when that is all there is)."""
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = re.sub(r"(?is)<(script|style).*?</\1>", " ", content)
        content = re.sub(r"(?is)<blockquote.*</blockquote>", " ", content)  # the quoted original, nested or not
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = html.unescape(re.sub(r"<[^>]+>", " ", content))
    return str(content)


def clean_reply(text: str) -> str:
    """The reply alone: quoted text and signature removed by mail-parser-reply."""
    parsed = EmailReplyParser(languages=["en"]).read(text=text)
    if parsed.replies:
        first = parsed.replies[0].body
        if first and first.strip():
            return first.strip()
    return (EmailReplyParser(languages=["en"]).parse_reply(text=text) or "").strip()


def parse_email(raw: bytes, *, received: datetime) -> InboundMessage:
    """Turn one raw message into the service's InboundMessage (``received`` stands in for a missing Date)."""
    mail = message_from_bytes(raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    message_id = str(mail.get("Message-ID", "")).strip()
    if not message_id:  # no Message-ID: the content itself is the identity, so a re-delivery still dedups
        message_id = f"<sha256.{hashlib.sha256(raw).hexdigest()[:40]}@no-message-id>"
    try:
        written = parsedate_to_datetime(str(mail["Date"])) if mail["Date"] else received
        if written.tzinfo is None:
            written = written.replace(tzinfo=received.tzinfo)
    except (TypeError, ValueError):
        written = received
    full = body_text(mail)
    addressed = getaddresses([str(v) for h in ("To", "Cc", "Delivered-To", "X-Original-To")
                              for v in mail.get_all(h, [])])
    token = next((t for _, addr in addressed if (t := plus_address_token(addr))), None) or footer_token(full)
    headers: dict[str, str] = {"subject": str(mail.get("Subject", ""))}
    reason = auto_reply_reason(mail)
    if reason:
        headers["auto_reply"] = reason
        away = return_date(full, written=written.date())
        if away is not None and not reason.startswith("bounce"):
            headers["away_until"] = away.isoformat()
    return InboundMessage(
        channel="email",
        message_id=message_id,
        sender=parseaddr(str(mail.get("From", "")))[1].lower(),
        text="" if reason else strip_sign_off(clean_reply(full), names=name_words(*parseaddr(str(mail["From"] or "")))),
        written_at=written,
        raw=raw.decode("utf-8", errors="replace"),
        token=token,
        in_reply_to=str(mail.get("In-Reply-To", "")).strip() or None,
        headers=headers,
    )
