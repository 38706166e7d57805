"""The weekly summary's view-model: one row per section (JAR recommendation), as in the JAR summary report.

Each row gives the counts complete/total, what was done this week, what remains and by when, the next
milestones and the section's RAG (the worst of its actions' RAG from store.rules). The top lines say
what changed since last week and who has not replied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from reports.action_view import ActionView, build_action_views
from reports.facts import PlanFacts
from reports.formatting import join_words, plural, section_heading, start_of, uk_date
from reports.indicator_report import IndicatorTable, build_indicator_table
from store import rules

RAG_ORDER = ("red", "amber", "green")
NEXT_MILESTONES = 3


@dataclass(frozen=True)
class Milestone:
    """A coming date of an open action; ``revised`` when it is a revised target (shown in bold)."""

    ref: str
    when: str
    revised: bool


@dataclass(frozen=True)
class SummaryRow:
    """One section's line in the summary table."""

    heading: str
    complete: int
    total: int
    progress: tuple[str, ...]
    milestones: tuple[Milestone, ...]
    rag: str
    rag_text: str
    rag_counts: str


@dataclass
class SummaryReport:
    """The weekly summary, ready for any template."""

    title: str
    plan_name: str
    as_at: str
    since: str
    changes: list[str] = field(default_factory=list)
    not_replied: str = ""
    rows: list[SummaryRow] = field(default_factory=list)
    indicators: IndicatorTable = field(default_factory=IndicatorTable)


def worst_rag(views: list[ActionView]) -> str:
    """The section's RAG: the worst of its actions' (green when it has none)."""
    colours = {v.rag for v in views}
    return next((c for c in RAG_ORDER if c in colours), "green")


def _coming_dates(views: list[ActionView], today: date) -> set[tuple[date, str, bool]]:
    """Each open action's dates still to come: its target (revised or original) and its plan milestones."""
    coming = set()
    for v in views:
        if v.target is not None and v.target >= today:
            coming.add((v.target, v.ref, v.revised))
        for day in v.milestones:
            if day >= today and day != v.target and not (v.revised and day == v.due):
                coming.add((day, v.ref, False))
    return coming


def _row(heading: str, views: list[ActionView], *, today: date, since: date) -> SummaryRow:
    since_at = start_of(since)
    done = [v for v in views if v.status == "complete"]
    progress = [f"{len(done)} of {plural(len(views), 'action')} complete."]
    completed_now = [v.ref for v in done if (v.completed_on and since <= v.completed_on <= today)
                     or any(u.status == "complete" and u.at >= since_at and u.kind != "import" for u in v.recent)]
    reported = [v.ref for v in views if v.ref not in completed_now
                and any(u.at >= since_at and u.kind != "import" for u in v.recent)]
    this_week = []
    if completed_now:
        this_week.append(f"completed {join_words(completed_now)}")
    if reported:
        this_week.append(f"progress reported on {join_words(reported)}")
    progress.append(f"This week: {'; '.join(this_week)}." if this_week else "This week: no updates.")
    remaining = [v for v in views if v.status != "complete"]
    dated = [v.target for v in remaining if v.target is not None]
    if remaining:
        by_when = f", the last expected by {uk_date(max(dated))}" if dated else ""
        undated = len(remaining) - len(dated)
        note = f" ({undated} without a date)" if undated and dated else (" (no dates set)" if undated else "")
        progress.append(f"Remaining: {plural(len(remaining), 'action')}{by_when}{note}.")
    coming = sorted(_coming_dates(remaining, today))
    milestones = tuple(Milestone(ref=ref, when=uk_date(when), revised=revised)
                       for when, ref, revised in coming[:NEXT_MILESTONES])
    colour = worst_rag(views)
    counts = ", ".join(f"{sum(1 for v in views if v.rag == c)} {c}" for c in RAG_ORDER)
    return SummaryRow(heading=heading, complete=len(done), total=len(views), progress=tuple(progress),
                      milestones=milestones, rag=colour, rag_text=rules.rag_label(colour), rag_counts=counts)


def _changes(facts: PlanFacts, views: dict[int, ActionView], *, today: date, since: date) -> list[str]:
    since_at = start_of(since)
    recent = [(v, u) for v in views.values() for u in v.recent if u.at >= since_at and u.kind != "import"]
    lines: list[str] = []
    if recent:
        people = {u.person_id for _, u in recent if u.person_id is not None}
        lines.append(f"{plural(len(recent), 'update')} received on {plural(len({v.id for v, _ in recent}), 'action')}"
                     f" from {plural(len(people), 'person', 'people')}.")
    completed = sorted({v.ref for v, u in recent if u.status == "complete"}, key=lambda r: r)
    if completed:
        lines.append(f"Reported complete: {join_words(completed)}.")
    moved = sorted({(v.ref, uk_date(u.expected_by)) for v, u in recent
                    if u.expected_by is not None and v.due is not None and u.expected_by > v.due})
    if moved:
        lines.append("Expected later than first planned: " + join_words([f"{r} (now {d})" for r, d in moved]) + ".")
    until = start_of(today + timedelta(days=1))
    plan_changes = [c for c in facts.changes if since_at <= c.at < until]
    if plan_changes:
        lines.append(f"{plural(len(plan_changes), 'change')} to the plan.")
    return lines or ["No updates received and no changes to the plan."]


def _not_replied(facts: PlanFacts) -> str:
    round_ = facts.latest_round
    if round_ is None:
        return "No round of update requests has been sent yet."
    if not round_.waiting_person_ids:
        return f"Everyone asked in round {round_.key} (sent {uk_date(round_.opened_at)}) has replied."
    names = sorted(facts.person_name(pid) or f"person {pid}" for pid in round_.waiting_person_ids)
    return f"Not yet replied to round {round_.key} (sent {uk_date(round_.opened_at)}): {join_words(names)}."


def build_summary_report(facts: PlanFacts, *, today: date, since: date) -> SummaryReport:
    """Build the weekly summary from bulk-loaded facts (no queries)."""
    views = build_action_views(facts, today)
    report = SummaryReport(title=f"{facts.plan.title or facts.plan.name}: summary progress report",
                           plan_name=facts.plan.name, as_at=uk_date(today), since=uk_date(since))
    report.changes = _changes(facts, views, today=today, since=since)
    report.not_replied = _not_replied(facts)
    report.indicators = build_indicator_table(facts.indicators)
    for section, actions in facts.actions_by_section():
        if not actions:
            continue
        heading = section_heading(section.number if section else None, section.title if section else "")
        report.rows.append(_row(heading, [views[a.id] for a in actions], today=today, since=since))
    return report
