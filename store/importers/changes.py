"""How one import writes to the database: the change log, the import history entry, the lead links.

Used by ``store.importers.writer``; every write names the file it came from and happens at the import's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from store.importers.fields import ActionValues
from store.importers.journal import insert_rows
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
    """Writes one import's changes, all stamped with its file and time.

    Rows that name an action (change log entries, import updates, lead links) are queued until
    the batch's actions have been flushed and have ids (:meth:`release`), then inserted one
    statement per table rather than one round trip per row; the queue keeps their order. What an
    import compares against (each action's last import and last update from a lead, its lead
    links) is read for a whole batch at once (:meth:`preload`).
    """

    session: Session
    plan: Plan
    source: str
    now: datetime
    # When the file's progress words were written: the document's own date when it has one (a
    # 2006 plan imported today was last updated in 2006, not today), else the time of the import.
    written_at: datetime | None = None
    queued: list[tuple[type[SQLModel], dict[str, Any], Action]] = field(default_factory=list)
    last_imports: dict[int, Update] = field(default_factory=dict)
    last_leads: dict[int, Update] = field(default_factory=dict)
    links: dict[int, list[ActionPerson]] = field(default_factory=dict)

    def preload(self, action_ids: list[int]) -> None:
        """Read the last import, last lead update and lead links of these stored actions at once."""
        self.last_imports, self.last_leads, self.links = {}, {}, {}
        if not action_ids:
            return
        updates = self.session.exec(
            select(Update).where(col(Update.action_id).in_(action_ids)).order_by(col(Update.at), col(Update.id))
        )
        for update in updates:  # oldest first, so the last one kept is the newest
            (self.last_imports if update.kind == "import" else self.last_leads)[update.action_id] = update
        links = self.session.exec(
            select(ActionPerson).where(col(ActionPerson.action_id).in_(action_ids)).order_by(col(ActionPerson.position))
        )
        for link in links:
            self.links.setdefault(link.action_id, []).append(link)

    def last_import(self, action: Action) -> Update | None:
        """The action's newest import update (as preloaded; None for a new action)."""
        return self.last_imports.get(action.id) if action.id is not None else None

    def last_lead_update(self, action: Action) -> Update | None:
        """The newest update a person gave (a reply, a chat answer, the web), not an import."""
        return self.last_leads.get(action.id) if action.id is not None else None

    def release(self) -> None:
        """Insert the queued rows now that their actions have ids (after a flush): one statement
        per table, in the order they were queued."""
        rows: dict[type[SQLModel], list[dict[str, Any]]] = {}
        for model, row, action in self.queued:
            assert action.id is not None
            rows.setdefault(model, []).append({**row, "action_id": action.id})
        self.queued.clear()
        for model, batch in rows.items():
            insert_rows(self.session, model, batch)

    def log(self, *, action: Action | None, field: str, old: Any, new: Any, description: str) -> None:
        assert self.plan.id is not None
        row: dict[str, Any] = {
            "plan_id": self.plan.id,
            "at": self.now,
            "source": self.source,
            "field": field,
            "old_value": _text(old),
            "new_value": _text(new),
            "description": description,
        }
        if action is None:
            self.session.add(ChangeLog(action_id=None, **row))
        else:
            self.queued.append((ChangeLog, row, action))

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
        text = str(item.values["progress"] or "")
        last = None if is_new else self.last_import(action)
        if not text.strip() or (last is not None and last.text == text):
            return
        if not file_state_changed(last, item):
            return
        if applied:
            action.progress_at = self.written_at or self.now
        state = item.state
        values = item.values
        update = {
            "person_id": lead_id,
            "inbound_id": None,
            "at": self.written_at or self.now,
            "channel": "import",
            "kind": "import",
            "text": text,
            "status": values["status"],
            "percent_complete": values["percent_complete"],
            "completed_on": values["completed_on"],
            "expected_by": values["expected_by"],
            "extraction": {"source": self.source, **item.notes, "read": state.extraction, "applied": applied},
            "flags": [],
            "undone": False,
        }
        self.queued.append((Update, update, action))

    def link_people(self, action: Action, people: list[tuple[int, str]]) -> None:
        """Link the action to the people its lead cell names, replacing other links (if they differ)."""
        current = self.links.get(action.id, []) if action.id is not None else []
        wanted = [(pid, role) for pid, role in people]
        if [(ap.person_id, ap.role) for ap in current] == wanted:
            return
        for link in current:
            self.session.delete(link)
        for position, (person_id, role) in enumerate(wanted):
            self.queued.append((ActionPerson, {"person_id": person_id, "role": role, "position": position}, action))


def file_state_changed(last: Update | None, stored: ActionValues) -> bool:
    """Whether the cells the state is read from differ from those of the last import."""
    if last is None:
        # No import update yet: the earlier import gave no progress words, so the state cells
        # have changed only if this file fills one in.
        return any(value.strip() for value in stored.state_key().values())
    before = (last.extraction or {}).get("state_key", {"progress": last.text})
    now = stored.state_key()
    return any(before.get(key, "") != value for key, value in now.items())
