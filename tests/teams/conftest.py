"""Fixtures for the Teams channel: the fake Microsoft endpoints on a free port, and settings pointing at them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.teams.fakes import APP_ID, APP_PASSWORD, TENANT, FakeMicrosoft, TeamsUser


@pytest.fixture
def microsoft() -> Iterator[FakeMicrosoft]:
    fake = FakeMicrosoft().start()
    try:
        yield fake
    finally:
        fake.stop()


def teams_settings(microsoft: FakeMicrosoft) -> dict[str, Any]:
    """The three Teams variables and the test overrides, as Settings keyword arguments."""
    return {"teams_app_id": APP_ID, "teams_app_password": APP_PASSWORD, "teams_tenant_id": TENANT,
            "teams_openid_url": microsoft.openid_url, "teams_token_url": microsoft.token_url,
            "teams_service_urls": microsoft.service_url}


@pytest.fixture
def sue(microsoft: FakeMicrosoft) -> TeamsUser:
    return TeamsUser(aad="0b6e1c4a-aaaa-4bbb-8ccc-000000000001", name="Sue Fiennes", service_url=microsoft.service_url)
