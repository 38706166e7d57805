"""`chaser report`: build a report's view-model from the store and render it as md, html, docx or txt.

Every format is rendered from the same view-model: Markdown, HTML and plain text through Jinja2
templates in ``reports/templates/``, Word through :mod:`reports.docx_writer`.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date, timedelta
from functools import cache
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy.engine import Engine

from reports.docx_writer import write_docx
from reports.exceptions import ExceptionsReport, build_exceptions_report
from reports.facts import load_plan_facts, resolve_plan
from reports.formatting import start_of
from reports.indicator_chart import svg as trend_svg
from reports.indicator_report import measured, travel, who
from reports.progress import ProgressReport, build_progress_report, percent_text, revised_text
from reports.summary import SummaryReport, build_summary_report
from store.clock import Clock
from store.clock import today as clock_today
from store.errors import ChaserError
from store.settings import Settings

KINDS = ("exceptions", "summary", "progress")
FORMATS = ("md", "html", "docx", "txt")
# How far back "since the last report" reaches when --since is not given: a fortnight for the
# exceptions report (the plans' fortnightly reporting), a week for the weekly summary.
DEFAULT_SINCE_DAYS = {"exceptions": 14, "summary": 7, "progress": 14}
RAG_STYLE = {  # background, text: light fills so the word stays readable, in colour or not
    "red": ("#F4CCCC", "#660000"),
    "amber": ("#FCE5CD", "#663300"),
    "green": ("#D9EAD3", "#1E4620"),
}

Report = ExceptionsReport | SummaryReport | ProgressReport


class HasStore(Protocol):
    """What rendering needs from the composition root (bot.bootstrap.Chaser)."""

    engine: Engine
    clock: Clock
    settings: Settings


def md_escape(value: Any) -> str:
    """Text safe inside Markdown (including table cells): one line, markup characters escaped."""
    return md_inline(value).strip()


def md_inline(value: Any) -> str:
    """Like :func:`md_escape`, but keeps a single space at either end (for runs of spans)."""
    text = re.sub(r"\s+", " ", str(value))
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def wrap(value: Any, width: int = 78, indent: str = "", first: str | None = None, label: str = "") -> str:
    """Word-wrap plain text to ``width`` columns with a hanging indent; ``label`` starts the first line."""
    text = " ".join(str(value).split())
    lead = (indent if first is None else first) + label
    return textwrap.fill(text, width=width, initial_indent=lead, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or lead.rstrip()


@cache
def environment() -> Environment:
    """The Jinja2 environment: HTML templates autoescaped, undefined names an error."""
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["md"] = md_escape
    env.filters["md_inline"] = md_inline
    env.filters["wrap"] = wrap
    env.globals.update(rag_style=RAG_STYLE, revised_text=revised_text, percent_text=percent_text,
                       trend_svg=trend_svg, measured=measured, travel=travel, who=who)
    return env


def check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """Raise a ChaserError naming the option and its choices when ``value`` is not one of them."""
    if value not in choices:
        raise ChaserError(f"{option} {value!r} is not known: choose one of {', '.join(choices)}")


def build_report(*, engine: Engine, kind: str, plan_name: str | None, today: date,
                 since: date | None = None, settings: Settings | None = None) -> Report:
    """Load the plan's facts in bulk and build the view-model of ``kind``.

    With ``settings``, a lead's missing return counts as an exception only once the plan's reminder
    is due (``remind_after_days`` working days after the request), not the day after asking.
    """
    check_choice("report kind", kind, KINDS)
    plan = resolve_plan(engine, plan_name)
    since = since or today - timedelta(days=DEFAULT_SINCE_DAYS[kind])
    facts = load_plan_facts(engine=engine, plan=plan, since=start_of(since))
    if kind == "exceptions":
        grace = settings.schedule_for(plan.name).remind_after_days if settings is not None else 0
        return build_exceptions_report(facts, today=today, since=since, reply_grace_days=grace)
    if kind == "summary":
        return build_summary_report(facts, today=today, since=since)
    return build_progress_report(facts, today=today)


def kind_of(report: Report) -> str:
    """``exceptions``, ``summary`` or ``progress``."""
    if isinstance(report, ExceptionsReport):
        return "exceptions"
    return "summary" if isinstance(report, SummaryReport) else "progress"


def render_view(report: Report, fmt: str) -> bytes:
    """Render a view-model in one format."""
    check_choice("--format", fmt, FORMATS)
    if fmt == "docx":
        return write_docx(report)
    template = environment().get_template(f"{kind_of(report)}.{fmt}.j2")
    return template.render(r=report).encode("utf-8")


def render_report(*, chaser: HasStore, kind: str, plan_name: str | None, fmt: str, since: date | None) -> bytes:
    """Render one report of one plan.

    Args:
        chaser: The composition root (its engine and clock; "today" is the clock's date in London).
        kind: ``exceptions``, ``summary`` or ``progress``.
        plan_name: The plan; may be None when exactly one plan exists.
        fmt: ``md``, ``html``, ``docx`` or ``txt``.
        since: Changes since this date (default: a fortnight ago for exceptions, a week for the summary).

    Raises:
        ChaserError: an unknown kind, format or plan (the message lists the choices).
    """
    check_choice("--format", fmt, FORMATS)  # before any database work; the kind is checked by build_report
    report = build_report(engine=chaser.engine, kind=kind, plan_name=plan_name,
                          today=clock_today(chaser.clock), since=since, settings=chaser.settings)
    return render_view(report, fmt)
