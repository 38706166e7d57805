"""Web app latency on the shipped example (63 actions, 8 leads): the dashboard with its SVG charts, a
lead's one-tap answer page, and a confirmed answer (through the service), p50 and p95 in milliseconds.

Run: ``.venv/bin/python benchmarks/bench_web.py`` (SQLite in a temp dir, the app in-process through
Starlette's test client, so the numbers are the app's own time, not the network's).
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from adapters.web import create_app
from adapters.web.auth import SigninTokens, signing_secret
from adapters.web.example import coordinator, load_example
from bot.bootstrap import Chaser, answer_links
from store.clock import LONDON, FixedClock
from store.db import make_engine
from store.models import Request
from store.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROUNDS = 60


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(ordered)})"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="chaser-bench-web-"))
    settings = Settings(database_url=f"sqlite:///{folder / 'chaser.db'}", outbox_dir=folder / "outbox",
                        public_url="http://testserver", smtp_url=None)
    chaser = Chaser(settings=settings, engine=make_engine(settings.database_url),
                    clock=FixedClock(datetime(2006, 6, 14, 10, 0, tzinfo=LONDON)))
    started = time.perf_counter()
    load_example(chaser=chaser)
    print(f"load the example (people, 63-action plan, one round of 8 requests): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    lead = coordinator(chaser=chaser)
    assert lead is not None and lead.id is not None
    with Session(chaser.engine) as s:
        requests = list(s.exec(select(Request)))
    links = [answer_links(chaser).page(request_id=r.id or 0, person_id=r.person_id) for r in requests]
    with TestClient(create_app(chaser=chaser), follow_redirects=False) as client:
        token = SigninTokens(secret=signing_secret(settings), clock=chaser.clock).issue(lead.id)
        page = client.get(f"/signin/{token}")
        client.post(f"/signin/{token}", data={"csrf_token": re.search(r'csrf_token" value="([^"]+)', page.text)[1]})
        timings: dict[str, list[float]] = {"dashboard (headline, 2 SVG charts, tables)": [],
                                           "lead's answer page (all their actions)": [],
                                           "confirm one answer (intake.take, one update)": []}
        for n in range(ROUNDS):
            t = time.perf_counter()
            assert client.get("/").status_code == 200
            timings["dashboard (headline, 2 SVG charts, tables)"].append(time.perf_counter() - t)
            link = links[n % len(links)].removeprefix("http://testserver")
            t = time.perf_counter()
            answer = client.get(link)
            timings["lead's answer page (all their actions)"].append(time.perf_counter() - t)
            ids = re.findall(r'name="status-(\d+)"', answer.text)
            if not ids:
                continue
            form = {"csrf_token": re.search(r'csrf_token" value="([^"]+)', answer.text)[1],
                    "form_id": re.search(r'form_id" value="([^"]+)', answer.text)[1], f"status-{ids[0]}": "in_progress"}
            t = time.perf_counter()
            assert client.post(link, data=form).status_code == 200
            timings["confirm one answer (intake.take, one update)"].append(time.perf_counter() - t)
    for name, samples in timings.items():
        print(f"{name:48s} {_ms(samples)}")


if __name__ == "__main__":
    main()
