"""How steady is the trained status model under small changes to its training data? (issue 56)

``python -m benchmarks.status_stability [--settings base,l2_01,...] [--seeds 5]``

For each training *setting* (L2, steps, minimum feature count, bagging) a base model is trained on
the training splits as they are, then one model per *perturbation*:

* ``drop``  -- a random 1% of the training replies left out (one per seed);
* ``dates`` -- 20 random training examples each gain or lose one date-shape (``d:``) feature, the
  kind of change a fix to date reading makes (one per seed);
* ``order`` -- the same data shuffled with another seed (rounding noise only).

Every labelled reply (dev, held-out*, train*, unseen*) is read with ``nlp.extract`` under the base
model and under each perturbed model (swapped in with ``set_model``), and the replies whose final
status differs are counted, per split group. Accuracy (status, asked, silent error) is printed per
split for the base model; for the unseen splits only pooled totals are printed, never a reply.
Nothing is written to the packaged model files.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from nlp import extract
from nlp.status import training
from nlp.status.model import StatusModel, reset_model, set_model
from tests.nlp.accuracy import SPLITS, asks, load
from tests.nlp.test_accuracy import FLOORS, SILENT_ERROR_CEILINGS

Example = tuple[list[str], str]


@dataclass(frozen=True)
class Setting:
    """A training setting; the defaults are those of nlp/status/training.py before issue 56."""

    l2: float = 0.002
    steps: int = 400
    rate: float = 2.0
    min_count: int = 2
    bags: int = 0  # >0: average the weights of this many models fitted on bootstrap resamples
    f16: bool = True


SETTINGS: dict[str, Setting] = {
    "base": Setting(),
    "l2_003": Setting(l2=0.003),
    "l2_005": Setting(l2=0.005),
    "l2_01": Setting(l2=0.01),
    "l2_02": Setting(l2=0.02),
    "steps_1500": Setting(steps=1500),
    "l2_01_steps_1500": Setting(l2=0.01, steps=1500),
    "l2_005_steps_1500": Setting(l2=0.005, steps=1500),
    "min4": Setting(min_count=4),
    "l2_01_min4": Setting(l2=0.01, min_count=4),
    "bag8": Setting(bags=8),
    "f64": Setting(f16=False),
    "steps_3000": Setting(steps=3000),
    "steps_6000": Setting(steps=6000),
    "rate4_steps_1500": Setting(rate=4.0, steps=1500),
    "l2_005_steps_3000": Setting(l2=0.005, steps=3000),
    "l2_003_steps_1500": Setting(l2=0.003, steps=1500),
    "l2_01_steps_3000": Setting(l2=0.01, steps=3000),
}


def fit(data: Sequence[Example], s: Setting, *, seed: int = training.SEED) -> tuple[StatusModel, dict[str, float]]:
    """``training.fit`` with its constants as parameters; also the final loss and gradient norm."""
    data = list(data)
    random.Random(seed).shuffle(data)
    counts = Counter(f for features, _ in data for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= s.min_count)
    index = {name: i for i, name in enumerate(names)}
    if s.bags:
        rng = random.Random(seed)
        total = None
        for _ in range(s.bags):
            sample = [data[rng.randrange(len(data))] for _ in data]
            w, info = _descend(sample, index, s)
            total = w if total is None else total + w
        assert total is not None
        weights = total / s.bags
        info = _loss(data, index, weights, s)
    else:
        weights, info = _descend(data, index, s)
    if s.f16:
        weights = weights.astype("<f2").astype(np.float64)
    table = weights.tolist()
    return StatusModel(training.LABELS, index, tuple(tuple(row) for row in table)), info


def _matrix(data: Sequence[Example], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    bias = len(index)
    pairs = [(row, index[f]) for row, (features, _) in enumerate(data) for f in features if f in index]
    pairs += [(row, bias) for row in range(len(data))]
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    y = np.zeros((len(data), len(training.LABELS)))
    y[np.arange(len(data)), [training.LABELS.index(label) for _, label in data]] = 1.0
    return rows, cols, y


def _probs(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    k = weights.shape[1]
    scores = np.stack([np.bincount(rows, weights=weights[cols, j], minlength=n) for j in range(k)], axis=1)
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    return probs


def _descend(data: Sequence[Example], index: dict[str, int], s: Setting) -> tuple[np.ndarray, dict[str, float]]:
    """Exactly the loop of ``training.fit``."""
    rows, cols, y = _matrix(data, index)
    n, width, k = len(data), len(index) + 1, len(training.LABELS)
    weights = np.zeros((width, k))
    history = np.full_like(weights, 1e-8)
    for _ in range(s.steps):
        probs = _probs(rows, cols, weights, n)
        diff = (probs - y) / n
        grad: np.ndarray = np.stack(
            [np.bincount(cols, weights=diff[rows, j], minlength=width) for j in range(k)], axis=1
        ).astype(np.float64)
        grad = grad + s.l2 * weights
        grad[-1] -= s.l2 * weights[-1]
        history += grad**2
        weights -= s.rate * grad / np.sqrt(history)
    return weights, _loss(data, index, weights, s)


def _loss(data: Sequence[Example], index: dict[str, int], weights: np.ndarray, s: Setting) -> dict[str, float]:
    rows, cols, y = _matrix(data, index)
    n, width = len(data), len(index) + 1
    probs = _probs(rows, cols, weights, n)
    nll = float(-np.log(np.maximum((probs * y).sum(axis=1), 1e-300)).mean())
    penalty = 0.5 * s.l2 * float((weights[:-1] ** 2).sum())
    diff = (probs - y) / n
    grad: np.ndarray = np.stack(
        [np.bincount(cols, weights=diff[rows, j], minlength=width) for j in range(y.shape[1])], axis=1
    ).astype(np.float64)
    grad = grad + s.l2 * weights
    grad[-1] -= s.l2 * weights[-1]
    return {"loss": nll + penalty, "nll": nll, "grad": float(np.abs(grad).max()), "wmax": float(np.abs(weights).max())}


def perturb(records: list[dict[str, Any]], kind: str, seed: int) -> list[Example]:
    """The training examples after one perturbation."""
    rng = random.Random(1000 + seed)
    if kind == "drop":
        keep = [r for r in records if rng.random() >= 0.01]
        return training.examples(keep)
    data = [(list(f), label) for f, label in training.examples(records)]
    if kind == "dates":
        shapes = ("d:past", "d:ahead", "d:behind", "d:promise", "d:future", "d:neutral", "d:deadline", "d:start")
        for i in rng.sample(range(len(data)), 20):
            features = data[i][0]
            dated = [j for j, f in enumerate(features) if f.startswith("d:")]
            if dated and rng.random() < 0.5:
                del features[rng.choice(dated)]
            else:
                features.append(rng.choice(shapes))
        return data
    raise ValueError(kind)


def read_all(model: StatusModel, replies: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[Any, bool]]]:
    """(status, asked) for every reply of every split, read with ``model``."""
    set_model(model)
    try:
        out = {}
        for name, records in replies.items():
            got = [extract(r["text"], today=date.fromisoformat(r["today"])) for r in records]
            out[name] = [(g.status, asks(g)) for g in got]
        return out
    finally:
        reset_model()


GROUPS = ("dev", "held-out", "held-out2", "held-out3", "train", "unseen")


def group(name: str) -> str:
    return "unseen" if name.startswith("unseen") else "train" if name.startswith("train") else name


def size_of(model: StatusModel) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        j, b = Path(tmp) / "m.json", Path(tmp) / "m.bin"
        model.save(j, b)
        return j.stat().st_size + b.stat().st_size


def explain(records: list[dict[str, Any]], replies: dict[str, list[dict[str, Any]]], keys: Sequence[str]) -> None:
    """Smooth measures of the same sensitivity (no thresholds): how far the weights and the model's
    own probabilities move under each perturbation, and how many whole-reply argmaxes change."""
    from nlp.extractor import segment_features

    whole = [
        segment_features(r["text"], today=date.fromisoformat(r["today"])).whole
        for recs in replies.values()
        for r in recs
    ]
    base_examples = training.examples(records)
    for key in keys:
        s = SETTINGS[key]
        base, _ = fit(base_examples, s)
        p0 = [base.probabilities(f) for f in whole]
        for kind in ("drop", "dates"):
            moves, argmax, dw = [], [], []
            for seed in range(3):
                model, _ = fit(perturb(records, kind, seed), s)
                p1 = [model.probabilities(f) for f in whole]
                moves.append(np.mean([max(abs(a[k] - b[k]) for k in a) for a, b in zip(p0, p1, strict=True)]))
                top = [(max(a, key=a.__getitem__), max(b, key=b.__getitem__)) for a, b in zip(p0, p1, strict=True)]
                argmax.append(sum(a != b for a, b in top))
                shared = [n for n in base.index if n in model.index]
                w0 = np.array([base.weights[base.index[n]] for n in shared])
                w1 = np.array([model.weights[model.index[n]] for n in shared])
                dw.append(float(np.linalg.norm(w1 - w0) / np.linalg.norm(w0)))
            print(f"{key:<20} {kind:<6} mean max|dp| {np.mean(moves):.4f}  argmax changes {np.mean(argmax):.1f} "
                  f"of {len(whole)}  |dW|/|W| {np.mean(dw):.3f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default=",".join(SETTINGS))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--kinds", default="drop,dates,order")
    parser.add_argument("--explain", action="store_true", help="smooth measures: weight and probability moves")
    args = parser.parse_args(argv)
    train_names = [n for n in training.TRAIN_SPLITS]
    records = [r for n in train_names for r in training.load_split(n)]
    replies = {name: load(path) for name, path in SPLITS.items()}
    for n in train_names:
        if not n.startswith(("dev", "heldout")):
            replies[n] = training.load_split(n)
    labels = {name: [r["status"] for r in recs] for name, recs in replies.items()}
    if args.explain:
        explain(records, replies, args.settings.split(","))
        return 0
    base_examples = training.examples(records)
    kinds = args.kinds.split(",")
    for key in args.settings.split(","):
        s = SETTINGS[key]
        c0, w0 = time.process_time(), time.time()
        base, info = fit(base_examples, s)
        base_read = read_all(base, replies)
        acc = []
        for g in ("dev", "held-out", "held-out2", "held-out3", "unseen"):
            pairs = [
                (got, lab)
                for name in replies
                if group(name) == g
                for got, lab in zip(base_read[name], labels[name], strict=True)
            ]
            count = len(pairs)
            right = sum(st == lab for (st, _), lab in pairs)
            asked = sum(a for (_, a), _ in pairs)
            silent = sum((not a) and st != lab for (st, a), lab in pairs)
            acc.append(f"{g} {right / count:.3f}/{asked / count:.3f}/{silent / count:.3f}")
        # the status floors and silent-error ceilings of tests/nlp/test_accuracy.py (a count, no replies)
        failing = []
        for name in SPLITS:
            marks = base_read[name]
            count = len(marks)
            right = sum(st == lab for (st, _), lab in zip(marks, labels[name], strict=True))
            silent = sum((not a) and st != lab for (st, a), lab in zip(marks, labels[name], strict=True))
            if right / count < FLOORS[name]["status"] or silent / count > SILENT_ERROR_CEILINGS[name]:
                failing.append(name)
        acc.append(f"status floors/silent ceilings: {'pass' if not failing else 'FAIL on ' + str(len(failing))}")
        flips: dict[str, list[Counter[str]]] = {k: [] for k in kinds}
        for kind in kinds:
            for seed in range(args.seeds):
                if kind == "order":
                    model, _ = fit(base_examples, s, seed=training.SEED + 1 + seed)
                else:
                    model, _ = fit(perturb(records, kind, seed), s)
                got = read_all(model, replies)
                per: Counter[str] = Counter()
                better = worse = 0
                for name in replies:
                    for (a, _), (b, _), lab in zip(base_read[name], got[name], labels[name], strict=True):
                        if a != b:
                            per[group(name)] += 1
                            better += b == lab
                            worse += a == lab
                per["better"], per["worse"] = better, worse
                flips[kind].append(per)
        cpu, wall = time.process_time() - c0, time.time() - w0
        print(f"== {key} {s}  features {len(base.index)}  size {size_of(base) / 1024:.0f} KiB  "
              f"loss {info['loss']:.4f} nll {info['nll']:.4f} |grad|max {info['grad']:.2e} |w|max {info['wmax']:.2f}")
        print("   acc status/asked/silent: " + "  ".join(acc))
        for kind in kinds:
            runs = flips[kind]
            if not runs:
                continue
            total = [sum(r[g] for g in GROUPS) for r in runs]
            parts = "  ".join(f"{g} {np.mean([r[g] for r in runs]):.1f}" for g in GROUPS)
            lost = np.mean([r["worse"] for r in runs])
            gained = np.mean([r["better"] for r in runs])
            print(f"   flips[{kind}] mean {np.mean(total):.1f} (runs {total})  {parts}  "
                  f"right->wrong {lost:.1f} wrong->right {gained:.1f}")
        load_avg = Path("/proc/loadavg").read_text().split()[0]
        print(f"   cpu {cpu:.0f}s wall {wall:.0f}s load {load_avg}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
