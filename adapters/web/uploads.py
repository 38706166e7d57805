"""Plan and people files uploaded in the browser: checked, kept aside, previewed, then imported.

The preview runs the real importer (``store.importers``, as ``chaser import`` does) inside a database
transaction that is always rolled back, so what it reports is exactly what the import will do, and a
bad file is refused with the importer's own one-line error before anything is written.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store.errors import ImportFileError
from store.importers.people import import_people_csv, read_people_csv
from store.importers.plan_file import import_plan_file
from store.models import Action, ChangeLog, Plan

PLAN_LIMIT = 10 * 1024 * 1024
PEOPLE_LIMIT = 1024 * 1024
PLAN_SUFFIXES = (".docx", ".xlsx", ".pdf", ".csv", ".txt", ".tsv")
ZIP_MAGIC = b"PK\x03\x04"
UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
CHANGE_LINES = 40


class UploadProblem(ValueError):
    """An upload refused before the importer reads it: too big, the wrong type, or empty."""


def upload_root() -> Path:
    """Where uploads wait between preview and confirm (private to this user)."""
    root = Path(tempfile.gettempdir()) / "chaser-uploads"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def check(*, filename: str, data: bytes, kind: str) -> str:
    """The file's safe name, once its size, extension and content type are right.

    Raises:
        UploadProblem: naming the file and what is wrong with it.
    """
    name = SAFE_NAME.sub("_", Path(filename or "").name).strip(" .") or "upload"
    suffix = Path(name).suffix.lower()
    limit = PLAN_LIMIT if kind == "plan" else PEOPLE_LIMIT
    allowed = PLAN_SUFFIXES if kind == "plan" else (".csv",)
    if not data:
        raise UploadProblem(f"{name}: the file is empty")
    if len(data) > limit:
        raise UploadProblem(f"{name}: the file is {len(data) // 1024} KB; the limit is {limit // 1024} KB")
    if suffix not in allowed:
        raise UploadProblem(f"{name}: cannot use a {suffix or 'nameless'} file here: give {', '.join(allowed)}")
    if suffix in (".docx", ".xlsx"):
        if not data.startswith(ZIP_MAGIC):
            raise UploadProblem(f"{name}: this is not a real {suffix} file (save it again from Word or Excel)")
    elif suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise UploadProblem(f"{name}: this is not a real PDF file (export it again as PDF)")
    elif b"\x00" in data[:65536]:
        raise UploadProblem(f"{name}: this is not a text file; save it as CSV or tab-separated text")
    return name


def keep(*, name: str, data: bytes) -> str:
    """Keep the file until it is confirmed; returns its upload id."""
    upload_id = secrets.token_urlsafe(24)
    folder = upload_root() / upload_id
    folder.mkdir(mode=0o700)
    (folder / name).write_bytes(data)
    return upload_id


def kept_file(upload_id: str) -> Path | None:
    """The kept file for ``upload_id``, or None."""
    if not UPLOAD_ID.match(upload_id or ""):
        return None
    folder = upload_root() / upload_id
    files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    return files[0] if len(files) == 1 else None


def discard(upload_id: str) -> None:
    """Forget a kept upload."""
    if UPLOAD_ID.match(upload_id or ""):
        shutil.rmtree(upload_root() / upload_id, ignore_errors=True)


@dataclass
class PlanPreview:
    """What importing a plan file will do."""

    plan_name: str
    title: str
    existing: bool
    sections: int
    actions: int
    new: int
    changed: int
    unchanged: int
    kept: int
    people: int
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the importer's: rows set aside, cells not read as dates


def preview_plan(*, engine: Engine, path: Path, plan_name: str | None, now: datetime,
                 title: str | None = None) -> PlanPreview:
    """Run the plan importer on ``path`` and roll it back; what it would do.

    Raises:
        ImportFileError: the importer's one-line error (file, row, field).
    """
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            result = import_plan_file(engine=conn, path=path, plan_name=plan_name, now=now,  # type: ignore[arg-type]
                                      title=title)
            with Session(conn) as session:
                rows = session.exec(
                    select(Action.ref, ChangeLog.description).join(Action, col(Action.id) == col(ChangeLog.action_id))
                    .join(Plan, col(Plan.id) == col(ChangeLog.plan_id))
                    .where(Plan.name == result.plan_name, ChangeLog.at == now).order_by(col(ChangeLog.id)))
                changes = [f"{ref}: {description}" for ref, description in rows][:CHANGE_LINES]
                stored_title = session.exec(select(Plan.title).where(Plan.name == result.plan_name)).first()
        finally:
            outer.rollback()
    with Session(engine) as session:
        existing = session.exec(select(Plan.id).where(Plan.name == result.plan_name)).first() is not None
    return PlanPreview(plan_name=result.plan_name, title=stored_title or result.title, existing=existing,
                       sections=result.sections, actions=result.actions, new=result.new, changed=result.changed,
                       unchanged=result.actions - result.new - result.changed, kept=result.kept,
                       people=result.people, changes=changes, notes=list(result.notes))


@dataclass
class PeoplePreview:
    """What importing a people CSV will do: who is new, who is updated, who stays as they are."""

    new: list[str]
    updated: list[str]
    unchanged: list[str]


def preview_people(*, engine: Engine, path: Path) -> PeoplePreview:
    """Read the people CSV with the importer's own checks and compare it with the people known.

    Raises:
        ImportFileError: the importer's one-line error naming the row and field.
    """
    read_people_csv(path)  # first: a bad file is refused before anything else is opened
    with engine.connect() as conn:  # the real import, rolled back: it alone knows what a row would change
        outer = conn.begin()
        try:
            result = import_people_csv(engine=conn, path=path, now=datetime.now(UTC))  # type: ignore[arg-type]
        finally:
            outer.rollback()
    return PeoplePreview(new=result.names["new"], updated=result.names["updated"],
                         unchanged=result.names["unchanged"])


def import_kept(*, engine: Engine, kind: str, path: Path, plan_name: str | None, now: datetime,
                title: str | None = None) -> str:
    """Import a kept file for real; the importer's one-line summary.

    Raises:
        ImportFileError: as the command line would report it; nothing has been written.
    """
    if kind == "plan":
        return import_plan_file(engine=engine, path=path, plan_name=plan_name, now=now, title=title).summary()
    return import_people_csv(engine=engine, path=path, now=now).summary()


__all__ = ["ImportFileError", "PeoplePreview", "PlanPreview", "UploadProblem", "check", "discard", "import_kept",
           "keep", "kept_file", "preview_people", "preview_plan"]
