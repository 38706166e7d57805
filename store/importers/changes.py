"""How one import writes to the database: the change log, the import history entry, the lead links.

Used by ``store.importers.writer``; every write names the file it came from and happens at the import's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from store.importers.fields import ActionValues
from store.models import Action, ActionPerson, ChangeLog, Plan, Update


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class ImportWriter:
    """Writes one import's changes, all stamped with its file and time."""

    session: Session
    plan: Plan
    source: str
    now: datetime
    # When the file's progress words were written: the document's own date when it has one (a
    # 2006 plan imported today was last updated in 2006, not today), else the time of the import.
    written_at: datetime | None = None

    def log(self, *, action: Action | None, field: str, old: Any, new: Any, description: str) -> None:
        assert self.plan.id is not None
        self.session.add(
            ChangeLog(
                plan_id=self.plan.id,
                action_id=action.id if action else None,
                at=self.now,
                source=self.source,
                field=field,
                old_value=_text(old),
                new_value=_text(new),
                description=description,
            )
        )

    def set_fields(self, action: Action, values: dict[str, Any], names: tuple[str, ...]) -> bool:
        changed = False
        for name in names:
            old, new = getattr(action, name), values[name]
            if old != new:
                setattr(action, name, new)
                self.log(
                    action=action,
                    field=name,
                    old=old,
                    new=new,
                    description=f"{action.ref}: {name.replace('_', ' ')} changed",
                )
                changed = True
        return changed

    def maybe_import_update(
        self, action: Action, item: ActionValues, lead_id: int | None, *, is_new: bool, applied: bool = True
    ) -> None:
        """Start (or carry on) the action's history with the file's progress text, when it is new
        words: re-importing the same words adds nothing. When a lead's newer update kept the
        action's state (``applied`` False), the file's words still join the history, dated as
        the document, and the action keeps what the lead said."""
        assert action.id is not None
        text = str(item.values["progress"] or "")
        last = None if is_new else last_import(self.session, action)
        if not text.strip() or (last is not None and last.text == text):
            return
        if not file_state_changed(last, item):
            return
        if applied:
            action.progress_at = self.written_at or self.now
        state = item.state
        values = item.values
        self.session.add(
            Update(
                action_id=action.id,
                person_id=lead_id,
                at=self.written_at or self.now,
                channel="import",
                kind="import",
                text=text,
                status=values["status"],
                percent_complete=values["percent_complete"],
                completed_on=values["completed_on"],
                expected_by=values["expected_by"],
                extraction={"source": self.source, **item.notes, "read": state.extraction, "applied": applied},
            )
        )

    def link_people(self, action: Action, people: list[tuple[int, str]]) -> None:
        assert action.id is not None
        current = self.session.exec(
            select(ActionPerson).where(ActionPerson.action_id == action.id).order_by(col(ActionPerson.position))
        ).all()
        wanted = [(pid, role) for pid, role in people]
        if [(ap.person_id, ap.role) for ap in current] == wanted:
            return
        for link in current:
            self.session.delete(link)
        self.session.flush()
        for position, (person_id, role) in enumerate(wanted):
            self.session.add(ActionPerson(action_id=action.id, person_id=person_id, role=role, position=position))


def last_lead_update(session: Session, action: Action) -> Update | None:
    """The newest update a person gave (a reply, a chat answer, the web), not an import."""
    return session.exec(
        select(Update)
        .where(Update.action_id == action.id, Update.kind != "import")
        .order_by(col(Update.at).desc(), col(Update.id).desc())
    ).first()


def last_import(session: Session, action: Action) -> Update | None:
    return session.exec(
        select(Update)
        .where(Update.action_id == action.id, Update.kind == "import")
        .order_by(col(Update.at).desc(), col(Update.id).desc())
    ).first()


def file_state_changed(last: Update | None, stored: ActionValues) -> bool:
    """Whether the cells the state is read from differ from those of the last import."""
    if last is None:
        # No import update yet: the earlier import gave no progress words, so the state cells
        # have changed only if this file fills one in.
        return any(value.strip() for value in stored.state_key().values())
    before = (last.extraction or {}).get("state_key", {"progress": last.text})
    now = stored.state_key()
    return any(before.get(key, "") != value for key, value in now.items())
