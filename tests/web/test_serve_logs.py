"""`chaser serve`'s output: stdout holds only what a person is told to open; the log, the web access log
too, goes to stderr in the service's one format, with the one-time tokens redacted."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_access_log_goes_to_stderr_and_stdout_keeps_the_setup_link(tmp_path):
    port = _free_port()
    env = {"CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'chaser.db'}", "CHASER_OUTBOX_DIR": str(tmp_path / "outbox"),
           "CHASER_LOCK_FILE": str(tmp_path / "chaser.lock"), "PATH": "/usr/bin:/bin"}
    service = subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "serve", "--port", str(port)],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert service.stdout is not None
        first = service.stdout.readline()  # printed before the web server starts
        link = re.search(r"http://\S+/setup\?token=\S+", first)
        assert link, first
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(link.group(0), timeout=5) as page:
                    assert page.status == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        service.send_signal(signal.SIGTERM)
        out, err = service.communicate(timeout=60)
    assert service.returncode == 0, err
    assert out == ""  # nothing after the link: no access log lines among what a person reads
    access = [line for line in err.splitlines() if "uvicorn.access" in line]
    assert len(access) == 1, err
    assert re.fullmatch(r'\d{4}-\d\d-\d\d [\d:,]+ INFO uvicorn\.access: 127\.0\.0\.1:\d+ - '
                        r'"GET /setup\?token=\[redacted\] HTTP/1\.1" 200', access[0]), access[0]
    assert link.group(0).split("token=")[1] not in err
    assert "Chaser stopped cleanly" in err
