"""The tables: plans, sections, actions, people, updates, the change log and the chasing records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Float, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from store.types import AwareDateTime, utcnow

STATUSES = ("complete", "in_progress", "delayed", "blocked", "not_started")
RAGS = ("red", "amber", "green")
ROLES = ("lead", "coordinator", "director", "chief_executive")
CHANNELS = ("email", "slack", "teams", "telegram", "console", "web")
POLARITIES = ("higher", "lower", "near")  # higher is better, lower is better, nearer the target is better
FREQUENCIES = ("monthly", "quarterly", "annual")


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

    # The indexes questions and the dashboard filter and order by (docs/performance.md): plan order, a
    # status or due date, the distinct lead cells.
    __table_args__ = (
        UniqueConstraint("plan_id", "ref"),
        Index("ix_action_plan_position", "plan_id", "position", "id"),
        Index("ix_action_plan_status_due", "plan_id", "status", "due"),
        Index("ix_action_plan_lead_text", "plan_id", "lead_text"),
    )
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
    # Chat platforms that said they cannot reach this person (``telegram`` -> "blocked the bot on 12 Jun 2006"):
    # requests go by another channel until the person is reachable there again.
    unreachable: dict[str, str] = Field(default_factory=dict,
                                        sa_column=Column(JSON, nullable=False, server_default="{}"))
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

    # An action's newest update, and every update since a date ("what changed since Monday?").
    __table_args__ = (Index("ix_update_action_at", "action_id", "at"), Index("ix_update_at", "at"))
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

    __table_args__ = (Index("ix_changelog_plan_at", "plan_id", "at"),)
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

    # The two partial indexes hold only messages still waiting ("new"), so the workers' claim
    # (the oldest waiting message whose sender has none older waiting) stays quick however long
    # the history grows.
    __table_args__ = (
        UniqueConstraint("channel", "message_id"),
        Index("ix_inboundmessage_waiting", "id", postgresql_where=text("state = 'new'"),
              sqlite_where=text("state = 'new'")),
        Index("ix_inboundmessage_waiting_person", "person_id", "id", postgresql_where=text("state = 'new'"),
              sqlite_where=text("state = 'new'")),
    )
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
    state: str = "pending"  # pending | sending (claimed until next_attempt_at) | sent | failed | gave_up
    attempts: int = 0
    created_at: datetime = _now_field()
    sent_at: datetime | None = _when_field()
    # The transactional outbox: the message itself, stored in the transaction that decided to send it,
    # so a crash or a failed send leaves it for the dispatcher to retry.
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    next_attempt_at: datetime | None = _when_field()
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    # Set just before each platform call and cleared when the platform answers: a row left ``sending``
    # with it set was in the platform's hands when its sender died, so it may have arrived already.
    call_started_at: datetime | None = _when_field()
    resent_in_doubt: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0, server_default="0"))


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


class Indicator(SQLModel, table=True):
    """A performance indicator tracked beside a plan's actions (CH141, "Number of Looked After Children")."""

    __table_args__ = (UniqueConstraint("plan_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    section_id: int | None = Field(default=None, foreign_key="section.id")
    # The code as the plan writes it ("CH141"), or "" where the plan has none ("--").
    code: str = ""
    # Unique within the plan: the code, or a slug of the title where there is no code.
    key: str
    position: int = 0
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    unit: str = "number"  # number | percent | rate_per_10000 | ...
    polarity: str = ""  # one of POLARITIES, or "" when nothing says
    polarity_source: str = ""  # plan | wording | targets | coordinator
    baseline: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    baseline_on: date | None = None
    target: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    target_on: date | None = None
    # How far from the trajectory still counts as amber, as a percentage of the trajectory's value.
    tolerance_pct: float = Field(default=5.0, sa_column=Column(Float, nullable=False, default=5.0, server_default="5"))
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    owner_text: str = ""
    frequency: str = "monthly"
    created_at: datetime = _now_field()
    updated_at: datetime = _now_field()


class IndicatorReading(SQLModel, table=True):
    """One figure for one period, with who gave it and the words it came from (kept as evidence)."""

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    period_end: date  # the last day of the period the figure is for (30 Jun 2006 for "June")
    value: float = Field(sa_column=Column(Float, nullable=False))
    person_id: int | None = Field(default=None, foreign_key="person.id")
    inbound_id: int | None = Field(default=None, foreign_key="inboundmessage.id", index=True)
    channel: str = "import"
    kind: str = "reply"  # import | reply | correction
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    at: datetime = _now_field()
    undone: bool = False
