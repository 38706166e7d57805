"""`chaser chat --as NAME`: a terminal conversation with Chaser as that person, through the same service."""

from __future__ import annotations

import sys
import uuid
from typing import TYPE_CHECKING, TextIO

from bot.inbound.service import handle_inbound
from bot.lookup import open_actions_of, person_by_name
from bot.messages import due_words, human_date
from bot.ports import InboundMessage
from store.db import transaction
from store.errors import ChaserError

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

QUIT = {"quit", "exit", "bye", ":q"}


def _greeting(chaser: Chaser, query: str) -> tuple[str, str]:
    with transaction(chaser.engine) as session:
        person = person_by_name(session, query=query)
        if person is None or person.id is None:
            raise ChaserError(f"--as {query!r}: no one has that name, alias or email (see `chaser people import`)")
        actions = open_actions_of(session, person_id=person.id)
    lines = [f"Chaser: hello {person.name}. Tell me how your actions are going, in your own words;",
             "reply UNDO to reverse your last update, ask a question, or type quit to leave."]
    if actions:
        lines.append("Your open actions:")
        for a in actions:
            due = due_words(a)
            revised = f", revised {human_date(a.expected_by)}" if a.expected_by else ""
            state = a.status.replace("_", " ")
            lines.append(f"  {a.ref}  {' '.join(a.title.split())[:70]} (due {due}{revised}; {state})")
    return person.name, "\n".join(lines)


def run_console(*, chaser: Chaser, person: str, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
    """Read lines as ``person`` until end of input or ``quit``; print Chaser's replies."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    name, greeting = _greeting(chaser, person)
    print(greeting, file=stdout, flush=True)
    while True:
        print(f"{name}> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            print("", file=stdout)
            return
        text = line.strip()
        if not text:
            continue
        if text.lower() in QUIT:
            print("Chaser: goodbye.", file=stdout)
            return
        message = InboundMessage(channel="console", message_id=f"console:{uuid.uuid4()}", sender=name, text=text,
                                 written_at=chaser.clock.now(), raw=text)
        replies = handle_inbound(chaser=chaser, message=message)
        for reply in replies or []:
            print(f"Chaser: {reply.text.strip()}", file=stdout, flush=True)
        if not replies:
            print("Chaser: sorry, I could not take that in; it has been kept for the coordinator to see.",
                  file=stdout, flush=True)
