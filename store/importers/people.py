"""`chaser people import`: the people CSV of the contract, checked row by row, stored all or nothing.

Columns: ``name,aliases,role,email,slack_id,teams_id,telegram_id,channel,timezone,roles``.
A person already known by name is updated. Someone whose aliases (or role) match a placeholder
made from a plan's glossary takes over that placeholder's actions, so "SF" and "DoCS" leads
become the real person.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import Engine

from store.db import transaction
from store.errors import ImportFileError
from store.importers.glossary import PeopleDirectory
from store.importers.tables.tabular import check_quotes
from store.importers.tables.text import read_text
from store.models import ROLES, Person

COLUMNS = (
    "name",
    "aliases",
    "role",
    "email",
    "slack_id",
    "teams_id",
    "telegram_id",
    "channel",
    "timezone",
    "roles",
)
REQUEST_CHANNELS = ("email", "slack", "teams", "telegram")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class PersonRow:
    """One checked row of the people CSV."""

    row: int
    name: str
    aliases: list[str]
    role_title: str
    email: str | None
    slack_id: str | None
    teams_id: str | None
    telegram_id: str | None
    channel: str
    timezone: str
    roles: list[str]


@dataclass(frozen=True)
class PeopleImportResult:
    """What a people import did."""

    source: str
    created: int
    updated: int
    merged: int
    unchanged: int = 0
    names: dict[str, list[str]] = field(default_factory=dict)  # "new", "updated", "unchanged": the people, by name

    def summary(self) -> str:
        """One line for the command line."""
        if not (self.created or self.updated or self.merged):
            return f"read {self.unchanged} people from {self.source}: nothing changed, all as in the file already"
        line = (
            f"imported {self.created + self.updated} people from {self.source} "
            f"({self.created} new, {self.updated} updated"
            + (f", {self.unchanged} unchanged)" if self.unchanged else ")")
        )
        if self.merged:
            line += f"; {self.merged} glossary placeholders merged into real people"
        return line


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _check_row(source: str, number: int, raw: dict[str, str]) -> PersonRow:
    def fail(field: str, problem: str) -> ImportFileError:
        return ImportFileError(source, problem, row=number, field=field)

    cell = {key: (raw.get(key) or "").strip() for key in COLUMNS}
    if not cell["name"]:
        raise fail("name", "the name is empty: every person needs a name")
    if cell["email"] and not _EMAIL.match(cell["email"]):
        raise fail("email", f"{cell['email']!r} is not an email address")
    if cell["channel"] and cell["channel"].lower() not in REQUEST_CHANNELS:
        raise fail(
            "channel",
            f"unknown channel {cell['channel']!r}: use one of {', '.join(REQUEST_CHANNELS)}, or leave it empty",
        )
    zone = cell["timezone"] or "Europe/London"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise fail("timezone", f"unknown time zone {zone!r}: use an IANA name such as Europe/London") from exc
    roles = [r.lower() for r in _split(cell["roles"])] or ["lead"]
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise fail("roles", f"unknown role {unknown[0]!r}: use {', '.join(ROLES)} (separate several with ;)")
    return PersonRow(
        row=number,
        name=" ".join(cell["name"].split()),
        aliases=_split(cell["aliases"]),
        role_title=cell["role"],
        email=cell["email"] or None,
        slack_id=cell["slack_id"] or None,
        teams_id=cell["teams_id"] or None,
        telegram_id=cell["telegram_id"] or None,
        channel=cell["channel"].lower(),
        timezone=zone,
        roles=roles,
    )


def read_people_csv(path: Path) -> list[PersonRow]:
    """Read and check every row; the first problem raises, naming file, row and field.

    Raises:
        ImportFileError: missing or empty file, no ``name`` column, unknown column, or a bad row.
    """
    if path.suffix.lower() != ".csv":
        raise ImportFileError(path.name, "the people file must be a .csv with the columns " + ",".join(COLUMNS))
    if not path.is_file():
        raise ImportFileError(path.name, f"no such file: {path.absolute()} (give the file's full path, or run this "
                              "in the folder that holds it)")
    text = read_text(path)
    check_quotes(path, text, ",")
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in headers:
        raise ImportFileError(path.name, "no 'name' column: the header row must be " + ",".join(COLUMNS), row=1)
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        raise ImportFileError(path.name, f"unknown column {unknown[0]!r}: the columns are " + ",".join(COLUMNS), row=1)
    rows: list[PersonRow] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        cleaned = {(k or "").strip().lower(): v for k, v in raw.items() if isinstance(v, str)}
        if not any(v.strip() for v in cleaned.values()):
            continue
        row = _check_row(path.name, number, cleaned)
        key = row.name.casefold()
        if key in seen:
            raise ImportFileError(
                path.name,
                f"{row.name!r} is listed twice, at rows {seen[key]} and {number}",
                row=number,
                field="name",
            )
        seen[key] = number
        rows.append(row)
    if not rows:
        raise ImportFileError(path.name, "the file has a header but no people", row=2)
    return rows


def import_people_csv(*, engine: Engine, path: Path, now: datetime) -> PeopleImportResult:
    """Create or update the people of a CSV in one transaction, merging glossary placeholders.

    Args:
        engine: The database.
        path: The people CSV.
        now: The time of the import (recorded as the creation time of new people).
    """
    path = Path(path)
    rows = read_people_csv(path)
    merged = 0
    names: dict[str, list[str]] = {"new": [], "updated": [], "unchanged": []}
    with transaction(engine) as session:
        directory = PeopleDirectory(session)
        for row in rows:
            person = directory.by_name(row.name)
            before = None
            if person is None:
                person = Person(name=row.name, created_at=now)
                session.add(person)
                directory.people.append(person)
            else:
                before = _as_imported(person)
            person.aliases = sorted({*person.aliases, *row.aliases}, key=str.lower)
            person.role_title = row.role_title or person.role_title
            person.email, person.slack_id = row.email, row.slack_id
            person.teams_id, person.telegram_id = row.teams_id, row.telegram_id
            person.channel, person.timezone, person.roles = row.channel, row.timezone, row.roles
            person.placeholder = False
            session.flush()
            count = len(directory.people)
            directory.absorb_placeholders(person)
            merged += count - len(directory.people)
            names["new" if before is None else "unchanged" if before == _as_imported(person) else "updated"].append(
                person.name)
    return PeopleImportResult(source=path.name, created=len(names["new"]), updated=len(names["updated"]),
                              merged=merged, unchanged=len(names["unchanged"]), names=names)


def _as_imported(person: Person) -> tuple[object, ...]:
    """What a row of the people CSV sets on a person, to tell an update from a row that changes nothing."""
    return (tuple(person.aliases), person.role_title, person.email, person.slack_id, person.teams_id,
            person.telegram_id, person.channel, person.timezone, tuple(person.roles), person.placeholder)
