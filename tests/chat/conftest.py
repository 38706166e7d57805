"""A Chaser with the cycle tests' small plan, whose leads use an in-memory chat channel."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.rate_limit import RateLimiter
from nlp import extract
from store.models import Person
from tests.chat.memory_channel import FakeSleep, MemoryChannel
from tests.cycle.world import load_world, make_chaser

SUE_SLACK = "U0SUE"
TONY_SLACK = "U0TONY"


@pytest.fixture
def fake_time():
    return FakeSleep()


@pytest.fixture
def chat(engine, tmp_path, fake_time):
    """(chaser, channel): Sue and Tony linked to Slack and asked there."""
    load_world(engine)
    with Session(engine) as session:
        for name, slack_id in (("Sue Fiennes", SUE_SLACK), ("Tony Geeson", TONY_SLACK)):
            person = session.exec(select(Person).where(Person.name == name)).one()
            person.slack_id, person.channel = slack_id, "slack"
            session.add(person)
        session.commit()
    chaser = make_chaser(engine, tmp_path, extractor=extract)
    channel = MemoryChannel()
    chaser.channels["slack"] = channel
    chaser.limiter = RateLimiter(sleep=fake_time.sleep, monotonic=fake_time.monotonic)
    return chaser, channel
