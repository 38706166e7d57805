"""The tables: plans, sections, actions, people, updates, the change log and the chasing records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.types import AwareDateTime, utcnow

STATUSES = ("complete", "in_progress", "delayed", "blocked", "not_started")
RAGS = ("red", "amber", "green")
ROLES = ("lead", "coordinator", "director", "chief_executive")
CHANNELS = ("email", "slack", "teams", "telegram", "console", "web")


def _now_field() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(AwareDateTime(), nullable=False))


def _when_field(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(AwareDateTime(), nullable=nullable))


class Plan(SQLModel, table=True):
    """An improvement plan: one imported document."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    title: str = ""
    source: str = ""
    coordinator_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = _now_field()
    updated_at: datetime = _now_field()


class Section(SQLModel, table=True):
    """A numbered section (or JAR recommendation) of a plan."""

    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    number: str
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    position: int = 0


class Action(SQLModel, table=True):
    """One action of a plan, with its lead, dates and current state."""

    __table_args__ = (UniqueConstraint("plan_id", "ref"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    section_id: int | None = Field(default=None, foreign_key="section.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="action.id")
    ref: str
    position: int = 0
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    lead_text: str = ""
    sponsor: str = ""
    due: date | None = None
    due_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    milestones: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    partners: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    additional_capacity: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    success_criteria: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = "not_started"
    rag: str | None = None
    percent_complete: int | None = None
    completed_on: date | None = None
    expected_by: date | None = None
    progress: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    progress_at: datetime | None = _when_field()
    created_at: datetime = _now_field()
    updated_at: datetime = _now_field()


class Person(SQLModel, table=True):
    """Someone Chaser talks to: an action lead, the coordinator, a director."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    role_title: str = ""
    email: str | None = Field(default=None, index=True)
    slack_id: str | None = None
    teams_id: str | None = None
    telegram_id: str | None = None
    channel: str = ""
    timezone: str = "Europe/London"
    roles: list[str] = Field(default_factory=lambda: ["lead"], sa_column=Column(JSON, nullable=False))
    away_until: date | None = None
    # Bumped by sign-out and by each new sign-in: a web session cookie carries the generation it
    # was issued under, and any other generation is refused.
    session_generation: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    placeholder: bool = False  # made from a plan's glossary, not yet a real, contactable person
    created_at: datetime = _now_field()


class ActionPerson(SQLModel, table=True):
    """Who an action's lead cell resolves to: the lead first, then others with a major role."""

    action_id: int = Field(foreign_key="action.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    role: str = "lead"  # "lead" or "major"
    position: int = 0


class Update(SQLModel, table=True):
    """One progress update on one action: the words as given, and what was read from them."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    inbound_id: int | None = Field(default=None, foreign_key="inboundmessage.id", index=True)
    at: datetime = _now_field()
    channel: str = "import"
    kind: str = "reply"  # reply | import | no_change | correction | undo
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str | None = None
    percent_complete: int | None = None
    completed_on: date | None = None
    expected_by: date | None = None
    extraction: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    undone: bool = False


class ChangeLog(SQLModel, table=True):
    """What changed in a plan, when, and from which source: the plans' document log."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    action_id: int | None = Field(default=None, foreign_key="action.id")
    at: datetime = _now_field()
    source: str = ""
    field: str = ""
    old_value: str | None = Field(default=None, sa_column=Column(Text))
    new_value: str | None = Field(default=None, sa_column=Column(Text))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class InboundMessage(SQLModel, table=True):
    """Every message received, stored before it is processed (unique per channel message id)."""

    __table_args__ = (UniqueConstraint("channel", "message_id"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str
    message_id: str
    sender: str = ""
    person_id: int | None = Field(default=None, foreign_key="person.id")
    request_id: int | None = Field(default=None, foreign_key="request.id")
    written_at: datetime | None = _when_field()
    received_at: datetime = _now_field()
    # raw: a readable copy (older rows have only this); raw_bytes: the message byte for byte
    raw: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    raw_bytes: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    state: str = "new"  # new | processed | held | quarantined | ignored | failed
    reason: str = ""
    read_attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    processed_at: datetime | None = _when_field()
    # Chat: the one-tap answers it carried, the conversation to answer in, the message tapped on.
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))


class Round(SQLModel, table=True):
    """One round of update requests for a plan, keyed by its period (e.g. ``2006-W24``)."""

    __table_args__ = (UniqueConstraint("plan_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    key: str
    opened_at: datetime = _now_field()


class Request(SQLModel, table=True):
    """One request to one lead in one round: sent once, reminded once, escalated once."""

    __table_args__ = (UniqueConstraint("round_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    channel: str = "email"
    token: str = Field(index=True, unique=True)
    message_id: str = ""
    action_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state: str = "pending"  # pending | sent | failed
    attempts: int = 0
    created_at: datetime = _now_field()
    sent_at: datetime | None = _when_field()
    replied_at: datetime | None = _when_field()
    reminded_at: datetime | None = _when_field()
    escalated_at: datetime | None = _when_field()
    expires_at: datetime | None = _when_field()


class Clarification(SQLModel, table=True):
    """A question Chaser asked a person and is waiting for them to answer."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    request_id: int | None = Field(default=None, foreign_key="request.id")
    inbound_id: int | None = Field(default=None, foreign_key="inboundmessage.id")
    kind: str = ""
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # A reply token of its own (kind ``confirm_sender``: "reply YES to record it"), else None.
    token: str | None = Field(default=None, sa_column=Column(String, nullable=True, unique=True, index=True))
    created_at: datetime = _now_field()
    resolved_at: datetime | None = _when_field()


class MailboxCheckpoint(SQLModel, table=True):
    """How far an IMAP mailbox has been read: (UIDVALIDITY, last UID)."""

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(unique=True)
    uidvalidity: int
    last_uid: int = 0
    updated_at: datetime = _now_field()


class Delivery(SQLModel, table=True):
    """One outbound message that must go once: a report, reminder, escalation or confirmation."""

    __table_args__ = (UniqueConstraint("key"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str  # e.g. "report:exceptions:jar:2006-W24:person-7"
    kind: str = ""
    person_id: int | None = Field(default=None, foreign_key="person.id")
    channel: str = "email"
    message_id: str = ""
    state: str = "pending"  # pending | sending (claimed by a sender) | sent | failed | gave_up
    attempts: int = 0
    created_at: datetime = _now_field()
    sent_at: datetime | None = _when_field()
    # The transactional outbox: the message itself, stored in the transaction that decided to send it,
    # so a crash or a failed send leaves it for the dispatcher to retry.
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    next_attempt_at: datetime | None = _when_field()
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))


class LinkCode(SQLModel, table=True):
    """A one-time code a person sends to a chat bot to link that chat account to themselves."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    channel: str
    code_hash: str = Field(index=True, unique=True)
    created_at: datetime = _now_field()
    expires_at: datetime = _now_field()
    used_at: datetime | None = _when_field()


class TeamsConversation(SQLModel, table=True):
    """Where a Teams user can be reached proactively: the personal conversation the bot was given
    when the app was installed for them or they first wrote, and whether it still works."""

    id: int | None = Field(default=None, primary_key=True)
    aad_object_id: str = Field(unique=True)  # the user's Azure AD object id (Person.teams_id)
    user_id: str = ""  # the Bot Framework id of the user in Teams (29:...)
    conversation_id: str
    service_url: str
    tenant_id: str = ""
    reachable: bool = True
    unreachable_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = _now_field()
    updated_at: datetime = _now_field()
