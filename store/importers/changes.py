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

    def maybe_import_update(self, action: Action, item: ActionValues, lead_id: int | None, *, is_new: bool) -> None:
        """Start (or carry on) the action's history with the file's progress text, when it is new
        words: re-importing the same words adds nothing."""
        assert action.id is not None
        last = None if is_new else last_import(self.session, action)
        if not action.progress.strip() or (last is not None and last.text == action.progress):
            return
        if not file_state_changed(last, item):
            return
        action.progress_at = self.written_at or self.now
        state = item.state
        self.session.add(
            Update(
                action_id=action.id,
                person_id=lead_id,
                at=self.written_at or self.now,
                channel="import",
                kind="import",
                text=action.progress,
                status=action.status,
                percent_complete=action.percent_complete,
                completed_on=action.completed_on,
                expected_by=action.expected_by,
                extraction={"source": self.source, **item.notes, "read": state.extraction},
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


def last_import(session: Session, action: Action) -> Update | None:
    return session.exec(
        select(Update)
        .where(Update.action_id == action.id, Update.kind == "import")
        .order_by(col(Update.at).desc(), col(Update.id).desc())
    ).first()


def file_state_changed(last: Update | None, stored: ActionValues) -> bool:
    """Whether the cells the state is read from differ from those of the last import."""
    if last is None:
        return True
    before = (last.extraction or {}).get("state_key", {"progress": last.text})
    now = stored.state_key()
    return any(before.get(key, "") != value for key, value in now.items())
