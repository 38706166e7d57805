"""Outgoing mail: the outbox folder (embedded default) and a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from adapters.email.mailer import OutboxMailer, SmtpMailer, mailer_from_settings
from bot.ports import deterministic_message_id
from store.clock import FixedClock
from store.errors import ChaserError
from store.settings import Settings


def _message(to: str = "sue.fiennes@example.gov.uk") -> EmailMessage:
    msg = EmailMessage()
    msg["To"] = to
    msg["Subject"] = "Progress on your JAR actions"
    msg.set_content("Please reply with progress.")
    msg.add_alternative("<p>Please reply with progress.</p>", subtype="html")
    return msg


def test_outbox_writes_one_file_per_message_id(tmp_path):
    mailer = OutboxMailer(folder=tmp_path / "outbox", sender="chaser@herefordshire.example", clock=FixedClock())
    key_id = deterministic_message_id("request:7:1", sender="chaser@herefordshire.example")
    for _ in range(2):  # a retried send of the same message leaves one file
        msg = _message()
        msg["Message-ID"] = key_id
        assert mailer.send(msg) == key_id
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["From"] == "chaser@herefordshire.example"
    assert parsed["Date"] == "Mon, 12 Jun 2006 09:00:00 +0100"


def test_deterministic_message_id_is_stable_and_distinct():
    a = deterministic_message_id("request:1", sender="c@x.org")
    assert a == deterministic_message_id("request:1", sender="c@x.org")
    assert a != deterministic_message_id("request:2", sender="c@x.org")
    assert a.endswith("@x.org>")


class _Collect:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_smtp_sends_to_a_real_local_server():
    handler = _Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mailer = SmtpMailer(url=f"smtp://127.0.0.1:{port}", sender="chaser@herefordshire.example")
        message_id = mailer.send(_message())
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    parsed = message_from_bytes(handler.messages[0], policy=policy.default)
    assert parsed["Message-ID"] == message_id
    assert parsed.get_body(("plain",)).get_content().strip() == "Please reply with progress."


def test_unknown_smtp_scheme_is_a_clear_error():
    with pytest.raises(ChaserError, match="CHASER_SMTP_URL"):
        SmtpMailer(url="http://127.0.0.1:25", attempts=1).send(_message())


def test_settings_choose_outbox_by_default(tmp_path):
    mailer = mailer_from_settings(Settings(outbox_dir=tmp_path / "o"))
    assert isinstance(mailer, OutboxMailer)
    mailer = mailer_from_settings(Settings(smtp_url="smtp://127.0.0.1:2525"))
    assert isinstance(mailer, SmtpMailer)


class _Counting(_Collect):
    """Also counts the sessions (connections) the server saw, and can drop the connection after DATA."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[object] = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        self.sessions.append(session)
        session.host_name = hostname
        return responses


@pytest.fixture
def counting_smtp():
    """A local SMTP server that counts connections: (its handler, its smtp:// URL)."""
    handler = _Counting()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def test_smtp_keeps_one_connection_for_many_messages_and_reconnects_when_dropped(counting_smtp):
    handler, url = counting_smtp
    mailer = SmtpMailer(url=url, sender="chaser@herefordshire.example", per_connection=3)
    for n in range(4):
        mailer.send(_message(f"lead{n}@example.gov.uk"))
    assert len(handler.messages) == 4
    assert len(handler.sessions) == 2  # three on the first connection, then a new one
    assert mailer._open is not None
    mailer._open.sock.shutdown(socket.SHUT_RDWR)  # the server (or a firewall) dropped the kept connection
    mailer.send(_message("after@example.gov.uk"))
    assert len(handler.messages) == 5 and len(handler.sessions) == 3  # sent on a new connection at once
    tos = [message_from_bytes(m, policy=policy.default)["To"] for m in handler.messages]
    assert tos[-1] == "after@example.gov.uk"


def test_smtp_opens_a_new_connection_after_it_was_idle(counting_smtp):
    handler, url = counting_smtp
    mailer = SmtpMailer(url=url, sender="chaser@herefordshire.example", idle_seconds=0.0)
    mailer.send(_message())
    mailer.send(_message())
    assert len(handler.messages) == 2 and len(handler.sessions) == 2
