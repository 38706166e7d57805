"""One run's setting: a fresh database, the platforms, the generated world imported, Teams installed
for its leads, and `chaser serve` started; with the queries the scenarios check the store with."""

from __future__ import annotations

import json
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from benchmarks.faults.database import Database, fresh_database
from benchmarks.faults.platforms import Platforms, start_platforms
from benchmarks.faults.service import Service, base_env, run_chaser
from benchmarks.faults.world import World, make_world
from tests.slack.fake_api import BOT_TOKEN
from tests.teams.fakes import APP_ID, APP_PASSWORD, TENANT, TeamsUser, token
from tests.telegram.fake_api import TOKEN

SLACK_SECRET = "faults-suite-slack-signing-secret"  # noqa: S105 (a test value, only for the local fakes)
IMAP_POLL_SECONDS = 5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], *, limit: float, step: float = 0.5) -> bool:
    """Poll ``condition`` until it holds or ``limit`` seconds pass; whether it held."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@dataclass
class Harness:
    """Everything one run uses; ``close()`` stops it all and drops the database."""

    folder: Path
    database: Database
    platforms: Platforms
    world: World
    service: Service
    engine: Engine
    teams_users: dict[str, TeamsUser] = field(default_factory=dict)
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60))

    def rows(self, sql: str, **params: Any) -> list[Any]:
        """Rows of a query, retried across a PostgreSQL restart."""
        for attempt in range(60):
            try:
                with self.engine.connect() as conn:
                    return list(conn.execute(text(sql), params).all())
            except Exception:
                if attempt == 59:
                    raise
                time.sleep(1)
        raise AssertionError("unreachable")

    def scalar(self, sql: str, **params: Any) -> int:
        return int(self.rows(sql, **params)[0][0])

    def action_ids(self) -> dict[str, int]:
        return {ref: int(i) for ref, i in self.rows("SELECT ref, id FROM action")}

    def teams_post(self, activity: dict[str, Any], *, bearer: str | None = None) -> httpx.Response:
        """POST an activity to /api/messages as the Bot Connector does (signed, unless ``bearer`` says otherwise)."""
        microsoft = self.platforms.microsoft
        bearer = bearer if bearer is not None else token(key=microsoft.key, kid=microsoft.kid,
                                                         service_url=activity["serviceUrl"])
        return self.http.post(self.service.url + "/api/messages", content=json.dumps(activity),
                              headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"})

    def quiet(self, *, limit: float) -> bool:
        """Until every stored message is processed and no reply, edit or request is left to send."""
        unsent = "SELECT count(*) FROM delivery WHERE state IN ('pending', 'failed', 'sending')"
        return wait_until(lambda: self.scalar("SELECT count(*) FROM inboundmessage WHERE state = 'new'") == 0
                          and self.scalar(unsent) == 0 and not self.platforms.telegram.updates,
                          limit=limit, step=1.0)

    def close(self) -> None:
        self.service.stop()
        self.http.close()
        self.engine.dispose()
        self.platforms.stop()
        self.database.drop()


def open_harness(*, people: int, private_cluster: bool, seed: int, folder: Path | None = None) -> Harness:
    """Set everything up: database, platforms, world (imported), `chaser serve` running, Teams installed."""
    folder = folder or Path(tempfile.mkdtemp(prefix="chaser-faults-"))
    database = fresh_database(private=private_cluster)
    world = make_world(folder=folder, people=people)
    platforms = start_platforms(telegram_chats={lead.telegram_id for lead in world.on("telegram")}, seed=seed)
    port = _free_port()
    microsoft = platforms.microsoft
    env = base_env(folder=folder, database_url=database.url, port=port, extra={
        "CHASER_SMTP_URL": f"smtp://127.0.0.1:{platforms.smtp_port}",
        "CHASER_IMAP_URL": platforms.imap.url, "CHASER_IMAP_POLL_SECONDS": str(IMAP_POLL_SECONDS),
        "CHASER_SLACK_BOT_TOKEN": BOT_TOKEN, "CHASER_SLACK_SIGNING_SECRET": SLACK_SECRET,
        "CHASER_SLACK_API_URL": platforms.slack.url,
        "CHASER_TELEGRAM_TOKEN": TOKEN, "CHASER_TELEGRAM_API_URL": platforms.telegram.base_url,
        "CHASER_TELEGRAM_POLL_SECONDS": "1",
        "CHASER_TEAMS_APP_ID": APP_ID, "CHASER_TEAMS_APP_PASSWORD": APP_PASSWORD, "CHASER_TEAMS_TENANT_ID": TENANT,
        "CHASER_TEAMS_OPENID_URL": microsoft.openid_url, "CHASER_TEAMS_TOKEN_URL": microsoft.token_url,
        "CHASER_TEAMS_SERVICE_URLS": microsoft.service_url,
        # a send here takes a second or two at most (Retry-After is 1-2 s): a message whose sender was killed
        # mid-send is resent after 30 s rather than the deployed default of 10 minutes
        "CHASER_OUTBOX_CLAIM_SECONDS": "30"})
    for args in (["init"], ["people", "import", str(world.people_csv)],
                 ["import", str(world.plan_csv), "--plan", "faults"]):
        done = run_chaser(args, env=env, cwd=folder)
        if done.returncode != 0:
            raise RuntimeError(f"chaser {' '.join(args)} failed: {done.stderr.decode(errors='replace')[-2000:]}")
    harness = Harness(folder=folder, database=database, platforms=platforms, world=world,
                      service=Service(env=env, cwd=folder, port=port),
                      engine=create_engine(database.url, pool_pre_ping=True))
    harness.service.start()
    for lead in world.on("teams"):  # a lead who installed the app gets requests in Teams
        user = TeamsUser(aad=lead.teams_aad, name=lead.name, service_url=microsoft.service_url)
        harness.teams_users[lead.name] = user
        answered = harness.teams_post(user.install())
        if answered.status_code >= 300:
            raise RuntimeError(f"Teams install for {lead.name} refused: {answered.status_code}")
    return harness
