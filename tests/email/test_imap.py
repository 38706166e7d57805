"""Replies fetched over IMAP from a real Dovecot: applied once, across restarts and a UIDVALIDITY change."""

from __future__ import annotations

from datetime import datetime

import pytest
from imap_tools import MailBoxUnencrypted
from sqlmodel import Session, select

from adapters.email.imap import parse_imap_url, poll_once
from bot.cycle import run_cycle
from bot.inbound.mailbox import checkpoint
from nlp import extract
from store.errors import ChaserError
from store.models import Update
from tests.cycle.world import LONDON, action, mail_to, make_chaser, reply_to
from tests.email.dovecot import PASSWORD, USER

pytestmark = pytest.mark.imap
SUE = "sue.fiennes@herefordshire.example"
WED = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)


def _append(dovecot, folder: str, raw: bytes) -> None:
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:
        box.append(raw, folder)


def test_reply_over_imap_updates_the_actions_once(chaser, dovecot, imap_folder):
    folder, url = imap_folder
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    _append(dovecot, folder, reply_to(request, sender=SUE, when=WED, text="7.4 was completed on Monday."))
    _append(dovecot, folder, b"From: newsletter@example.org\r\nTo: chaser@herefordshire.example\r\n"
                             b"Subject: News\r\nPrecedence: bulk\r\nMessage-ID: <n1@example.org>\r\n\r\n7.6 done\r\n")
    first = poll_once(chaser=chaser, url=url)
    assert (first.fetched, first.stored) == (2, 2)
    assert action(chaser.engine, "7.4").status == "complete"
    assert action(chaser.engine, "7.6").status == "blocked"
    confirmation = mail_to(chaser, SUE, "Re:")
    assert len(confirmation) == 1
    body = confirmation[0].get_body(("plain",)).get_content()
    assert body.startswith("Thanks — recorded: 7.4 complete (12 Jun 2006)")
    again = poll_once(chaser=chaser, url=url)
    assert again.fetched == 0
    restarted = make_chaser(chaser.engine, chaser.settings.outbox_dir.parent, clock=chaser.clock,
                            extractor=extract)
    assert poll_once(chaser=restarted, url=url).fetched == 0
    point = checkpoint(chaser=chaser, mailbox=parse_imap_url(url).name)
    assert point is not None and point.last_uid == 2
    with Session(chaser.engine) as session:
        assert len(list(session.exec(select(Update).where(Update.kind != "import")))) == 1


def test_uidvalidity_change_rereads_without_double_processing(chaser, dovecot, imap_folder):
    folder, url = imap_folder
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    raw = reply_to(request, sender=SUE, when=WED, text="7.4 is complete.", message_id="<uv1@herefordshire.example>")
    _append(dovecot, folder, raw)
    poll_once(chaser=chaser, url=url)
    before = checkpoint(chaser=chaser, mailbox=parse_imap_url(url).name)
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:  # the mailbox is rebuilt
        box.folder.delete(folder)
        box.folder.create(folder)
        box.append(raw, folder)
        box.append(reply_to(request, sender=SUE, when=WED, text="7.6 is delayed to the end of July."), folder)
    result = poll_once(chaser=chaser, url=url)
    after = checkpoint(chaser=chaser, mailbox=parse_imap_url(url).name)
    assert before is not None and after is not None and after.uidvalidity != before.uidvalidity
    assert (result.fetched, result.duplicates, result.stored) == (2, 1, 1)
    with Session(chaser.engine) as session:
        assert sorted(a.ref for a in [action(chaser.engine, "7.4"), action(chaser.engine, "7.6")]) == ["7.4", "7.6"]
        assert len(list(session.exec(select(Update).where(Update.kind != "import")))) == 2
    assert action(chaser.engine, "7.6").status == "delayed"


def test_imap_url_errors_are_clear():
    with pytest.raises(ChaserError, match="CHASER_IMAP_URL has scheme 'http'"):
        parse_imap_url("http://x@host/INBOX")
    target = parse_imap_url("imaps://reply%40council.gov.uk:s3cret@mail.council.gov.uk/Replies")
    assert (target.user, target.port, target.folder, target.tls) == ("reply@council.gov.uk", 993, "Replies", True)
    assert "s3cret" not in target.name


def test_a_wrong_imap_password_is_logged_without_secrets(chaser, dovecot, imap_folder, caplog):
    """The service's IMAP loop keeps going after a failed login, and the log never holds the URL's secret."""
    import logging
    import threading

    from pydantic import SecretStr

    from bot.service_runner import _imap_loop

    _, url = imap_folder
    wrong = url.replace(PASSWORD, "not-the-right-s3cret")
    assert wrong != url
    chaser.settings.imap_url = SecretStr(wrong)
    chaser.settings.imap_poll_seconds = 0
    stop = threading.Event()
    caplog.set_level(logging.DEBUG)
    worker = threading.Thread(target=_imap_loop, args=(chaser, stop), daemon=True)
    worker.start()
    for _ in range(100):
        if any("IMAP poll failed" in r.getMessage() for r in caplog.records):
            break
        stop.wait(0.05)
    stop.set()
    worker.join(timeout=10)
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "IMAP poll failed" in messages
    assert "not-the-right-s3cret" not in messages and "not-the-right-s3cret" not in caplog.text
