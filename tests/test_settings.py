"""Settings: chaser.toml is read, the environment wins, secrets stay secret."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "chaser.example.toml"


def test_example_config_loads(monkeypatch):
    monkeypatch.setenv("CHASER_CONFIG", str(EXAMPLE))
    settings = load_settings()
    jar = settings.schedule_for("jar-performance-improvement")
    assert jar.cadence == "weekly" and jar.time == dt.time(9, 30) and jar.coordinator == "HoPP"
    assert settings.schedule_for("anything-else").cadence == "fortnightly"
    assert [r.kind for r in settings.reports] == ["exceptions", "summary"]
    assert settings.quiet_hours.start == dt.time(18, 0)


def test_environment_wins_and_secrets_are_hidden(monkeypatch):
    monkeypatch.setenv("CHASER_CONFIG", str(EXAMPLE))
    monkeypatch.setenv("CHASER_EMAIL_FROM", "plans@example.gov.uk")
    monkeypatch.setenv("CHASER_SMTP_URL", "smtp+starttls://chaser:hunter2@mail.example:587")
    settings = load_settings()
    assert settings.email_from == "plans@example.gov.uk"
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings.model_dump())
    assert settings.smtp_url is not None and "hunter2" in settings.smtp_url.get_secret_value()


def test_bad_schedule_names_the_field(tmp_path, monkeypatch):
    bad = tmp_path / "chaser.toml"
    bad.write_text('[plans.default]\nday = "someday"\n')
    monkeypatch.setenv("CHASER_CONFIG", str(bad))
    with pytest.raises(ValueError, match="day"):
        load_settings()


def test_missing_config_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CHASER_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(FileNotFoundError, match="CHASER_CONFIG"):
        load_settings()
