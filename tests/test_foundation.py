"""The store's foundations: migrations, timezone-aware datetimes, and the RAG rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select

from store.migrate import current_revision, head_revision, upgrade
from store.models import Person, Plan
from store.rules import assess, rag_label


def test_migrations_reach_head_and_are_idempotent(engine):
    assert current_revision(engine) == head_revision()
    assert upgrade(engine) is False


def test_datetimes_come_back_aware_in_utc(engine):
    bst = timezone(timedelta(hours=1))
    with Session(engine) as s:
        s.add(Plan(name="p", created_at=datetime(2006, 6, 14, 10, 12, tzinfo=bst)))
        s.commit()
    with Session(engine) as s:
        plan = s.exec(select(Plan)).one()
        assert plan.created_at == datetime(2006, 6, 14, 9, 12, tzinfo=UTC)
        assert plan.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(engine):
    with Session(engine) as s:
        s.add(Person(name="Sue Fiennes", created_at=datetime(2006, 6, 14, 9, 0)))  # noqa: DTZ001
        with pytest.raises(Exception, match="naive datetime"):
            s.commit()


class A:
    def __init__(self, status, due=None, expected_by=None):
        self.status, self.due, self.expected_by = status, due, expected_by


TODAY = date(2006, 6, 14)


@pytest.mark.parametrize(
    ("action", "colour", "overdue"),
    [
        (A("complete", date(2006, 3, 31)), "green", False),
        (A("in_progress", date(2006, 7, 31)), "green", False),
        (A("blocked", date(2006, 7, 31)), "red", False),
        (A("in_progress", date(2006, 3, 31)), "red", True),
        (A("delayed", date(2006, 3, 31), date(2006, 7, 31)), "amber", True),
        (A("delayed", date(2006, 3, 31), date(2006, 5, 31)), "red", True),
        (A("delayed", date(2006, 7, 31)), "amber", False),
        (A("in_progress", date(2006, 6, 30), date(2006, 8, 31)), "amber", False),
        (A("not_started", None), "green", False),
    ],
)
def test_rag_rules(action, colour, overdue):
    result = assess(action, TODAY)
    assert result.rag == colour
    assert result.overdue is overdue


def test_rag_label_never_relies_on_colour_alone():
    assert rag_label("red") == "Red (overdue or blocked)"


def test_whole_plan_access_is_one_rule():
    from store.access import sees_everything

    assert sees_everything(["lead", "chief_executive"])
    assert sees_everything(["coordinator"]) and sees_everything(["director"])
    assert not sees_everything(["lead"]) and not sees_everything([])


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["complete", "complete"], "complete"),
        (["complete", "in_progress"], "in_progress"),
        (["complete", "not_started"], "in_progress"),
        (["not_started", "not_started"], "not_started"),
        (["complete", "delayed", "in_progress"], "delayed"),
        (["delayed", "blocked", "complete"], "blocked"),
        ([], None),
    ],
)
def test_an_action_made_of_parts_takes_its_status_from_them(parts, expected):
    from store.rules import rolled_up_status

    assert rolled_up_status(parts) == expected
