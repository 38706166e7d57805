"""Teams inbound and outbound costs, against the local fakes (tests/teams/fakes.py): no network.

Run: ``.venv/bin/python benchmarks/bench_teams.py`` (SQLite in a temp dir). Prints:
- token checks per second (RS256 signature, claims, serviceUrl; keys cached after the first fetch),
- POST /api/messages per second for signed messages from a lead (checked, stored, processed, confirmed
  through the local Bot Connector),
- milliseconds to draw a request card of 20 actions.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session, select  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from adapters.teams import routes  # noqa: E402
from adapters.teams.auth import BotFrameworkAuth  # noqa: E402
from adapters.teams.cards import message_card  # noqa: E402
from adapters.teams.config import teams_config  # noqa: E402
from bot.bootstrap import Chaser  # noqa: E402
from bot.ports import ActionPrompt, OutboundMessage  # noqa: E402
from store.clock import FixedClock  # noqa: E402
from store.db import make_engine  # noqa: E402
from store.models import Person  # noqa: E402
from store.settings import Settings  # noqa: E402
from tests.cycle.world import load_world  # noqa: E402
from tests.teams.conftest import teams_settings  # noqa: E402
from tests.teams.fakes import FakeMicrosoft, TeamsUser, token  # noqa: E402


def main() -> None:
    microsoft = FakeMicrosoft().start()
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'chaser.db'}")
    load_world(engine)
    sue = TeamsUser(aad="0b6e1c4a-aaaa-4bbb-8ccc-000000000001", name="Sue Fiennes", service_url=microsoft.service_url)
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.name == "Sue Fiennes")).one()
        person.teams_id = sue.aad
        session.add(person)
        session.commit()
    settings = Settings(database_url=str(engine.url), outbox_dir=folder / "outbox", **teams_settings(microsoft))

    auth = BotFrameworkAuth(teams_config(settings))  # type: ignore[arg-type]
    activity = sue.message("hello")
    header = "Bearer " + token(key=microsoft.key, kid=microsoft.kid, service_url=sue.service_url)
    auth.validate(header, activity=activity)
    n = 500
    started = time.perf_counter()
    for _ in range(n):
        auth.validate(header, activity=activity)
    print(f"token checks: {n / (time.perf_counter() - started):.0f} per second")

    chaser = Chaser(settings=settings, engine=engine,
                    clock=FixedClock(datetime(2006, 6, 12, 9, 0, tzinfo=ZoneInfo("Europe/London"))))
    chaser.channels["teams"].per_conversation_interval = 0.0  # type: ignore[attr-defined]  # pacing is not measured
    client = TestClient(Starlette(routes=routes(chaser)))
    client.post("/api/messages", content=json.dumps(sue.install()), headers={"Authorization": header})
    n = 100
    started = time.perf_counter()
    for i in range(n):
        message = sue.message(f"what is overdue? ({i})", timestamp="2006-06-12T09:30:00Z")
        assert client.post("/api/messages", content=json.dumps(message), headers={"Authorization": header}).is_success
    elapsed = time.perf_counter() - started
    print(f"POST /api/messages (a question, answered in the chat): {n / elapsed:.1f} per second, "
          f"{len(microsoft.activities())} answers sent")

    prompts = tuple(ActionPrompt(action_id=i, ref=f"7.{i}", title="An action title of ordinary length " * 2,
                                 due="30 Jun 2006", status="in progress", last_update="Work under way")
                    for i in range(20))
    message = OutboundMessage(channel="teams", recipient=sue.aad, subject="Progress", text="", kind="request",
                              actions=prompts)
    times = []
    for _ in range(50):
        started = time.perf_counter()
        json.dumps(message_card(message).model_dump(by_alias=True, exclude_none=True))
        times.append((time.perf_counter() - started) * 1000)
    print(f"request card of 20 actions: {statistics.median(times):.1f} ms (median of 50)")
    microsoft.stop()


if __name__ == "__main__":
    main()
