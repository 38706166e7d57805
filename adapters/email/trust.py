"""What the receiving mail servers vouch for: DMARC/DKIM results (Authentication-Results, RFC 8601)
and the time they received a message (Received), believed only from servers Chaser is told to trust.

A trusted server must remove any Authentication-Results header claiming its own authserv-id from
incoming mail (RFC 8601 section 5; OpenDMARC, Rspamd and Exchange Online do), so such a header in a
message can only have been added by that server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from email.message import Message
from email.utils import parsedate_to_datetime

import authres

_BY_HOST = re.compile(r"\bby\s+([A-Za-z0-9.-]+)", re.IGNORECASE)


def _results(values: Iterable[object], trusted: Sequence[str]) -> Iterable[authres.AuthenticationResultsHeader]:
    for value in values:
        try:
            header = authres.AuthenticationResultsHeader.parse(f"Authentication-Results: {value}")
        except Exception:  # noqa: S112 (a malformed or hostile header vouches for nothing)
            continue
        if str(header.authserv_id).strip().lower() in trusted:
            yield header


def vouched_domains(mail: Message, *, trusted: Sequence[str]) -> set[str]:
    """The domains a trusted server says passed DMARC (``header.from``) or DKIM (``header.d``)."""
    if not trusted:
        return set()
    domains: set[str] = set()
    for header in _results(mail.get_all("Authentication-Results", []), trusted):
        for result in header.results:
            if str(result.result).lower() != "pass" or result.method not in ("dmarc", "dkim"):
                continue
            wanted = ("header", "from") if result.method == "dmarc" else ("header", "d")
            for prop in result.properties:
                if (prop.type, prop.name) == wanted and prop.value:
                    domains.add(str(prop.value).strip().lower())
    return domains


def trusted_arrival(mail: Message, *, trusted: Sequence[str]) -> datetime | None:
    """When the trusted servers first received the message, from their own Received headers.

    Each server adds its Received header above the ones already there, so only the run of trusted
    servers at the top is believed: a sender can write any Received header, but only below them.
    (List every host of your own that adds a Received header, the final delivery agent included.)
    """
    if not trusted:
        return None
    times: list[datetime] = []
    for value in mail.get_all("Received", []):
        text = str(value)
        host = _BY_HOST.search(text)
        if host is None or host.group(1).lower() not in trusted:
            break  # a hop the trusted servers did not make: from here down it is the sender's say-so
        try:
            when = parsedate_to_datetime(text.rsplit(";", 1)[1].strip())
        except (TypeError, ValueError, IndexError):
            continue
        if when.tzinfo is not None:
            times.append(when)
    return min(times) if times else None
