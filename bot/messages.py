"""The words Chaser sends: requests, reminders, escalations and replies, rendered from Jinja2 templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlmodel import col, select

from bot.lookup import CHAT_ID_FIELDS
from bot.ports import QUICK_CHOICES, ActionPrompt, FigurePrompt, OutboundMessage
from store import wording
from store.indicator_periods import FigureDue, figures_due, period_words
from store.indicator_rules import format_value
from store.indicators import label
from store.models import Action, Person, Plan, Round

STATUS_WORDS = {status: word.lower() for status, word in wording.STATUS_WORDS.items()}


@lru_cache(maxsize=1)
def _env() -> Environment:
    # Autoescape the HTML templates only: plain-text parts must keep "&" and quotes as written.
    return Environment(
        loader=PackageLoader("bot", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def render(name: str, **context: Any) -> str:
    """Render ``bot/templates/<name>``."""
    return _env().get_template(name).render(**context)


def human_date(value: date | datetime | None, tz: str = "Europe/London") -> str:
    """A date as people read it: ``12 Jun 2006``."""
    return wording.uk_date(value, ZoneInfo(tz))


def address_of(person: Person, channel: str) -> str | None:
    """Where a message to ``person`` goes on ``channel`` (None when they have no such address)."""
    if channel == "email":
        return person.email or None
    field = CHAT_ID_FIELDS.get(channel)
    if field is not None:  # (not while the platform says it cannot reach them: they blocked the bot)
        return None if channel in (person.unreachable or {}) else getattr(person, field) or None
    return person.name


def plan_title(plan: Plan) -> str:
    """A plan's title, else its name."""
    return plan.title or plan.name


def due_words(action: Action) -> str:
    """The due date as the plan wrote it ("March 2006"), or as a date when the cell was a plain date."""
    text = " ".join(action.due_text.split())
    if action.due is not None and (not text or text == action.due.isoformat()):
        return human_date(action.due)
    return text or "no date"


def short(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters (chat messages stay readable)."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def action_rows(actions: list[Action], tz: str) -> list[dict[str, str]]:
    """What a request shows of each action."""
    rows = []
    for a in actions:
        rows.append({
            "id": str(a.id),
            "ref": a.ref,
            "title": " ".join(a.title.split()),
            "short_title": short(a.title),
            "due": due_words(a),
            "revised": human_date(a.expected_by),
            "status": STATUS_WORDS.get(a.status, a.status),
            "last_update": " ".join(a.progress.split()),
            "last_update_at": human_date(a.progress_at, tz) or "undated",
        })
    return rows


def figure_rows(figures: list[FigureDue]) -> list[dict[str, str]]:
    """What a request shows of each indicator it asks a figure for."""
    rows = []
    for due in figures:
        ind, last = due.indicator, due.last
        rows.append({
            "id": str(ind.id),
            "code": label(ind),
            "title": " ".join(ind.title.split()) if ind.code else "",
            "short_title": short(ind.title, 90) if ind.code else "",
            "period": period_words(due.period_end, ind.frequency),
            "last": f"{format_value(last.value, ind.unit)} for {period_words(last.period_end, ind.frequency)}"
            if last else "",
            "target": format_value(ind.target, ind.unit) + (f" by {human_date(ind.target_on)}" if ind.target_on else "")
            if ind.target is not None else "",
            # the baseline, which replies do not change: the example reads the same when quoted back later
            "example": format_value(ind.baseline if ind.baseline is not None else last.value if last else 100,
                                    ind.unit).split(" ")[0],
        })
    return rows


@dataclass(frozen=True)
class RequestContent:
    """Everything a request (or its reminder) says."""

    plan: Plan
    round_key: str
    person: Person
    actions: list[Action]
    token: str
    link: str | None = None  # the lead's signed update page for this request (one-tap answers)
    figures: list[FigureDue] = field(default_factory=list)  # indicators whose latest figure is asked for

    @property
    def empty(self) -> bool:
        """Nothing left to ask: every action completed and every figure given since the round opened."""
        return not self.actions and not self.figures


def request_message(*, content: RequestContent, channel: str, key: str, reminder: bool = False,
                    in_reply_to: str | None = None) -> OutboundMessage:
    """The request for progress (or its one reminder) to one lead."""
    rows = action_rows(content.actions, content.person.timezone)
    figures = figure_rows(content.figures)
    ctx = {
        "person": content.person,
        "plan_title": plan_title(content.plan),
        "round_key": content.round_key,
        "actions": rows,
        "figures": figures,
        "token": content.token,
        "reminder": reminder,
        "link": content.link,
        "choices": QUICK_CHOICES,
    }
    prefix = "Reminder: " if reminder else ""
    email = channel == "email"
    about = "Progress on your actions" if content.actions else "Figures for your indicators"
    return OutboundMessage(
        channel=channel,
        recipient=address_of(content.person, channel) or "",
        subject=f"{prefix}{about}: {plan_title(content.plan)} ({content.round_key})",
        text=render("request.txt.j2" if email else "request_chat.txt.j2", **ctx),
        html=render("request.html.j2", **ctx) if email else None,
        person_id=content.person.id,
        key=key,
        in_reply_to=in_reply_to,
        kind="reminder" if reminder else "request",
        actions=prompts(rows, link=content.link),
        figures=_figure_prompts(figures),
        link=content.link,
    )


def _figure_prompts(figures: list[dict[str, str]]) -> tuple[FigurePrompt, ...]:
    return tuple(FigurePrompt(indicator_id=int(f["id"]), code=f["code"], title=f["short_title"], period=f["period"],
                              last=f["last"], target=f["target"]) for f in figures)


def prompts(rows: list[dict[str, str]], *, link: str | None = None) -> tuple[ActionPrompt, ...]:
    """The request's actions for channels that draw one-tap answers beside each (with each action's
    signed "Update..." page when the request has a link)."""
    return tuple(ActionPrompt(action_id=int(r["id"]), ref=r["ref"], title=r["short_title"], due=r["due"],
                              status=r["status"], last_update=short(r["last_update"], 200),
                              link=f"{link}/{r['id']}" if link else None) for r in rows)


def answered_request(session: Any, *, request: Any, recorded: list[Action], channel: str, key: str, replace: str,
                     conversation: str | None) -> OutboundMessage | None:
    """A chat request redrawn after a tap: what was recorded, and the actions still to answer."""
    person, plan = session.get(Person, request.person_id), session.get(Plan, request.plan_id)
    rnd = session.get(Round, request.round_id)
    if person is None or plan is None or rnd is None:
        return None
    done = {a.id for a in recorded}
    remaining = [a for a in session.exec(select(Action).where(col(Action.id).in_(request.action_ids))
                                         .order_by(col(Action.position), col(Action.id)))
                 if a.id not in done and a.status != "complete"]
    rows = action_rows(remaining, person.timezone)
    recorded_words = "; ".join(f"{a.ref} {STATUS_WORDS.get(a.status, a.status)}" for a in recorded)
    # The figures still asked for stay on the redrawn request (a tap answers an action, not a figure).
    opened = rnd.opened_at.astimezone(ZoneInfo("Europe/London")).date()
    figures = figure_rows(figures_due(session, plan_id=plan.id or 0, owner_id=person.id, today=opened))
    text = render("request_answered.txt.j2", plan_title=plan_title(plan), round_key=rnd.key,
                  recorded=recorded_words, actions=rows, figures=figures, link=None)
    return OutboundMessage(channel=channel, recipient=address_of(person, channel) or "",
                           subject=f"Progress on your actions: {plan_title(plan)} ({rnd.key})", text=text,
                           person_id=person.id, key=key, kind="request", actions=prompts(rows), replace=replace,
                           conversation=conversation, figures=_figure_prompts(figures))


def escalation_message(*, person: Person, plan: Plan, round_key: str, channel: str, sent_on: str, days: int,
                       missing: list[dict[str, str]], flagged: list[dict[str, str]], key: str) -> OutboundMessage:
    """The private note to a plan's coordinator: who has not replied, and flagged updates."""
    ctx = {"person": person, "plan_title": plan_title(plan), "round_key": round_key, "sent_on": sent_on,
           "days": days, "missing": missing, "flagged": flagged}
    return OutboundMessage(
        channel=channel,
        recipient=address_of(person, channel) or "",
        subject=f"Chaser: {len(missing)} not replied for {plan_title(plan)} ({round_key})",
        text=render("escalation.txt.j2", **ctx),
        html=render("escalation.html.j2", **ctx) if channel == "email" else None,
        person_id=person.id,
        key=key,
        kind="escalation",
    )


def reply_message(*, person: Person, channel: str, recipient: str | None, text: str, key: str,
                  subject: str, token: str | None = None, in_reply_to: str | None = None,
                  conversation: str | None = None) -> OutboundMessage:
    """A short answer to someone who wrote in: a confirmation, a question back, or an answer."""
    ctx = {"text": text, "token": token if channel == "email" else None}
    return OutboundMessage(
        channel=channel,
        recipient=recipient or address_of(person, channel) or "",
        subject=subject,
        text=render("reply.txt.j2", **ctx).strip() + "\n" if channel == "email" else text,
        html=render("reply.html.j2", **ctx) if channel == "email" else None,
        person_id=person.id,
        key=key,
        in_reply_to=in_reply_to,
        kind="reply",
        conversation=conversation,
    )
