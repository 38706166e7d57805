"""An indicator's page in headless Chromium (Debian's): from the dashboard's indicators off track to the page,
its chart drawn with its numbers in a table, the readings' words, and the coordinator's settings form."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from store.clock import LONDON, FixedClock
from tests.indicator_fixtures import add_seed_indicators
from tests.web.conftest import make_world, outbox_links
from tests.web.live_server import live_chaser
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, LiveApp, _need_chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def live_app(sqlite_engine, tmp_path) -> Iterator[LiveApp]:
    world = make_world(sqlite_engine)
    add_seed_indicators(sqlite_engine, plan_id=world.plan, owner="Alice Adams", owners={"CH141": "Bob Brown"})
    with live_chaser(engine=sqlite_engine, tmp_path=tmp_path,
                     clock=FixedClock(datetime(2006, 6, 14, 10, 0, tzinfo=LONDON))) as (url, chaser):
        yield LiveApp(url=url, chaser=chaser, world=world)


def _sign_in(page, app: LiveApp, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(app.url + "/signin")
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    deadline = time.monotonic() + 15  # the email goes out after the page is sent
    while not outbox_links(app.chaser.settings.outbox_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    [(_, link)] = [(to, link) for to, link in outbox_links(app.chaser.settings.outbox_dir)
                   if to.lower() == email.lower()]
    page.goto(link)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(app.url + "/")


def test_from_the_dashboard_to_an_indicator_page_and_its_settings(live_app, tmp_path):
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            _sign_in(page, live_app, "carol.cole@council.example")
            expect(page.get_by_role("heading", name="Indicators off track")).to_be_visible()
            off_track = page.locator("ul.indicators li")
            expect(off_track).to_have_count(5)
            expect(off_track.first).to_contain_text("Red (off track)")

            page.get_by_role("link", name="CH142 % of referrals that are repeat referrals within 12 months").click()
            expect(page.get_by_role("heading", name="CH142 % of referrals", exact=False)).to_be_visible()
            chart = page.get_by_role("img", name="Trend of CH142: baseline 17.2% (March 2006)", exact=False)
            expect(chart).to_be_visible()
            box = chart.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 60
            expect(page.locator("svg circle")).to_have_count(3)  # the two readings and the baseline
            figures = page.get_by_role("table", name="CH142: the figures in the chart")
            expect(figures.get_by_role("row", name="May 2006 18.3% 17.2%")).to_be_visible()
            expect(page.locator("blockquote.words").first).to_have_text(
                "CH142: 18.3% for May. Repeat referrals are up again while the duty team is short of staff.")
            page.screenshot(path=str(tmp_path / "indicator.png"), full_page=True)

            page.get_by_label("Tolerance (% of the trajectory)").fill("10")
            page.get_by_role("button", name="Save settings").click()
            expect(page.get_by_text("Settings saved.")).to_be_visible()
            expect(page.get_by_text("Amber (just short of its trajectory)").first).to_be_visible()
        finally:
            browser.close()


def test_a_lead_cannot_open_an_indicator_they_do_not_own(live_app):
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            _sign_in(page, live_app, "bob.brown@council.example")
            expect(page.get_by_text("of 1 indicator that you own")).to_be_visible()
            page.goto(f"{live_app.url}/plans/{live_app.world.plan}/indicators/CH142")
            expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
            page.goto(f"{live_app.url}/plans/{live_app.world.plan}/indicators/CH141")
            expect(page.get_by_role("heading", name="CH141 Referrals", exact=False)).to_be_visible()
            expect(page.get_by_role("heading", name="Settings")).to_have_count(0)
        finally:
            browser.close()
