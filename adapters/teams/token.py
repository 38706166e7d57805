"""The bot's own access token for the Bot Connector: client credentials, cached until shortly before expiry."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx

from adapters.teams.config import BOT_FRAMEWORK_SCOPE, TeamsConfig
from bot.ports import SendError

EARLY_RENEWAL = timedelta(minutes=5)


class ConnectorTokens:
    """Gets and caches the app token; implements the Teams SDK's ``TokenProviderProtocol``.

    Args:
        config: App id, secret and the token endpoint.
        now: The clock (timezone-aware), injected so tests can move time.
    """

    def __init__(self, config: TeamsConfig, *, now: Callable[[], datetime]) -> None:
        self._config = config
        self._now = now
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires: datetime | None = None

    def get_app_token(self, scope: str | None = None, tenant_id: str | None = None) -> str:
        """A valid token for the Bot Connector (fetched at most once per token lifetime)."""
        with self._lock:
            if self._token and self._expires and self._now() < self._expires - EARLY_RENEWAL:
                return self._token
            try:
                response = httpx.post(self._config.token_url, timeout=15.0, data={
                    "grant_type": "client_credentials",
                    "client_id": self._config.app_id,
                    "client_secret": self._config.app_password,
                    "scope": BOT_FRAMEWORK_SCOPE,
                })
            except httpx.HTTPError as exc:
                raise SendError(f"Teams token endpoint unreachable ({type(exc).__name__})", retry_after=30) from exc
            if response.status_code == 429 or response.status_code >= 500:
                raise SendError(f"Teams token endpoint answered {response.status_code}",
                                retry_after=_seconds(response.headers.get("Retry-After")) or 30)
            if response.status_code != 200:
                # Wrong secret or app id: retrying cannot help until the settings are fixed.
                raise SendError(f"Teams token endpoint refused the app credentials ({response.status_code}"
                                f"{_error_code(response)}); check CHASER_TEAMS_APP_ID, CHASER_TEAMS_APP_PASSWORD "
                                "and CHASER_TEAMS_TENANT_ID")
            body = response.json()
            self._token = str(body["access_token"])
            self._expires = self._now() + timedelta(seconds=int(body.get("expires_in", 3600)))
            return self._token

    def forget(self) -> None:
        """Drop the cached token (after the connector answered 401)."""
        with self._lock:
            self._token = None
            self._expires = None


def _error_code(response: httpx.Response) -> str:
    """", invalid_client AADSTS7000215" from Entra's error body: the code names the fault (a wrong or
    expired secret, an unknown app), never the secret; the description is not repeated."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    error = re.sub(r"[^a-z_]", "", str(body.get("error") or ""))[:40]
    codes = [f"AADSTS{int(c)}" for c in body.get("error_codes") or [] if isinstance(c, int)][:3]
    named = " ".join([error, *codes]).strip()
    return f", {named}" if named else ""


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
