"""Seed 000 imported, amended and answered in one round worded as in seed 002: the exceptions report reads like 002."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from reports.exceptions import ExceptionsReport
from reports.render import build_report, render_view
from tests.conftest import BOTH_DATABASES, empty_engine
from tests.reports.seed_round import PLAN, TODAY, import_and_reply, seed_000_path

SEED = seed_000_path()
pytestmark = pytest.mark.skipif(SEED is None, reason="seed 000 not found (set CHASER_SEEDS to its folder)")


@pytest.fixture(scope="module", params=BOTH_DATABASES)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Seed 000 imported, amended and answered once per module, on SQLite and PostgreSQL."""
    assert SEED is not None
    folder = tmp_path_factory.mktemp("seed-round")
    eng = empty_engine(request, folder)
    import_and_reply(eng, seed=SEED, workdir=folder)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def report(seeded) -> ExceptionsReport:
    built = build_report(engine=seeded, kind="exceptions", plan_name=PLAN, today=TODAY)
    assert isinstance(built, ExceptionsReport)
    return built


def test_grouped_by_section_in_plan_order_with_one_paragraph_per_exception(report):
    numbers = [s.heading.split(".")[0] for s in report.sections]
    assert numbers == sorted(numbers, key=lambda n: (int(re.match(r"\d+", n).group()), n))
    items = {i.ref: (s.heading, i) for s in report.sections for i in s.items}
    heading, slipped = items["7.4"]
    assert heading.startswith("7. Improved services and outcomes for children & young people")
    assert slipped.kinds == ("Overdue", "Slipped")
    assert slipped.quote.startswith("Director of Children's Services, 14 Jun 2006: \u201cAlthough a first draft has "
                                    "now been prepared of the Forward Delivery Plan 2006-07")
    assert "Blocked" in items["7.2d"][1].kinds
    assert "The biggest issue appears to be starting salaries." in items["7.2d"][1].quote
    assert items["3.1"][1].facts[0].startswith("Slipped: now expected by 31 Jul 2006")
    assert "No return received from Director of Adult & Community Services" in " ".join(items["6.1b"][1].facts)


def test_nothing_on_track_and_no_import_counted_as_an_update(report):
    items = {i.ref: i for s in report.sections for i in s.items}
    assert "4.2" not in items  # completed in this round
    assert "2.1" not in items and "1.1" not in items  # complete in the plan
    assert "5a.1" not in items and "10.6" not in items  # on track, only the imported plan's words
    assert not any("No update received" in " ".join(i.facts) for i in items.values())


def test_section_2_lists_the_amendments_to_7_1_and_7_2(report):
    assert [(c.when, c.ref) for c in report.changes] == [("07 Jun 2006", "7.1"), ("07 Jun 2006", "7.2")]
    assert report.changes[0].text == ("Title changed: from \u201cPreparation of the draft JAR Performance Improvement "
                                      "Action Plan\u201d to \u201cPreparation and approval of the JAR Performance "
                                      "Improvement Action Plan\u201d.")


def test_plain_text_reads_like_seed_002(report):
    text = render_view(report, "txt").decode()
    assert text.index("1. EXCEPTIONS") < text.index("2. The Herefordshire")
    assert text.index("2. The Herefordshire") < text.index("7. Improved services") < text.index(
        "2. CHANGES TO THE PLAN")
    assert "  - 2.2 Develop the action plan to implement the HCS and the LAA" in text
    assert "Not yet replied to round 2006-W24: Director of Adult & Community Services." in text


@pytest.mark.parametrize("kind", ["exceptions", "summary", "progress"])
def test_every_plain_text_report_of_the_real_plan_fits_78_columns(seeded, kind):
    text = render_view(build_report(engine=seeded, kind=kind, plan_name=PLAN, today=TODAY), "txt").decode()
    too_long = [line for line in text.splitlines() if len(line) > 78]
    assert too_long == []


def test_a_heading_is_reported_through_its_parts_not_twice(report):
    refs = [i.ref for s in report.sections for i in s.items]
    assert "7.2" not in refs  # the heading over 7.2a-f; any of its parts that needs attention is listed
