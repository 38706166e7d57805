"""`chaser serve` started a second time on the SQLite file a first one serves: one line, nothing loaded or printed."""

from __future__ import annotations

import socket
import subprocess
import sys

from filelock import FileLock

from bot.service_runner import already_running_message, serving_here


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_second_serve_on_a_served_sqlite_file_is_refused_before_the_example_is_loaded(tmp_path):
    database = tmp_path / "chaser.db"
    env = {"CHASER_DATABASE_URL": f"sqlite:///{database}", "CHASER_OUTBOX_DIR": str(tmp_path / "outbox"),
           "CHASER_LOCK_FILE": str(tmp_path / "chaser.lock"), "PATH": "/usr/bin:/bin"}
    first = FileLock(str(tmp_path / "chaser.db.serve.lock"))  # what the running `chaser serve` holds
    first.acquire(timeout=0)
    try:
        # the same command again, and again on another port as the busy-port message suggests
        for args in (["serve", "--example"], ["serve", "--example", "--port", str(_free_port())]):
            done = subprocess.run([sys.executable, "-c", "from bot.cli import main; main()", *args],
                                  cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 1
            assert done.stdout == ""  # no "Loaded the example", no sign-in link that would lead nowhere
            expected = f"chaser: error: {already_running_message(env['CHASER_DATABASE_URL'])}"
            assert done.stderr.strip().splitlines() == [expected]
        assert not database.exists() and not (tmp_path / "outbox").exists()  # nothing loaded, nothing sent
    finally:
        first.release()


def test_serving_here_reads_the_lock_without_taking_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert not serving_here(url)  # no lock file at all
    lock = FileLock(str(tmp_path / "c.db.serve.lock"))
    with lock:
        assert serving_here(url)
    assert not serving_here(url)  # a lock file left behind by a stopped service
    assert not serving_here("postgresql+psycopg://postgres@127.0.0.1/chaser")  # several instances are allowed there
    assert not serving_here("sqlite://")  # in memory
    assert "Chaser is already running on the database ./chaser.db" in already_running_message("sqlite:///./chaser.db")
