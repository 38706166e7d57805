"""A request asks for figures beside actions in every channel: email text and HTML, Slack blocks,
Teams cards, Telegram and console words; a person with only indicators gets a request of their own."""

from __future__ import annotations

from datetime import UTC, date, datetime

from adapters.slack.blocks import message_blocks
from adapters.teams.cards import message_card
from bot.messages import RequestContent, request_message
from store.indicator_periods import FigureDue, figures_due, last_ended_period, period_words
from store.models import Action, Indicator, IndicatorReading, Person, Plan

JUNE = date(2006, 6, 30)
CH141 = Indicator(id=1, plan_id=1, code="CH141", key="CH141", unit="rate_per_10000", polarity="higher",
                  title="Referrals of children in need per 10,000 population aged under 18", baseline=175,
                  baseline_on=date(2006, 3, 31), target=220, target_on=date(2007, 3, 31))
LAC = Indicator(id=2, plan_id=1, code="", key="number-of-looked-after-children",
                title="Number of Looked After Children")
MAY = IndicatorReading(indicator_id=1, period_end=date(2006, 5, 31), value=196, at=datetime(2006, 6, 13, tzinfo=UTC))
FIGURES = [FigureDue(CH141, JUNE, MAY), FigureDue(LAC, JUNE, None)]
PERSON = Person(id=5, name="Sue Fiennes", email="sue@example.org", slack_id="U5", teams_id="aad5", telegram_id="55")
PLAN = Plan(id=1, name="overall-2006", title="Overall Plan 2006")
ACTION = Action(id=9, plan_id=1, ref="7.4", title="Full SMART Forward Delivery Plan in place", due=date(2006, 4, 30),
                due_text="April 2006", status="in_progress")


def _message(channel: str, actions: list[Action]):
    content = RequestContent(plan=PLAN, round_key="2006-W27", person=PERSON, actions=actions, token="tok",
                             figures=FIGURES)
    return request_message(content=content, channel=channel, key="request:1")


def test_email_text_and_html_ask_for_each_figure_by_period():
    message = _message("email", [ACTION])
    assert "CH141  Referrals of children in need per 10,000 population aged under 18: the figure for June 2006?\n" \
           "    Last: 196 per 10,000 for May 2006 | Target: 220 per 10,000 by 31 Mar 2007" in message.text
    assert "\nNumber of Looked After Children: the figure for June 2006?\n" in message.text
    assert "7.4  Full SMART Forward Delivery Plan in place" in message.text
    assert message.html is not None and "<td>CH141</td>" in message.html and "<td>none yet</td>" in message.html
    assert [f.code for f in message.figures] == ["CH141", "Number of Looked After Children"]


def test_a_person_with_only_indicators_is_asked_for_figures_alone():
    message = _message("email", [])
    assert message.subject == "Figures for your indicators: Overall Plan 2006 (2006-W27)"
    assert "Please send the latest figures for your indicators in Overall Plan 2006" in message.text
    assert "how your actions" not in message.text and "Your open actions" not in (message.html or "")


def test_slack_draws_the_figures_after_the_actions():
    drawn = message_blocks(_message("slack", [ACTION]))
    assert drawn is not None
    [figures] = [b for b in drawn if b.get("block_id") == "chaser_figures"]
    assert "*CH141*  Referrals of children in need per 10,000 population aged under 18: the figure for June 2006?" \
        in figures["text"]["text"]
    assert "Last: 196 per 10,000 for May 2006 | Target: 220 per 10,000 by 31 Mar 2007" in figures["text"]["text"]
    alone = message_blocks(_message("slack", []))
    assert alone is None  # no buttons to draw: the words (which list the figures) go as text
    assert "CH141" in _message("slack", []).text


def test_teams_card_and_telegram_words_carry_the_figures():
    card = message_card(_message("teams", [ACTION])).model_dump(by_alias=True, exclude_none=True)
    texts = [item.get("text", "") for block in card["body"] if block["type"] == "Container"
             for item in block["items"]]
    assert "CH141: Referrals of children in need per 10,000 population aged under 18 — the figure for June 2006?" \
        in texts
    telegram = _message("telegram", [])
    assert "Hello Sue Fiennes, please send the latest figures for your indicators" in telegram.text
    assert "Number of Looked After Children: the figure for June 2006?" in telegram.text


def test_the_period_asked_for_is_the_latest_ended_one_without_a_figure(engine):
    from sqlmodel import Session

    assert last_ended_period("monthly", date(2006, 7, 3)) == JUNE
    assert last_ended_period("quarterly", date(2006, 7, 3)) == JUNE
    assert last_ended_period("quarterly", date(2006, 6, 30)) == date(2006, 3, 31)
    assert last_ended_period("annual", date(2007, 1, 15)) == date(2006, 3, 31)
    assert period_words(JUNE, "quarterly") == "the quarter to June 2006"
    with Session(engine) as session:
        plan = Plan(name="p")
        session.add(plan)
        session.flush()
        owner = Person(name="Sue")
        session.add(owner)
        session.flush()
        ind = Indicator(plan_id=plan.id, code="CH141", key="CH141", title="Referrals", owner_id=owner.id)
        session.add(ind)
        session.flush()
        assert [(d.indicator.code, d.period_end) for d in figures_due(session, plan_id=plan.id or 0,
                                                                      today=date(2006, 7, 3))] == [("CH141", JUNE)]
        session.add(IndicatorReading(indicator_id=ind.id or 0, period_end=JUNE, value=201, at=datetime.now(UTC)))
        session.flush()
        assert figures_due(session, plan_id=plan.id or 0, today=date(2006, 7, 3)) == []
        # the next month, July is asked for; a gap (June) would not be chased again
        assert [d.period_end for d in figures_due(session, plan_id=plan.id or 0, today=date(2006, 8, 2))] == [
            date(2006, 7, 31)]


def test_a_request_redrawn_after_a_tap_still_asks_for_its_figures(engine):
    from sqlmodel import Session

    from bot.messages import answered_request
    from store.models import ActionPerson, Request, Round

    with Session(engine) as session:
        plan = Plan(name="p", title="Plan P")
        owner = Person(name="Sue", slack_id="U5")
        session.add_all([plan, owner])
        session.flush()
        done = Action(plan_id=plan.id or 0, ref="7.4", title="Plan in place", status="complete")
        session.add(done)
        session.flush()
        session.add(ActionPerson(action_id=done.id or 0, person_id=owner.id or 0))
        session.add(Indicator(plan_id=plan.id or 0, code="CH141", key="CH141", title="Referrals",
                              owner_id=owner.id))
        rnd = Round(plan_id=plan.id or 0, key="2006-W27", opened_at=datetime(2006, 7, 3, 8, tzinfo=UTC))
        session.add(rnd)
        session.flush()
        request = Request(round_id=rnd.id or 0, plan_id=plan.id or 0, person_id=owner.id or 0, channel="slack",
                          token="t", action_ids=[done.id or 0], created_at=rnd.opened_at)
        session.add(request)
        session.flush()
        redrawn = answered_request(session, request=request, recorded=[done], channel="slack", key="edit:1",
                                   replace="ts1", conversation=None)
    assert redrawn is not None
    assert "recorded 7.4 complete" in redrawn.text and "That's every action in this request answered." in redrawn.text
    assert "CH141  Referrals: the figure for June 2006?" in redrawn.text
    assert [f.code for f in redrawn.figures] == ["CH141"]
