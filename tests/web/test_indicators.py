"""The web app's indicators: the dashboard's indicators off track, a plan's indicator links, an indicator's
page (readings with their words, target, trajectory, chart and its numbers), deny by default, escaping,
and the coordinator's CSRF-checked settings form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, col, select

from store.models import ChangeLog, Indicator
from tests.indicator_fixtures import REPLIES, add_seed_indicators
from tests.web.conftest import csrf_of, sign_in

SCRIPT_WORDS = "CH145: 26.7 for May <script>alert('x')</script> & rising"


@pytest.fixture
def indicators(chaser, world):
    """Seed 000's indicators on plan "jar": Alice owns all but CH141, which Bob owns."""
    replies = {**REPLIES, "CH145": (datetime(2006, 6, 12, 9, 40, tzinfo=UTC), SCRIPT_WORDS)}
    return add_seed_indicators(chaser.engine, plan_id=world.plan, owner="Alice Adams",
                               owners={"CH141": "Bob Brown"}, replies=replies)


def _url(world, key):
    return f"/plans/{world.plan}/indicators/{key}"


def test_the_dashboard_shows_the_indicators_off_track_in_words(client, chaser, world, indicators):
    sign_in(client, chaser, "carol.cole@council.example")
    page = client.get("/").text
    assert "Indicators off track" in page
    assert "<strong>3</strong> off track (Red) and <strong>2</strong> short of their trajectory (Amber), of 8" in page
    link = f'<a href="{_url(world, "CH142")}">CH142 % of referrals that are repeat referrals within 12 months</a>'
    assert link in page
    assert '<span class="rag rag-red">Red (off track)</span> 18.3% (May 2006), against a trajectory of 17.2%' in page
    assert _url(world, "CH141") not in page  # on track: not listed


def test_a_lead_sees_only_the_indicators_they_own(client, chaser, world, indicators):
    sign_in(client, chaser, "bob.brown@council.example")
    dashboard = client.get("/").text
    assert "<strong>0</strong> off track (Red) and <strong>0</strong> short of their trajectory (Amber), of 1 " \
           "indicator that you own" in dashboard
    assert "CH142" not in dashboard
    assert client.get(_url(world, "CH141")).status_code == 200
    assert client.get(_url(world, "CH142")).status_code == 404  # Alice's: looks like no such indicator
    assert client.get(_url(world, "NOPE")).status_code == 404
    plan = client.get(f"/plans/{world.plan}").text
    assert _url(world, "CH141") in plan and _url(world, "CH142") not in plan


def test_the_plan_page_links_its_indicators(client, chaser, world, indicators):
    sign_in(client, chaser, "alice.adams@council.example")
    page = client.get(f"/plans/{world.plan}").text
    assert "7 indicators that you own" in page
    assert page.count(f'/plans/{world.plan}/indicators/') == 7
    assert f'<a href="{_url(world, "number-of-looked-after-children")}">Number of Looked After Children</a>' in page
    assert '<span class="rag rag-amber">Amber (just short of its trajectory)</span>' in page


def test_an_indicator_page_shows_its_readings_evidence_trajectory_and_chart(client, chaser, world, indicators):
    sign_in(client, chaser, "alice.adams@council.example")
    page = client.get(_url(world, "CH142")).text
    assert "<h1>CH142 % of referrals that are repeat referrals within 12 months</h1>" in page
    assert "<dt>Trajectory</dt><dd>17.2% by May 2006" in page
    assert "<dt>Target</dt><dd>17% by 31 Mar 2007</dd>" in page
    assert "<dt>Direction of travel</dt><dd>Worsening, up 0.3 since April 2006</dd>" in page
    assert '<svg width="560" height="200"' in page and "<title id=\"trend-t\">Trend of CH142: baseline 17.2%" in page
    assert "<tr><th scope=\"row\">May 2006</th><td>18.3%</td><td>17.2%</td></tr>" in page  # the chart's numbers
    assert "<th scope=\"row\">March 2006 (baseline)</th><td>17.2%</td>" in page
    readings = page.split('id="readings-heading"')[1]
    assert readings.index("May 2006") < readings.index("April 2006")  # newest first
    assert "<td>Alice Adams</td>" in readings and "12 Jun 2006 10:30" in readings and "email" in readings
    assert "Repeat referrals are up again while the duty team is short of staff." in readings
    assert "<td>the plan</td>" in readings  # April's figure came from the plan
    assert 'id="settings-heading"' not in page  # only the coordinator changes its settings


def test_the_owners_words_are_escaped(client, chaser, world, indicators):
    sign_in(client, chaser, "carol.cole@council.example")
    page = client.get(_url(world, "CH145")).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; rising" in page


def _settings(client, world, key, **data):
    page = client.get(_url(world, key))
    token = csrf_of(page.text) if 'name="csrf_token"' in page.text else ""
    return client.post(_url(world, key) + "/settings", data={"csrf_token": token, **data})


def test_the_coordinator_sets_polarity_tolerance_and_owner_and_each_change_is_logged(client, chaser, world,
                                                                                      indicators):
    sign_in(client, chaser, "carol.cole@council.example")
    page = client.get(_url(world, "CH142")).text
    assert 'id="settings-heading"' in page and '<span class="rag rag-red">Red (off track)</span>' in page
    done = _settings(client, world, "CH142", polarity="lower", tolerance="10", owner=str(world.people["bob"]))
    assert done.status_code == 303
    after = client.get(_url(world, "CH142")).text
    assert "Settings saved." in after
    # 18.3% against a trajectory of 17.2% is within a 10% tolerance: Amber now, by the same rule everywhere.
    assert '<span class="rag rag-amber">Amber (just short of its trajectory)</span>' in after
    assert "<dt>Owner</dt><dd>Bob Brown</dd>" in after
    assert _settings(client, world, "DIS1704", polarity="lower", tolerance="5", owner="none").status_code == 303
    assert '<span class="rag rag-green">Green (on track)</span>' in client.get(_url(world, "DIS1704")).text
    with Session(chaser.engine) as s:
        ind = s.exec(select(Indicator).where(Indicator.key == "CH142")).one()
        assert (ind.tolerance_pct, ind.owner_id, ind.owner_text) == (10.0, world.people["bob"], "Bob Brown")
        assert s.exec(select(Indicator).where(Indicator.key == "DIS1704")).one().polarity_source == "coordinator"
        query = (select(ChangeLog).where(col(ChangeLog.field).startswith("indicator:"))
                 .where(col(ChangeLog.source) == "web:Carol Cole").order_by(col(ChangeLog.id)))
        logged = [c.description for c in s.exec(query)]
    assert logged == ["CH142: tolerance 10%", "CH142: owner Bob Brown", "DIS1704: Lower is better",
                      "DIS1704: no owner"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"polarity": "sideways", "tolerance": "5", "owner": "none"}, "Which way is better: choose one of"),
        ({"polarity": "lower", "tolerance": "lots", "owner": "none"}, "Tolerance: &#39;lots&#39; is not a percentage"),
        ({"polarity": "lower", "tolerance": "5", "owner": "99999"}, "Owner: choose someone from the list."),
    ],
)
def test_bad_settings_are_refused_with_the_field_named_and_nothing_changes(client, chaser, world, indicators, data,
                                                                           message):
    sign_in(client, chaser, "carol.cole@council.example")
    response = _settings(client, world, "CH142", **data)
    assert response.status_code == 400 and message in response.text
    with Session(chaser.engine) as s:
        ind = s.exec(select(Indicator).where(Indicator.key == "CH142")).one()
        assert (ind.polarity, ind.tolerance_pct, ind.owner_id) == ("lower", 5.0, world.people["alice"])


def test_settings_need_the_csrf_token_and_the_coordinator(client, chaser, world, indicators):
    sign_in(client, chaser, "alice.adams@council.example")
    assert 'id="settings-heading"' not in client.get(_url(world, "CH142")).text
    forged = client.post(_url(world, "CH142") + "/settings", data={"polarity": "higher", "tolerance": "5"})
    assert forged.status_code == 403
    token = csrf_of(client.get("/").text)
    refused = client.post(_url(world, "CH142") + "/settings",
                          data={"csrf_token": token, "polarity": "higher", "tolerance": "5", "owner": "none"})
    assert refused.status_code == 403
    with Session(chaser.engine) as s:
        assert s.exec(select(Indicator).where(Indicator.key == "CH142")).one().polarity == "lower"
