"""A round on the real 2006 plan (seed 000) with the example people: who is asked about what."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from bot.cycle import run_cycle
from nlp import extract
from store.clock import FixedClock
from store.importers import import_people_csv, import_plan_file
from tests.cycle.world import mail_to, make_chaser

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = ROOT / "tests" / "data" / "seeds" / "000_1d9b646d0b83632c.txt"
PEOPLE = ROOT / "examples" / "people.csv"
NOW = datetime(2006, 6, 19, 8, 0, tzinfo=UTC)  # the Monday after the plan's 13 Jun 2006 revision


def test_lettered_parts_are_asked_about_not_their_heading(sqlite_engine, tmp_path):
    import_people_csv(engine=sqlite_engine, path=PEOPLE, now=NOW)
    import_plan_file(engine=sqlite_engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    chaser = make_chaser(sqlite_engine, tmp_path, clock=FixedClock(NOW), extractor=extract)
    run_cycle(chaser=chaser, plan_name="overall-2006")
    [request] = mail_to(chaser, "sue.fiennes@herefordshire.example", "Progress")
    body = request.get_body(("plain",)).get_content()
    listed = re.findall(r"^(\d+\.\d+[a-z]?) ", body, flags=re.MULTILINE)
    # 7.2 is a heading over parts a)-f): a)-d) are achieved, so e) and f) are what is left to chase.
    assert listed == ["7.2e", "7.2f", "7.4", "7.5"]
    assert "Last update: 13 Jun 2006: Priorities identified in the plan to inform the action plan." in body


def test_a_reply_on_the_last_open_part_completes_the_heading(sqlite_engine, tmp_path):
    from sqlmodel import Session, select

    from bot.inbound.service import handle_inbound
    from bot.ports import InboundMessage
    from store.models import Action

    import_people_csv(engine=sqlite_engine, path=PEOPLE, now=NOW)
    import_plan_file(engine=sqlite_engine, path=SEED_000, plan_name="overall-2006", now=NOW)
    chaser = make_chaser(sqlite_engine, tmp_path, clock=FixedClock(NOW), extractor=extract)

    def status(ref: str) -> str:
        with Session(sqlite_engine) as s:
            return s.exec(select(Action.status).where(Action.ref == ref)).one()

    assert status("7.2") == "in_progress"  # a)-d) achieved, e) and f) not started
    for n, words in enumerate(["7.2 e) and 7.2 f) both completed on Friday."]):
        handle_inbound(chaser=chaser, message=InboundMessage(
            channel="console", message_id=f"m{n}", sender="Sue Fiennes", text=words, written_at=NOW))
    assert (status("7.2e"), status("7.2f"), status("7.2")) == ("complete", "complete", "complete")
    handle_inbound(chaser=chaser, message=InboundMessage(
        channel="console", message_id="m-undo", sender="Sue Fiennes", text="UNDO", written_at=NOW))
    assert status("7.2") == "in_progress"


def test_actions_with_no_one_to_ask_are_named_in_the_cycle(sqlite_engine, tmp_path):
    seed_001 = ROOT / "tests" / "data" / "seeds" / "001_b46cc8812e60abd1.txt"
    import_plan_file(engine=sqlite_engine, path=seed_001, plan_name="jar", now=NOW)
    chaser = make_chaser(sqlite_engine, tmp_path, clock=FixedClock(NOW), extractor=extract)
    summary = run_cycle(chaser=chaser, plan_name="jar").summary()
    orphans = [line.strip() for line in summary.splitlines() if "no one to ask" in line]
    assert orphans == [f"skipped {ref}: no one to ask (lead in the plan: tbc)" for ref in ("13.8", "15.6", "15.7")]
