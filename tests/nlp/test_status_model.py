"""The trained status model: reproducible from the labelled replies, packaged, and used beside the rules."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest

from nlp import extract
from nlp.extraction import ASK_BELOW
from nlp.extractor import segment_features
from nlp.status.blend import blend
from nlp.status.model import MODEL_BIN, MODEL_JSON, StatusModel, load_model, reset_model, set_model
from nlp.status.training import load_split, train

TODAY = date(2006, 6, 14)


def test_the_packaged_model_is_what_training_on_the_repo_data_gives() -> None:
    packaged = StatusModel.read()
    fresh = train()
    assert fresh.labels == packaged.labels and fresh.index == packaged.index
    assert fresh.weights == packaged.weights


def test_training_never_reads_the_unseen_split() -> None:
    with pytest.raises(ValueError, match="unseen"):
        load_split("unseen")
    for name in [f"unseen{n}" for n in range(2, 12)]:
        with pytest.raises(ValueError, match="unseen"):
            load_split(name)


def test_the_artefact_is_small_and_loads() -> None:
    assert MODEL_JSON.stat().st_size + MODEL_BIN.stat().st_size < 200_000
    model = load_model()
    assert model is not None and set(model.labels) >= {"complete", "in_progress", "delayed", "blocked", "none"}
    for text, label in (("All done and signed off.", "complete"), ("Slipped to September.", "delayed")):
        probabilities = model.probabilities(segment_features(text, today=TODAY).whole)
        assert abs(sum(probabilities.values()) - 1.0) < 1e-6
        assert max(probabilities, key=probabilities.__getitem__) == label


def _column_sums(model: StatusModel, features: list[str]) -> dict[str, float]:
    """The scoring the packed rows stand for: each label's bias plus its column summed as floats."""
    rows = [model.weights[model.index[f]] for f in features if f in model.index] or [(0.0,) * len(model.labels)]
    scores = [bias + sum(column) for bias, column in zip(model.weights[-1], zip(*rows, strict=True), strict=True)]
    exps = [math.exp(score - max(scores)) for score in scores]
    return {label: e / sum(exps) for label, e in zip(model.labels, exps, strict=True)}


def test_the_packed_rows_score_exactly_as_float_sums() -> None:
    """Every probability, to the last bit, as summing the float16 weights column by column gives."""
    model = StatusModel.read()
    names = sorted(model.index)
    pick = random.Random(20)
    for size in [0, 1, 2, 5, 25, 80, 400, 3000]:
        for _ in range(20):
            features = pick.choices(names, k=size) + ["w:no-such-word"] * pick.randint(0, 2)
            pick.shuffle(features)
            assert model.probabilities(features) == _column_sums(model, features)
    # the heaviest rows of each sign together, many times over: still no carry between labels
    heavy = sorted(names, key=lambda n: max(map(abs, model.weights[model.index[n]])))[-50:]
    assert model.probabilities(heavy * 200) == _column_sums(model, heavy * 200)


@pytest.mark.parametrize(
    ("rules", "model", "status", "asks"),
    [
        (("complete", 0.92), {"complete": 0.9, "in_progress": 0.1}, "complete", False),  # agree, sure
        (("in_progress", 0.45), {"in_progress": 0.6, "complete": 0.4}, "in_progress", False),  # agree: sure
        # agree, but the model backs no label: ask
        (("in_progress", 0.45), {"in_progress": 0.28, "complete": 0.27, "delayed": 0.25, "blocked": 0.2},
         "in_progress", True),
        (("complete", 0.92), {"in_progress": 0.92, "complete": 0.08}, "complete", True),  # sure rules kept, asked
        # a model all but certain (OVERRULE) proposes its own reading over sure rules: still asked
        (("complete", 0.92), {"in_progress": 0.97, "complete": 0.03}, "in_progress", True),
        (("complete", 0.92), {"in_progress": 0.6, "complete": 0.4}, "complete", False),  # not ruled out: stands
        (("complete", 0.65), {"in_progress": 0.6, "complete": 0.4}, "complete", True),  # unsure rules: asked
        (("in_progress", 0.3), {"delayed": 0.8, "in_progress": 0.2}, "delayed", True),  # guessing rules give way
        (("in_progress", 0.65), {"complete": 0.9, "in_progress": 0.1}, "in_progress", True),  # reasoned rules kept
        ((None, 0.1), {"none": 0.9, "complete": 0.1}, None, False),  # both read no status (the bot asks anyway)
    ],
)
def test_blend(rules: tuple[str | None, float], model: dict[str, float], status: str | None, asks: bool) -> None:
    got = blend(rules[0], rules[1], model)
    assert got.status == status
    assert (got.confidence < ASK_BELOW) is asks


def test_without_a_model_the_rules_read_alone() -> None:
    try:
        set_model(None)
        alone = extract("Moved to 9 August", today=TODAY)
        assert blend("complete", 0.92, None).confidence == 0.92
    finally:
        reset_model()
    assert alone.status in ("delayed", "in_progress", None)
    assert extract("Moved to 9 August", today=TODAY).status == "delayed"


def test_when_rules_and_model_disagree_the_reading_asks() -> None:
    # "done" says complete to the rules; "before it's done" with a date ahead is a plan
    got = extract("Realistically it'll be mid August before it's all done.", today=TODAY)
    assert got.status != "complete" or got.confidence < ASK_BELOW
