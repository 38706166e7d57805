"""The full progress report's view-model: every action per section, as in the plans' progress tables.

Each row gives the action's lead, original and revised dates (revised targets marked), status and RAG,
percent complete, and the latest progress with its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reports.action_view import ActionView, build_action_views
from reports.facts import PlanFacts
from reports.formatting import section_heading, uk_date
from reports.indicator_report import IndicatorTable, build_indicator_table
from store import rules

COLUMNS = ("Ref", "Action", "Lead", "Original date", "Revised date", "Status", "RAG", "%", "Latest progress")


@dataclass(frozen=True)
class ProgressSection:
    """One section's table."""

    heading: str
    rows: tuple[ActionView, ...]


@dataclass
class ProgressReport:
    """The full progress report, ready for any template."""

    title: str
    plan_name: str
    as_at: str
    sections: list[ProgressSection] = field(default_factory=list)
    rag_key: tuple[str, ...] = tuple(rules.rag_label(c) for c in ("red", "amber", "green"))
    indicators: IndicatorTable = field(default_factory=IndicatorTable)

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's column headings."""
        return COLUMNS


def revised_text(view: ActionView) -> str:
    """The revised date as a UK date, or empty when there is none."""
    return uk_date(view.expected_by) if view.revised else ""


def percent_text(view: ActionView) -> str:
    """``60%``, or empty when unknown."""
    return f"{view.percent}%" if view.percent is not None else ""


def build_progress_report(facts: PlanFacts, *, today: date) -> ProgressReport:
    """Build the full progress report from bulk-loaded facts (no queries)."""
    views = build_action_views(facts, today)
    report = ProgressReport(title=f"{facts.plan.title or facts.plan.name}: progress report",
                            plan_name=facts.plan.name, as_at=uk_date(today),
                            indicators=build_indicator_table(facts.indicators))
    for section, actions in facts.actions_by_section():
        if not actions:
            continue
        heading = section_heading(section.number if section else None, section.title if section else "")
        report.sections.append(ProgressSection(heading=heading, rows=tuple(views[a.id] for a in actions)))
    return report
