"""`chaser serve --example` runs the 2006 plan as of its own week, and never a real plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from adapters.web.example import EXAMPLE_TIME, load_example, only_the_example
from adapters.web.launch import example_lines
from bot.bootstrap import Chaser
from bot.cli import example_clock
from store.clock import LONDON, ShiftedClock
from store.models import Plan
from store.settings import Settings


def test_a_shifted_clock_reads_its_start_now_and_ticks_like_the_real_one() -> None:
    start = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)
    clock = ShiftedClock.starting_at(start)
    first = clock.now()
    assert abs(first - start) < timedelta(seconds=5)
    assert first.utcoffset() == timedelta(hours=1)  # London in June, like every datetime Chaser shows
    real = datetime.now(UTC)
    assert abs((clock.now() - first) - (datetime.now(UTC) - real)) < timedelta(seconds=1)


def test_the_example_runs_on_its_own_clock_only_while_the_database_holds_nothing_else(tmp_path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chaser.db'}", outbox_dir=tmp_path / "outbox",
                        web_url="http://testserver", smtp_url=None)
    from store.db import make_engine

    engine = make_engine(settings.database_url)
    try:
        clock = example_clock(settings, engine)  # an empty database: the example's own week
        assert isinstance(clock, ShiftedClock)
        assert abs(clock.now() - EXAMPLE_TIME) < timedelta(seconds=5)
        chaser = Chaser(settings=settings, engine=engine, clock=clock)
        lines = example_lines(chaser=chaser)
        assert "round 2006-W24" in "\n".join(lines)
        assert any("running as of Monday 12 June 2006, 09:00" in line for line in lines)
        assert only_the_example(engine)
        assert isinstance(example_clock(settings, engine), ShiftedClock)  # the example again: still its own week

        with Session(engine) as session:  # a council's own plan beside it: never chased as of 2006
            session.add(Plan(name="council-plan-2026", title="Council Plan 2026"))
            session.commit()
        assert not only_the_example(engine)
        assert example_clock(settings, engine) is None
    finally:
        engine.dispose()


def test_the_example_loaded_on_todays_clock_says_nothing_of_2006(sqlite_engine, tmp_path) -> None:
    settings = Settings(database_url="sqlite://", outbox_dir=tmp_path / "outbox", web_url="http://testserver",
                        smtp_url=None)
    from store.clock import SystemClock

    chaser = Chaser(settings=settings, engine=sqlite_engine, clock=SystemClock())
    load_example(chaser=chaser)
    lines = example_lines(chaser=chaser)
    assert not any("running as of" in line for line in lines)
