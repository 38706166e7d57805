"""The suite's table: one row per scenario."""

from __future__ import annotations

from dataclasses import dataclass

COLUMNS = ("scenario", "inputs", "duplicates", "kills", "restarts", "lost", "duplicated", "resent in doubt", "refused",
           "seconds")


@dataclass
class Row:
    """What one scenario sent, what it did to the service, and what the checks found."""

    scenario: str
    inputs: int
    duplicates: int = 0
    kills: int = 0
    restarts: int = 0
    lost: int = 0
    duplicated: int = 0
    # Messages at a platform twice because their sender was killed while the platform had the first
    # and it could not be asked (Telegram, Teams; email keeps its Message-ID): each one matched to a
    # resend Chaser counted (Delivery.resent_in_doubt). A copy no such resend explains is "duplicated".
    in_doubt: int = 0
    refused: int = 0
    seconds: float = 0.0
    notes: str = ""
    problems: tuple[str, ...] = ()  # the first few failures, named, for the log

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and not self.problems

    def cells(self) -> list[str]:
        return [self.scenario, str(self.inputs), str(self.duplicates), str(self.kills), str(self.restarts),
                str(self.lost), str(self.duplicated), str(self.in_doubt), str(self.refused), f"{self.seconds:.0f}"]


def table(rows: list[Row]) -> str:
    """A Markdown table (it reads as plain text too), then each row's notes and problems."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    for row in rows:
        if row.notes:
            lines.append(f"- {row.scenario}: {row.notes}")
        lines += [f"- {row.scenario} PROBLEM: {problem}" for problem in row.problems[:20]]
    return "\n".join(lines)
