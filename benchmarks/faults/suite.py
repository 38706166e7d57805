"""The whole suite: set up once, then the outbound round, the inbound storm and the hostile corpus."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.faults.database import private_cluster_possible
from benchmarks.faults.harness import open_harness
from benchmarks.faults.report import Row, table


@dataclass(frozen=True)
class Sizes:
    people: int
    replies: int
    kills: int
    pg_restarts: int
    throttle: float = 0.05
    errors: float = 0.02
    duplicate_share: float = 0.2
    instance_days: int = 0  # simulated days for three `chaser serve` on one database (0: not run here)

    def describe(self) -> str:
        return (f"{self.people} leads, {self.replies} replies ({self.duplicate_share:.0%} sent more than once), "
                f"{self.kills} SIGKILLs, {self.pg_restarts} PostgreSQL restarts, "
                f"{self.throttle:.0%} 429s and {self.errors:.0%} 5xx in the round")


FULL = Sizes(people=1000, replies=10_000, kills=10, pg_restarts=2, instance_days=7)
SMALL = Sizes(people=20, replies=200, kills=2, pg_restarts=0, throttle=0.2, errors=0.1)  # (more faults: 20 calls)


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    folder: Path | None = None
    log: str = ""

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    def table(self) -> str:
        return table(self.rows)


def run_instances(days: int) -> Row:
    """Three `chaser serve` on one database over ``days`` simulated days, the leader killed twice
    (`benchmarks/instances.py`, on a database of its own); the small size leaves it to
    tests/cycle/test_instances.py, which runs the same harness."""
    if days <= 0:
        return Row(scenario="many instances", inputs=0,
                   notes="not run at this size: tests/cycle/test_instances.py runs `benchmarks.instances` "
                         "(three `chaser serve` on one database, the leader killed)")
    from benchmarks import instances

    started = time.monotonic()
    found = instances.run(days=days)
    return instances.as_row(found, seconds=time.monotonic() - started)


def run_suite(*, sizes: Sizes, seed: int = 19, keep: bool = False) -> Result:
    """Run every scenario on one fresh world; the rows, whatever happens."""
    from benchmarks.faults.hostile import run_hostile
    from benchmarks.faults.inbound import run_inbound
    from benchmarks.faults.outbound import run_outbound

    private = sizes.pg_restarts > 0
    if private and not private_cluster_possible():
        raise SystemExit("PostgreSQL restarts need a private cluster: run as root with Debian's postgresql-common, "
                         "or pass --pg-restarts 0")
    h = open_harness(people=sizes.people, private_cluster=private, seed=seed)
    result = Result(folder=h.folder)
    try:
        result.rows.append(run_outbound(h, throttle=sizes.throttle, errors=sizes.errors))
        result.rows.append(run_inbound(h, replies=sizes.replies, kills=sizes.kills, pg_restarts=sizes.pg_restarts,
                                       duplicate_share=sizes.duplicate_share, seed=seed))
        result.rows.append(run_instances(sizes.instance_days))
        result.rows.append(run_hostile(h))
    finally:
        result.log = h.service.log()
        (h.folder / "serve.log").write_text(result.log, encoding="utf-8")
        h.close()
        if not keep:
            shutil.rmtree(h.folder, ignore_errors=True)
    return result
