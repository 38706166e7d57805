"""`chaser serve`: the scheduler, IMAP polling and a clean stop, in-process and on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime

import pytest
from imap_tools import MailBoxUnencrypted
from pydantic import SecretStr

from bot.cycle import run_cycle
from bot.service_runner import run_forever
from tests.cycle.world import LONDON, action, mail_to, reply_to
from tests.email.dovecot import PASSWORD, USER

SUE = "sue.fiennes@herefordshire.example"


def _wait_for(condition, what: str, limit: float = 30.0) -> None:
    """Wait until ``condition()`` holds (readiness, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


@pytest.mark.imap
def test_serve_polls_imap_and_stops_cleanly(chaser, dovecot, imap_folder):
    folder, url = imap_folder
    run_cycle(chaser=chaser, plan_name="jar")
    request = mail_to(chaser, SUE, "Progress")[0]
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:
        box.append(reply_to(request, sender=SUE, text="7.4 is complete.",
                            when=datetime(2006, 6, 13, 9, 0, tzinfo=LONDON)), folder)
    chaser.settings.imap_url = SecretStr(url)
    chaser.settings.imap_poll_seconds = 3600  # only IMAP IDLE can bring the second reply in time
    chaser.settings.web_port = 0
    stop = threading.Event()
    runner = threading.Thread(target=run_forever, args=(chaser,), kwargs={"stop": stop}, daemon=True)
    runner.start()
    _wait_for(lambda: action(chaser.engine, "7.4").status == "complete", "the IMAP reply to be applied")
    _wait_for(lambda: bool(mail_to(chaser, SUE, "Re:")), "the confirmation")
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:  # arrives while serving
        box.append(reply_to(request, sender=SUE, text="7.6 is delayed to the end of July.",
                            when=datetime(2006, 6, 13, 10, 0, tzinfo=LONDON)), folder)
    _wait_for(lambda: action(chaser.engine, "7.6").status == "delayed", "the second reply (IMAP IDLE)")
    stop.set()
    runner.join(timeout=60)
    assert not runner.is_alive()


def test_chaser_serve_stops_on_sigterm(tmp_path):
    env = dict(os.environ, CHASER_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}", CHASER_OUTBOX_DIR=str(tmp_path / "o"),
               CHASER_LOCK_FILE=str(tmp_path / "c.lock"), CHASER_WEB_PORT="0")
    env.pop("CHASER_IMAP_URL", None)
    proc = subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "serve"], cwd=tmp_path,
                            env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True)
    reader.start()
    _wait_for(lambda: any("scheduler started" in line for line in lines), "the service to start")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    reader.join(timeout=10)
    assert any("Chaser stopped cleanly" in line for line in lines)
