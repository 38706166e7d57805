"""What the pages show: filters, the evidence trail, marked revised dates, and escaping of stored text."""

from __future__ import annotations

import re

from tests.web.conftest import SCRIPT_TITLE, sign_in

CAROL = "carol.cole@council.example"


def rows_of(html: str) -> list[list[str]]:
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_plan_page_lists_each_action_with_its_dates_status_and_rag(client, chaser, world):
    sign_in(client, chaser, CAROL)
    rows = rows_of(client.get(f"/plans/{world.plan}?section=7").text)
    assert rows == [
        ["7.1", "Appoint a permanent Director", "Alice Adams", "31 Mar 2006", "", "Complete",
         "Green (on track or complete)", "none yet"],
        ["7.2", "Agree the joint commissioning strategy", "Alice Adams", "31 May 2006 (overdue)", "", "In progress",
         "Red (overdue or blocked)", "05 Jun 2006 09:12"],
        ["7.3", "Review the placements budget", "Bob Brown", "30 Jun 2006", "31 Jul 2006 (revised)", "Delayed",
         "Amber (slipped or at risk)", "none yet"],
    ]


def test_plan_page_filters_by_status_and_rag(client, chaser, world):
    sign_in(client, chaser, CAROL)
    assert [r[0] for r in rows_of(client.get(f"/plans/{world.plan}?status=blocked").text)] == ["8.1"]
    assert [r[0] for r in rows_of(client.get(f"/plans/{world.plan}?rag=red").text)] == ["7.2", "8.1"]
    assert [r[0] for r in rows_of(client.get(f"/plans/{world.plan}?section=8&rag=green").text)] == ["8.2"]
    unknown = client.get(f"/plans/{world.plan}?status=<b>nonsense</b>")  # unknown filter values are ignored
    assert len(rows_of(unknown.text)) == 5 and "<b>nonsense" not in unknown.text


def test_action_page_shows_the_evidence_trail_word_for_word(client, chaser, world):
    sign_in(client, chaser, CAROL)
    page = client.get(f"/actions/{world.actions['7.2']}").text
    assert "05 Jun 2006 09:12: Alice Adams, by email" in page  # 08:12 UTC is 09:12 in London (BST)
    words = "Draft is with legal &lt;b&gt;now&lt;/b&gt;; expect sign-off\nby end of July."
    assert f'<blockquote class="words">{words}</blockquote>' in page
    assert "<dt>Expected by</dt><dd>31 Jul 2006</dd>" in page
    assert '"confidence": 0.82' in page
    assert "Red (overdue or blocked)</span>: overdue" in page
    assert "Send an update" not in page  # the coordinator is not this action's lead


def test_stored_script_in_a_title_is_escaped_everywhere(client, chaser, world):
    sign_in(client, chaser, CAROL)
    for path in (f"/plans/{world.plan}", f"/actions/{world.actions['8.2']}"):
        page = client.get(path).text
        assert "<script>" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert SCRIPT_TITLE.startswith("Publish the <script>")


def test_pages_carry_security_headers(client, chaser, world):
    sign_in(client, chaser, CAROL)
    headers = client.get("/").headers
    assert "script-src" not in headers["content-security-policy"]  # default-src 'none': no script runs at all
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"


def test_unknown_page_is_a_friendly_404(client, chaser, world):
    sign_in(client, chaser, CAROL)
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "Page not found" in page.text and "Traceback" not in page.text


def test_healthz_needs_no_sign_in_and_says_only_ok_and_the_revision(client):
    from store.migrate import current_revision

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == f"ok\nrevision {current_revision(client.app.state.web.chaser.engine)}\n"
    assert "set-cookie" not in response.headers


def test_the_dashboard_figures_open_the_answers_behind_them(client, chaser, world):
    from bot.cycle.round import run_cycle

    run_cycle(chaser=chaser, plan_name="jar")
    sign_in(client, chaser, "carol.cole@council.example")
    board = client.get("/").text
    assert '<a href="/ask?q=what%27s%20overdue%3F"><strong>' in board
    assert '<a href="/ask?q=who%20hasn%27t%20replied%3F"><strong>' in board
    replied = client.get("/ask?q=who%20hasn%27t%20replied%3F")
    assert replied.status_code == 200 and "replied to round" in replied.text
    assert 'value="who hasn&#39;t replied?"' in replied.text  # the question stays in the box
    overdue = client.get("/ask?q=what%27s%20overdue%3F")
    assert overdue.status_code == 200 and "Answer</h2>" in overdue.text
    more = client.get("/ask?q=more")  # "more" uses up what a chat kept back: a GET only fills the box
    assert more.status_code == 200 and 'value="more"' in more.text and "Answer</h2>" not in more.text
    assert "Answer</h2>" not in client.get("/ask").text
