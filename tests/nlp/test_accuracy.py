"""Regression guard: accuracy on the labelled replies must not fall below what was reached.

The full table (both splits, every field) is printed by ``python -m tests.nlp.accuracy``.
"""

from tests.nlp.accuracy import SPLITS, load, score

FLOORS = {"status": 0.9, "percent_complete": 0.95, "completed_on": 0.95, "expected_by": 0.93, "refs": 1.0}


def test_labelled_set_is_big_enough_and_well_formed() -> None:
    records = [r for path in SPLITS.values() for r in load(path)]
    assert len(records) >= 300
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert record["status"] in (None, "complete", "in_progress", "delayed", "blocked", "not_started")
        assert record["no_change"] is (record["status"] is None and record["no_change"])


def test_accuracy_floors_on_every_split() -> None:
    for name in ("dev", "held-out"):
        path = SPLITS[name]
        accuracy, _, _ = score(load(path))
        for field, floor in FLOORS.items():
            assert accuracy[field] >= floor, (path.name, field, accuracy[field])
