"""The web app in headless Chromium (Debian's), served by uvicorn: sign in by the emailed link, look around."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.bootstrap import Chaser
from store.clock import LONDON, FixedClock
from tests.web.conftest import World, make_world, outbox_links
from tests.web.live_server import live_chaser

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _need_chromium() -> None:
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Debian's chromium is not installed at {CHROMIUM}, and CI needs it")
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}")


@dataclass
class LiveApp:
    url: str
    chaser: Chaser
    world: World


@pytest.fixture
def live_app(sqlite_engine, tmp_path) -> Iterator[LiveApp]:
    """The app under uvicorn on a free 127.0.0.1 port, in a thread."""
    world = make_world(sqlite_engine)
    with live_chaser(engine=sqlite_engine, tmp_path=tmp_path,
                     clock=FixedClock(datetime(2006, 6, 14, 10, 0, tzinfo=LONDON))) as (url, chaser):
        yield LiveApp(url=url, chaser=chaser, world=world)


def test_sign_in_by_emailed_link_then_dashboard_and_action_page(live_app, tmp_path):
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(live_app.url + "/")
            expect(page).to_have_url(live_app.url + "/signin")
            page.get_by_label("Your email address").fill("alice.adams@council.example")
            page.get_by_role("button", name="Email me a sign-in link").click()
            expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

            # The email goes out after the page is sent (a background task, so the response time
            # never tells whether the address is known): wait for it, within bounds.
            deadline = time.monotonic() + 15
            while not outbox_links(live_app.chaser.settings.outbox_dir) and time.monotonic() < deadline:
                time.sleep(0.05)
            [(to, link)] = outbox_links(live_app.chaser.settings.outbox_dir)
            assert to == "alice.adams@council.example" and link.startswith(live_app.url + "/signin/")
            page.goto(link)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(live_app.url + "/")
            expect(page.get_by_text("Signed in as Alice Adams")).to_be_visible()
            expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
            expect(page.get_by_text("jar: 3 actions, 1 overdue")).to_be_visible()
            expect(page.get_by_role("columnheader", name="Red (overdue or blocked)")).to_be_visible()
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

            page.get_by_role("link", name="JAR Action Plan").click()
            page.get_by_role("link", name="7.2", exact=True).click()
            expect(page.get_by_role("heading", name="7.2 Agree the joint commissioning strategy")).to_be_visible()
            expect(page.locator("blockquote.words")).to_have_text(
                "Draft is with legal <b>now</b>; expect sign-off\nby end of July.")
            expect(page.get_by_label("Your progress on 7.2, in your own words")).to_be_visible()
            shot = tmp_path / "action.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

            page.goto(f"{live_app.url}/actions/{live_app.world.actions['7.3']}")  # Bob's action
            expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        finally:
            browser.close()
    if os.environ.get("CHASER_DOCS_SCREENSHOTS"):  # `CHASER_DOCS_SCREENSHOTS=docs pytest -k browser` refreshes docs
        shutil.copy(shot, Path(os.environ["CHASER_DOCS_SCREENSHOTS"]) / "web-action.png")
