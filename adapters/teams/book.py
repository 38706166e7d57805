"""The Teams channel's view of the stored conversation references (short transactions on the store)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from store.clock import Clock
from store.db import transaction
from store.teams_conversations import ConversationReference, mark_unreachable, reference_for, remember


class ConversationBook:
    """Remember, look up and flag each Teams user's personal conversation with the bot."""

    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def remember(self, reference: ConversationReference) -> None:
        """Store the conversation the user just used or installed the app in; reachable again."""
        with transaction(self._engine) as session:
            remember(session, reference=reference, now=self._clock.now())

    def get(self, aad_object_id: str) -> ConversationReference | None:
        """The stored conversation of the user with this Azure AD object id."""
        with transaction(self._engine) as session:
            return reference_for(session, aad_object_id=aad_object_id)

    def unreachable(self, aad_object_id: str, *, reason: str) -> None:
        """Flag the user as unreachable in Teams until they message the bot again."""
        with transaction(self._engine) as session:
            mark_unreachable(session, aad_object_id=aad_object_id, reason=reason, now=self._clock.now())
