"""Every platform Chaser talks to, local: the tests' own fakes of Slack, Telegram and Teams, an
aiosmtpd SMTP sink and a private Dovecot, each able to fail a share of calls at random (429 with a
Retry-After, or a 5xx; a 451 for SMTP) and each recording when every call came."""

from __future__ import annotations

import random
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tests.email import dovecot as dovecot_server
from tests.slack.fake_api import FakeSlack, start_fake_slack
from tests.teams.fakes import FakeMicrosoft
from tests.telegram.fake_api import FakeBotApi

SENDING = ("chat.postMessage", "chat.update", "sendMessage", "editMessageText")  # (and every Teams connector call)


@dataclass
class Chaos:
    """Which calls fail: ``throttle`` of them answer 429 (Retry-After 1-``longest_wait`` s), ``errors`` a 5xx."""

    throttle: float = 0.0
    errors: float = 0.0
    longest_wait: int = 2
    rng: random.Random = field(default_factory=lambda: random.Random(19))
    lock: threading.Lock = field(default_factory=threading.Lock)
    injected: dict[str, int] = field(default_factory=lambda: {"429": 0, "5xx": 0})

    def roll(self) -> tuple[int, int | None] | None:
        with self.lock:
            draw = self.rng.random()
            if draw < self.throttle:
                self.injected["429"] += 1
                return 429, self.rng.randint(1, self.longest_wait)
            if draw < self.throttle + self.errors:
                self.injected["5xx"] += 1
                return self.rng.choice((500, 502, 503)), None
            return None


@dataclass
class Mail:
    """One message the SMTP sink accepted, and when."""

    at: float
    message: EmailMessage


class SmtpSink:
    """aiosmtpd's handler: keeps every message, or answers 451 when the chaos says so."""

    def __init__(self, chaos: Chaos) -> None:
        self.chaos = chaos
        self.mails: list[Mail] = []
        self.refused: list[float] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.chaos.roll() is not None:
            self.refused.append(time.monotonic())
            return "451 4.3.0 Temporary failure, try again later"
        self.mails.append(Mail(at=time.monotonic(), message=message_from_bytes(envelope.content,
                                                                                policy=policy.default)))
        return "250 OK"


@dataclass
class Platforms:
    """The running fakes, and how to stop them."""

    chaos: Chaos
    slack: FakeSlack
    slack_server: ThreadingHTTPServer
    telegram: FakeBotApi
    microsoft: FakeMicrosoft
    smtp: SmtpSink
    smtp_controller: Controller
    smtp_port: int
    imap: dovecot_server.Dovecot
    imap_root: Path

    def stop(self) -> None:
        self.slack_server.shutdown()
        self.slack_server.server_close()
        self.telegram.stop()
        self.microsoft.stop()
        self.smtp_controller.stop()
        self.imap.stop()
        shutil.rmtree(self.imap_root, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_platforms(*, telegram_chats: set[int], seed: int) -> Platforms:
    """Start every fake on a free port of 127.0.0.1; faults are off until ``chaos`` rates are set."""
    chaos = Chaos(rng=random.Random(seed))
    slack, slack_server = start_fake_slack()
    slack.chaos = lambda method: chaos.roll() if method in SENDING else None
    telegram = FakeBotApi(chats=set(telegram_chats))
    telegram.chaos = lambda method: chaos.roll() if method in SENDING else None
    telegram.start()
    microsoft = FakeMicrosoft()
    microsoft.chaos = chaos.roll
    microsoft.start()
    sink = SmtpSink(chaos)
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, data_size_limit=50 * 1024 * 1024)
    controller.start()
    if not dovecot_server.available():
        raise RuntimeError("Dovecot is not installed (Debian: dovecot-imapd); the fault suite reads mail over IMAP")
    root = Path(tempfile.mkdtemp(prefix="chaser-faults-dovecot-"))
    root.chmod(0o755)
    imap = dovecot_server.start(root)
    return Platforms(chaos=chaos, slack=slack, slack_server=slack_server, telegram=telegram, microsoft=microsoft,
                     smtp=sink, smtp_controller=controller, smtp_port=port, imap=imap, imap_root=root)
