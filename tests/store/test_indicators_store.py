"""Recording indicator readings: evidence kept, the later reading for a period stands, bad figures refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from store.indicators import ReadingError, plan_indicators, record_reading
from store.models import ChangeLog, Indicator, IndicatorReading, Plan

AT = datetime(2006, 6, 14, 9, 0, tzinfo=UTC)
TODAY = date(2006, 6, 14)


def _plan_with_indicator(session: Session) -> Indicator:
    plan = Plan(name="overall-2006")
    session.add(plan)
    session.flush()
    indicator = Indicator(plan_id=plan.id, code="CH142", key="CH142", unit="percent", polarity="lower",
                          title="% of referrals that are repeat referrals within 12 months",
                          baseline=17.2, baseline_on=date(2006, 3, 31), target=17.0, target_on=date(2007, 3, 31))
    session.add(indicator)
    session.flush()
    return indicator


def test_readings_are_kept_and_the_latest_for_a_period_stands(engine):
    with Session(engine) as session:
        indicator = _plan_with_indicator(session)
        record_reading(session=session, indicator=indicator, period_end=date(2006, 4, 30), value=18.0, at=AT,
                       today=TODAY, channel="import", kind="import")
        record_reading(session=session, indicator=indicator, period_end=date(2006, 5, 31), value=18.5, at=AT,
                       today=TODAY, text="CH142: 18.5% for May", channel="email")
        record_reading(session=session, indicator=indicator, period_end=date(2006, 5, 31), value=18.3,
                       at=AT.replace(hour=10), today=TODAY, text="sorry, 18.3% for May", channel="email",
                       kind="correction")
        session.commit()
        plan_id = indicator.plan_id
    with Session(engine) as session:
        [state] = plan_indicators(session, plan_id=plan_id)
        standing = [(r.period_end, r.value) for r in state.readings]
        assert standing == [(date(2006, 4, 30), 18.0), (date(2006, 5, 31), 18.3)]
        assert state.readings[-1].text == "sorry, 18.3% for May"
        assert state.assessment.rag == "red"
        assert state.assessment.direction == "worsening"
        assert len(session.exec(select(IndicatorReading)).all()) == 3  # the superseded figure is kept as evidence
        logged = [c.description for c in session.exec(select(ChangeLog))]
        assert "CH142 for the period ending 31 May 2006: 18.3%" in logged


@pytest.mark.parametrize(
    ("period_end", "value", "message"),
    [
        (date(2006, 7, 31), 18.0, "CH142: the period ending 31 Jul 2006 has not started yet"),
        (date(2006, 5, 31), float("nan"), "CH142: nan is not a figure"),
    ],
)
def test_a_bad_reading_is_refused_with_a_reason_and_nothing_is_stored(engine, period_end, value, message):
    with Session(engine) as session:
        indicator = _plan_with_indicator(session)
        session.commit()
        with pytest.raises(ReadingError) as err:
            record_reading(session=session, indicator=indicator, period_end=period_end, value=value, at=AT, today=TODAY)
        assert str(err.value) == message
        session.rollback()
        assert session.exec(select(IndicatorReading)).all() == []
