"""Fixtures for the email tests: the cycle's world, plus a private Dovecot IMAP server."""

from __future__ import annotations

import pytest

from tests.cycle.conftest import chaser  # noqa: F401  (the same fixture, shared)


@pytest.fixture(scope="session")
def dovecot():
    """A private Dovecot for the session (missing dovecot: a failure in CI, a skip elsewhere)."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from tests.email.dovecot import available, start

    if not available():
        if os.environ.get("CI"):
            pytest.fail("dovecot-imapd is not installed, and CI needs it for the IMAP tests")
        pytest.skip("dovecot-imapd is not installed")
    root = Path(tempfile.mkdtemp(prefix="chaser-dovecot-"))
    root.chmod(0o755)
    server = start(root)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_folder(dovecot, request):
    """A fresh folder on the test server, and the CHASER_IMAP_URL that reads it."""
    import re

    from imap_tools import MailBoxUnencrypted

    from tests.email.dovecot import PASSWORD, USER

    name = "t" + re.sub(r"\W", "", request.node.name)[-40:]
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:
        if box.folder.exists(name):
            box.folder.delete(name)
        box.folder.create(name)
    return name, dovecot.url.rsplit("/", 1)[0] + "/" + name
