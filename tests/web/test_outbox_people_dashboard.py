"""The Outbox page, the People page, and the dashboard's headline figures and charts."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

from pydantic import SecretStr
from sqlalchemy import event

from bot.cycle.round import run_cycle
from tests.web.conftest import sign_in

CAROL = "carol.cole@council.example"
ALICE = "alice.adams@council.example"


def test_the_outbox_lists_what_was_sent_and_opens_each(client, chaser, world):
    run_cycle(chaser=chaser, plan_name="jar")
    sign_in(client, chaser, CAROL)
    page = client.get("/outbox").text
    assert "3 messages" in page  # two requests and Carol's own sign-in link
    assert page.count(">request<") == 2 and ">sign-in link<" in page
    name = re.search(r'href="/outbox/([^"]+)">Progress on your actions: JAR Action Plan', page).group(1)
    opened = client.get(f"/outbox/{name}")
    assert opened.status_code == 200 and "Dear " in opened.text
    assert re.search(r'<a href="http://testserver/answer/[^"]+/\d+/complete">', opened.text)
    assert client.get("/outbox/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/outbox/nothing-here").status_code == 404


def test_a_message_opens_as_the_lead_sees_it_sandboxed(client, chaser, world):
    run_cycle(chaser=chaser, plan_name="jar")
    sign_in(client, chaser, CAROL)
    page = client.get("/outbox").text
    name = re.search(r'href="/outbox/([^"]+)">Progress on your actions: JAR Action Plan', page).group(1)
    opened = client.get(f"/outbox/{name}").text
    assert f'href="/outbox/{name}/html">Open it as the lead sees it' in opened
    html = client.get(f"/outbox/{name}/html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    # the lead's buttons are there and work as links; the page may run nothing and post nothing
    assert re.search(r'href="http://testserver/answer/[^"]+/\d+/complete"', html.text)
    csp = html.headers["content-security-policy"]
    assert csp.startswith("sandbox ") and "script" not in csp and "form-action 'none'" in csp
    assert "frame-ancestors 'none'" in csp and html.headers["x-frame-options"] == "DENY"
    # a sign-in link email has no HTML version; a lead may not open any of it
    signin = re.search(r'href="/outbox/([^"]+)">[^<]*[Ss]ign', page)
    if signin and "/html" not in client.get(f"/outbox/{signin.group(1)}").text:
        assert client.get(f"/outbox/{signin.group(1)}/html").status_code == 404
    assert client.get("/outbox/nothing-here/html").status_code == 404
    client.cookies.clear()
    sign_in(client, chaser, ALICE)
    assert client.get(f"/outbox/{name}/html").status_code == 403


def test_the_outbox_is_for_the_coordinator_and_only_without_smtp(client, chaser, world):
    sign_in(client, chaser, ALICE)
    assert client.get("/outbox").status_code == 403
    client.cookies.clear()
    sign_in(client, chaser, CAROL)
    assert client.get("/outbox").status_code == 200
    chaser.settings.smtp_url = SecretStr("smtp://127.0.0.1:1")
    assert client.get("/outbox").status_code == 404


def test_the_people_page_shows_who_leads_what(client, chaser, world):
    sign_in(client, chaser, CAROL)
    page = client.get("/people").text
    row = re.search(r'<th scope="row">Alice Adams</th>(.*?)</tr>', page, re.S).group(1)
    assert "jar 7.1" in row and "jar 7.2" in row and "jar 8.1" in row and "never" in row and "email" in row


def test_the_dashboard_leads_with_figures_and_draws_charts_with_their_numbers(client, chaser, world):
    run_cycle(chaser=chaser, plan_name="jar")
    sign_in(client, chaser, CAROL)
    page = client.get("/").text
    figures = dict((label, int(n)) for n, label in re.findall(r"<strong>(\d+)</strong> ([a-z ]+?)<", page))
    assert figures == {"overdue": 1, "slipped": 1, "blocked": 1, "not replied this round": 2}
    assert page.index('class="headline"') < page.index("<svg")
    assert page.count('<svg class="chart"') == 2 and 'id="rag-red"' in page  # patterned, not colour alone
    assert "Red 1, Green 1" in page  # section 7: each bar labelled in words
    assert "Completed: solid line, circles. Overdue: dashed line, squares." in page
    assert re.search(r"<th scope=\"row\">14 Jun 2006</th><td>1</td><td>1</td>", page)  # the trend's table
    client.cookies.clear()
    sign_in(client, chaser, ALICE)
    assert "not replied this round" not in client.get("/").text


def test_the_dashboard_says_when_a_plan_never_chased_gets_its_first_requests(client, chaser, world):
    sign_in(client, chaser, CAROL)
    page = client.get("/").text
    assert ("No requests have gone out for JAR Action Plan yet. Chaser sends its first round within 10 minutes, "
            "then on the plan's schedule (fortnightly, Mon 09:00; set in chaser.toml)") in page
    assert "<code>chaser cycle --plan jar</code>" in page
    assert "not replied this round" not in page  # no round yet: not "0 not replied", as if all had answered
    run_cycle(chaser=chaser, plan_name="jar")
    page = client.get("/").text
    assert "No requests have gone out" not in page and "<strong>2</strong> not replied this round" in page


def test_the_dashboard_reads_the_actions_once_per_request(client, chaser, world):
    sign_in(client, chaser, CAROL)
    client.get("/")
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()))

    event.listen(chaser.engine, "before_cursor_execute", seen)
    try:
        page = client.get("/")
    finally:
        event.remove(chaser.engine, "before_cursor_execute", seen)
    assert page.status_code == 200
    # The sections' tallies, the headline figures and the trend: one grouped count over the actions.
    reads = [s for s in statements if "FROM action" in s]
    assert len(reads) == 1 and "GROUP BY action.plan_id" in reads[0]


def test_serve_on_a_busy_port_is_one_line_and_a_non_zero_exit(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = {"CHASER_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "CHASER_OUTBOX_DIR": str(tmp_path / "o"),
               "CHASER_LOCK_FILE": str(tmp_path / "c.lock"), "PATH": "/usr/bin:/bin"}
        done = subprocess.run([sys.executable, "-c", "from bot.cli import main; main()", "serve", "--port", str(port)],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert list(tmp_path.iterdir()) == []  # not half started: no database, no outbox, no lock file
    assert done.stderr.strip().splitlines() == [
        f"chaser: error: cannot listen on 127.0.0.1:{port}: the port is in use by another program "
        f"(stop it, or choose another port: chaser serve --port {port + 1})"]


def test_inviting_a_person_emails_them_a_code_that_links_their_chat_account(client, chaser, world):
    from sqlmodel import Session

    from bot.linking import looks_like_code, redeem
    from store.models import Person
    from tests.web.conftest import csrf_of, outbox_texts

    sign_in(client, chaser, CAROL)
    page = client.get("/people").text
    sent = client.post(f"/people/{world.people['alice']}/invite", data={"csrf_token": csrf_of(page),
                                                                       "channel": "telegram"})
    assert sent.status_code == 303
    shown = client.get("/people").text
    assert "sent Alice Adams &lt;alice.adams@council.example&gt; a code to link Telegram" in shown
    [text] = [t for to, subject, t in outbox_texts(chaser.settings.outbox_dir) if subject.startswith("Link your")]
    code = looks_like_code(re.search(r"^    (\S+)$", text, re.M).group(1))
    assert code and code not in shown  # only Alice sees the code
    with Session(chaser.engine) as s:
        linked = redeem(s, channel="telegram", sender="424242", code=code, now=chaser.clock.now())
        s.commit()
        assert linked is not None and linked.name == "Alice Adams"
    with Session(chaser.engine) as s:
        assert s.get(Person, world.people["alice"]).telegram_id == "424242"
    assert "Telegram" in re.search(r'<th scope="row">Alice Adams</th>(.*?)</tr>', client.get("/people").text,
                                   re.S).group(1)
    wrong = client.post(f"/people/{world.people['alice']}/invite", data={"csrf_token": csrf_of(page),
                                                                        "channel": "myspace"})
    assert wrong.status_code == 303 and "cannot link a &#39;myspace&#39; account" in client.get("/people").text
