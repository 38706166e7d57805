"""Deny by default: leads see only their own actions, the coordinator sees all, reports are hers alone."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import sign_in

ALICE = "alice.adams@council.example"
BOB = "bob.brown@council.example"
CAROL = "carol.cole@council.example"


def refs_on(html: str) -> list[str]:
    return re.findall(r'<a href="/actions/\d+">([^<]+)</a>', html)


@pytest.mark.parametrize("path", ["/", "/plans/1", "/actions/1", "/ask", "/reports", "/reports/1/summary.html"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/signin"


def test_a_lead_sees_only_actions_they_lead_or_have_a_major_role_in(client, chaser, world):
    sign_in(client, chaser, ALICE)
    assert refs_on(client.get(f"/plans/{world.plan}").text) == ["7.1", "7.2", "8.1"]
    for ref in ("7.1", "7.2", "8.1"):
        assert client.get(f"/actions/{world.actions[ref]}").status_code == 200
    for ref in ("7.3", "8.2"):  # Bob's: looks exactly like an action that does not exist
        hidden = client.get(f"/actions/{world.actions[ref]}")
        assert hidden.status_code == 404
        assert "Page not found" in hidden.text and "Review the placements" not in hidden.text
    assert client.get("/actions/9999").status_code == 404


def test_the_other_lead_sees_theirs(client, chaser, world):
    sign_in(client, chaser, BOB)
    assert refs_on(client.get(f"/plans/{world.plan}").text) == ["7.3", "8.1", "8.2"]
    assert client.get(f"/actions/{world.actions['7.1']}").status_code == 404


def test_the_coordinator_sees_everything(client, chaser, world):
    sign_in(client, chaser, CAROL)
    assert refs_on(client.get(f"/plans/{world.plan}").text) == ["7.1", "7.2", "7.3", "8.1", "8.2"]
    for action_id in world.actions.values():
        assert client.get(f"/actions/{action_id}").status_code == 200


def dashboard_rows(html: str) -> dict[str, list[int]]:
    """Row header -> [actions, complete, in progress, delayed, blocked, not started, red, amber, green, overdue]."""
    tallies = "".join(re.findall(r'<table class="tally">(.*?)</table>', html, re.S))  # not the charts' tables
    rows = re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', tallies, re.S)
    return {re.sub(r"<[^>]+>", "", head): [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", rest)]
            for head, rest in rows}


def test_dashboard_counts_only_what_the_viewer_may_see(client, chaser, world):
    sign_in(client, chaser, ALICE)
    page = client.get("/").text
    assert dashboard_rows(page) == {
        "7 Children and young people": [2, 1, 1, 0, 0, 0, 1, 0, 1, 1],  # 7.1 complete; 7.2 overdue, so red
        "8 Safeguarding": [1, 0, 0, 0, 1, 0, 1, 0, 0, 0],  # 8.1 blocked (a major role counts)
        "All sections": [3, 1, 1, 0, 1, 0, 2, 0, 1, 1],
    }
    assert "Red (overdue or blocked)" in page  # RAG as words, never by colour alone


def test_dashboard_for_the_coordinator_counts_every_action(client, chaser, world):
    sign_in(client, chaser, CAROL)
    assert dashboard_rows(client.get("/").text)["All sections"] == [5, 1, 1, 1, 1, 1, 2, 1, 2, 1]


def test_reports_are_for_the_coordinator_and_directors_only(client, chaser, world):
    sign_in(client, chaser, ALICE)
    assert client.get("/reports").status_code == 403
    denied = client.get(f"/reports/{world.plan}/exceptions.html")
    assert denied.status_code == 403 and "coordinator and directors" in denied.text
    assert 'href="/reports"' not in client.get("/").text


def test_a_plan_with_none_of_your_actions_is_not_found(client, chaser, world):
    sign_in(client, chaser, ALICE)
    assert client.get(f"/plans/{world.plan + 1}").status_code == 404
