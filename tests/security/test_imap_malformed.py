"""Over IMAP an unreadable message is stored (quarantined, with its checkpoint), never skipped and
lost, and the messages after it are still read."""

from __future__ import annotations

from datetime import datetime

import pytest
from imap_tools import MailBoxUnencrypted
from sqlmodel import Session, select

from adapters.email.imap import parse_imap_url, poll_once
from bot.cycle.round import run_cycle
from bot.inbound.mailbox import checkpoint
from store.models import InboundMessage
from tests.cycle.world import LONDON, action, mail_to, reply_to
from tests.email.dovecot import PASSWORD, USER

pytestmark = pytest.mark.imap
SUE = "sue.fiennes@herefordshire.example"


def test_an_unreadable_message_is_stored_and_the_next_one_read(chaser, dovecot, imap_folder):
    folder, url = imap_folder
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    bad = (b"From: Sue <sue.fiennes@herefordshire.example>\r\nTo: chaser@herefordshire.example\r\n"
           b"Message-ID: <bad-charset@x>\r\nContent-Type: text/plain; charset=x-made-up-99\r\n\r\n7.4 done\r\n")
    good = reply_to(request, sender=SUE, when=datetime(2006, 6, 14, 10, 30, tzinfo=LONDON), text="7.6 is complete.")
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:
        box.append(bad, folder)
        box.append(good, folder)
    result = poll_once(chaser=chaser, url=url)
    assert (result.fetched, result.stored) == (2, 2)
    with Session(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.message_id == "<bad-charset@x>")).one()
    assert row.state == "quarantined" and "unreadable" in row.reason
    assert row.raw_bytes is not None and b"x-made-up-99" in row.raw_bytes
    assert action(chaser.engine, "7.6").status == "complete"
    point = checkpoint(chaser=chaser, mailbox=parse_imap_url(url).name)
    assert point is not None and point.last_uid == 2
