"""What an import's committed batches wrote, so a failure part-way through can put it all back.

A large import commits between batches so that it never holds SQLite's one write lock for long.
The file is read and checked in full before the first batch, so a bad row never gets this far;
this journal is for what can still fail later (the database itself, a bug). It follows the
import's session: every row inserted, every column changed (with the value before) and every row
deleted (with its values), and keeps those of each transaction once it commits. :meth:`undo`
restores them in one transaction, so the plan is as it was before the import began. A column
somebody else has changed since the import wrote it (a lead's update arriving between batches)
keeps their value, and a row the import added that others now refer to is kept: nothing another
writer stored is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, delete, event, insert, inspect, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached
from sqlmodel import SQLModel

log = logging.getLogger(__name__)
Key = tuple[Table, tuple[Any, ...]]


def _table(obj: Any) -> Table:
    table = inspect(type(obj)).local_table
    assert isinstance(table, Table)
    return table


def _columns(obj: Any) -> dict[str, Any]:
    """The row's stored values, by column name."""
    mapper: Mapper[Any] = inspect(type(obj))
    return {attr.columns[0].name: getattr(obj, attr.key) for attr in mapper.column_attrs}


@dataclass
class _Writes:
    inserted: dict[Key, None] = field(default_factory=dict)  # ordered set
    changed: dict[Key, dict[str, tuple[Any, Any]]] = field(default_factory=dict)  # column: (before, ours)
    deleted: dict[Key, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ImportJournal:
    """Records the writes of ``session``'s committed transactions (attach before the first write)."""

    session: Session
    committed: _Writes = field(default_factory=_Writes, repr=False)
    pending: _Writes = field(default_factory=_Writes, repr=False)
    following: bool = True

    def __post_init__(self) -> None:
        self.session.info[JOURNAL] = self
        event.listen(self.session, "before_flush", self._before_flush)
        event.listen(self.session, "after_flush", self._after_flush)
        event.listen(self.session, "after_commit", self._after_commit)
        event.listen(self.session, "after_rollback", self._after_rollback)

    def detach(self) -> None:
        """Stop following the session (again is harmless)."""
        if not self.following:
            return
        self.following = False
        self.session.info.pop(JOURNAL, None)
        for name, handler in (
            ("before_flush", self._before_flush),
            ("after_flush", self._after_flush),
            ("after_commit", self._after_commit),
            ("after_rollback", self._after_rollback),
        ):
            event.remove(self.session, name, handler)

    @property
    def wrote(self) -> bool:
        """Whether any committed batch wrote something."""
        return bool(self.committed.inserted or self.committed.changed or self.committed.deleted)

    # -- following the session -------------------------------------------------------------------
    def _mine(self, key: Key) -> bool:
        return key in self.committed.inserted or key in self.pending.inserted

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.dirty:
            state = inspect(obj)
            key = (_table(obj), tuple(state.identity or ()))
            if not state.identity or self._mine(key):
                continue
            for attr in state.mapper.column_attrs:
                history = state.attrs[attr.key].history
                if history.has_changes() and history.deleted:
                    name = attr.columns[0].name
                    # The value before the import's first change to it, however many batches changed it.
                    first = self.pending.changed.get(key, {}).get(name) or self.committed.changed.get(key, {}).get(name)
                    before = first[0] if first else history.deleted[0]
                    self.pending.changed.setdefault(key, {})[name] = (before, history.added[0])
        for obj in session.deleted:
            key = (_table(obj), tuple(inspect(obj).identity or ()))
            if self._mine(key):
                self.committed.inserted.pop(key, None)
                self.pending.inserted.pop(key, None)
            elif key not in self.committed.deleted:
                self.pending.deleted[key] = _columns(obj)

    def _after_flush(self, session: Session, _context: Any) -> None:
        for obj in session.new:  # (their identity is not set yet, but their primary key is)
            self.pending.inserted[(_table(obj), tuple(inspect(obj).mapper.primary_key_from_instance(obj)))] = None

    def _after_commit(self, _session: Session) -> None:
        done, self.pending = self.pending, _Writes()
        self.committed.inserted.update(done.inserted)
        self.committed.deleted.update(done.deleted)
        for key, columns in done.changed.items():
            self.committed.changed.setdefault(key, {}).update(columns)

    def _after_rollback(self, _session: Session) -> None:
        self.pending = _Writes()

    # -- putting it back ---------------------------------------------------------------------------
    def undo(self, session: Session) -> list[str]:
        """Restore what the committed batches wrote, in ``session``'s transaction (the caller
        commits); returns what had to be kept because others changed or used it since."""
        kept: list[str] = []
        order = list(SQLModel.metadata.sorted_tables)  # parents before children
        writes = self.committed
        # Rows the import put back under the same key (a lead link replaced) go first, so the
        # originals can return; then deleted rows come back, parents first.
        for key in [k for k in writes.inserted if k in writes.deleted]:
            session.execute(delete(key[0]).where(_where(key)))
            writes.inserted.pop(key)
        for key, values in sorted(writes.deleted.items(), key=lambda item: order.index(item[0][0])):
            session.execute(insert(key[0]).values(**values))
        for key, columns in writes.changed.items():
            row = session.execute(select(key[0]).where(_where(key))).mappings().first()
            if row is None:
                continue
            back = {name: before for name, (before, ours) in columns.items() if row[name] == ours}
            if len(back) < len(columns):
                kept.append(f"{key[0].name} {key[1]}: changed by someone else since, kept")
            if back:
                session.execute(update(key[0]).where(_where(key)).values(**back))
        for table in reversed(order):  # children first
            keys = [k for k in writes.inserted if k[0] is table]
            kept += _delete_all(session, table, keys)
        return kept


JOURNAL = "import_journal"  # the key of a session's journal in ``Session.info``


def insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` of ``model`` in one executemany statement (the ORM would send one INSERT
    per row on SQLite to learn each id in order), and tell the session's journal their keys."""
    if not rows:
        return
    table = inspect(model).local_table
    assert isinstance(table, Table)
    keys = session.execute(insert(table).returning(*table.primary_key.columns), rows).all()
    journal = session.info.get(JOURNAL)
    if isinstance(journal, ImportJournal):
        journal.pending.inserted.update(dict.fromkeys((table, tuple(key)) for key in keys))


def insert_objects(session: Session, objects: list[Any], *, by: str) -> None:
    """Insert new ORM objects of one model in one statement; they become persistent, with their ids.

    ``by`` names a column unique among them (an action's ref within its plan), which pairs each
    returned id with its object: the order of RETURNING rows is not promised.
    """
    if not objects:
        return
    mapper: Mapper[Any] = inspect(type(objects[0]))
    table = mapper.local_table
    assert isinstance(table, Table)
    (pk,) = table.primary_key.columns
    rows = [{name: value for name, value in _columns(obj).items() if name != pk.name} for obj in objects]
    ids: dict[Any, Any] = dict(session.execute(insert(table).returning(table.c[by], pk), rows).all())
    for obj in objects:
        setattr(obj, pk.name, ids[getattr(obj, by)])
        make_transient_to_detached(obj)  # as if loaded: no second INSERT when added
        session.add(obj)
    journal = session.info.get(JOURNAL)
    if isinstance(journal, ImportJournal):
        journal.pending.inserted.update(dict.fromkeys((table, (ident,)) for ident in ids.values()))


def _where(key: Key) -> Any:
    table, identity = key
    return and_(*(column == value for column, value in zip(table.primary_key.columns, identity, strict=True)))


def _matching(table: Table, keys: list[Key]) -> Any:
    return tuple_(*table.primary_key.columns).in_([identity for _table, identity in keys])


def _delete_all(session: Session, table: Table, keys: list[Key]) -> list[str]:
    """Delete the rows the import added; one that others now refer to is kept (and said)."""
    if not keys:
        return []
    chunks = [keys[start : start + 500] for start in range(0, len(keys), 500)]
    for fk in table.foreign_keys:  # a part's parent may be among them: unlink first, in any order
        if fk.column.table is table:
            for chunk in chunks:
                session.execute(update(table).where(_matching(table, chunk)).values({fk.parent.name: None}))
    try:
        with session.begin_nested():
            for chunk in chunks:
                session.execute(delete(table).where(_matching(table, chunk)))
        return []
    except IntegrityError:
        kept = []
        for key in keys:
            try:
                with session.begin_nested():
                    session.execute(delete(table).where(_where(key)))
            except IntegrityError:
                kept.append(f"{table.name} {key[1]}: now used by other records, kept")
        return kept
