"""A chat digest: a few lines of plain text about a report, for Slack, Teams or Telegram to send with it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from reports.exceptions import ExceptionsReport
from reports.formatting import plural
from reports.progress import ProgressReport
from reports.render import Report, build_report
from reports.summary import RAG_ORDER, SummaryReport
from store import rules
from store.settings import Settings


def _rag_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[c]} {rules.RAG_WORDS[c]}" for c in RAG_ORDER)


def chat_digest(report: Report) -> str:
    """A few lines summing up a report's view-model (no colour, no markup beyond plain text)."""
    lines = [f"{report.title}, {report.as_at}"]
    if isinstance(report, ExceptionsReport):
        lines.append(f"{plural(report.count, 'exception')} in {plural(len(report.sections), 'section')}: "
                     f"{_rag_line(report.rag_counts())}.")
        worst = [f"{item.ref} ({', '.join(item.kinds).lower()})" for s in report.sections for item in s.items
                 if item.rag == "red"][:5]
        if worst:
            lines.append("Red: " + "; ".join(worst) + ".")
        lines.append(f"{plural(len(report.changes), 'change')} to the plan since {report.since}.")
        if report.waiting:
            lines.append(f"Not yet replied to round {report.round_key}: {', '.join(report.waiting)}.")
    elif isinstance(report, SummaryReport):
        done = sum(r.complete for r in report.rows)
        total = sum(r.total for r in report.rows)
        counts = {c: sum(1 for r in report.rows if r.rag == c) for c in RAG_ORDER}
        lines.append(f"{done} of {plural(total, 'action')} complete; sections: {_rag_line(counts)}.")
        lines.extend(report.changes[:2])
        lines.append(report.not_replied)
    else:
        assert isinstance(report, ProgressReport)
        views = [a for s in report.sections for a in s.rows]
        counts = {c: sum(1 for a in views if a.rag == c) for c in RAG_ORDER}
        lines.append(f"{plural(len(views), 'action')} in {plural(len(report.sections), 'section')}: "
                     f"{_rag_line(counts)}.")
    return "\n".join(lines)


def chat_digest_for(*, engine: Engine, kind: str, plan_name: str | None, today: date,
                    settings: Settings | None = None) -> str:
    """Build the report of ``kind`` for the plan and return its chat digest."""
    return chat_digest(build_report(engine=engine, kind=kind, plan_name=plan_name, today=today, settings=settings))
