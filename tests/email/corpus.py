"""The corpus of replies from real mail clients (tests/email/clients/): load a layout, wrap it around a
real request Chaser generated for the test world, send it through `chaser email ingest`'s path, and
score what was stored.

A layout file is ``key: value`` lines, then sections: ``=== text`` and/or ``=== html`` (the reply's
body parts: text alone, HTML alone, or both as multipart/alternative) and ``=== words`` (exactly the
lead's words, as they must be stored). Bodies hold placeholders filled from the real request:

- ``{{request}}``: the request's text part as sent; ``{{request|quoted}}`` with ``> `` markers;
  ``{{request|quoted72}}`` re-wrapped at 72 columns and quoted; ``{{request|rows}}`` its HTML part as
  Outlook turns it into text (a table row per line, cells tab-separated); ``{{request|cells}}`` one cell
  per line; ``{{request|html}}`` its HTML (inside ``<body>``).
- a part instead of the whole: ``{{intro}}``, ``{{action 7.4}}``, ``{{footer}}``, with the same modes.
- ``{{reply_to}}`` (the tokened address), ``{{from}}``, ``{{subject}}``, ``{{token}}``, ``{{message_id}}``.
"""

from __future__ import annotations

import base64
import html as htmllib
import quopri
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from sqlmodel import Session, col, select

from adapters.email.html_text import html_to_text
from adapters.email.ingest import ingest_bytes
from adapters.email.own_text import words
from bot.bootstrap import Chaser
from bot.cycle.round import run_cycle
from store.db import make_engine
from store.models import Action, InboundMessage, Update
from tests.cycle.world import load_world, make_chaser, outbox

CLIENTS = Path(__file__).parent / "clients"
LEADS = {
    "sue": ("Sue Fiennes", "sue.fiennes@herefordshire.example"),
    "jane": ("Jane Jones", "jane.jones@herefordshire.example"),
    "tony": ("Tony Geeson", "tony.geeson@herefordshire.example"),
}
REPLY_DATE = "Wed, 14 Jun 2006 10:30:00 +0100"
PLACEHOLDER = re.compile(r"\{\{\s*(request|reminder|intro|footer|action [\w.]+|reply_to|from|subject|token|message_id)"
                         r"\s*(?:\|\s*(\w+))?\s*\}\}")
ACTION_HEAD = re.compile(r"^(\d{1,2}\.\d{1,2}[a-z]?)  \S")


@dataclass
class Layout:
    """One corpus item."""

    name: str
    meta: dict[str, str]
    text: str | None
    html: str | None
    words: str

    @property
    def lead(self) -> str:
        return self.meta.get("lead", "sue")


def load(path: Path) -> Layout:
    """Read one layout file."""
    raw = path.read_text(encoding="utf-8")
    head, _, rest = raw.partition("\n=== ")
    meta = {}
    for line in head.splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    sections: dict[str, str] = {}
    for chunk in ("=== " + rest).split("\n=== ")[0:]:
        chunk = chunk.removeprefix("=== ")
        name, _, body = chunk.partition("\n")
        sections[name.strip()] = body.rstrip("\n")
    if "words" not in sections or not ({"text", "html"} & sections.keys()):
        raise ValueError(f"{path.name}: needs a === words section and a === text or === html section")
    return Layout(name=path.stem, meta=meta, text=sections.get("text"), html=sections.get("html"),
                  words=sections["words"].strip())


def layouts() -> list[Layout]:
    """Every layout in the corpus, by file name."""
    return [load(p) for p in sorted(CLIENTS.glob("*.txt"))]


# --- the request, in the pieces and forms clients quote ----------------------------------------------

@dataclass
class Request:
    """A real request from the outbox, cut into its parts."""

    mail: EmailMessage
    text: str
    html: str
    parts: dict[str, list[str]] = field(default_factory=dict)
    html_rows: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, mail: EmailMessage) -> Request:
        text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        markup = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
        req = cls(mail=mail, text=text, html=markup)
        lines = text.rstrip("\n").split("\n")
        current = "intro"
        req.parts = {"intro": []}
        for line in lines:
            head = ACTION_HEAD.match(line)
            if head:
                current = f"action {head.group(1)}"
                req.parts[current] = []
            elif line.startswith("Thank you,"):
                current = "footer"
                req.parts[current] = []
            req.parts[current].append(line)
        req.parts["request"] = lines
        # the reminder is the request with one more sentence in front (bot/templates/request.txt.j2)
        req.parts["reminder"] = [x.replace("Please tell us how", "A reminder: we have not yet had your update for "
                                           "this round. Please tell us how") for x in lines]
        rows = html_to_text(markup).split("\n")
        req.html_rows = {"request": rows}
        return req

    def lines(self, part: str) -> list[str]:
        found = self.parts.get(part)
        if found is None:
            raise KeyError(f"the request has no part {part!r} (it lists {sorted(self.parts)})")
        lines = list(found)
        while lines and not lines[-1].strip():
            lines.pop()
        return lines

    def render(self, part: str, mode: str | None) -> str:
        if mode == "html":
            if part != "request":
                return "<br>\n".join(htmllib.escape(x) for x in self.lines(part))
            body = re.search(r"(?is)<body[^>]*>(.*)</body>", self.html)
            return body.group(1) if body else self.html
        if mode in ("rows", "cells"):
            if part != "request":
                raise KeyError("rows and cells are for the whole request")
            rows = self.html_rows["request"]
            if mode == "cells":
                return "\n".join(c.strip() for r in rows for c in (r.split("\t") if r.strip() else [""]))
            return "\n".join(rows)
        lines = self.lines(part)
        if mode == "quoted72":
            wrapped: list[str] = []
            for line in lines:
                wrapped += textwrap.wrap(line, 70, break_long_words=False, break_on_hyphens=False) or [""]
            lines = wrapped
        if mode in ("quoted", "quoted72"):
            return "\n".join(f"> {x}" if x.strip() else ">" for x in lines)
        if mode in ("quoted2",):
            return "\n".join(f"> > {x}" if x.strip() else "> >" for x in lines)
        if mode not in (None, "plain"):
            raise KeyError(f"unknown mode {mode!r}")
        return "\n".join(lines)


def fill(body: str, request: Request) -> str:
    """The layout's body with its placeholders filled from ``request``."""
    mail = request.mail

    def one(match: re.Match[str]) -> str:
        name, mode = match.group(1), match.group(2)
        simple = {"reply_to": str(mail["Reply-To"]), "from": str(mail["From"]), "subject": str(mail["Subject"]),
                  "token": str(mail["Reply-To"]).split("+", 1)[1].split("@", 1)[0],
                  "message_id": str(mail["Message-ID"])}
        if name in simple:
            return simple[name]
        return request.render(name, mode)

    return PLACEHOLDER.sub(one, body)


# --- the reply as the client sends it ----------------------------------------------------------------

def _encode(body: str, *, subtype: str, charset: str, encoding: str) -> tuple[list[str], bytes]:
    errors = "xmlcharrefreplace" if subtype == "html" else "strict"
    data = body.replace("\r\n", "\n").replace("\n", "\r\n").encode(charset, errors=errors)
    if encoding == "quoted-printable":
        payload = quopri.encodestring(data)
    elif encoding == "base64":
        payload = base64.encodebytes(data).replace(b"\n", b"\r\n")
    else:
        payload = data
    headers = [f'Content-Type: text/{subtype}; charset="{charset}"', f"Content-Transfer-Encoding: {encoding}"]
    return headers, payload


def build(layout: Layout, request: Request) -> bytes:
    """The raw reply: headers as the client writes them, the body parts in the layout's charset and
    transfer encoding."""
    meta = layout.meta
    name, address = LEADS[layout.lead]
    mail = request.mail
    to = {"plus": str(mail["Reply-To"]), "from": str(mail["From"])}.get(meta.get("to", "plus"), meta.get("to", ""))
    to = fill(to, request)
    prefix = meta.get("subject_prefix", "Re:")
    headers = [
        f"From: {formataddr((meta.get('from_name', name), address), charset='utf-8')}",
        f"To: {to}",
        f"Subject: {prefix} {mail['Subject']}",
        f"Date: {meta.get('date', REPLY_DATE)}",
        f"Message-ID: <corpus.{layout.name}@herefordshire.example>",
    ]
    if meta.get("thread", "yes") == "yes":
        headers += [f"In-Reply-To: {mail['Message-ID']}", f"References: {mail['Message-ID']}"]
    headers += [fill(v, request) for k, v in meta.items() if k.startswith("header")]
    headers.append("MIME-Version: 1.0")
    charset = meta.get("charset", "utf-8")
    encoding = meta.get("encoding", "quoted-printable")
    parts = []
    if layout.text is not None:
        parts.append(_encode(fill(layout.text, request), subtype="plain", charset=charset, encoding=encoding))
    if layout.html is not None:
        html_charset = meta.get("html_charset", charset)
        html_encoding = meta.get("html_encoding", encoding)
        parts.append(_encode(fill(layout.html, request), subtype="html", charset=html_charset,
                             encoding=html_encoding))
    if len(parts) == 1:
        part_headers, payload = parts[0]
        return ("\r\n".join(headers + part_headers) + "\r\n\r\n").encode("ascii") + payload
    boundary = f"----=_Part_{layout.name}_0001"
    out = ("\r\n".join(headers + [f'Content-Type: multipart/alternative; boundary="{boundary}"'])
           + "\r\n\r\nThis is a multi-part message in MIME format.\r\n").encode("ascii")
    for part_headers, payload in parts:
        out += f"\r\n--{boundary}\r\n".encode() + "\r\n".join(part_headers).encode() + b"\r\n\r\n" + payload
    return out + f"\r\n--{boundary}--\r\n".encode()


# --- running and scoring -----------------------------------------------------------------------------

@dataclass
class Outcome:
    """What the corpus item did and how it scores."""

    name: str
    client: str
    stored: str
    expected: str
    state: str
    words_ok: bool
    fields_ok: bool
    leaked: list[str]
    problems: list[str]


class World:
    """The test world after one round: a template database copied for each item."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        template = folder / "template"
        template.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{template / 'chaser.db'}")
        load_world(engine)
        chaser = make_chaser(engine, template)
        run_cycle(chaser=chaser, plan_name="jar")
        self.requests = {lead: Request.of(next(m for m in outbox(chaser) if m["To"] == address))
                         for lead, (_, address) in LEADS.items()}
        engine.dispose()
        self.template = template / "chaser.db"
        self.count = 0

    def chaser(self) -> Chaser:
        from nlp import extract

        self.count += 1
        folder = self.folder / f"item{self.count}"
        folder.mkdir()
        shutil.copy(self.template, folder / "chaser.db")
        engine = make_engine(f"sqlite:///{folder / 'chaser.db'}")
        return make_chaser(engine, folder, extractor=extract)


def chaser_lines(request: Request) -> list[tuple[str, ...]]:
    """The word sequences of Chaser's request a stored text must never contain (lines of 3+ words, the
    example sentence's halves, each table row)."""
    found = [words(x) for x in request.text.splitlines()]
    found += [words(x) for x in html_to_text(request.html).splitlines()]
    found += [words("7.4 complete on 12 June"), words("7.6 delayed to the end of July")]
    return [f for f in found if len(f) >= 3]


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def normalise(text: str) -> str:
    """Text compared with whitespace runs made single spaces."""
    return " ".join(text.split())


EXPECT = re.compile(r"^(?P<ref>\d{1,2}\.\d{1,2}[a-z]?)\s+(?P<status>complete|in_progress|delayed|blocked|not_started"
                    r"|no_change|noted)(?:\s+(?P<date>\d{4}-\d{2}-\d{2}))?(?:\s+(?P<percent>\d{1,3})%)?$")


def run(world: World, layout: Layout) -> Outcome:
    """Send one layout through ingest and score it."""
    request = world.requests[layout.lead]
    chaser = world.chaser()
    raw = build(layout, request)
    result = ingest_bytes(chaser=chaser, raw=raw)
    problems: list[str] = []
    with Session(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.message_id == result.message_id)).one()
        updates = list(session.exec(select(Update).where(Update.inbound_id == row.id).order_by(col(Update.id))))
        refs = {a.id: a.ref for a in session.exec(select(Action))}
    chaser.engine.dispose()
    expected_state = layout.meta.get("state", "processed")
    if row.state != expected_state:
        problems.append(f"state {row.state} ({row.reason}), expected {expected_state}")
    wanted: dict[str, re.Match[str]] = {}
    for item in filter(None, (x.strip() for x in layout.meta.get("expect", "").split(";"))):
        match = EXPECT.match(item)
        if match is None:
            raise ValueError(f"{layout.name}: cannot read expectation {item!r}")
        wanted[match.group("ref")] = match
    by_ref: dict[str, list[Update]] = {}
    for upd in updates:
        by_ref.setdefault(refs[upd.action_id], []).append(upd)
    for ref, got in by_ref.items():
        if ref not in wanted:
            problems.append(f"{ref} updated ({got[0].status}) but the lead did not write about it")
        elif len(got) > 1:
            problems.append(f"{ref} has {len(got)} updates from one reply")
    for ref, want in wanted.items():
        got = by_ref.get(ref, [])
        if not got:
            problems.append(f"{ref}: no update, expected {want.group(0)}")
            continue
        upd = got[0]
        status = want.group("status")
        if status == "no_change":
            ok = upd.kind == "no_change"
        elif status == "noted":
            ok = upd.status is None
        else:
            ok = upd.status == status
        day = want.group("date")
        if day and str(upd.completed_on if status == "complete" else upd.expected_by) != day:
            ok = False
        if want.group("percent") and upd.percent_complete != int(want.group("percent")):
            ok = False
        if not ok:
            problems.append(f"{ref}: read {upd.status} {upd.completed_on or upd.expected_by or ''} "
                            f"{upd.percent_complete or ''}, expected {want.group(0)}")
    stored_words = words(row.body)
    expected_words = words(layout.words)
    leaked = [" ".join(line) for line in chaser_lines(request)
              if not _contains(expected_words, line)
              and (_contains(stored_words, line) or any(_contains(words(u.text), line) for u in updates))]
    return Outcome(name=layout.name, client=layout.meta.get("client", layout.name), stored=row.body,
                   expected=layout.words, state=row.state, words_ok=normalise(row.body) == normalise(layout.words),
                   fields_ok=not problems, leaked=leaked, problems=problems)


def run_all(folder: Path, names: list[str] | None = None) -> list[Outcome]:
    """Every layout (or those named), each in a fresh copy of the world; an item that raises scores as
    wrong on every count (a traceback is what an MTA pipe would bounce)."""
    world = World(folder)
    outcomes = []
    for layout in layouts():
        if names is not None and layout.name not in names:
            continue
        try:
            outcomes.append(run(world, layout))
        except Exception as exc:
            outcomes.append(Outcome(name=layout.name, client=layout.meta.get("client", layout.name), stored="",
                                    expected=layout.words, state="traceback", words_ok=False, fields_ok=False,
                                    leaked=[], problems=[f"traceback: {type(exc).__name__}: {exc}"]))
    return outcomes
