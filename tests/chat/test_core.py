"""The chat core, through an in-memory channel: requests with one-tap answers, replies in words,
taps, duplicates, UNDO, unlinked accounts, linking codes, and a restart between storing and processing."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlmodel import Session, select

from bot.cycle import run_cycle
from bot.inbound.intake import accept, take
from bot.inbound.worker import InboundWorker
from bot.ports import InboundMessage, QuickAnswer
from store.models import Action, Request, Update
from store.models import InboundMessage as StoredMessage
from tests.chat.conftest import SUE_SLACK
from tests.cycle.world import LONDON, action

WHEN = datetime(2006, 6, 12, 10, 0, tzinfo=LONDON)


def _message(text: str, *, message_id: str, sender: str = SUE_SLACK, quick=(), thread=None) -> InboundMessage:
    return InboundMessage(channel="slack", message_id=message_id, sender=sender, text=text, written_at=WHEN,
                          raw=json.dumps({"event_id": message_id, "text": text}), quick=tuple(quick),
                          conversation="D0SUE", thread=thread)


def _updates(engine, ref: str) -> list[Update]:
    with Session(engine) as session:
        action_id = session.exec(select(Action.id).where(Action.ref == ref)).one()
        return list(session.exec(select(Update).where(Update.action_id == action_id, Update.kind != "import")))


def test_a_round_sends_one_chat_request_with_one_tap_answers_per_action(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    run_cycle(chaser=chaser, plan_name="jar")  # the same round: nothing more
    requests = [m for m in channel.sent if m.kind == "request"]
    assert [m.recipient for m in requests] == ["U0SUE", "U0TONY"]
    sue = requests[0]
    assert [p.ref for p in sue.actions] == ["7.4", "7.6"]
    assert sue.actions[0].title == "Full SMART Forward Delivery Plan in place for 2006-07"
    assert sue.actions[1].status == "blocked"
    assert "Tap an answer beside each action, or reply here in your own words" in sue.text
    with Session(chaser.engine) as session:
        stored = session.exec(select(Request).where(Request.channel == "slack")).all()
    assert sorted(r.message_id for r in stored) == ["D-U0SUE:1", "D-U0TONY:2"]


def test_a_tap_records_one_update_confirms_and_redraws_the_request(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    request = channel.sent[0]
    tap = _message("7.4: Done", message_id="tap-1", quick=[QuickAnswer(action_id=request.actions[0].action_id,
                                                                       status="complete")], thread="D0SUE:1")
    assert not take(chaser=chaser, message=tap).duplicate
    assert take(chaser=chaser, message=tap).duplicate  # the platform's retry changes nothing
    assert action(chaser.engine, "7.4").status == "complete"
    assert action(chaser.engine, "7.4").completed_on == date(2006, 6, 12)
    [update] = _updates(chaser.engine, "7.4")
    assert (update.kind, update.text, update.status) == ("quick", "7.4: Done", "complete")
    edit, confirmation = channel.sent[-2:]
    assert edit.replace == "D0SUE:1" and [p.ref for p in edit.actions] == ["7.6"]
    assert edit.text.splitlines()[:3] == ["JAR Improvement Plan (round 2006-W24): recorded 7.4 complete.",
                                          "Still to answer:", "7.6  Children's Centres development programme"]
    assert confirmation.conversation == "D0SUE"
    assert confirmation.text.startswith("Thanks — recorded: 7.4 complete (12 Jun 2006). Reply UNDO")
    with Session(chaser.engine) as session:
        row = session.exec(select(StoredMessage).where(StoredMessage.message_id == "tap-1")).one()
        assert json.loads(row.raw)["event_id"] == "tap-1"  # the platform payload is kept as evidence
        assert row.payload["quick"][0]["status"] == "complete"
        assert session.get(Request, 1).replied_at is not None


def test_details_give_a_revised_date_percent_and_note(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    prompt = channel.sent[0].actions[1]
    answer = QuickAnswer(action_id=prompt.action_id, status="delayed", expected_by=date(2006, 9, 30),
                         percent_complete=40, note="Capital allocation now due in August.")
    take(chaser=chaser, message=_message("7.6: details", message_id="view-1", quick=[answer]))
    row = action(chaser.engine, "7.6")
    assert (row.status, row.expected_by, row.percent_complete) == ("delayed", date(2006, 9, 30), 40)
    assert row.progress == "7.6: Delayed, revised date 30 Sep 2006, 40% done. Capital allocation now due in August."
    assert channel.sent[-1].text.startswith("Thanks — recorded: 7.6 delayed, 40% done, now expected by 30 Sep 2006.")


def test_a_tap_on_someone_elses_action_is_refused(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    tony_action = channel.sent[1].actions[0]
    take(chaser=chaser, message=_message("4.2: Done", message_id="tap-x",
                                         quick=[QuickAnswer(action_id=tony_action.action_id, status="complete")]))
    assert action(chaser.engine, "4.2").status == "not_started"
    assert channel.sent[-1].text == "One answer was about an action that is not yours, so I left it alone."


def test_a_bad_status_in_a_payload_is_named_and_not_recorded(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    prompt = channel.sent[0].actions[0]
    take(chaser=chaser, message=_message("7.4: ?", message_id="tap-bad",
                                         quick=[QuickAnswer(action_id=prompt.action_id, status="finished-ish")]))
    assert action(chaser.engine, "7.4").status == "in_progress"
    assert channel.sent[-1].text == "7.4 was not recorded: 'finished-ish' is not a status Chaser knows."


def test_a_reply_in_words_answers_the_open_request_and_undo_reverses_it(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    take(chaser=chaser, message=_message("7.6 still waiting on DfES, now expected end of September",
                                         message_id="ev-1"))
    assert action(chaser.engine, "7.6").expected_by == date(2006, 9, 30)
    assert "7.6 delayed, now expected by 30 Sep 2006" in channel.sent[-1].text
    take(chaser=chaser, message=_message("UNDO", message_id="ev-2"))
    assert action(chaser.engine, "7.6").expected_by is None
    assert channel.sent[-1].text.startswith("Undone: your reply of 12 Jun 2006.")
    with Session(chaser.engine) as session:
        assert session.get(Request, 1).replied_at is not None


def test_a_tap_can_be_undone(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    prompt = channel.sent[0].actions[0]
    take(chaser=chaser, message=_message("7.4: Done", message_id="t1",
                                         quick=[QuickAnswer(action_id=prompt.action_id, status="complete")]))
    take(chaser=chaser, message=_message("undo", message_id="t2"))
    assert action(chaser.engine, "7.4").status == "in_progress"


def test_an_unknown_account_gets_an_explanation_and_no_plan_data(chat):
    chaser, channel = chat
    take(chaser=chaser, message=_message("what's overdue?", message_id="s1", sender="U0STRANGER"))
    [reply] = channel.sent
    assert reply.recipient == "U0STRANGER" and reply.person_id is None
    assert "I don't know this Slack account yet" in reply.text
    assert "7.4" not in reply.text and "overdue" not in reply.text
    with Session(chaser.engine) as session:
        row = session.exec(select(StoredMessage).where(StoredMessage.message_id == "s1")).one()
    assert (row.state, row.reason, row.person_id) == ("processed", "unknown chat account", None)


def test_email_is_never_linked_by_a_chat_rule(chat):
    chaser, _ = chat
    message = InboundMessage(channel="email", message_id="<m@x>", sender="nobody@example.org", text="7.4 done",
                             written_at=WHEN)
    accepted = accept(chaser=chaser, message=message)
    assert accepted.state == "quarantined"


def test_two_plans_waiting_means_a_question_not_a_guess(chat):
    chaser, channel = chat
    from store.importers import import_plan_file
    from tests.cycle.world import IMPORTED_AT, PLAN_CSV

    import_plan_file(engine=chaser.engine, path=PLAN_CSV, plan_name="jar-copy", now=IMPORTED_AT)
    run_cycle(chaser=chaser, plan_name=None)
    assert [m.recipient for m in channel.sent if m.kind == "request"].count("U0SUE") == 2
    take(chaser=chaser, message=_message("all on track, nothing slipping", message_id="amb-1"))
    assert channel.sent[-1].text.startswith("Thanks. You have actions in more than one plan. Which is this about:")
    take(chaser=chaser, message=_message("7.4 is complete", message_id="amb-2"))
    assert channel.sent[-1].text.startswith("Thanks. You have actions in more than one plan. Which is this about: "
                                            "7.4 in jar (Full SMART")
    with Session(chaser.engine) as session:
        assert session.exec(select(Update).where(Update.kind != "import")).all() == []
    take(chaser=chaser, message=_message("jar-copy 7.4", message_id="amb-3"))
    with Session(chaser.engine) as session:
        done = session.exec(select(Action.plan_id).join(Update, Update.action_id == Action.id)
                            .where(Update.kind != "import")).all()
        copy_id = session.exec(select(Action.plan_id).where(Action.ref == "7.4")).all()[1]
    assert done == [copy_id]


def test_a_restart_after_storing_processes_once(chat):
    chaser, channel = chat
    run_cycle(chaser=chaser, plan_name="jar")
    sent_before = len(channel.sent)
    accepted = accept(chaser=chaser, message=_message("7.4 complete", message_id="crash-1"))
    assert accepted.state == "new"  # stored and acknowledged; the process dies before processing
    worker = InboundWorker(chaser=chaser, sweep_seconds=0.05)
    assert worker.pending() == [accepted.inbound_id]
    worker.start()
    import time

    for _ in range(200):
        if not worker.pending():
            break
        time.sleep(0.05)
    worker.stop()
    again = InboundWorker(chaser=chaser, sweep_seconds=0.05)
    assert again.pending() == []
    assert action(chaser.engine, "7.4").status == "complete"
    assert len(_updates(chaser.engine, "7.4")) == 1
    assert len(channel.sent) == sent_before + 1
