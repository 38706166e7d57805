"""`chaser import`: read a plan file of any supported kind, check all of it, then store it in batches."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from nlp.dates import parse_due_cell
from store.errors import ImportFileError
from store.importers.builder import build_plan
from store.importers.draft import PlanDraft
from store.importers.fields import ActionValues, action_values
from store.importers.indicators.reading import read_indicator_tables
from store.importers.journal import ImportJournal
from store.importers.leads import parse_glossary
from store.importers.tables.limits import ImportLimits, check_package, check_size
from store.importers.tables.pdf import read_pdf
from store.importers.tables.rows import SourceDocument
from store.importers.tables.tabular import read_csv, read_docx, read_xlsx
from store.importers.tables.text import DATE_LINE, parse_text, read_text
from store.importers.writer import BATCH_ACTIONS, recorded_document_date, store_plan
from store.models import ChangeLog, Plan

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
_TEXT_SUFFIXES = {".txt", ".text", ".tsv", ""}
SUPPORTED = ".txt (tab-separated text), .csv, .xlsx, .docx or .pdf"


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the command line and the log."""

    plan_name: str
    source: str
    sections: int
    actions: int
    new: int
    changed: int
    kept: int
    people: int
    title: str = ""
    conflicts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # a dry run: what would be written
    dry_run: bool = False
    named_by_importer: bool = False  # no --plan: the name was made from the title, so say both
    indicators: str = ""  # "indicators: 8 (8 new, 0 changed), 16 figures recorded"
    indicator_notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """First line: "imported plan 'x' from f.txt: 10 sections, 63 actions (63 new, 0 changed),
        9 people"; then one line per note (generated refs, rows set aside) and per conflict
        between the file and a lead's newer update; a dry run lists what it would change."""
        verb = "would import" if self.dry_run else "imported"
        line = (
            f"{verb} plan {self.plan_name!r} from {self.source}: {self.sections} sections, "
            f"{self.actions} actions ({self.new} new, {self.changed} changed), {self.people} people"
        )
        if self.kept:
            line += f"; {self.kept} actions not in this file were kept"
        lines = [line]
        if self.named_by_importer and self.title and self.title != self.plan_name:
            lines.append(f"  title: {self.title}")
        lines += [f"  note: {note}" for note in self.notes]
        if self.indicators:
            lines.append(f"  {self.indicators}")
            lines += [f"  kept: {note}" for note in self.indicator_notes]
        if self.conflicts:
            lines.append(f"  {len(self.conflicts)} kept as the lead reported, not as this file says:")
            lines += [f"    {conflict}" for conflict in self.conflicts]
        if self.dry_run:
            lines += [f"  would write: {change}" for change in self.changes]
            lines.append("  dry run: nothing was written")
        return "\n".join(lines)


def read_document(path: Path, *, limits: ImportLimits | None = None) -> SourceDocument:
    """Read any supported plan file into rows, by its extension, within ``limits``.

    Raises:
        ImportFileError: unknown extension, missing, empty, too big or unreadable file, or no plan table.
    """
    if not path.is_file():
        raise ImportFileError(path.name, f"no such file: {path.absolute()} (give the file's full path, or run this "
                              "in the folder that holds it)")
    limits = limits or ImportLimits()
    check_size(path, limits)
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return parse_text(path, read_text(path))
    readers: dict[str, Callable[[Path], SourceDocument]] = {
        ".csv": read_csv, ".xlsx": read_xlsx, ".docx": read_docx, ".pdf": lambda p: read_pdf(p, limits),
    }
    if suffix not in readers:
        raise ImportFileError(path.name, f"cannot import a {suffix!r} file: give {SUPPORTED}")
    if suffix in (".xlsx", ".docx"):
        check_package(path, limits)  # before any parser sees it: size unpacked, parts, no DTDs
    doc = readers[suffix](path)
    for _n, line in doc.text_lines:  # "as at 30 June 2024" above the table dates the document
        doc.doc_dates.extend(match.group(1) for match in DATE_LINE.finditer(line))
    return doc


_SMALL_WORDS = {"the", "a", "an", "and", "of", "for", "to", "in", "on", "our", "with", "by", "at", "&"}
_COUNCIL_WORDS = {"council", "councils", "borough", "county", "city", "district", "metropolitan"}


def plan_slug(text: str, *, words: int = 3) -> str:
    """A short plan name people can type, from a title.

    Only the title before a colon counts; a leading council name ("Herefordshire Council's",
    "The London Borough of Barnet") and small words go; the first ``words`` words are kept,
    with the title's year if it names one: "Herefordshire Council's Overall Performance
    Improvement Plan 2006" -> ``overall-performance-improvement-2006``.
    """
    head = text.split(":", 1)[0].lower().replace("'s", "").replace("’s", "")
    tokens = re.findall(r"[a-z0-9]+", head)
    # A council's name before the plan's ("Herefordshire Council's ..."), not "Council Plan ...".
    council = max((i for i, t in enumerate(tokens[:6]) if t in _COUNCIL_WORDS), default=0)
    if council > 0 and council + 1 < len(tokens):
        tokens = tokens[council + 1 :]
    kept = [t for t in tokens if t not in _SMALL_WORDS]
    year = next((t for t in kept if re.fullmatch(r"(?:19|20)\d\d", t)), None)
    slug = [t for t in kept if t != year][:words]
    if year:
        slug.append(year)
    return "-".join(slug)[:60].strip("-")


def document_date(doc: SourceDocument) -> date | None:
    """The document's own date: the latest of its "updated to", "as at" and document-log dates."""
    found = [parse_due_cell(text).due for text in doc.doc_dates]
    dated = [d for d in found if d is not None]
    return max(dated) if dated else None


def import_plan_file(
    *,
    engine: Engine,
    path: Path,
    plan_name: str | None,
    now: datetime,
    partial: bool = False,
    dry_run: bool = False,
    limits: ImportLimits | None = None,
    batch_size: int = BATCH_ACTIONS,
    after_batch: Callable[[int], None] | None = None,
    title: str | None = None,
) -> ImportResult:
    """Import (or re-import) the plan in ``path``.

    The whole file is read and checked first; then it is written ``batch_size`` actions at a
    time, each batch its own short transaction, so other writers (a lead's update on the web, an
    inbound reply) get in between. Should a batch fail, what the earlier batches wrote is put
    back (:mod:`store.importers.journal`), so the plan is as it was before the import.

    Args:
        engine: The database.
        path: A tab-separated text export, .csv, .xlsx, .docx or .pdf.
        plan_name: The plan's name; by default a short slug of the document's title (else the file name).
        now: The time of the import (aware), recorded on changes and updates.
        partial: Import even when the table has no lead or no due-date column.
        dry_run: Work everything out, report it, and write nothing.
        limits: Size limits (the defaults of :class:`ImportLimits` when not given).
        batch_size: Actions written per transaction.
        after_batch: Called with the batch's number after each batch is committed (tests use it
            to write from another connection while the import is under way).

    Raises:
        ImportFileError: the file cannot be read, or understood too little (no lead or due
            column, without ``partial``); nothing has been written.
    """
    path = Path(path)
    doc = read_document(path, limits=limits)
    if not doc.rows:
        raise ImportFileError(path.name, "this file holds performance indicators but no plan table: import it "
                              "into its plan with `chaser indicators import FILE --plan NAME`")
    indicator_drafts = read_indicator_tables(doc.path, doc.unit, doc.indicator_tables)
    draft = build_plan(doc)
    if title and title.strip():  # the plan's full title, as leads read it in each request ("--title")
        draft.title = " ".join(title.split())
    notes = understood(doc, draft, partial=partial)
    glossary = parse_glossary(doc)
    own_date = document_date(doc)
    name = plan_name or plan_slug(draft.title) or plan_slug(path.stem) or "plan"
    with Session(engine, expire_on_commit=False) as session:
        journal = ImportJournal(session)
        batches = {"n": 0}

        def end_batch() -> None:
            # Commit each batch (a dry run commits nothing), so the write lock is never held long.
            if not dry_run:
                session.commit()
            batches["n"] += 1
            if after_batch is not None:
                after_batch(batches["n"])

        try:
            today = own_date or recorded_document_date(session, name=name) or now.astimezone(LONDON).date()
            values = {a.ref: action_values(a, today=today, columns=draft.columns) for a in draft.actions}
            notes += unread_dates(draft, values)
            counts = store_plan(
                session=session,
                name=name,
                draft=draft,
                glossary=glossary,
                values=values,
                now=now,
                document_date=own_date,
                batch_size=batch_size,
                end_batch=end_batch,
                indicators=indicator_drafts,
            )
            changes = changes_made(session, name=name, now=now) if dry_run else []
            if dry_run:
                session.rollback()
            else:
                session.commit()
        except BaseException as exc:
            session.rollback()
            if journal.wrote and isinstance(engine, Engine):  # (a preview's caller rolls back it all)
                _put_back(session, journal, path=path, exc=exc)
            raise
        finally:
            journal.detach()
    fields = asdict(counts)
    conflicts = tuple(fields.pop("conflicts"))
    fields["indicator_notes"] = tuple(fields["indicator_notes"])
    return ImportResult(
        plan_name=name,
        source=path.name,
        title=draft.title,
        conflicts=conflicts,
        notes=tuple(notes),
        changes=tuple(changes),
        dry_run=dry_run,
        named_by_importer=plan_name is None,
        **fields,
    )


_EXAMPLES = {
    "lead": "'Lead', 'Owner', 'Officer', 'Responsible officer'",
    "due": "'Due', 'Deadline', 'Target date', 'By when'",
}


def understood(doc: SourceDocument, draft: PlanDraft, *, partial: bool) -> list[str]:
    """Check the tables gave what chasing needs: a lead and a due date column (refs can be made).

    Returns notes for the summary: refs generated, rows set aside, columns missing (``partial``).

    Raises:
        ImportFileError: no lead or no due-date column, and not ``partial``.
    """
    seen = ", ".join(f"{h!r}" for _where, headers in doc.headers[:1] for h in headers)
    missing = [column for column in ("lead", "due") if column not in doc.columns_seen]
    notes: list[str] = []
    if missing:
        wanted = " and ".join(f"no {c} column (e.g. {_EXAMPLES[c]})" for c in missing)
        if not partial:
            raise ImportFileError(
                doc.path,
                f"understood too little to chase this plan: the headers are {seen}; {wanted}. "
                "Nothing was imported: rename the column, or give --partial to import without it",
            )
        notes.append(f"headers {seen}: {wanted}; imported anyway (--partial)")
    if "ref" not in doc.columns_seen and not draft.refs_from_document:
        refs = [a.ref for a in draft.actions]
        shown = ", ".join(refs[:3]) + (f" ... {refs[-1]}" if len(refs) > 3 else "")
        notes.append(f"no ref column (headers {seen}): refs {shown} given by position, the same on every re-import")
    notes += doc.skipped
    return notes


_DATE_SHAPED = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


def unread_dates(draft: PlanDraft, values: dict[str, ActionValues]) -> list[str]:
    """A note for each due cell written as a date in figures ("31/13/2026") that is no date: it is kept as
    written, but the action has no due date to chase by, which the summary says rather than let pass."""
    notes = []
    for action in draft.actions:
        cell = action.get("due").strip()
        if _DATE_SHAPED.fullmatch(cell) and values[action.ref].values["due"] is None:
            notes.append(f"{draft.unit} {action.where}, due: {cell!r} is not a date; {action.ref} is kept with no "
                         "due date: correct the cell and import the file again")
    return notes


def _put_back(session: Session, journal: ImportJournal, *, path: Path, exc: BaseException) -> None:
    """Undo the batches already committed by an import that then failed (the caller re-raises)."""
    journal.detach()
    try:
        kept = journal.undo(session)
        session.commit()
    except Exception as undo_exc:
        session.rollback()
        log.error("import of %s failed part-way (%s) and could not be undone: %s", path.name, exc, undo_exc)
        raise ImportFileError(
            path.name,
            f"the import stopped part-way ({type(exc).__name__}) and what it had written could not be put back "
            f"({type(undo_exc).__name__}): every change is in the plan's change log; import the file again to finish",
        ) from exc
    log.warning("import of %s failed part-way (%s); what it had written was put back", path.name, exc)
    for line in kept:
        log.warning("import of %s: %s", path.name, line)


def changes_made(session: Session, *, name: str, now: datetime) -> list[str]:
    """What an import wrote to the change log (for a dry run, before it is rolled back)."""
    plan = session.exec(select(Plan).where(Plan.name == name)).one()
    entries = session.exec(
        select(ChangeLog).where(ChangeLog.plan_id == plan.id, ChangeLog.at == now).order_by(col(ChangeLog.id))
    ).all()
    return [entry.description for entry in entries]
