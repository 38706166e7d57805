"""`chaser` as the operator runs it: commands, and `chaser serve` in a subprocess that the suite
kills with SIGKILL and starts again, its log kept to look for tracebacks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

CHASER = [sys.executable, "-c", "from bot.entry import main; main()"]  # (as the `chaser` script)
READY = "Chaser is running"


def run_chaser(args: list[str], *, env: dict[str, str], cwd: Path, stdin: bytes | None = None,
               timeout: float = 900) -> subprocess.CompletedProcess[bytes]:
    """One `chaser` command; its stderr goes to the run's log."""
    done = subprocess.run([*CHASER, *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=timeout)
    with (cwd / "commands.log").open("ab") as log:
        log.write(b"$ chaser " + " ".join(args).encode() + b"\n" + done.stdout[-2000:] + done.stderr + b"\n")
    return done


@dataclass
class Service:
    """`chaser serve`, started again after each kill; every run's log is kept."""

    env: dict[str, str]
    cwd: Path
    port: int
    runs: int = 0
    kills: int = 0
    proc: subprocess.Popen[str] | None = None
    lines: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, wait: bool = True) -> None:
        self.runs += 1
        self.lines.append(f"--- run {self.runs} ---\n")
        self.proc = subprocess.Popen([*CHASER, "serve"], cwd=self.cwd, env=self.env, stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, text=True)
        proc = self.proc
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()
        if wait:
            self.wait_ready(proc)

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in iter(proc.stderr.readline, ""):
            with self._lock:
                self.lines.append(line)

    def wait_ready(self, proc: subprocess.Popen[str], limit: float = 180.0) -> None:
        """Until the web server answers (readiness, not a measurement)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("chaser serve exited:\n" + "".join(self.lines[-40:]))
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("chaser serve did not start:\n" + "".join(self.lines[-40:]))

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a crash or the OOM killer."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=60)
            self.kills += 1

    def restart_after_kill(self) -> None:
        self.kill()
        self.start(wait=False)

    def stop(self) -> int:
        """SIGTERM and wait; the exit status (0 is a clean stop)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.kill()
            return -9

    def log(self) -> str:
        with self._lock:
            return "".join(self.lines)


def base_env(*, folder: Path, database_url: str, port: int, extra: dict[str, str]) -> dict[str, str]:
    """The environment of every `chaser` process in a run (nothing inherited from the caller's CHASER_*)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASER_")}
    env.update(CHASER_DATABASE_URL=database_url, CHASER_OUTBOX_DIR=str(folder / "outbox"),
               CHASER_LOCK_FILE=str(folder / "chaser.lock"), CHASER_WEB_PORT=str(port),
               CHASER_PUBLIC_URL=f"http://127.0.0.1:{port}", CHASER_EMAIL_FROM="chaser@council.example",
               CHASER_WEB_SECRET="faults-suite-web-secret-0123456789abcdef", **extra)
    return env
