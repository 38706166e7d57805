"""Questions asked by email and in the terminal reach the real question answerer (no stand-ins)."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlmodel import Session, select

from adapters.console import run_console
from adapters.email import ingest_bytes
from store.clock import LONDON
from store.models import InboundMessage, Update
from tests.cycle.world import FROM, mail_to

CHRIS = "chris.doyle@herefordshire.example"
JANE = "jane.jones@herefordshire.example"


def _mail(*, sender: str, text: str, chaser) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = FROM
    mail["Subject"] = "Question"
    mail["Date"] = format_datetime(chaser.clock.now().astimezone(LONDON))
    mail["Message-ID"] = make_msgid(domain="herefordshire.example")
    mail.set_content(text)
    return bytes(mail)


def test_the_coordinator_asks_by_email_and_gets_the_whole_list(chaser):
    ingest_bytes(chaser=chaser, raw=_mail(sender=CHRIS, text="What's overdue?\n\nChris", chaser=chaser))
    [answer] = mail_to(chaser, CHRIS)
    body = answer.get_body(("plain",)).get_content()
    # On 12 Jun 2006, 7.4 (due 30 Apr 2006) is overdue; 7.6 is due 30 Jun, 7.5 next March.
    assert body.startswith("1 action overdue, as of 12 Jun 2006:\n- 7.4 Full SMART Forward Delivery Plan")
    with Session(chaser.engine) as session:
        assert not list(session.exec(select(Update).where(Update.kind != "import")))
        assert session.exec(select(InboundMessage.reason)).one() == "question"


def test_a_lead_asking_about_someone_elses_actions_is_told_no(chaser):
    ingest_bytes(chaser=chaser, raw=_mail(sender=JANE, text="How is 7.6 going?", chaser=chaser))
    [answer] = mail_to(chaser, JANE)
    body = answer.get_body(("plain",)).get_content()
    assert "7.6" in body and "Waiting for the DfES capital allocation" not in body


def test_the_coordinator_asks_in_the_terminal(chaser):
    out = io.StringIO()
    run_console(chaser=chaser, person="Chris Doyle", stdin=io.StringIO("what's blocked?\nquit\n"), stdout=out)
    text = out.getvalue()
    assert "Chaser: 1 action blocked, as of 12 Jun 2006:" in text
    assert "- 7.6 Children's Centres development programme" in text
