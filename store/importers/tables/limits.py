"""Limits checked before a plan file is parsed: its size, what a .docx/.xlsx unpacks to (a zip
bomb), and XML that declares entities (external entities, "billion laughs"). Office files never
need a DTD, so any is refused (defusedxml). Each refusal is one line naming the file."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from store.errors import ImportFileError

MB = 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell; more is not a plan


@dataclass(frozen=True)
class ImportLimits:
    """How big a plan file may be (``CHASER_IMPORT_MAX_BYTES``), unpack to
    (``CHASER_IMPORT_MAX_UNPACKED_BYTES``) and, for a PDF, how many pages (``CHASER_IMPORT_MAX_PAGES``)."""

    max_bytes: int = 20 * MB
    max_unpacked_bytes: int = 200 * MB
    max_pages: int = 300


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def check_size(path: Path, limits: ImportLimits) -> None:
    """Refuse a file larger than the limit, before reading it."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ImportFileError(path.name, f"the file is {_mb(size)}, over the {_mb(limits.max_bytes)} limit for a plan "
                              "(CHASER_IMPORT_MAX_BYTES)")


def check_package(path: Path, limits: ImportLimits) -> None:
    """Refuse a .docx/.xlsx that unpacks too big, lacks its parts, or holds XML with a DTD."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            unpacked = sum(m.file_size for m in members)
            if unpacked > limits.max_unpacked_bytes:
                raise ImportFileError(path.name, f"it unpacks to {_mb(unpacked)}, over the "
                                      f"{_mb(limits.max_unpacked_bytes)} limit (CHASER_IMPORT_MAX_UNPACKED_BYTES); "
                                      "save a smaller copy of the plan")
            if "[Content_Types].xml" not in package.namelist():
                raise ImportFileError(path.name, "not a Word or Excel file: its [Content_Types].xml part is missing")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_xml(path, package, member)
    except zipfile.BadZipFile as exc:
        kind = ".docx document" if path.suffix.lower() == ".docx" else ".xlsx workbook"
        raise ImportFileError(path.name, f"not a readable {kind} ({exc})") from None


def _check_xml(path: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Parse up to the root element: a DTD (where entities live) comes before it."""
    try:
        with package.open(member) as stream:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                break
    except DefusedXmlException:
        raise ImportFileError(path.name, f"part {member.filename} declares a DTD or entities, which Word and Excel "
                              "never write; refused as unsafe") from None
    except Exception as exc:  # broken XML: say which part
        raise ImportFileError(path.name, f"part {member.filename} is not readable XML ({type(exc).__name__})") from None
