"""Benchmark: `chaser email ingest -` as a mail server runs it, one fresh process per message.

Three cases: a `chaser serve` on this machine (its pipe socket listening, as the service runs it:
the pipe hands the message over and the service stores it); a service elsewhere on the database
(only its presence lock held: the pipe stores the message itself and exits); no service (the pipe
stores and processes it: NLP, the update, the confirmation). Prints wall and CPU seconds per
message (medians; CPU is the pipe's own, the listener's share is shown apart), and how long the
service's worker then takes to process what was stored.

Run: ``.venv/bin/python -m benchmarks.bench_ingest [N]`` (N messages each way, default 5; SQLite in a temp dir).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from adapters.email.pipe_listener import PipeListener
from bot.cycle import run_cycle
from bot.inbound.presence import ServicePresence
from bot.inbound.service import process_pending
from tests.cycle.world import FROM, LONDON, load_world, mail_to, make_chaser, reply_to

LEADS = ("sue.fiennes@herefordshire.example", "jane.jones@herefordshire.example", "tony.geeson@herefordshire.example")
TEXT = "Good progress: now 60% done, expected by the end of July."


def pipe(raw: bytes, env: dict[str, str]) -> tuple[float, float, str]:
    """One `chaser email ingest -` in a fresh process: wall s, CPU s, its output."""
    script = Path(sys.executable).parent / "chaser"
    started = time.perf_counter()
    child = subprocess.Popen([str(script), "email", "ingest", "-", "--today", "2006-06-14"], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(raw)
    child.stdin.close()
    output = child.stdout.read().decode()
    _pid, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise RuntimeError(f"chaser email ingest failed: {child.stderr.read().decode() if child.stderr else status}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, output


def report(label: str, runs: list[tuple[float, float, str]]) -> None:
    med = statistics.median
    print(f"{label:<34} wall {med(r[0] for r in runs):6.2f} s   CPU {med(r[1] for r in runs):6.2f} s   "
          f"({len(runs)} messages; first said: {runs[0][2].splitlines()[0].split(': ', 1)[-1]})")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        from store.db import make_engine

        engine = make_engine(f"sqlite:///{folder / 'chaser.db'}")
        load_world(engine)
        chaser = make_chaser(engine, folder)
        run_cycle(chaser=chaser, plan_name="jar")
        requests = [mail_to(chaser, lead, "Progress")[0] for lead in LEADS]
        when = datetime(2006, 6, 14, 10, 30, tzinfo=LONDON)
        replies = [reply_to(requests[n % len(LEADS)], sender=LEADS[n % len(LEADS)], when=when, text=TEXT)
                   for n in range(3 * count)]
        (folder / "chaser.toml").write_text("", encoding="utf-8")
        env = {**os.environ, "CHASER_DATABASE_URL": str(engine.url), "CHASER_OUTBOX_DIR": str(folder / "outbox"),
               "CHASER_EMAIL_FROM": FROM, "CHASER_WEB_SECRET": "test-world-signing-secret",
               "CHASER_CONFIG": str(folder / "chaser.toml"), "CHASER_LOCK_FILE": str(chaser.settings.lock_file)}
        for key in ("CHASER_SMTP_URL", "CHASER_IMAP_URL"):
            env.pop(key, None)
        presence = ServicePresence(engine=engine)
        presence.hold()
        try:
            listener = PipeListener(chaser=chaser)
            listener.start()
            cpu = time.process_time()
            try:
                report("service here: hand over and exit", [pipe(raw, env) for raw in replies[2 * count:]])
            finally:
                listener.stop()
            print(f"{'  the service storing them':<34} {'':13} CPU {(time.process_time() - cpu) / count:6.2f} s   "
                  "per message (in the service's process)")
            report("service elsewhere: store and exit", [pipe(raw, env) for raw in replies[:count]])
            started, cpu = time.perf_counter(), time.process_time()
            processed = process_pending(chaser=chaser)  # what the service's worker does with them
            stored = 2 * count
            print(f"{'worker processes them':<34} wall {(time.perf_counter() - started) / stored:6.2f} s   "
                  f"CPU {(time.process_time() - cpu) / stored:6.2f} s   per message, warm ({len(processed)} replies)")
        finally:
            presence.release()
        report("no service: store and process", [pipe(raw, env) for raw in replies[count:2 * count]])
        engine.dispose()


if __name__ == "__main__":
    main()
