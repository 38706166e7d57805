"""Write a plan as read into the database: in place by ref, every change in the change log.

Re-importing never duplicates an action, never deletes one (actions missing from the file are
kept and counted) and never drops update history. An action's state (progress, status, RAG,
dates read from the progress) is only taken from the file when the file's progress, face or
RAG has changed since the last import, so replies received in between are not undone by
re-importing the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from sqlmodel import Session, col, select

from store.importers.changes import ImportWriter, file_state_changed
from store.importers.draft import ActionDraft, PlanDraft
from store.importers.fields import ActionValues
from store.importers.glossary import PeopleDirectory
from store.importers.indicators.reading import IndicatorDraft
from store.importers.indicators.storing import store_indicators
from store.importers.journal import insert_objects
from store.importers.leads import GlossaryEntry
from store.models import Action, ChangeLog, Plan, Section, Update
from store.repository import SUMMARY_FIELD, section_summaries
from store.rollup import roll_up_plan
from store.wording import LONDON, uk_date

# Fields taken from the file on every import, and those taken only when its progress changed.
PLAN_FIELDS = (
    "title",
    "lead_text",
    "sponsor",
    "due",
    "due_text",
    "milestones",
    "partners",
    "additional_capacity",
    "success_criteria",
)
STATE_FIELDS = ("progress", "status", "rag", "percent_complete", "completed_on", "expected_by")
# Actions written per batch: each batch is one short write transaction when the caller commits
# between batches (SQLite lets one writer in at a time, so a web update waits at most one batch).
BATCH_ACTIONS = 200


@dataclass
class StoreCounts:
    """What one import did."""

    sections: int = 0
    actions: int = 0
    new: int = 0
    changed: int = 0
    kept: int = 0
    people: int = 0
    conflicts: list[str] = field(default_factory=list)
    indicators: str = ""  # what the import did to the plan's indicators, one line ("" when it has none)
    indicator_notes: list[str] = field(default_factory=list)


def recorded_document_date(session: Session, *, name: str) -> date | None:
    """The date of the document a plan was last imported from, as the change log recorded it.

    A file with no date of its own (a CSV export) is read as of this date when re-imported, so
    "July" in a due cell means the same July it meant in the original document.
    """
    plan = session.exec(select(Plan).where(Plan.name == name)).first()
    if plan is None:
        return None
    entry = session.exec(
        select(ChangeLog)
        .where(ChangeLog.plan_id == plan.id, ChangeLog.field == "document_date")
        .order_by(col(ChangeLog.at).desc(), col(ChangeLog.id).desc())
    ).first()
    return date.fromisoformat(entry.new_value) if entry is not None and entry.new_value else None


def store_plan(
    *,
    session: Session,
    name: str,
    draft: PlanDraft,
    glossary: list[GlossaryEntry],
    values: dict[str, ActionValues],
    now: datetime,
    document_date: date | None = None,
    batch_size: int = BATCH_ACTIONS,
    end_batch: Callable[[], None] = lambda: None,
    indicators: list[IndicatorDraft] | None = None,
) -> StoreCounts:
    """Create or update plan ``name`` from ``draft`` in the caller's session.

    The plan, its sections and people come first (a batch of their own), then the actions
    ``batch_size`` at a time: ``end_batch`` is called after each batch (the import commits there, so no
    transaction is long); the parents and roll-up are left for the caller's last commit.
    ``document_date`` (the file's own date, when it has one) is recorded in the change log;
    ``indicators`` (the document's indicator tables, read) are stored after the actions, so an
    indicator with no owner of its own can take its section's lead.
    """
    source = draft.source
    # Everything the head compares against is read before its first write (SQLite takes the
    # write lock at the first write and holds it until the commit).
    plan = session.exec(select(Plan).where(Plan.name == name)).first()
    recorded = recorded_document_date(session, name=name)
    existing: dict[str, Action] = {}
    if plan is not None:
        existing = {a.ref: a for a in session.exec(select(Action).where(Action.plan_id == plan.id))}
    directory = PeopleDirectory(session)
    lead_cells = {item.ref: _lead_cell(item, values[item.ref], existing.get(item.ref)) for item in draft.actions}
    created = plan is None
    if plan is None:
        # A file with no title of its own (a bare CSV) gives the plan its file name as a title.
        title = draft.title or PurePath(source).stem
        plan = Plan(name=name, title=title, source=source, created_at=now, updated_at=now)
        session.add(plan)
        session.flush()
    else:
        plan.title, plan.source, plan.updated_at = draft.title or plan.title, source, now
    assert plan.id is not None
    written = datetime.combine(document_date, time(12, 0), tzinfo=LONDON) if document_date else None
    writer = ImportWriter(session, plan, source, now, written if written and written <= now else None)
    if created:
        writer.log(action=None, field="plan", old=None, new=name, description=f"plan created from {source}")
    if document_date is not None and document_date != recorded:
        writer.log(
            action=None,
            field="document_date",
            old=recorded,
            new=document_date,
            description=f"{source} is dated {uk_date(document_date)}",
        )
    directory.add_glossary(glossary)
    counts = StoreCounts(sections=len(draft.sections), actions=len(draft.actions))
    section_ids = _store_sections(writer, draft)
    in_file = {a.ref for a in draft.actions}
    counts.kept = len(set(existing) - in_file)
    # Everyone the lead cells name is found or created now, with the plan and its sections, so a
    # batch of actions makes no write until its one flush.
    people_of = {cell: directory.resolve_cell(cell) for cell in dict.fromkeys(lead_cells.values())}
    session.flush()
    end_batch()
    people_in_plan: set[int] = set()
    # An action made of lettered parts takes its status from them (store.rollup), not from the file.
    with_parts = {item.parent_ref for item in draft.actions if item.parent_ref}
    for start in range(0, len(draft.actions), batch_size):
        batch = list(enumerate(draft.actions[start : start + batch_size], start))
        known = [existing.get(item.ref) for _position, item in batch]
        writer.preload([a.id for a in known if a is not None and a.id is not None])
        fresh: list[Action] = []
        with session.no_autoflush:  # one flush per batch, not one per row
            for position, item in batch:
                action, is_new, changed, conflict = _store_action(
                    writer,
                    item,
                    values[item.ref],
                    existing.get(item.ref),
                    section_ids[item.section],
                    position,
                    draft.unit,
                    has_parts=item.ref in with_parts,
                )
                existing[item.ref] = action
                if is_new:
                    fresh.append(action)
                if conflict:
                    counts.conflicts.append(conflict)
                counts.new += is_new
                counts.changed += changed
                people = people_of[lead_cells[item.ref]]
                writer.link_people(action, [(p.id, role) for p, role in people if p.id is not None])
                people_in_plan.update(p.id for p, _ in people if p.id is not None)
                writer.maybe_import_update(
                    action, values[item.ref], people[0][0].id if people else None, is_new=is_new, applied=not conflict
                )
        # The batch's first write: changed actions, then new ones in one INSERT (for their ids),
        # then their history, links and change log, one INSERT per table; then the commit.
        session.flush()
        insert_objects(session, fresh, by="ref")
        writer.release()
        session.flush()
        end_batch()
    for item in draft.actions:  # parents last: a parent may be listed after its parts
        parent = existing.get(item.parent_ref) if item.parent_ref else None
        existing[item.ref].parent_id = parent.id if parent else None
    counts.people = len(people_in_plan)
    session.flush()
    today = (writer.written_at or now).astimezone(LONDON).date()
    roll_up_plan(session, plan_id=plan.id, today=today, now=now, source=source)
    session.flush()
    if indicators:
        done = store_indicators(writer=writer, directory=directory, drafts=indicators, now=now)
        counts.indicators, counts.indicator_notes = done.summary(), done.notes
    return counts


def _lead_cell(item: ActionDraft, stored: ActionValues, action: Action | None) -> str:
    """The lead cell the action will have once stored (the file's, unless it has no lead column)."""
    lead = stored.values["lead_text"] if action is None or "lead_text" in stored.present else action.lead_text
    return str(lead or "") or item.implied_lead


def _store_sections(writer: ImportWriter, draft: PlanDraft) -> dict[str, int]:
    """Create or update the plan's sections; returns their ids by number."""
    session, plan_id = writer.session, writer.plan.id
    sections = {s.number: s for s in session.exec(select(Section).where(Section.plan_id == plan_id))}
    summaries = section_summaries(session, plan_id=plan_id) if plan_id is not None else {}
    for position, item in enumerate(draft.sections):
        if item.summary and summaries.get(item.number) != item.summary:
            writer.log(
                action=None,
                field=SUMMARY_FIELD,
                old=summaries.get(item.number),
                new=item.summary,
                description=f"section {item.number}: summary of progress in {writer.source}",
            )
        section = sections.get(item.number)
        if section is None:
            assert plan_id is not None
            section = Section(plan_id=plan_id, number=item.number, title=item.title, position=position)
            session.add(section)
            sections[item.number] = section
            continue
        if section.title != item.title:
            writer.log(
                action=None,
                field="section_title",
                old=section.title,
                new=item.title,
                description=f"section {item.number}: title changed",
            )
        section.title, section.position = item.title, position
    session.flush()
    return {number: section.id for number, section in sections.items() if section.id is not None}


def _store_action(
    writer: ImportWriter,
    item: ActionDraft,
    stored: ActionValues,
    action: Action | None,
    section_id: int,
    position: int,
    unit: str,
    *,
    has_parts: bool = False,
) -> tuple[Action, bool, bool, str]:
    """Create or update one action; returns it, whether it is new, whether it changed, and a
    conflict between the file and a lead's newer update ("" when none)."""
    if action is None:
        assert writer.plan.id is not None
        action = Action(
            plan_id=writer.plan.id,
            ref=item.ref,
            section_id=section_id,
            position=position,
            created_at=writer.now,
            updated_at=writer.now,
            **{k: stored.values[k] for k in PLAN_FIELDS + STATE_FIELDS},
        )  # inserted with the rest of its batch (store_plan)
        notes = "; due date tentative" if stored.notes.get("due_tentative") else ""
        if item.implied_lead:
            notes += f"; lead left blank: taken as the lead above ({item.implied_lead})"
        if stored.notes.get("face"):
            notes += f"; face {stored.notes['face']!r}"  # the raw mark, whatever the OCR made of it
        writer.log(
            action=action,
            field="action",
            old=None,
            new=action.title,
            description=f"{item.ref}: added from {writer.source} ({unit} {item.where}){notes}",
        )
        return action, True, False, ""
    changed = writer.set_fields(action, stored.values, tuple(f for f in PLAN_FIELDS if f in stored.present))
    action.section_id, action.position = section_id, position
    conflict = ""
    if not has_parts and file_state_changed(writer.last_import(action), stored):
        state_fields = tuple(f for f in STATE_FIELDS if f in stored.present)
        lead = writer.last_lead_update(action)
        if lead is not None and (writer.written_at is None or lead.at > writer.written_at):
            # What a lead reported after the document was written stays; the disagreement is listed.
            conflict = _conflict(action, stored, lead, state_fields)
        else:
            changed = writer.set_fields(action, stored.values, state_fields) or changed
    if changed:
        action.updated_at = writer.now
    return action, False, changed, conflict


def _conflict(action: Action, stored: ActionValues, lead: Update, names: tuple[str, ...]) -> str:
    """``7.2e: the file says not started; the update of 23 Nov 2026 says blocked, expected by 31 Aug 2026``."""
    differ = [n for n in names if n != "rag" and stored.values[n] != getattr(action, n)]
    if not differ:
        return ""

    def say(values: dict[str, Any]) -> str:
        words = [str(values["status"]).replace("_", " ")] if "status" in differ else []
        words += [f"{n.replace('_', ' ')} {_shown(values[n])}" for n in differ if n not in ("status", "progress")]
        if "progress" in differ:
            words.append(f"progress {_shown(values['progress'])}")
        return ", ".join(words)

    lead_says = say({n: getattr(action, n) for n in differ})
    return (
        f"{action.ref}: the file says {say(stored.values)}; the update of "
        f"{uk_date(lead.at)} says {lead_says}"
    )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, str):
        line = " ".join(value.split())
        return repr(line if len(line) <= 50 else line[:49] + "…")
    return uk_date(value) if isinstance(value, date) else str(value)
