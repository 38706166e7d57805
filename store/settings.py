"""Settings from the environment (CHASER_*) and chaser.toml; secrets only from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PlanSchedule(BaseModel):
    """How one plan is chased: cadence, day and time, and when to remind and escalate."""

    cadence: Literal["weekly", "fortnightly", "monthly"] = "fortnightly"
    day: str = "mon"
    time: dt.time = dt.time(9, 0)
    timezone: str = "Europe/London"
    remind_after_days: int = Field(default=3, ge=1, description="working days before one reminder")
    escalate_after_days: int = Field(default=5, ge=1, description="working days before escalation")
    coordinator: str | None = None  # person name or alias; default: anyone with the coordinator role

    @field_validator("day")
    @classmethod
    def _day(cls, value: str) -> str:
        day = value.strip().lower()[:3]
        if day not in WEEKDAYS:
            raise ValueError(f"day must be one of {', '.join(WEEKDAYS)}, not {value!r}")
        return day


class ReportSchedule(BaseModel):
    """A report delivered on a schedule to people with the given roles."""

    kind: Literal["exceptions", "summary", "progress"]
    plan: str | None = None
    cadence: Literal["weekly", "fortnightly", "monthly"] = "weekly"
    day: str = "mon"
    time: dt.time = dt.time(8, 0)
    timezone: str = "Europe/London"
    roles: list[str] = Field(default_factory=lambda: ["director"])
    formats: list[str] = Field(default_factory=lambda: ["html", "docx"])


class QuietHours(BaseModel):
    """Hours, in each person's own time zone, when no request is sent."""

    start: dt.time = dt.time(18, 0)
    end: dt.time = dt.time(8, 0)


class Settings(BaseSettings):
    """Chaser's settings. Environment variables win over chaser.toml."""

    model_config = SettingsConfigDict(env_prefix="CHASER_", extra="ignore")

    database_url: str = "sqlite:///./chaser.db"
    timezone: str = "Europe/London"
    outbox_dir: Path = Path("./outbox")
    lock_file: Path = Path("./chaser.lock")
    # Tests and benchmarks only: the clock is read from this file (store.clock.FileClock).
    clock_file: Path | None = None
    inbound_workers: int = Field(default=2, ge=1, le=32, description="worker threads per `chaser serve` "
                                 "(PostgreSQL; SQLite has one writer, so one)")
    smtp_url: SecretStr | None = None
    email_from: str = "chaser@localhost"
    imap_url: SecretStr | None = None
    imap_poll_seconds: int = 60
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    telegram_token: SecretStr | None = None
    telegram_api_url: str | None = None  # the Bot API base the token is appended to
    telegram_webhook_secret: SecretStr | None = None  # set: updates come to POST /telegram/webhook
    telegram_poll_seconds: int = Field(default=25, ge=1, le=50)  # long-polling timeout of getUpdates
    teams_app_id: str | None = None
    teams_app_password: SecretStr | None = None
    teams_tenant_id: str | None = None
    teams_openid_url: str | None = None  # Bot Framework OpenID metadata; override for tests
    teams_token_url: str | None = None  # client-credentials token endpoint; override for tests
    teams_service_urls: str | None = None  # comma-separated allowed serviceUrl prefixes
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    public_url: str | None = None  # CHASER_PUBLIC_URL: the address people open, used in every link
    web_url: str | None = None  # older name for public_url, still read
    web_secret: SecretStr | None = None
    request_token_days: int = 28
    # Mail servers whose Authentication-Results (RFC 8601 authserv-id) and Received headers Chaser
    # believes: usually the council's own inbound MX. Empty: no email without a reply token is
    # applied until the person confirms it from a tokened message.
    trusted_authserv_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    mail_grace_hours: int = Field(default=72, ge=0, description="a reply a trusted server received before "
                                  "its token expired still counts for this long after")
    reply_read_chars: int = Field(default=20_000, ge=1_000, description="how much of a reply is read")
    read_timeout_seconds: float = Field(default=60.0, gt=0)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_claim_seconds: int = Field(default=600, ge=5, description="how long a sender holds an outbound message "
                                      "it is sending; one killed mid-send is resent after this")
    import_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    import_max_unpacked_bytes: int = Field(default=200 * 1024 * 1024, ge=1024)
    import_max_pages: int = Field(default=300, ge=1, description="most pages a PDF plan may have")
    quiet_hours: QuietHours = Field(default_factory=QuietHours)
    plans: dict[str, PlanSchedule] = Field(default_factory=dict)
    reports: list[ReportSchedule] = Field(default_factory=list)

    @field_validator("trusted_authserv_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if isinstance(value, str):  # CHASER_TRUSTED_AUTHSERV_IDS=mx1.council.gov.uk,mx2.council.gov.uk
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return [str(part).strip().lower() for part in value or []]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = config_path()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    def link_base(self) -> str:
        """The address every link starts with: CHASER_PUBLIC_URL, else http://web_host:web_port."""
        return (self.public_url or self.web_url or f"http://{self.web_host}:{self.web_port}").rstrip("/")

    def schedule_for(self, plan_name: str) -> PlanSchedule:
        """The schedule of a plan, or the default one when chaser.toml names none."""
        return self.plans.get(plan_name) or self.plans.get("default") or PlanSchedule()


def config_path() -> Path | None:
    """CHASER_CONFIG, else ./chaser.toml if present."""
    explicit = os.environ.get("CHASER_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise FileNotFoundError(f"CHASER_CONFIG names {path}, which is not a file")
        return path
    default = Path("chaser.toml")
    return default if default.is_file() else None


def load_settings(**overrides: Any) -> Settings:
    """Read the settings now (never at import time)."""
    return Settings(**overrides)
