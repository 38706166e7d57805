"""Choose the blend's thresholds by cross-validation: ``python -m nlp.train --calibrate``.

The training replies (never the unseen splits) are cut into ``k`` folds. For each fold a model is
trained on the others and the fold's replies are read with it, recording what the rules and the
model said to :func:`nlp.status.blend.blend`. The blend is then replayed under every candidate set
of thresholds, which is cheap: the reading itself is not repeated. For each candidate the replay
gives the share of replies asked about and the share recorded wrong without a question (the silent
error rate); the thresholds kept are those with the fewest questions whose silent error rate stays
within the ceiling on the replies the rules were *not* written against (every split but dev), and
then, among those, the ones whose questions propose the right status most often.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from nlp.extraction import ASK_BELOW
from nlp.status.blend import THRESHOLDS, Thresholds, blend, recording

FOLDS = 5
# The silent error rate allowed on the replies the rules were not written against (off dev): no more
# than the 1.1% the blend gave with the earlier, 400-step model (the ceiling is 2%).
CEILING = 0.012
# Where an agreement becomes sure (the lines that decide what is asked) ...
SURE_RULES = (0.9, 0.95, 1.01)  # 1.01: sure rules alone never make an agreement sure
AGREE_MIN = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
BACK_MIN = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1.01)  # 1.01: a disagreement is always asked
SURE_MODEL = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1.01)
# ... and whose reading wins a disagreement (always asked; this only decides what the question proposes)
TAKE_MODEL = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# Rules that give a reason yield only to a model at least 0.9 sure, if at all: below that, the model
# (which reads words, not the rules' cues) overrules conventions it was never taught, such as
# "agreeing posts is a step" or "a list is judged by its last step" (tests/nlp/test_conventions.py).
WEIGH_MODEL = (0.9, 0.97, 1.01)
OVERRULE = (0.9, 0.95, 0.99, 1.01)

Call = tuple[str | None, float, Mapping[str, float] | None]


@dataclass(frozen=True)
class Trial:
    """One training reply read by a model that never saw it: what the blend was given, and the label."""

    split: str
    label: str | None
    calls: tuple[Call, ...]  # one per stretch read (the whole reply, or each action's part)
    status: str | None  # what the reader recorded with the packaged thresholds
    confidence: float
    no_change: bool


@dataclass(frozen=True)
class Score:
    """How a set of thresholds does on some trials."""

    accuracy: float
    asked: float
    silent: float
    count: int


def cross_validate(records: Sequence[dict[str, Any]], folds: int = FOLDS, seed: int = 17) -> list[Trial]:
    """Read every record with a model trained on the other folds (records carry a ``split`` key)."""
    from nlp import extract
    from nlp.status.model import reset_model, set_model
    from nlp.status.training import examples, fit

    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    trials: list[Trial] = []
    try:
        for fold in range(folds):
            held = set(order[fold::folds])
            set_model(fit(examples(r for i, r in enumerate(records) if i not in held)))
            for i in sorted(held):
                record = records[i]
                with recording() as calls:
                    got = extract(record["text"], today=date.fromisoformat(record["today"]))
                trials.append(
                    Trial(record["split"], record["status"], tuple(calls), got.status, got.confidence, got.no_change)
                )
    finally:
        reset_model()
    return trials


def replay(trial: Trial, thresholds: Thresholds) -> tuple[str | None, float]:
    """The status and confidence the reader would record for ``trial`` under ``thresholds``."""
    from nlp.extractor import _combine
    from nlp.reader import Reading

    if not trial.calls:
        return trial.status, trial.confidence
    blended = [blend(status, confidence, probs, thresholds) for status, confidence, probs in trial.calls]
    if len(blended) == 1:
        return blended[0].status, blended[0].confidence
    combined = _combine([Reading(b.status, None, None, None, (), b.confidence, False) for b in blended])
    return combined.status, combined.confidence


def score(trials: Iterable[Trial], thresholds: Thresholds) -> Score:
    """Accuracy, question rate and silent error rate of ``thresholds`` on ``trials``."""
    right = asked = silent = count = 0
    for trial in trials:
        status, confidence = replay(trial, thresholds)
        count += 1
        right += status == trial.label
        if confidence < ASK_BELOW or (status is None and not trial.no_change):
            asked += 1
        elif status != trial.label:
            silent += 1
    n = max(count, 1)
    return Score(right / n, asked / n, silent / n, count)


def choose(trials: Sequence[Trial], ceiling: float = CEILING) -> tuple[Thresholds, list[tuple[Thresholds, Score]]]:
    """The thresholds with the fewest questions whose silent error rate (off dev) is within ``ceiling``.

    Returns them and the trade-off curve: for each candidate that asks less than every candidate
    with fewer silent errors, its thresholds and score (off dev), fewest questions first.
    """
    judged = [t for t in trials if t.split != "dev"]
    candidates = []
    for sure_rules, agree_min, sure_model, back_min in itertools.product(SURE_RULES, AGREE_MIN, SURE_MODEL, BACK_MIN):
        thresholds = replace(
            THRESHOLDS, sure_rules=sure_rules, agree_min=agree_min, sure_model=sure_model, back_min=back_min
        )
        candidates.append((thresholds, score(judged, thresholds)))
    curve = _front(candidates)
    within = [c for c in candidates if c[1].silent <= ceiling] or [min(candidates, key=lambda c: c[1].silent)]
    best = min(within, key=lambda c: (c[1].asked, -c[1].accuracy, c[1].silent))[0]
    # which reading a question proposes: the most accurate over every training reply (dev too: the
    # conventions it was written for are worth keeping), without adding silent errors off dev
    proposals = []
    for take, weigh, overrule in itertools.product(TAKE_MODEL, WEIGH_MODEL, OVERRULE):
        thresholds = replace(best, take_model=take, weigh_model=weigh, overrule=overrule)
        proposals.append((thresholds, score(judged, thresholds), score(trials, thresholds)))
    limit = score(judged, best).silent
    best = max(
        (p for p in proposals if p[1].silent <= limit),
        key=lambda p: (p[2].accuracy, p[1].accuracy, -p[1].asked, p[0] == best),
    )[0]
    return best, curve


def _front(candidates: Sequence[tuple[Thresholds, Score]]) -> list[tuple[Thresholds, Score]]:
    """The candidates no other beats on both questions and silent errors (fewest questions first)."""
    ranked = sorted(candidates, key=lambda c: (c[1].asked, c[1].silent, -c[1].accuracy))
    front: list[tuple[Thresholds, Score]] = []
    for candidate in ranked:
        if not front or candidate[1].silent < front[-1][1].silent:
            front.append(candidate)
    return front


def describe(thresholds: Thresholds) -> str:
    """The thresholds on one line."""
    t = thresholds
    return (
        f"sure_rules {t.sure_rules:.2f} agree_min {t.agree_min:.2f} sure_model {t.sure_model:.2f} "
        f"back_min {t.back_min:.2f} take {t.take_model:.2f} weigh {t.weigh_model:.2f} overrule {t.overrule:.2f}"
    )


def report(trials: Sequence[Trial], chosen: Thresholds, curve: Sequence[tuple[Thresholds, Score]]) -> list[str]:
    """Lines to print: the trade-off curve, then the current and chosen thresholds split by split."""
    lines = ["trade-off off dev (cross-validated): asked -> silent errors, status accuracy"]
    for thresholds, s in curve:
        lines.append(f"  asked {s.asked:.3f}  silent {s.silent:.3f}  status {s.accuracy:.3f}   {describe(thresholds)}")
    splits = sorted({t.split for t in trials}, key=lambda name: (name != "dev", name))
    for title, thresholds in (("packaged", THRESHOLDS), ("chosen", chosen)):
        lines.append(f"{title}: {describe(thresholds)}")
        for name in [*splits, "all but dev"]:
            subset = [t for t in trials if (t.split == name if name != "all but dev" else t.split != "dev")]
            s = score(subset, thresholds)
            lines.append(
                f"  {name:<12} status {s.accuracy:.3f}  asked {s.asked:.3f}  silent {s.silent:.3f}  ({s.count})"
            )
    return lines
