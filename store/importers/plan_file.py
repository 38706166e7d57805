"""`chaser import`: read a plan file of any supported kind and store it in one transaction."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from nlp.dates import parse_due_cell
from store.db import transaction
from store.errors import ImportFileError
from store.importers.builder import build_plan
from store.importers.fields import action_values
from store.importers.leads import parse_glossary
from store.importers.limits import ImportLimits, check_package, check_size
from store.importers.rows import SourceDocument
from store.importers.tabular import read_csv, read_docx, read_xlsx
from store.importers.text import parse_text, read_text
from store.importers.writer import recorded_document_date, store_plan

LONDON = ZoneInfo("Europe/London")
_TEXT_SUFFIXES = {".txt", ".text", ".tsv", ""}
SUPPORTED = ".txt (tab-separated text), .csv, .xlsx or .docx"


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

    def summary(self) -> str:
        """One line: "imported plan 'x' from f.txt: 10 sections, 63 actions (63 new, 0 changed), 9 people"."""
        line = (
            f"imported plan {self.plan_name!r} from {self.source}: {self.sections} sections, "
            f"{self.actions} actions ({self.new} new, {self.changed} changed), {self.people} people"
        )
        if self.kept:
            line += f"; {self.kept} actions not in this file were kept"
        return line


def read_document(path: Path, *, limits: ImportLimits | None = None) -> SourceDocument:
    """Read any supported plan file into rows, by its extension, within ``limits``.

    Raises:
        ImportFileError: unknown extension, missing, empty, too big or unreadable file, or no plan table.
    """
    if not path.is_file():
        raise ImportFileError(path.name, f"no such file: {path}")
    limits = limits or ImportLimits()
    check_size(path, limits)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix in (".xlsx", ".docx"):
        check_package(path, limits)  # before any parser sees it: size unpacked, parts, no DTDs
        return read_xlsx(path) if suffix == ".xlsx" else read_docx(path)
    if suffix in _TEXT_SUFFIXES:
        return parse_text(path, read_text(path))
    raise ImportFileError(path.name, f"cannot import a {suffix!r} file: give {SUPPORTED}")


def plan_slug(text: str, *, limit: int = 50) -> str:
    """A plan name from a title: lower case words joined by hyphens, at most ``limit`` characters."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def document_date(doc: SourceDocument) -> date | None:
    """The document's own date: the latest of its "updated to", "as at" and document-log dates."""
    found = [parse_due_cell(text).due for text in doc.doc_dates]
    dated = [d for d in found if d is not None]
    return max(dated) if dated else None


def import_plan_file(*, engine: Engine, path: Path, plan_name: str | None, now: datetime,
                     limits: ImportLimits | None = None) -> ImportResult:
    """Import (or re-import) the plan in ``path``.

    Args:
        engine: The database.
        path: A tab-separated text export, .csv, .xlsx or .docx.
        plan_name: The plan's name; by default a slug of the document's title (else the file name).
        now: The time of the import (aware), recorded on changes and updates.
        limits: Size limits (the defaults of :class:`ImportLimits` when not given).

    Raises:
        ImportFileError: the file cannot be read; nothing has been written.
    """
    path = Path(path)
    doc = read_document(path, limits=limits)
    draft = build_plan(doc)
    glossary = parse_glossary(doc)
    own_date = document_date(doc)
    name = plan_name or plan_slug(draft.title) or plan_slug(path.stem) or "plan"
    with transaction(engine) as session:
        today = own_date or recorded_document_date(session, name=name) or now.astimezone(LONDON).date()
        values = {action.ref: action_values(action, today=today, columns=draft.columns) for action in draft.actions}
        counts = store_plan(
            session=session,
            name=name,
            draft=draft,
            glossary=glossary,
            values=values,
            now=now,
            document_date=own_date,
        )
    return ImportResult(plan_name=name, source=path.name, **asdict(counts))
