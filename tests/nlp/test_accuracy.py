"""Regression guard: accuracy on the labelled replies must not fall below what was reached.

The full table (every split, every field) is printed by ``python -m tests.nlp.accuracy``. The
floors sit a little under the scores reached, split by split; the held-out splits were never
used to write a rule, so their floors only guard against a change that breaks what worked.
"""

from tests.nlp.accuracy import SPLITS, load, score

FLOORS = {
    "dev": {"status": 0.98, "percent_complete": 0.98, "completed_on": 0.98, "expected_by": 0.98, "refs": 1.0},
    "held-out": {"status": 0.92, "percent_complete": 0.95, "completed_on": 0.95, "expected_by": 0.95, "refs": 1.0},
    "held-out2": {"status": 0.95, "percent_complete": 0.96, "completed_on": 0.95, "expected_by": 0.95, "refs": 1.0},
    "held-out3": {"status": 0.97, "percent_complete": 0.96, "completed_on": 0.97, "expected_by": 0.96, "refs": 1.0},
    # issue 17: scored once before anything changed (status 0.828), after the first pass (0.897), after
    # the second (0.897) and after the third (0.914); never tuned on
    "unseen": {"status": 0.90, "percent_complete": 0.93, "completed_on": 0.95, "expected_by": 0.93, "refs": 1.0},
    # issue 17's second pass: written before it changed anything; scored once before (status 0.849), once
    # after (0.871), and after the third pass (0.887); never tuned on
    "unseen2": {"status": 0.87, "percent_complete": 0.94, "completed_on": 0.97, "expected_by": 0.98, "refs": 1.0},
    # issue 17's third pass: written before it changed anything; scored once before (status 0.844) and once
    # after (0.873); never tuned on
    "unseen3": {"status": 0.86, "percent_complete": 0.91, "completed_on": 0.92, "expected_by": 0.95, "refs": 1.0},
    # issue 17's fourth pass: written by a writer who never saw the reader, in the styles of real
    # councils' published progress notes; scored once before anything changed (status 0.937) and once
    # after (0.948); never tuned on
    "unseen4": {"status": 0.94, "percent_complete": 0.93, "completed_on": 0.96, "expected_by": 0.94, "refs": 1.0},
    # written the same way after the fourth pass's changes, by a writer who never saw the reader; scored
    # once (status 0.958); never tuned on
    "unseen5": {"status": 0.95, "percent_complete": 0.96, "completed_on": 0.97, "expected_by": 0.95, "refs": 1.0},
    # written the same way during session 5's last changes, never seen by its writer's reader; scored
    # before them (status 0.983) and after (0.988); never tuned on
    "unseen6": {"status": 0.97, "percent_complete": 0.97, "completed_on": 0.98, "expected_by": 0.95, "refs": 1.0},
    # session 6: written by a seventh writer who never saw the reader; scored once before that
    # session's pass (status 0.893, percent 0.874, refs 0.980), then tuned on its families (0.984, 0.988, 1.0)
    "unseen7": {"status": 0.97, "percent_complete": 0.98, "completed_on": 0.98, "expected_by": 0.94, "refs": 1.0},
    # written the same way by an eighth writer; scored once after session 6's changes from unseen7's
    # families (status 0.938, percent 0.949, refs 0.996), then tuned on its own (0.996, 1.0, 1.0)
    "unseen8": {"status": 0.98, "percent_complete": 0.99, "completed_on": 0.97, "expected_by": 0.95, "refs": 1.0},
    # a ninth writer; scored once after the changes from unseen8's families (status 0.934, percent
    # 0.969, completed_on 0.977, expected_by 0.946, refs 1.000, silent errors 2.3%), then tuned on its own
    "unseen9": {"status": 0.97, "percent_complete": 0.99, "completed_on": 0.97, "expected_by": 0.94, "refs": 1.0},
    # a tenth writer; scored once after the changes from unseen9's families (status 0.980, percent
    # 0.977, completed_on 0.961, expected_by 0.957, refs 1.000, silent errors 0.4%)
    "unseen10": {"status": 0.97, "percent_complete": 0.97, "completed_on": 0.95, "expected_by": 0.95, "refs": 1.0},
    # an eleventh writer; scored once after the changes from unseen10's families (status 0.981,
    # percent 0.977, completed_on 0.969, expected_by 0.957, refs 1.000, silent errors 0.8%)
    "unseen11": {"status": 0.97, "percent_complete": 0.97, "completed_on": 0.96, "expected_by": 0.95, "refs": 1.0},
    # a twelfth writer (session 7); scored once on the final reader of that session before its last
    # families (status 0.969, percent 0.984, completed_on 0.981, expected_by 0.965, refs 1.000,
    # silent errors 0.4%), then those families
    "unseen12": {"status": 0.97, "percent_complete": 0.98, "completed_on": 0.98, "expected_by": 0.97, "refs": 1.0},
    # a thirteenth writer; scored once on the reader of session 7's end (status 0.969, percent 0.984,
    # completed_on 0.996, expected_by 0.965, refs 1.000, silent errors 1.2%)
    "unseen13": {"status": 0.96, "percent_complete": 0.98, "completed_on": 0.99, "expected_by": 0.96, "refs": 1.0},
    # a fourteenth writer; scored once at session 7's end (status 0.988, percent 0.992, completed_on
    # 0.996, expected_by 0.969, refs 1.000, silent errors 0.4%)
    "unseen14": {"status": 0.98, "percent_complete": 0.99, "completed_on": 0.99, "expected_by": 0.96, "refs": 1.0},
    # a fifteenth writer (email, chat and partners only); scored once on session 7's final reader
    # (status 0.966, percent 0.970, completed_on 0.996, expected_by 0.973, refs 1.000, silent errors
    # 0.8%), then its families
    "unseen15": {"status": 0.98, "percent_complete": 0.99, "completed_on": 0.99, "expected_by": 0.98, "refs": 1.0},
    # a sixteenth writer; scored once after unseen15's families (status 0.970, percent 0.993,
    # completed_on 0.993, expected_by 0.959, refs 1.000, silent errors 0.4%; the same on session 7's reader)
    "unseen16": {"status": 0.96, "percent_complete": 0.99, "completed_on": 0.99, "expected_by": 0.95, "refs": 1.0},
}
# The share of replies whose status would be recorded wrong without a question, just above what was reached.
SILENT_ERROR_CEILINGS = {
    # held-out: 2 replies of 154 until issue 17's fourth pass, 4 with the model retrained on train4 and
    # train5 (cross-validated, the model that never saw them: 5 of 154 before and after)
    "dev": 0.01, "held-out": 0.03, "held-out2": 0.01, "held-out3": 0.01, "unseen": 0.04, "unseen2": 0.03,
    "unseen3": 0.05, "unseen4": 0.02, "unseen5": 0.01, "unseen6": 0.01, "unseen7": 0.01,
    "unseen8": 0.01, "unseen9": 0.02, "unseen10": 0.01, "unseen11": 0.01, "unseen12": 0.01, "unseen13": 0.02,
    "unseen14": 0.01, "unseen15": 0.01, "unseen16": 0.01,
}


def test_labelled_set_is_big_enough_and_well_formed() -> None:
    records = [r for path in SPLITS.values() for r in load(path)]
    assert len(records) >= 300
    assert len(load(SPLITS["held-out2"])) >= 120
    assert len(load(SPLITS["held-out3"])) >= 150
    assert len(load(SPLITS["unseen"])) >= 200
    assert len(load(SPLITS["unseen2"])) >= 150
    assert len(load(SPLITS["unseen3"])) >= 200
    assert len(load(SPLITS["unseen4"])) >= 200
    assert len(load(SPLITS["unseen5"])) >= 200
    assert len(load(SPLITS["unseen6"])) >= 200
    assert len(load(SPLITS["unseen7"])) >= 200
    assert len(load(SPLITS["unseen8"])) >= 200
    assert len(load(SPLITS["unseen9"])) >= 200
    assert len(load(SPLITS["unseen10"])) >= 200
    assert len(load(SPLITS["unseen11"])) >= 200
    assert len(load(SPLITS["unseen12"])) >= 200
    assert len(load(SPLITS["unseen13"])) >= 200
    assert len(load(SPLITS["unseen14"])) >= 200
    assert len(load(SPLITS["unseen15"])) >= 200
    assert len(load(SPLITS["unseen16"])) >= 200
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert record["status"] in (None, "complete", "in_progress", "delayed", "blocked", "not_started")
        assert record["no_change"] is (record["status"] is None and record["no_change"])
        # the convention: a completion date only with complete, an expected date never with it
        assert record["completed_on"] is None or record["status"] == "complete"
        assert record["expected_by"] is None or record["status"] != "complete"


def test_accuracy_floors_on_every_split() -> None:
    assert set(FLOORS) == set(SPLITS) == set(SILENT_ERROR_CEILINGS)
    for name, path in SPLITS.items():
        accuracy, _, _ = score(load(path))
        for field, floor in FLOORS[name].items():
            assert accuracy[field] >= floor, (name, field, accuracy[field])
        assert accuracy["silent_error"] <= SILENT_ERROR_CEILINGS[name], (name, accuracy["silent_error"])
