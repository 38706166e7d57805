"""Seed 000's eight indicators, stored directly (not through an importer) for report, answer and web tests.

Each has its March 2006 position as the baseline, the March 2007 target, and readings for the ends of
April and May 2006 recorded through ``store.indicators.record_reading``; a May figure can instead come
from its owner's reply, with the words kept as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.indicator_rules import infer_polarity, infer_unit
from store.indicators import record_reading
from store.models import Indicator, Person

BASELINE_ON, APRIL, MAY, TARGET_ON = date(2006, 3, 31), date(2006, 4, 30), date(2006, 5, 31), date(2007, 3, 31)
IMPORTED_AT = datetime(2006, 6, 7, 13, 0, tzinfo=UTC)
TODAY = date(2006, 6, 14)

# code ("" where the plan writes "--"), title, March 06, April 06, May 06, target March 07
SEED_000 = [
    ("CH141", "Referrals of children in need per 10,000 population aged under 18", 175, 181, 196, 220),
    ("CH142", "% of referrals that are repeat referrals within 12 months", 17.2, 18.0, 18.3, 17.0),
    ("CH143", "% Referrals of children in need leading to initial assessments", 54.0, 49.1, 44.9, 60.0),
    ("DIS1704", "% of initial assessments within 7 working days of referral", 70.1, 66.7, 67.8, 75.0),
    ("CH145", "Number of core assessments of children in need per 10,000 population under 18", 30.0, 26.5, 26.7,
     45.0),
    ("CH01", "Number of children on child protection register per 10,000 population under 18", 16.8, 16.8, 17.1,
     17.0),
    ("", "Number of Looked After Children", 157, 158, 161, 155),
    ("", "Number of children on Child Protection Register", 63, 63, 64, 63),
]
# The RAG each is at the end of May 2006 (tests/store/test_indicator_rules.py).
RAG_AT_MAY = {"CH141": "green", "CH142": "red", "CH143": "red", "DIS1704": "amber", "CH145": "red", "CH01": "green",
              "number-of-looked-after-children": "amber", "number-of-children-on-child-protection-register": "green"}

# May figures given in the owner's replies, with their words (the rest are imported from the plan).
REPLIES = {
    "CH142": (datetime(2006, 6, 12, 9, 30, tzinfo=UTC),
              "CH142: 18.3% for May. Repeat referrals are up again while the duty team is short of staff."),
    "CH143": (datetime(2006, 6, 12, 9, 31, tzinfo=UTC),
              "CH143 was 44.9% at the end of May; the new screening rules send more referrals to advice."),
}


def key_for(code: str, title: str) -> str:
    """The indicator's key: its code, or a slug of its title where the plan gives none."""
    return code or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def add_seed_indicators(
    engine: Engine, *, plan_id: int, owner: str, owners: Mapping[str, str] | None = None,
    replies: Mapping[str, tuple[datetime, str]] | None = None,
) -> dict[str, int]:
    """Store the eight indicators on ``plan_id`` with their readings; return their ids by key.

    Args:
        owner: the name of the person who owns every indicator not named in ``owners``.
        owners: key -> owner name, for indicators owned by someone else.
        replies: key -> (when, words): the May figure came from the owner's reply (default: ``REPLIES``).
    """
    owners = owners or {}
    replies = REPLIES if replies is None else replies
    ids: dict[str, int] = {}
    with Session(engine) as session:
        people = {p.name: p.id for p in session.exec(select(Person))}
        for position, (code, title, march, april, may, target) in enumerate(SEED_000):
            key = key_for(code, title)
            polarity, source = infer_polarity(title, march, target)
            indicator = Indicator(
                plan_id=plan_id, code=code, key=key, position=position, title=title, unit=infer_unit(title),
                polarity=polarity, polarity_source=source, baseline=march, baseline_on=BASELINE_ON, target=target,
                target_on=TARGET_ON, owner_id=people[owners.get(key, owner)], owner_text=owners.get(key, owner),
                created_at=IMPORTED_AT, updated_at=IMPORTED_AT,
            )
            session.add(indicator)
            session.flush()
            record_reading(session=session, indicator=indicator, period_end=APRIL, value=april, at=IMPORTED_AT,
                           today=TODAY, channel="import", kind="import", text=title)
            if key in replies:
                at, words = replies[key]
                record_reading(session=session, indicator=indicator, period_end=MAY, value=may, at=at, today=TODAY,
                               person_id=indicator.owner_id, channel="email", kind="reply", text=words)
            else:
                record_reading(session=session, indicator=indicator, period_end=MAY, value=may, at=IMPORTED_AT,
                               today=TODAY, channel="import", kind="import", text=title)
            assert indicator.id is not None
            ids[key] = indicator.id
        session.commit()
    return ids
