"""The web answer page asks an owner for the round's figures beside their actions, and records them
through the service like a reply in words; a figure that is not a number is named and nothing recorded."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from bot.cycle.round import run_cycle
from store.models import Indicator, IndicatorReading, Person
from tests.web.conftest import answer_links_for, csrf_of

ALICE = "alice.adams@council.example"
CAROL = "carol.cole@council.example"


@pytest.fixture
def indicators(chaser, world) -> dict[str, int]:
    with Session(chaser.engine, expire_on_commit=False) as s:
        ch141 = Indicator(plan_id=world.plan, code="CH141", key="CH141", unit="rate_per_10000", polarity="higher",
                          title="Referrals of children in need per 10,000", baseline=175, target=220,
                          baseline_on=date(2006, 3, 31), target_on=date(2007, 3, 31), owner_id=world.people["alice"])
        lac = Indicator(plan_id=world.plan, code="", key="number-of-looked-after-children", polarity="lower",
                        title="Number of Looked After Children", baseline=157, baseline_on=date(2006, 3, 31),
                        target=155, target_on=date(2007, 3, 31), owner_id=world.people["carol"], position=1)
        s.add_all([ch141, lac])
        s.flush()
        s.add(IndicatorReading(indicator_id=ch141.id, period_end=date(2006, 4, 30), value=181, kind="import",
                               at=datetime(2006, 5, 10, tzinfo=UTC)))
        s.commit()
        return {"CH141": ch141.id or 0, "LAC": lac.id or 0}


def _form(html: str) -> dict[str, str]:
    return {"csrf_token": csrf_of(html), "form_id": re.search(r'name="form_id" value="([^"]+)"', html).group(1)}


def test_figures_are_asked_and_recorded_on_the_answer_page(client, chaser, indicators):
    run_cycle(chaser=chaser, plan_name="jar")
    page_link = answer_links_for(chaser.settings.outbox_dir, ALICE)["page"].removeprefix("http://testserver")
    page = client.get(page_link)
    assert "<strong>CH141</strong> Referrals of children in need per 10,000: the figure for May 2006 " \
           "(last: 181 per 10,000 for April 2006)" in page.text
    bad = client.post(page_link, data=_form(page.text) | {f"figure-{indicators['CH141']}": "2o1"})
    assert bad.status_code == 400 and "CH141: &#39;2o1&#39; is not a figure" in bad.text
    done = client.post(page_link, data=_form(page.text) | {f"figure-{indicators['CH141']}": "201"})
    assert done.status_code == 200 and "CH141 201 per 10,000 for May 2006" in done.text
    with Session(chaser.engine) as s:
        reading = s.exec(select(IndicatorReading).where(IndicatorReading.channel == "web")).one()
        alice = s.get(Person, reading.person_id)
    assert (reading.period_end, reading.value, reading.text) == (date(2006, 5, 31), 201.0, "CH141 201 for May 2006")
    assert alice is not None and alice.email == ALICE


def test_an_owner_with_only_indicators_gets_a_request_of_their_own(chaser, indicators):
    result = run_cycle(chaser=chaser, plan_name="jar")
    assert any(line.startswith("Carol Cole <carol.cole@council.example> by email: 1 figure "
                               "(Number of Looked After Children)") for r in result.rounds for line in r.sent)
    [mail] = [p for p in chaser.settings.outbox_dir.glob("*.eml") if CAROL.encode() in p.read_bytes()]
    text = mail.read_text()
    assert "Figures for your indicators: JAR Action Plan" in text
    assert "Or give them on the web: http://testserver/answer/" in text
