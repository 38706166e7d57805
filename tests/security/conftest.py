"""Fixtures for the hostile-input tests: the cycle's world (a Chaser on a fixed clock) and the question fixtures."""

from __future__ import annotations

from tests.ask.conftest import fresh_ask  # noqa: F401  (the same fixtures, shared)
from tests.cycle.conftest import chaser  # noqa: F401
from tests.email.conftest import dovecot, imap_folder  # noqa: E402, F401
