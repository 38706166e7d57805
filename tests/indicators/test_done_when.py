"""Issue 18's Done-when, end to end on seed 000: the appendix imports as eight indicators with
their three dated positions and targets; a round in July 2006 asks their owner for the June
figures; replies in words record readings, read them back, and UNDO reverses them."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, select

from bot.cycle import run_cycle
from bot.inbound.service import handle_inbound
from bot.ports import InboundMessage
from nlp import extract
from store.clock import FixedClock
from store.export import export_json
from store.importers import import_people_csv, import_plan_file
from store.indicators import plan_indicators
from store.models import Action, Indicator, IndicatorReading, Plan
from tests.cycle.world import mail_to, make_chaser

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = ROOT / "tests" / "data" / "seeds" / "000_1d9b646d0b83632c.txt"
PEOPLE = ROOT / "examples" / "people.csv"
NOW = datetime(2006, 7, 3, 8, 0, tzinfo=UTC)  # the first Monday after June 2006 ended
JUNE = date(2006, 6, 30)
APPENDIX = [  # code, March 06, April 06, May 06, target March 07
    ("CH141", 175, 181, 196, 220), ("CH142", 17.2, 18.0, 18.3, 17.0), ("CH143", 54.0, 49.1, 44.9, 60.0),
    ("DIS1704", 70.1, 66.7, 67.8, 75.0), ("CH145", 30.0, 26.5, 26.7, 45.0), ("CH01", 16.8, 16.8, 17.1, 17.0),
    ("", 157, 158, 161, 155), ("", 63, 63, 64, 63),
]


def _world(engine, tmp_path):
    import_people_csv(engine=engine, path=PEOPLE, now=NOW)
    import_plan_file(engine=engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    return make_chaser(engine, tmp_path, clock=FixedClock(NOW), extractor=extract)


def _say(chaser, n: int, words: str) -> str:
    replies = handle_inbound(chaser=chaser, message=InboundMessage(
        channel="console", message_id=f"m{n}", sender="Sue Fiennes", text=words, written_at=NOW))
    return "\n".join(r.text for r in replies)


def _june(engine) -> dict[str, float]:
    with Session(engine) as session:
        plan = session.exec(select(Plan).where(Plan.name == "overall-2006")).one()
        return {s.indicator.code or s.indicator.key: s.readings[-1].value
                for s in plan_indicators(session, plan_id=plan.id or 0) if s.readings[-1].period_end == JUNE}


def test_seed_000_indicators_are_imported_chased_and_read_from_replies(engine, tmp_path):
    chaser = _world(engine, tmp_path)
    with Session(engine) as session:
        plan = session.exec(select(Plan).where(Plan.name == "overall-2006")).one()
        states = plan_indicators(session, plan_id=plan.id or 0)
        got = [(s.indicator.code, s.indicator.baseline, *(r.value for r in s.readings), s.indicator.target)
               for s in states]
        assert got == [tuple(map(lambda v: float(v) if not isinstance(v, str) else v, row)) for row in APPENDIX]
        assert {(s.indicator.baseline_on, tuple(r.period_end for r in s.readings), s.indicator.target_on)
                for s in states} == {(date(2006, 3, 31), (date(2006, 4, 30), date(2006, 5, 31)), date(2007, 3, 31))}
        assert {r.kind for r in session.exec(select(IndicatorReading))} == {"import"}
        assert len(session.exec(select(Action).where(Action.plan_id == plan.id)).all()) == 63  # actions beside them

    run_cycle(chaser=chaser, plan_name="overall-2006")
    [request] = mail_to(chaser, "sue.fiennes@herefordshire.example", "Progress")
    body = request.get_body(("plain",)).get_content()
    assert "CH141  Referrals of children in need per 10,000 population aged under 18: the figure for June 2006?" in body
    assert "Last: 196 per 10,000 for May 2006 | Target: 220 per 10,000 by 31 Mar 2007" in body
    assert "Number of Looked After Children: the figure for June 2006?" in body
    assert len(re.findall(r"the figure for June 2006\?", body)) == 8
    assert re.search(r"^7\.4 ", body, flags=re.MULTILINE)  # the same request lists her actions
    html = request.get_body(("html",)).get_content()
    assert "<td>CH142</td>" in html and "<td>June 2006</td>" in html

    said = _say(chaser, 1, "CH141 was 201 at the end of June")
    assert "recorded: CH141 201 per 10,000 for June 2006" in said
    assert "recorded: CH142 18.5% for June 2006" in _say(chaser, 2, "CH142: 18.5%")
    assert "recorded: CH142 18.4% for June 2006" in _say(chaser, 3, "sorry, repeat referrals 18.4 for June")
    assert "recorded: Number of Looked After Children 163 for June 2006" in _say(chaser, 4, "LAC 163")
    mixed = _say(chaser, 5, "7.4 complete on 30 June. CH145 was 27.5 for June.")
    assert "CH145 27.5 per 10,000 for June 2006" in mixed and "7.4 complete (30 Jun 2006)" in mixed
    assert _june(engine) == {"CH141": 201.0, "CH142": 18.4, "number-of-looked-after-children": 163.0, "CH145": 27.5}

    exported = export_json(engine=engine, plan_name="overall-2006", today=NOW.date())["plans"][0]["indicators"]
    ch142 = next(i for i in exported if i["code"] == "CH142")
    assert ch142["readings"][-1] == {"period": "2006-06-30", "value": 18.4, "person": "Sue Fiennes",
                                     "text": "sorry, repeat referrals 18.4 for June",
                                     "at": "2006-07-03T08:00:00+00:00"}
    assert json.dumps(exported)  # the contract's JSON is plain data

    undone = _say(chaser, 6, "UNDO")
    assert "CH145 27.5 per 10,000 for June 2006 removed" in undone
    assert "CH145" not in _june(engine)


def test_doubtful_unknown_wordless_and_future_figures_get_a_clear_answer(engine, tmp_path):
    chaser = _world(engine, tmp_path)
    asked = _say(chaser, 1, "CH01 90")
    assert "Please check before I record it: CH01 90 per 10,000 for June 2006? It is a long way from the last " \
           "figure (17.1 per 10,000)" in asked
    assert "CH01" not in _june(engine)
    assert "recorded: CH01 19 per 10,000 for June 2006" in _say(chaser, 2, "sorry, 19")
    assert _june(engine) == {"CH01": 19.0}

    assert "CH143 449% for June 2006? A percentage cannot be over 100." in _say(chaser, 3, "CH143 449")
    assert "449% cannot be right for a percentage: please send the right figure" in _say(chaser, 30, "yes")
    assert "nothing was recorded" in _say(chaser, 4, "no")
    assert "CH999 is not an indicator I know" in _say(chaser, 5, "CH999 12")
    assert 'I found no figure for CH141 in your reply: please send it as a number, e.g. "CH141 201 for June 2006"' \
        in _say(chaser, 6, "CH141 was about two hundred")
    assert "CH141: August 2006 has not ended yet, so 205 per 10,000 was not recorded" in \
        _say(chaser, 7, "CH141 205 for August")
    quoted = ("CH141 203\n\nYour indicators: reply with each figure in your own words, for example "
              "\"CH141 175 for June 2006\".\nCH141  Referrals of children in need per 10,000 population aged under 18: "
              "the figure for June 2006?\n    Last: 196 per 10,000 for May 2006 | Target: 220 per 10,000 by "
              "31 Mar 2007")
    assert "recorded: CH141 203 per 10,000 for June 2006" in _say(chaser, 8, quoted)  # Chaser's own lines: not figures
    with Session(engine) as session:
        replies = session.exec(select(IndicatorReading).where(IndicatorReading.kind != "import")).all()
        assert [(r.value, r.kind) for r in replies] == [(19.0, "correction"), (203.0, "reply")]
        assert len(session.exec(select(Indicator)).all()) == 8
