"""The HTML reports as a reader sees them: rendered in headless Chromium (Debian's), with a screenshot."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reports.render import render_report

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHASER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}, and CI needs it (apt-get install chromium)")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser, sqlite_chaser, tmp_path, kind):
    html = render_report(chaser=sqlite_chaser, kind=kind, plan_name=None, fmt="html", since=None)
    page_file = tmp_path / f"{kind}.html"
    page_file.write_bytes(html)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
    page.goto(page_file.as_uri())
    shot = tmp_path / f"{kind}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    return page


def test_progress_table_cells_show_rag_as_words(browser, sqlite_chaser, tmp_path):
    page = _open(browser, sqlite_chaser, tmp_path, "progress")
    tables = page.locator("table table")
    assert tables.count() == 5  # one per section, inside the layout table
    headers = tables.first.locator("th").all_inner_texts()
    assert headers == ["Ref", "Action", "Lead", "Original date", "Revised date", "Status", "RAG", "%",
                       "Latest progress"]
    rows = page.locator("table table tr:has(td)")
    assert rows.count() == 18
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td").all_inner_texts()
        assert cells[6] in ("Red (overdue or blocked)", "Amber (slipped or at risk)", "Green (on track or complete)")
    row_74 = page.locator("table table tr:has(td:text-is('7.4'))")
    assert row_74.locator("td").nth(4).inner_text() == "28 Jun 2006"
    weight = row_74.locator("td").nth(4).locator("strong").evaluate("e => getComputedStyle(e).fontWeight")
    assert int(weight) >= 700  # revised targets in bold
    page.close()


def test_summary_and_exceptions_render_readably(browser, sqlite_chaser, tmp_path):
    page = _open(browser, sqlite_chaser, tmp_path, "summary")
    rag_cells = page.locator("table table tr:has(td) td:nth-child(4)").all_inner_texts()
    assert len(rag_cells) == 5
    assert all(cell.split(":")[0] in ("Red (overdue or blocked)", "Amber (slipped or at risk)") for cell in rag_cells)
    assert "Not yet replied to round 2006-W24 (sent 12 Jun 2006): Sarah Green." in page.inner_text("body")
    page.close()
    page = _open(browser, sqlite_chaser, tmp_path, "exceptions")
    body = page.inner_text("body")
    assert "1. Exceptions" in body and "2. Changes to the plan" in body
    assert "Sue Fiennes, 14 Jun 2006: \u201cAlthough a first draft" in body
    assert page.locator("h3").all_inner_texts()[0].startswith("2. The Herefordshire Community Strategy")
    page.close()
