"""The words Chaser sends: requests, reminders, escalations and replies, rendered from Jinja2 templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot.lookup import CHAT_ID_FIELDS
from bot.ports import QUICK_CHOICES, OutboundMessage
from store import wording
from store.models import Action, Person, Plan

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
    if field is not None:
        return getattr(person, field) or None
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


def action_rows(actions: list[Action], tz: str) -> list[dict[str, str]]:
    """What a request shows of each action."""
    rows = []
    for a in actions:
        rows.append({
            "id": str(a.id),
            "ref": a.ref,
            "title": " ".join(a.title.split()),
            "due": due_words(a),
            "revised": human_date(a.expected_by),
            "status": STATUS_WORDS.get(a.status, a.status),
            "last_update": " ".join(a.progress.split()),
            "last_update_at": human_date(a.progress_at, tz) or "undated",
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


def request_message(*, content: RequestContent, channel: str, key: str, reminder: bool = False,
                    in_reply_to: str | None = None) -> OutboundMessage:
    """The request for progress (or its one reminder) to one lead."""
    ctx = {
        "person": content.person,
        "plan_title": plan_title(content.plan),
        "round_key": content.round_key,
        "actions": action_rows(content.actions, content.person.timezone),
        "token": content.token,
        "reminder": reminder,
        "link": content.link,
        "choices": QUICK_CHOICES,
    }
    prefix = "Reminder: " if reminder else ""
    return OutboundMessage(
        channel=channel,
        recipient=address_of(content.person, channel) or "",
        subject=f"{prefix}Progress on your actions: {plan_title(content.plan)} ({content.round_key})",
        text=render("request.txt.j2", **ctx),
        html=render("request.html.j2", **ctx) if channel == "email" else None,
        person_id=content.person.id,
        key=key,
        in_reply_to=in_reply_to,
        link=content.link,
    )


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
    )


def reply_message(*, person: Person, channel: str, recipient: str | None, text: str, key: str,
                  subject: str, token: str | None = None, in_reply_to: str | None = None) -> OutboundMessage:
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
    )
