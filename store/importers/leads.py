"""Read glossaries of initials and split lead cells into the people and roles they name.

Pure text functions; ``store.importers.glossary`` turns their results into Person rows.

- Glossaries: "DoCCS Director of Corporate & Customer Services" (a role), "SF<TAB>Sue Fiennes<TAB>
  Director of Children's Services" (a named person with initials and a role), "PCT Herefordshire
  Primary Care Trust" (a body: not a person).
- Lead cells: "SF (ISM)", "DoCCS, HoPP", "Tony Geeson (Alan McLaughlin, Committee Services, PCT and
  other partner organisations)". The first name written is the lead; everyone else, and anyone
  in parentheses, has a major role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.importers.tables.rows import SourceDocument

ROLE_WORDS = {
    "director",
    "head",
    "manager",
    "officer",
    "chief",
    "executive",
    "co-ordinator",
    "coordinator",
    "leader",
    "chairman",
    "chair",
    "secretary",
    "treasurer",
    "solicitor",
    "nurse",
    "paediatrician",
    "psychologist",
    "consultant",
    "commissioner",
    "clerk",
    "auditor",
    "advisor",
    "adviser",
}
BODY_WORDS = {
    "team",
    "teams",
    "group",
    "groups",
    "board",
    "services",
    "trust",
    "partnership",
    "committee",
    "organisations",
    "organisation",
    "forum",
    "unit",
    "sector",
    "council",
    "directorate",
    "agencies",
    "staff",
    "managers",
    "officers",
    "directors",
    "heads",
    "members",
    "partners",
    "research",
    "service",
    "resources",
    "cttee",
    "network",
}
_ROLE_HEADS = {"Director", "Head", "Chief", "Assistant"}
_NO_SPLIT_AFTER = {"Deputy", "Strategic", "Assistant", "Acting", "Interim", "of", "and", "the", "Executive's"}
_ALIAS = re.compile(r"^[A-Z][A-Za-z&]{0,7}$")
_GLOSSARY_START = re.compile(r"(?i)^(glossary|index to initials|abbreviations|initials used|key to initials)")
_GLOSSARY_LINE = re.compile(r"^[-•]?\s*([A-Z][A-Za-z&]{0,7})\s+(\S.{2,90})$")
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|[A-Z]\.?|Dr\.?|Mrs?\.?|Ms\.?)$"
)


@dataclass(frozen=True)
class GlossaryEntry:
    """One line of a glossary or index of initials."""

    alias: str
    name: str | None  # a person's name, when the index gives one
    title: str  # the role title or the body's name
    line: int

    @property
    def is_role(self) -> bool:
        """Whether the entry names a post someone holds (not a body such as a board or trust)."""
        return is_role_title(self.title)


def is_alias(token: str) -> bool:
    """Initials such as ``SF``, ``DoCCS``, ``HoITCS``: short, starting upper case, two capitals or more."""
    return bool(_ALIAS.match(token)) and sum(1 for c in token if c.isupper()) >= 2


def capitals(token: str) -> str:
    """The capital letters of an alias (``HoITCS`` -> ``HITCS``), to match the plans' variants."""
    return "".join(c for c in token if c.isupper())


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


_GENERIC_STARTS = (
    "other ",
    "all ",
    "the designated",
    "heads ",
    "directors",
    "managers",
    "partner",
    "including ",
    "lead officers",
    "tbc",
)
_ROLE_PREFIXES = {
    "acting",
    "interim",
    "deputy",
    "senior",
    "assistant",
    "strategic",
    "principal",
    "designated",
}


def is_role_title(text: str) -> bool:
    """A post one person holds: "Director of Children's Services", "Interim Senior Manager",
    "Training Officer, Children's Services" (but not "Chief Executive's Management Team")."""
    if not text[:1].isupper() or text.lower().startswith(_GENERIC_STARTS):
        return False
    first_part = re.split(r",|\s[-–]\s|\(", text, maxsplit=1)[0]
    words = _words(first_part)
    if not words or len(words) > 12:
        return False
    lower = [w.lower() for w in words]
    start = 0
    while start < len(lower) - 1 and lower[start] in _ROLE_PREFIXES:
        start += 1
    possessive_next = start + 1 < len(words) and words[start + 1].endswith("'s")
    return (lower[start] in ROLE_WORDS and not possessive_next) or lower[-1] in ROLE_WORDS


def is_generic(token: str) -> bool:
    """Words for groups rather than one person: "heads of service", "PCT", "other directors"."""
    if token.lower().startswith(_GENERIC_STARTS):
        return True
    if is_role_title(token):
        return False
    words = [w.lower() for w in _words(token)]
    return bool(words) and words[-1] in BODY_WORDS


def is_person_name(text: str) -> bool:
    """Two to four capitalised words and nothing that makes it a role or a body: "Tony Geeson"."""
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
        return False
    lowered = {w.lower().strip(".") for w in words}
    return not (lowered & ROLE_WORDS or lowered & BODY_WORDS) and not all(len(w) <= 2 for w in words)


def _glossary_entry(cells: list[str], line: int) -> GlossaryEntry | None:
    cells = [c.strip() for c in cells if c.strip()]
    if len(cells) == 3 and is_alias(cells[0]) and is_person_name(cells[1]):
        return GlossaryEntry(alias=cells[0], name=cells[1], title=cells[2], line=line)
    if len(cells) == 2 and is_alias(cells[0]):
        return GlossaryEntry(alias=cells[0], name=None, title=cells[1], line=line)
    return None


def _abbreviates(alias: str, expansion: str) -> bool:
    """Whether the alias's capitals are initials of the expansion's words, in order ("PCT" for
    "Herefordshire Primary Care Trust", "HoITCS" for "Head of Information, Technology & ...")."""
    initials = iter(w[0].lower() for w in _words(expansion))
    return all(any(letter == initial for initial in initials) for letter in capitals(alias).lower())


def parse_glossary(doc: SourceDocument) -> list[GlossaryEntry]:
    """Every glossary entry in the document: lines after a "GLOSSARY" / "Index to initials"
    heading, and three-cell rows (initials, name, role) of an index table."""
    entries: list[GlossaryEntry] = []
    for line, cells in doc.glossary_rows:
        entry = _glossary_entry(cells, line)
        if entry is not None and entry.name is not None:
            entries.append(entry)
    in_glossary = False
    for line, text in doc.text_lines:
        if _GLOSSARY_START.match(text):
            in_glossary = True
            continue
        if not in_glossary:
            continue
        match = _GLOSSARY_LINE.match(text)
        if match and is_alias(match.group(1)) and _abbreviates(match.group(1), match.group(2)):
            entries.append(GlossaryEntry(alias=match.group(1), name=None, title=match.group(2).strip(), line=line))
        else:
            in_glossary = False  # the first line that is not "INITIALS Expansion" ends the glossary
    return entries


def _split_run_on(token: str) -> list[str]:
    """Split "Head of HR Head of Performance Management" (no separators) at each new role."""
    parts: list[list[str]] = [[]]
    words = token.split()
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        if index and word in _ROLE_HEADS and previous not in _NO_SPLIT_AFTER:
            parts.append([])
        parts[-1].append(word)
    return [" ".join(p) for p in parts if p]


def _tokens(text: str) -> list[str]:
    text = re.sub(r"\s+and\s+(?=(?:Director|Head|Chief)\b)", ", ", text)
    out: list[str] = []
    for piece in re.split(r"[,;/\n]|\s+&\s+", text):
        piece = piece.strip(" .:-–")
        if piece:
            out.extend(_split_run_on(piece))
    return out


def split_lead_cell(text: str) -> list[tuple[str, str]]:
    """The names in a lead cell, in order, each with ``lead`` (the first) or ``major``.

    Args:
        text: The cell as written, e.g. "SF (ISM)" or "Tony Geeson (Alan McLaughlin, PCT)".
    """
    outside: list[str] = []
    inside: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char == "(":
            if depth == 0:
                outside.append(current)
                current = ""
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                inside.append(current)
                current = ""
        else:
            current += char
    (inside if depth else outside).append(current)
    names = [t for part in outside for t in _tokens(part)]
    majors = [t for part in inside for t in _tokens(part)]
    out = [(name, "lead" if index == 0 else "major") for index, name in enumerate(names)]
    return out + [(name, "major") for name in majors]
