"""Teams conversation references: where each Teams user can be reached, and whether they still can."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.models import TeamsConversation


@dataclass(frozen=True)
class ConversationReference:
    """What a proactive message to one Teams user needs (a plain copy of the stored row)."""

    aad_object_id: str
    user_id: str
    conversation_id: str
    service_url: str
    tenant_id: str
    reachable: bool
    unreachable_reason: str = ""


def _copy(row: TeamsConversation) -> ConversationReference:
    return ConversationReference(aad_object_id=row.aad_object_id, user_id=row.user_id,
                                 conversation_id=row.conversation_id, service_url=row.service_url,
                                 tenant_id=row.tenant_id, reachable=row.reachable,
                                 unreachable_reason=row.unreachable_reason)


def remember(session: Session, *, reference: ConversationReference, now: datetime) -> None:
    """Store (or refresh) a user's personal conversation; it is reachable again from now on."""
    row = session.exec(select(TeamsConversation)
                       .where(TeamsConversation.aad_object_id == reference.aad_object_id)).first()
    if row is None:
        row = TeamsConversation(aad_object_id=reference.aad_object_id, conversation_id=reference.conversation_id,
                                service_url=reference.service_url, created_at=now, updated_at=now)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # stored by a concurrent request a moment ago
            row = session.exec(select(TeamsConversation)
                               .where(TeamsConversation.aad_object_id == reference.aad_object_id)).one()
    row.user_id = reference.user_id
    row.conversation_id = reference.conversation_id
    row.service_url = reference.service_url
    row.tenant_id = reference.tenant_id
    row.reachable = True
    row.unreachable_reason = ""
    row.updated_at = now
    session.add(row)


def reference_for(session: Session, *, aad_object_id: str) -> ConversationReference | None:
    """The stored conversation of a Teams user, reachable or not; None if they never had the app."""
    row = session.exec(select(TeamsConversation).where(TeamsConversation.aad_object_id == aad_object_id)).first()
    return _copy(row) if row is not None else None


def mark_unreachable(session: Session, *, aad_object_id: str, reason: str, now: datetime) -> bool:
    """Note that a user cannot be reached in Teams (app removed, user gone); True if a row changed."""
    row = session.exec(select(TeamsConversation).where(TeamsConversation.aad_object_id == aad_object_id)).first()
    if row is None or not row.reachable:
        return False
    row.reachable = False
    row.unreachable_reason = reason
    row.updated_at = now
    session.add(row)
    return True
