"""Choosing the blend's thresholds: the replay reads as the reader does, and the choice keeps its ceiling."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

from nlp import extract
from nlp.status.blend import THRESHOLDS, recording
from nlp.status.calibration import AGREE_MIN, BACK_MIN, SURE_MODEL, SURE_RULES, Trial, choose, replay, score
from nlp.status.training import load_split


def _trials(split: str, limit: int) -> list[Trial]:
    """The first ``limit`` replies of ``split`` and every reply in it about several actions."""
    records = load_split(split)
    trials = []
    for record in records[:limit] + [r for r in records[limit:] if len(r["actions"]) > 1]:
        with recording() as calls:
            got = extract(record["text"], today=date.fromisoformat(record["today"]))
        trials.append(Trial(split, record["status"], tuple(calls), got.status, got.confidence, got.no_change))
    return trials


def test_the_replay_gives_what_the_reader_gave() -> None:
    trials = _trials("train3", 120)  # chat, and replies about several actions among them
    assert any(len(t.calls) > 1 for t in trials)
    for trial in trials:
        assert replay(trial, THRESHOLDS) == (trial.status, trial.confidence)


def test_stricter_thresholds_ask_more_and_record_fewer_wrong() -> None:
    trials = _trials("train2", 150)
    loose = score(trials, replace(THRESHOLDS, sure_rules=0.9, agree_min=0.0, sure_model=0.3, back_min=0.1))
    strict = score(trials, replace(THRESHOLDS, sure_rules=1.01, agree_min=1.0, sure_model=1.01, back_min=1.01))
    assert strict.asked > loose.asked
    assert strict.silent <= loose.silent
    assert strict.asked > 0.95  # only what no blend decides is left: "no change", the rules alone


def test_the_choice_asks_least_within_the_ceiling() -> None:
    trials = _trials("train_extra", 60) + _trials("dev", 20)
    judged = [t for t in trials if t.split != "dev"]
    ceiling = 0.03
    chosen, curve = choose(trials, ceiling=ceiling)
    best = score(judged, chosen)
    assert best.silent <= ceiling
    for sure_rules, agree_min, sure_model, back_min in itertools.product(SURE_RULES, AGREE_MIN, SURE_MODEL, BACK_MIN):
        candidate = replace(THRESHOLDS, sure_rules=sure_rules, agree_min=agree_min, sure_model=sure_model,
                            back_min=back_min)
        other = score(judged, candidate)
        if other.silent <= ceiling:
            assert other.asked >= best.asked
    # the curve: fewer questions always cost more silent errors
    for (_, fewer), (_, more) in itertools.pairwise(curve):
        assert fewer.asked <= more.asked and fewer.silent > more.silent
