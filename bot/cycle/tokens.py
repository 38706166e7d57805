"""Per-request reply tokens: unguessable, case-insensitive, carried in a "Ref:" footer line."""

from __future__ import annotations

import base64
import re
import secrets

# 15 random bytes (120 bits) in lower-case base32: 24 characters that survive mail systems
# which fold the case of addresses, and need no quoting in an address's local part.
TOKEN_RE = r"[a-z2-7]{24}"  # noqa: S105 (a pattern, not a secret)
FOOTER_RE = re.compile(rf"^[>\s]*Ref:\s*({TOKEN_RE})\s*$", re.MULTILINE | re.IGNORECASE)
PLUS_ADDRESS_RE = re.compile(rf"\+({TOKEN_RE})@", re.IGNORECASE)


def new_token() -> str:
    """A fresh, unguessable reply token."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()


def footer_token(text: str) -> str | None:
    """The token of the last "Ref: TOKEN" line in ``text`` (quoted or not), if any."""
    found = FOOTER_RE.findall(text or "")
    return found[-1].lower() if found else None


def plus_address(sender: str, token: str) -> str:
    """``chaser@council.gov.uk`` -> ``chaser+TOKEN@council.gov.uk``."""
    local, _, domain = sender.partition("@")
    return f"{local}+{token}@{domain}" if domain else sender


def plus_address_token(address: str) -> str | None:
    """The token in a ``local+TOKEN@domain`` address, if any."""
    found = PLUS_ADDRESS_RE.search(address or "")
    return found.group(1).lower() if found else None
