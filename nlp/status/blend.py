"""The rules and the trained model read the status side by side; this decides what to record.

When they agree the reading is sure. When they disagree Chaser asks the lead to confirm instead of
recording silently, with one exception: rules that are sure (a strong cue, nothing against it) stand
unasked when the model does not rule their reading out (it gives it at least ``BACK_MIN``). Whose
reading a question proposes depends on how sure each is: the model's, when the rules are only
guessing (no status words, or words pulling different ways) and it is fairly sure. Below
``ASK_BELOW`` the confidence still ranks readings (see :func:`_asking`) rather than sitting at one
flat value. The lines were chosen by cross-validation (``python -m nlp.train --calibrate``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from nlp.extraction import ASK_BELOW
from nlp.records import quick_init
from nlp.status.model import NO_STATUS

# Chosen by cross-validation on the training replies (``python -m nlp.train --calibrate``) for the
# model trained to convergence (1,500 steps): the fewest questions whose silent error rate off dev stays
# at the 1.1% of the earlier 400-step model (5 folds, 1,988 replies: status 0.955, asked 15.6%).
SURE_RULES = 0.9  # the rules' confidence for a strong cue with nothing against it (they give 0.92)
SURE_MODEL = 0.6  # the model's probability that makes an agreement sure
AGREE_MIN = 0.0  # ... and the least it must give an agreement with sure rules to make that sure
BACK_MIN = 0.1  # the model's probability for sure rules' status that lets them stand when it prefers another
TAKE_MODEL = 0.4  # the model's probability needed to prefer its reading to rules that are guessing
WEIGH_MODEL = 1.01  # ... to rules that give a reason but are not sure (never: mixed cues, work still ahead)
OVERRULE = 0.95  # ... and to prefer it to rules that are sure (the question is asked either way)
MOST = 0.99  # two readers agreeing are still not certain


@dataclass(frozen=True)
class Thresholds:
    """Where the blend draws its lines (chosen by ``python -m nlp.train --calibrate``)."""

    sure_rules: float = SURE_RULES
    sure_model: float = SURE_MODEL
    agree_min: float = AGREE_MIN
    back_min: float = BACK_MIN
    take_model: float = TAKE_MODEL
    weigh_model: float = WEIGH_MODEL
    overrule: float = OVERRULE


THRESHOLDS = Thresholds()
_RECORDS: list[tuple[str | None, float, Mapping[str, float] | None]] | None = None


@quick_init
@dataclass(frozen=True)
class Blended:
    """The status to record, how sure, and whether the model and the rules disagreed."""

    status: str | None
    confidence: float
    disagreed: bool


def blend(
    status: str | None,
    confidence: float,
    probabilities: Mapping[str, float] | None,
    thresholds: Thresholds = THRESHOLDS,
) -> Blended:
    """Combine the rules' ``status``/``confidence`` with the model's label ``probabilities``.

    An agreement is sure when the model is sure (``sure_model``), or when the rules are sure
    (``sure_rules``) and the model backs them at least ``agree_min``; otherwise, and whenever the
    two disagree, the confidence falls below ``ASK_BELOW`` and Chaser asks. The lines were chosen
    by cross-validation on the training replies (``python -m nlp.train --calibrate``).
    """
    if _RECORDS is not None:
        _RECORDS.append((status, confidence, probabilities))
    if probabilities is None:
        return Blended(status, confidence, False)
    t = thresholds
    best = max(probabilities, key=probabilities.__getitem__)
    p = probabilities[best]
    model_status = None if best == NO_STATUS else best
    if model_status == status:
        if p >= t.sure_model or (confidence >= t.sure_rules and p >= t.agree_min):
            return Blended(status, min(MOST, max(confidence, p)), False)
        return Blended(status, _asking((confidence + p) / 2), False)  # two weak readings: ask
    backing = probabilities.get(status or NO_STATUS, 0.0)
    if confidence >= t.sure_rules and backing >= t.back_min:
        return Blended(status, confidence, True)  # sure rules the model does not rule out
    limit = t.overrule if confidence >= t.sure_rules else t.weigh_model if confidence >= ASK_BELOW else t.take_model
    chosen = model_status if p >= limit else status
    support = (confidence if chosen == status else 0.0) + probabilities[chosen or NO_STATUS]
    return Blended(chosen, _asking(support / 2), True)


@contextmanager
def recording() -> Iterator[list[tuple[str | None, float, Mapping[str, float] | None]]]:
    """Collect what each call of :func:`blend` is given (for choosing the thresholds); not thread-safe."""
    global _RECORDS
    calls: list[tuple[str | None, float, Mapping[str, float] | None]] = []
    _RECORDS = calls
    try:
        yield calls
    finally:
        _RECORDS = None


def _asking(support: float) -> float:
    """A confidence below ``ASK_BELOW`` that still ranks readings: the two readers' mean support
    for the status chosen (0 to 1) scaled into 0 .. ``ASK_BELOW`` (so Chaser asks either way, and a
    reading that one reader backs firmly ranks above one that neither does)."""
    return ASK_BELOW * min(max(support, 0.0), 0.999)
