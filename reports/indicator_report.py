"""The indicators' part of the reports: the exceptions report's indicators off track, and the table of
every indicator that the summary and progress reports carry. Built from store.indicator_wording, so
RAG, trajectory and direction read the same as in the answers and the web app."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.indicator_wording import IndicatorView, measured, travel

__all__ = ["IndicatorExceptions", "IndicatorTable", "measured", "travel", "who"]

COLUMNS = ("Code", "Measure", "Latest", "Target", "RAG", "Direction of travel")
HOW_LISTED = ("Red indicators are off track, beyond the tolerance of their trajectory, and are listed in full. "
              "Amber ones are within the tolerance but short of it, and are named after them with their figures. "
              "Indicators on track (Green) or not yet judged are not listed.")
RAG_KEY = ("Indicator RAG: Red (off track), Amber (short of its trajectory, within the tolerance), Green (on track "
           "or better); the trajectory is the straight line from the baseline to the target.")


@dataclass(frozen=True)
class IndicatorTable:
    """Every indicator of a plan, for the summary and progress reports (empty when the plan has none)."""

    rows: tuple[IndicatorView, ...] = ()
    columns: tuple[str, ...] = COLUMNS
    key: str = RAG_KEY

    def __bool__(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class IndicatorExceptions:
    """The exceptions report's indicators: off track (red) in full, then short of their trajectory (amber)."""

    red: tuple[IndicatorView, ...] = ()
    amber: tuple[IndicatorView, ...] = ()
    judged: int = 0
    total: int = 0
    how_listed: str = HOW_LISTED
    counts: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def count_line(self) -> str:
        """``8 indicators: 3 Red, 2 Amber, 3 Green.`` (and how many cannot be judged yet)."""
        line = (f"{self.total} indicator{'' if self.total == 1 else 's'}: {self.counts.get('red', 0)} Red, "
                f"{self.counts.get('amber', 0)} Amber, {self.counts.get('green', 0)} Green")
        unjudged = self.total - self.judged
        return line + (f"; {unjudged} not yet judged." if unjudged else ".")


def who(view: IndicatorView) -> str:
    """`` (owner: Sue Fiennes)``, or ``""`` when nobody owns it."""
    return f" (owner: {view.owner})" if view.owner else ""


def build_indicator_exceptions(views: list[IndicatorView]) -> IndicatorExceptions:
    """The indicators off track and short of their trajectory, in plan order."""
    counts = {colour: sum(1 for v in views if v.rag == colour) for colour in ("red", "amber", "green")}
    return IndicatorExceptions(red=tuple(v for v in views if v.rag == "red"),
                               amber=tuple(v for v in views if v.rag == "amber"),
                               judged=sum(counts.values()), total=len(views), counts=counts)


def build_indicator_table(views: list[IndicatorView]) -> IndicatorTable:
    """The indicators' table rows, in plan order."""
    return IndicatorTable(rows=tuple(views))
