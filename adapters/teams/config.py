"""The Teams channel's settings, read once from :class:`store.settings.Settings`."""

from __future__ import annotations

from dataclasses import dataclass

from store.settings import Settings

BOT_FRAMEWORK_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"  # noqa: S105 - a URL, not a secret
# The Bot Connector endpoints Microsoft Teams (commercial cloud) sends from: amer/, emea/, uk/, apac/...
TEAMS_SERVICE_URLS = ("https://smba.trafficmanager.net/",)


@dataclass(frozen=True)
class TeamsConfig:
    """Credentials and endpoints of the Teams bot.

    Attributes:
        app_id: The Azure bot's Microsoft App ID: the audience every inbound token must carry.
        app_password: Its client secret (only ever sent to the token endpoint).
        tenant_id: The single tenant the app is registered in; activities from other tenants are refused.
        openid_url: Bot Framework OpenID metadata, whose ``jwks_uri`` gives the signing keys.
        token_url: The client-credentials token endpoint.
        service_urls: Allowed ``serviceUrl`` prefixes, each ending in ``/``.
    """

    app_id: str
    app_password: str
    tenant_id: str
    openid_url: str = BOT_FRAMEWORK_OPENID_URL
    token_url: str = ""
    service_urls: tuple[str, ...] = TEAMS_SERVICE_URLS

    def __repr__(self) -> str:  # never show the secret
        return f"TeamsConfig(app_id={self.app_id!r}, tenant_id={self.tenant_id!r}, app_password=***)"

    def service_url_allowed(self, url: str) -> bool:
        """Is ``url`` under one of the allowed prefixes (compared as whole path segments)?"""
        if not url:
            return False
        candidate = url if url.endswith("/") else url + "/"
        return any(candidate.lower().startswith(prefix.lower()) for prefix in self.service_urls)


def _prefixes(text: str | None) -> tuple[str, ...]:
    if not text or not text.strip():
        return TEAMS_SERVICE_URLS
    items = [p.strip() for p in text.split(",") if p.strip()]
    return tuple(p if p.endswith("/") else p + "/" for p in items)


def teams_config(settings: Settings) -> TeamsConfig | None:
    """The Teams settings, or None unless all three of app id, password and tenant id are set."""
    password = settings.teams_app_password.get_secret_value() if settings.teams_app_password else ""
    app_id = (settings.teams_app_id or "").strip()
    tenant = (settings.teams_tenant_id or "").strip()
    if not (app_id and password and tenant):
        return None
    return TeamsConfig(
        app_id=app_id, app_password=password, tenant_id=tenant,
        openid_url=settings.teams_openid_url or BOT_FRAMEWORK_OPENID_URL,
        token_url=settings.teams_token_url or TOKEN_URL.format(tenant=tenant),
        service_urls=_prefixes(settings.teams_service_urls))
