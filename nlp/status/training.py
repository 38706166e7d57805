"""Train the status model (:mod:`.model`) from the labelled replies: ``python -m nlp.train``.

Training data: ``tests/data/replies_dev.jsonl``, ``replies_heldout.jsonl``, ``replies_heldout2.jsonl``,
``replies_heldout3.jsonl``, ``replies_train_extra.jsonl``, ``replies_train2.jsonl``,
``replies_train3.jsonl``, ``replies_train4.jsonl`` and ``replies_train5.jsonl``. The unseen splits are
never read here.
Each reply, and each action's own part of a reply about several, is one example. The fit is
full-batch gradient descent on an L2-penalised softmax loss from zero weights, so the same data
always gives the same artefact (the seed only orders the examples, which the batch sum ignores up
to rounding; it is fixed anyway).

``python -m nlp.train --check`` trains on everything except the held-out splits and prints the
model's accuracy on each of them, beside the rules'. ``python -m nlp.train --calibrate`` chooses
the blend's thresholds by cross-validation over every training split (:mod:`.calibration`). Neither
looks at the unseen splits.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from nlp.status.model import MODEL_BIN, MODEL_JSON, NO_STATUS, StatusModel

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
TRAIN_SPLITS = ("dev", "heldout", "heldout2", "heldout3", "train_extra", "train2", "train3", "train4", "train5")
LABELS = ("complete", "in_progress", "delayed", "blocked", "not_started", NO_STATUS)
SEED = 17
MIN_COUNT = 2  # a feature seen once is noise
L2 = 0.002
STEPS = 1500
RATE = 2.0


def load_split(name: str) -> list[dict[str, Any]]:
    """The labelled replies of ``tests/data/replies_<name>.jsonl``."""
    if name.startswith("unseen"):
        raise ValueError("the unseen split is for scoring only, never for training")
    path = DATA / f"replies_{name}.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def examples(records: Iterable[dict[str, Any]]) -> list[tuple[list[str], str]]:
    """(features, label) for each reply, and for each action's own part of a reply about several."""
    from nlp.extractor import segment_features

    out = []
    for record in records:
        parts = segment_features(record["text"], today=date.fromisoformat(record["today"]))
        wanted = {a["ref"]: a["status"] for a in record["actions"]}
        out.append((parts.whole, record["status"] or NO_STATUS))
        if len(parts.groups) > 1:
            for refs, features in parts.groups:
                statuses = {wanted[r] for r in refs if r in wanted}
                if len(statuses) == 1:
                    out.append((features, statuses.pop() or NO_STATUS))
    return out


def fit(data: Sequence[tuple[list[str], str]], *, seed: int = SEED) -> StatusModel:
    """A softmax regression over the features seen at least ``MIN_COUNT`` times."""
    data = list(data)
    random.Random(seed).shuffle(data)
    counts = Counter(f for features, _ in data for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {name: i for i, name in enumerate(names)}
    bias = len(names)
    # the examples as a sparse matrix: (row, column) pairs, a feature repeated counts again
    pairs = [(row, index[f]) for row, (features, _) in enumerate(data) for f in features if f in index]
    pairs += [(row, bias) for row in range(len(data))]
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    n, width, k = len(data), bias + 1, len(LABELS)
    y = np.zeros((n, k))
    y[np.arange(n), [LABELS.index(label) for _, label in data]] = 1.0
    weights = np.zeros((width, k))
    # Adagrad-scaled full-batch steps: deterministic, and quick for a few thousand examples.
    history = np.full_like(weights, 1e-8)
    for _ in range(STEPS):
        scores = np.stack([np.bincount(rows, weights=weights[cols, j], minlength=n) for j in range(k)], axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        diff = (probs - y) / n
        grad: np.ndarray = np.stack(
            [np.bincount(cols, weights=diff[rows, j], minlength=width) for j in range(k)], axis=1
        ).astype(np.float64)
        grad = grad + L2 * weights
        grad[-1] -= L2 * weights[-1]  # the bias is not penalised
        history += grad**2
        weights -= RATE * grad / np.sqrt(history)
    # float16, as the artefact stores them, so a freshly trained model reads exactly like the packaged one
    table: list[list[float]] = weights.astype("<f2").astype(np.float64).tolist()
    return StatusModel(LABELS, index, tuple(tuple(row) for row in table))


def train(splits: Sequence[str] = TRAIN_SPLITS) -> StatusModel:
    """Fit the model on ``splits`` (those present)."""
    records = [r for name in splits if (DATA / f"replies_{name}.jsonl").exists() for r in load_split(name)]
    return fit(examples(records))


def check() -> None:
    """Train without the held-out splits; print model and rules accuracy on each of them."""
    from nlp import extract
    from nlp.extraction import ASK_BELOW
    from nlp.extractor import segment_features
    from nlp.status.model import reset_model, set_model

    model = train(tuple(name for name in TRAIN_SPLITS if not name.startswith("heldout")))
    for name in ("heldout", "heldout2", "heldout3"):
        records = load_split(name)
        alone = rules = blended = asked = silent = 0
        for r in records:
            today = date.fromisoformat(r["today"])
            probs = model.probabilities(segment_features(r["text"], today=today).whole)
            best = max(probs, key=probs.__getitem__)
            alone += (None if best == NO_STATUS else best) == r["status"]
            set_model(None)
            rules += extract(r["text"], today=today).status == r["status"]
            set_model(model)
            got = extract(r["text"], today=today)
            blended += got.status == r["status"]
            if got.confidence < ASK_BELOW or (got.status is None and not got.no_change):
                asked += 1
            elif got.status != r["status"]:
                silent += 1
        reset_model()
        n = len(records)
        print(
            f"{name:<10} model {alone / n:.3f}   rules {rules / n:.3f}   rules+model {blended / n:.3f}   "
            f"asked {asked / n:.3f}   silent errors {silent / n:.3f}   ({n})"
        )


def calibrate(folds: int) -> None:
    """Cross-validate on every training split; print the thresholds' trade-off curve and the choice."""
    from nlp.status.blend import THRESHOLDS
    from nlp.status.calibration import choose, cross_validate, replay, report

    records = [{**r, "split": name} for name in TRAIN_SPLITS for r in load_split(name)]
    trials = cross_validate(records, folds=folds, seed=SEED)
    # the replay must give what the reader gave with the packaged thresholds
    differ = sum(replay(t, THRESHOLDS) != (t.status, t.confidence) for t in trials)
    print(f"{len(trials)} replies, {folds} folds; replay differs from the reader on {differ}")
    chosen, curve = choose(trials)
    print("\n".join(report(trials, chosen, curve)))


def main(argv: list[str] | None = None) -> int:
    """Train and write ``nlp/status/status_model.{json,bin}``; ``--check`` and ``--calibrate`` only report."""
    parser = argparse.ArgumentParser(prog="python -m nlp.train", description=__doc__)
    parser.add_argument("--check", action="store_true", help="train without the held-out splits and score them")
    parser.add_argument(
        "--calibrate", action="store_true", help="choose the blend's thresholds by cross-validation (prints them)"
    )
    parser.add_argument("--folds", type=int, default=5, help="folds for --calibrate (default 5)")
    args = parser.parse_args(argv)
    if args.check:
        check()
        return 0
    if args.calibrate:
        calibrate(args.folds)
        return 0
    model = train()
    model.save()
    size = MODEL_JSON.stat().st_size + MODEL_BIN.stat().st_size
    print(f"{len(model.index)} features x {len(model.labels)} labels -> {MODEL_JSON.name}, {MODEL_BIN.name} "
          f"({size / 1024:.0f} KiB)")
    return 0
