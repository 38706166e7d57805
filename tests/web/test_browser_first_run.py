"""A newcomer in headless Chromium: setup from an empty database, the example, a lead's one-tap answer,
uploads, and links opened twice, expired or altered. Screenshots at 1280 and 390 px go to test-artifacts/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from adapters.web.auth import SigninTokens, signing_secret
from adapters.web.launch import setup_lines
from bot.bootstrap import Chaser
from store.clock import LONDON, FixedClock
from store.models import InboundMessage, Request, Update
from tests.web.conftest import make_world
from tests.web.live_server import live_chaser
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _need_chromium
from tests.web.test_uploads import BAD_ROW, GOOD

pytestmark = pytest.mark.browser
ARTIFACTS = Path(os.environ.get("CHASER_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


@contextmanager
def serving(engine, tmp_path) -> Iterator[tuple[str, Chaser]]:
    """The app under uvicorn on a free 127.0.0.1 port, in a thread, on 14 June 2006."""
    with live_chaser(engine=engine, tmp_path=tmp_path,
                     clock=FixedClock(datetime(2006, 6, 14, 10, 0, tzinfo=LONDON))) as served:
        yield served


@contextmanager
def chromium() -> Iterator:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def shoot(page, name: str) -> None:
    """Screenshots at 1280 and 390 px; at both widths the page must not scroll sideways."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")  # (the stylesheet applied: measured before it, a page is unstyled)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, width, wide[:5])
        shot = ARTIFACTS / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.set_viewport_size({"width": 1280, "height": 900})


def stored(engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (s.exec(select(func.count()).select_from(Update)).one(),
                s.exec(select(func.count()).select_from(InboundMessage)).one())


def exceptions(page, url: str) -> str:
    """The exceptions report's text, opened from the Reports page as the coordinator would."""
    page.goto(url + "/reports")
    href = page.get_by_role("link", name=re.compile("HTML")).first.get_attribute("href")
    return re.sub(r"<[^>]+>", " ", page.request.get(url + href).text())


def exceptions_count(report: str) -> int:
    return int(re.search(r"(\d+) exceptions?:", report).group(1))


def waiting(report: str) -> str:
    return re.search(r"Not yet replied to round [^:]+:([^.]*)", report).group(1)


def test_newcomer_sets_up_loads_the_example_and_answers_as_a_lead(sqlite_engine, tmp_path):
    from playwright.sync_api import expect

    with serving(sqlite_engine, tmp_path) as (url, chaser), chromium() as browser:
        coordinator = browser.new_page(viewport={"width": 1280, "height": 900})
        coordinator.goto(url + "/")
        expect(coordinator.get_by_role("heading", name="Welcome to Chaser")).to_be_visible()
        [line] = setup_lines(chaser=chaser)  # what `chaser serve` prints
        coordinator.goto(line.rsplit(" ", 1)[1])
        coordinator.get_by_label("Your name").fill("Cara Coordinator")
        coordinator.get_by_label("Your email address").fill("cara@herefordshire.example")
        coordinator.get_by_role("button", name="Create my account").click()
        expect(coordinator.get_by_role("heading", name="Get started")).to_be_visible()
        coordinator.get_by_role("button", name="Load the example").click()
        expect(coordinator).to_have_url(url + "/")
        expect(coordinator.get_by_text("Signed in as Cara Coordinator")).to_be_visible()
        headline = coordinator.get_by_role("list", name="Headline figures")
        expect(headline).to_contain_text("8 not replied this round")
        overdue_before = int(re.search(r"(\d+)\s*overdue", headline.inner_text()).group(1))
        shoot(coordinator, "dashboard")

        report_before = exceptions(coordinator, url)
        coordinator.get_by_role("link", name="Outbox").first.click()
        coordinator.get_by_role("row").filter(has_text="sue.fiennes@herefordshire.example").get_by_role("link").click()
        expect(coordinator.get_by_role("heading", name=re.compile("Progress on your actions"))).to_be_visible()
        done_link = coordinator.locator("pre.mail a").filter(has_text=re.compile(r"/\d+/complete$")).nth(2)
        tap = done_link.inner_text()
        shoot(coordinator, "outbox-request")

        lead = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # Sue, on her phone
        before = stored(chaser.engine)
        lead.goto(tap)
        expect(lead.get_by_role("heading", name="Confirm your answer")).to_be_visible()
        expect(lead.get_by_role("radio", name="Done")).to_be_checked()
        expect(lead.locator("legend")).to_contain_text("7.4")
        assert stored(chaser.engine) == before  # opening the link recorded nothing
        shoot(lead, "answer-confirm")
        lead.get_by_role("button", name="Confirm").click()
        expect(lead.get_by_role("heading", name="Thank you, Sue Fiennes")).to_be_visible()
        expect(lead.get_by_role("status")).to_contain_text("7.4: Done")
        shoot(lead, "answer-recorded")
        lead.goto(tap)  # the same link again: 7.4 is done, there is nothing left to confirm about it
        expect(lead.get_by_role("heading", name="7.4 is already recorded as done")).to_be_visible()
        expect(lead.get_by_role("button", name="Confirm")).to_have_count(0)

        coordinator.goto(url + "/")
        overdue_after = int(re.search(r"(\d+)\s*overdue",
                                      coordinator.get_by_role("list", name="Headline figures").inner_text()).group(1))
        assert overdue_after == overdue_before - 1
        expect(coordinator.get_by_role("list", name="Headline figures")).to_contain_text("7 not replied this round")
        coordinator.get_by_role("link", name=re.compile("Overall Performance Improvement Plan")).first.click()
        coordinator.get_by_role("link", name="7.4", exact=True).click()
        history = coordinator.locator("article.update").first
        expect(history).to_contain_text("Sue Fiennes, by web")
        expect(history.locator("blockquote")).to_have_text("7.4: Done")
        shoot(coordinator, "action-history")
        report_after = exceptions(coordinator, url)
        assert exceptions_count(report_after) == exceptions_count(report_before) - 1
        assert "Sue Fiennes" in waiting(report_before) and "Sue Fiennes" not in waiting(report_after)


def test_links_opened_after_expiry_or_altered_change_nothing(sqlite_engine, tmp_path):
    from playwright.sync_api import expect

    from bot.bootstrap import answer_links
    from bot.cycle.round import run_cycle

    with serving(sqlite_engine, tmp_path) as (url, chaser), chromium() as browser:
        world = make_world(chaser.engine)
        run_cycle(chaser=chaser, plan_name="jar")
        with Session(chaser.engine) as s:
            alices = s.exec(select(Request).where(Request.person_id == world.people["alice"])).one()
        link = answer_links(chaser).page(request_id=alices.id, person_id=world.people["alice"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        before = stored(chaser.engine)
        page.goto(link)
        expect(page.get_by_role("heading", name="Your actions, Alice Adams")).to_be_visible()
        expect(page.locator("fieldset")).to_have_count(2)  # 7.2 and 8.1, nothing of Bob's
        page.goto(f"{link}/{world.actions['7.3']}/complete")  # Bob's action through Alice's link
        expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
        bobs_payload = answer_links(chaser).token(request_id=alices.id, person_id=world.people["bob"]).split(".")[0]
        forged = link.replace(link.rsplit("/", 1)[1].split(".")[0], bobs_payload)
        page.goto(forged)  # Bob's id with Alice's signature
        expect(page.get_by_text("This answer link is not valid.")).to_be_visible()
        assert stored(chaser.engine) == before
        chaser.clock.set(alices.expires_at + timedelta(minutes=1))
        page.goto(f"{link}/{world.actions['7.2']}/complete")
        expect(page.get_by_text("This answer link has expired")).to_be_visible()
        assert stored(chaser.engine) == before


def test_upload_a_plan_with_a_bad_row_then_a_good_one(sqlite_engine, tmp_path):
    from playwright.sync_api import expect

    with serving(sqlite_engine, tmp_path) as (url, chaser), chromium() as browser:
        world = make_world(chaser.engine)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        token = SigninTokens(secret=signing_secret(chaser.settings), clock=chaser.clock).issue(world.people["carol"])
        page.goto(f"{url}/signin/{token}")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Upload").click()
        page.get_by_label("Plan file").set_input_files(files=[{"name": "plan.csv", "mimeType": "text/csv",
                                                                "buffer": BAD_ROW.encode()}])
        page.get_by_label("Plan name (optional)").fill("budget")
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "plan.csv, row 3, field 'action': the row has no action text")
        shoot(page, "upload-error")
        with Session(chaser.engine) as s:
            assert s.exec(select(func.count()).select_from(Request)).one() == 0
            assert s.exec(select(col(Update.id))).all() == [1]  # only the fixture's update
        page.get_by_label("Plan file").set_input_files(files=[{"name": "plan.csv", "mimeType": "text/csv",
                                                                "buffer": GOOD.encode()}])
        page.get_by_label("Plan name (optional)").fill("budget")
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_role("heading", name="Check before saving")).to_be_visible()
        expect(page.locator("dl.fields")).to_contain_text("New actions")
        shoot(page, "upload-preview")
        page.get_by_role("button", name="Confirm and save").click()
        expect(page.get_by_role("status")).to_contain_text("imported plan 'budget' from plan.csv")
        expect(page.locator("caption").filter(has_text=re.compile(r"^budget: 2 actions"))).to_be_visible()
        page.goto(url + "/upload/people")  # the people CSV's long header line wraps: no sideways scroll on a phone
        expect(page.get_by_role("heading", name="Upload people")).to_be_visible()
        shoot(page, "upload-people")
