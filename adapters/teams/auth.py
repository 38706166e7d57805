"""Checking the Bot Framework token on every inbound activity (PyJWT, keys from the OpenID metadata).

The Teams SDK's own validator (``microsoft_teams.apps.auth.TokenValidator``) guesses the key URL
from the metadata URL and cannot take a test override of it, so the same checks are written here
with PyJWT, none weaker: issuer, audience, RS256 signature, expiry, the key's channel endorsement
and the ``serviceurl`` claim.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from adapters.teams.config import BOT_FRAMEWORK_ISSUER, TeamsConfig

log = logging.getLogger(__name__)
LEEWAY_SECONDS = 120  # clock skew allowed on exp/nbf/iat (Microsoft allows up to 5 minutes)
KEYS_MAX_AGE = 24 * 3600  # refetch the key set daily, and at once on a key id not seen before
REFETCH_PAUSE = 30.0  # at most one refetch per this many seconds, so forged kids cannot flood Microsoft


class TokenRefused(Exception):
    """The request's token is missing or fails a check; the reason is for the log, never the caller."""


class KeysUnavailable(TokenRefused):
    """Microsoft's signing keys could not be fetched: nothing can be checked, so nothing is accepted
    (answered 503, so the Bot Connector may try again, rather than 401)."""


class BotFrameworkAuth:
    """Validates ``Authorization: Bearer`` tokens sent by the Bot Connector.

    Args:
        config: The app id (audience), OpenID metadata URL and allowed service URLs.
        monotonic: Clock for the key cache (injected in tests).
    """

    def __init__(self, config: TeamsConfig, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._config = config
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[jwt.PyJWK, list[str] | None]] = {}
        self._fetched_at: float | None = None

    def _fetch_keys(self) -> None:
        with httpx.Client(timeout=10.0) as client:
            metadata = client.get(self._config.openid_url)
            metadata.raise_for_status()
            jwks_uri = metadata.json()["jwks_uri"]
            body = client.get(jwks_uri)
            body.raise_for_status()
        keys: dict[str, tuple[jwt.PyJWK, list[str] | None]] = {}
        for data in body.json().get("keys", []):
            if data.get("kty") != "RSA" or not data.get("kid"):
                continue
            try:
                keys[data["kid"]] = (jwt.PyJWK(data, algorithm="RS256"), data.get("endorsements"))
            except jwt.PyJWTError:
                log.warning("Teams: skipped an unreadable signing key %s", data.get("kid"))
        self._keys = keys
        self._fetched_at = self._monotonic()

    def _key(self, kid: str) -> tuple[jwt.PyJWK, list[str] | None]:
        with self._lock:
            now = self._monotonic()
            stale = self._fetched_at is None or now - self._fetched_at > KEYS_MAX_AGE
            unknown = kid not in self._keys and (self._fetched_at is None or now - self._fetched_at > REFETCH_PAUSE)
            if stale or unknown:
                try:
                    self._fetch_keys()
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    raise KeysUnavailable(f"signing keys unavailable: {type(exc).__name__}") from exc
            found = self._keys.get(kid)
        if found is None:
            raise TokenRefused(f"unknown signing key {kid!r}")
        return found

    def validate(self, authorization: str | None, *, activity: dict[str, Any]) -> dict[str, Any]:
        """The token's claims, if the header carries a valid token for ``activity``; else TokenRefused."""
        if not authorization or not authorization.startswith("Bearer "):
            raise TokenRefused("no bearer token")
        token = authorization[len("Bearer "):].strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenRefused(f"unreadable token: {type(exc).__name__}") from exc
        if header.get("alg") != "RS256":
            raise TokenRefused(f"algorithm {header.get('alg')!r} is not RS256")
        key, endorsements = self._key(str(header.get("kid", "")))
        try:
            claims: dict[str, Any] = jwt.decode(
                token, key.key, algorithms=["RS256"], audience=self._config.app_id, issuer=BOT_FRAMEWORK_ISSUER,
                leeway=LEEWAY_SECONDS, options={"require": ["exp", "iss", "aud"]})
        except jwt.PyJWTError as exc:
            raise TokenRefused(f"{type(exc).__name__}: {exc}") from exc
        channel_id = str(activity.get("channelId", ""))
        if endorsements is not None and channel_id not in endorsements:
            raise TokenRefused(f"signing key not endorsed for channel {channel_id!r}")
        claimed = str(claims.get("serviceurl") or claims.get("serviceUrl") or "").rstrip("/")
        actual = str(activity.get("serviceUrl") or "").rstrip("/")
        if not claimed or claimed != actual:
            raise TokenRefused("serviceUrl claim does not match the activity")
        if not self._config.service_url_allowed(actual):
            raise TokenRefused("serviceUrl not on the allowlist")
        return claims
