"""The suite's world: a generated plan and people spread over every channel, written as the CSVs
`chaser import` and `chaser people import` read."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass, field
from pathlib import Path

CHANNELS = ("email", "slack", "telegram", "teams")
ACTIONS_EACH = 2
COORDINATOR = "Casey Coordinator"


@dataclass(frozen=True)
class Lead:
    """One generated person: their channel, platform ids and the refs of the actions they lead."""

    index: int
    name: str
    channel: str
    email: str
    refs: tuple[str, ...]
    slack_id: str = ""
    telegram_id: int = 0
    teams_aad: str = ""


@dataclass
class World:
    """The generated people (by channel) and the CSVs written for them."""

    leads: list[Lead] = field(default_factory=list)
    plan_csv: Path | None = None
    people_csv: Path | None = None

    def on(self, channel: str) -> list[Lead]:
        return [lead for lead in self.leads if lead.channel == channel]


def make_world(*, folder: Path, people: int) -> World:
    """``people`` leads, a quarter on each channel, two actions each; CSVs written into ``folder``."""
    world = World()
    for i in range(people):
        channel = CHANNELS[i % len(CHANNELS)]
        section = 10 + i // 50
        refs = tuple(f"{section}.{(i % 50) * ACTIONS_EACH + k + 1}" for k in range(ACTIONS_EACH))
        world.leads.append(Lead(
            index=i, name=f"Lead {i:05d}", channel=channel, email=f"lead{i:05d}@council.example", refs=refs,
            slack_id=f"U{i:08d}" if channel == "slack" else "",
            telegram_id=600_000 + i if channel == "telegram" else 0,
            teams_aad=str(uuid.UUID(int=i + 1)) if channel == "teams" else ""))
    world.people_csv = folder / "people.csv"
    with world.people_csv.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "aliases", "role", "email", "slack_id", "teams_id", "telegram_id", "channel",
                         "timezone", "roles"])
        writer.writerow([COORDINATOR, "CC", "Coordinator", "coordinator@council.example", "", "", "", "email",
                         "Europe/London", "coordinator"])
        for lead in world.leads:
            writer.writerow([lead.name, f"L{lead.index}", "Officer", lead.email, lead.slack_id, lead.teams_aad,
                             str(lead.telegram_id or ""), lead.channel, "Europe/London", "lead"])
    world.plan_csv = folder / "plan.csv"
    with world.plan_csv.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["section", "section_title", "ref", "action", "lead", "due", "status", "progress",
                         "expected_by", "partners", "success_criteria"])
        for lead in world.leads:
            for ref in lead.refs:
                number = ref.split(".")[0]
                writer.writerow([number, f"Section {number}", ref, f"Action {ref} of {lead.name}", lead.name,
                                 "2027-03-31", "in_progress", "", "", "", ""])
    return world
