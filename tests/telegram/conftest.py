"""Fixtures for the Telegram channel: a fake Bot API on a free port, and a Chaser whose Telegram
channel (the real python-telegram-bot) talks to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from adapters.telegram.channel import TelegramChannel
from bot.bootstrap import Chaser
from store.clock import FixedClock
from store.importers.people import import_people_csv
from store.importers.plan_file import import_plan_file
from store.settings import PlanSchedule, Settings
from tests.telegram.fake_api import TOKEN, FakeBotApi

HERE = Path(__file__).parent
PLAN_CSV = HERE.parent / "cycle" / "data" / "JAR Improvement Plan.csv"
PEOPLE_CSV = HERE / "data" / "people.csv"
LONDON = ZoneInfo("Europe/London")
SUE, JANE_PHONE, STRANGER = 5001, 7001, 9001  # Telegram user ids (= their private chat ids)


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    api = FakeBotApi(chats={SUE, JANE_PHONE, STRANGER}).start()
    try:
        yield api
    finally:
        api.stop()


def load_world(engine: Engine) -> None:
    """The small JAR plan; Sue is linked to Telegram by the people CSV, Jane is not."""
    imported = datetime(2006, 5, 31, 12, 0, tzinfo=LONDON)
    import_people_csv(engine=engine, path=PEOPLE_CSV, now=imported)
    import_plan_file(engine=engine, path=PLAN_CSV, plan_name="jar", now=imported)


def telegram_settings(engine: Engine, tmp_path: Path, fake: FakeBotApi, **extra: object) -> Settings:
    return Settings(database_url=str(engine.url), outbox_dir=tmp_path / "outbox",
                    email_from="chaser@herefordshire.example", lock_file=tmp_path / "chaser.lock",
                    telegram_token=SecretStr(TOKEN), telegram_api_url=fake.base_url,
                    plans={"jar": PlanSchedule(cadence="weekly", day="mon", coordinator="Chris Doyle")},
                    **extra)


@pytest.fixture
def chaser(engine: Engine, tmp_path: Path, fake: FakeBotApi) -> Iterator[Chaser]:
    load_world(engine)
    built = Chaser(settings=telegram_settings(engine, tmp_path, fake), engine=engine,
                   clock=FixedClock(datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)))
    try:
        yield built
    finally:
        channel = built.channels.get("telegram")
        if isinstance(channel, TelegramChannel):
            channel.close()
