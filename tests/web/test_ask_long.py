"""The Ask box with a long answer: the first fifty listed and linked, the count of them all, and a link to the
plan's list filtered the same way, which opens."""

from __future__ import annotations

import html
from datetime import date

from sqlmodel import Session

from bot.answers.listing import LIST_LIMIT
from store.models import Action
from tests.web.conftest import csrf_of, sign_in

CAROL = "carol.cole@council.example"
EXTRA = LIST_LIMIT + 10


def test_a_long_answer_lists_fifty_links_fifty_and_points_to_the_filtered_list(client, chaser, world):
    with Session(chaser.engine) as session:
        section = session.get(Action, world.actions["8.1"]).section_id  # 8.1 is blocked already
        session.add_all([Action(plan_id=world.plan, section_id=section, ref=f"9.{n}", position=100 + n,
                                title=f"Blocked too {n}", lead_text="Carol Cole", status="blocked",
                                due=date(2006, 12, 31), due_text="December 2006") for n in range(1, EXTRA)])
        session.commit()
    sign_in(client, chaser, CAROL)
    page = client.get("/ask")
    answered = client.post("/ask", data={"question": "what's blocked?", "plan": "", "csrf_token": csrf_of(page.text)})
    assert answered.status_code == 200
    text = html.unescape(answered.text)
    assert f"{EXTRA} actions blocked, as of 14 Jun 2006:" in text
    assert f"- 9.{LIST_LIMIT - 1} Blocked too {LIST_LIMIT - 1} |" in text and f"- 9.{LIST_LIMIT} " not in text
    listed = f"http://testserver/plans/{world.plan}?status=blocked"
    assert f"Showing the first {LIST_LIMIT} of {EXTRA}." in text and f"open the list in the web app: {listed}" in text
    assert text.count('<a href="/actions/') == LIST_LIMIT
    whole = client.get(listed.removeprefix("http://testserver"))
    assert whole.status_code == 200 and f"Blocked too {EXTRA - 1}" in whole.text
