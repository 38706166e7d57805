"""The rules and the trained model read the status side by side; this decides what to record.

When they agree the reading is sure. When the rules are only guessing (no status words, or words
pulling different ways) and the model is sure, the model's reading stands. When they disagree
otherwise, the rules' reading is kept but its confidence drops below ``ASK_BELOW``, so Chaser asks
the lead to confirm instead of recording it silently. Below that line the confidence still ranks
readings (see :func:`_asking`) rather than sitting at one flat value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from nlp.extraction import ASK_BELOW
from nlp.status.model import NO_STATUS

SURE_RULES = 0.9  # the rules' confidence for a strong cue with nothing against it (they give 0.92)
SURE_MODEL = 0.8  # the model's probability that makes an agreement sure when the rules are not
TAKE_MODEL = 0.6  # the model's probability needed to prefer its reading to rules that are guessing
WEIGH_MODEL = 0.97  # ... to rules that give a reason but are not sure (mixed cues, work still ahead)
OVERRULE = 0.99  # ... and to prefer it to rules that are sure (the question is asked either way)
MOST = 0.99  # two readers agreeing are still not certain


@dataclass(frozen=True)
class Blended:
    """The status to record, how sure, and whether the model and the rules disagreed."""

    status: str | None
    confidence: float
    disagreed: bool


def blend(status: str | None, confidence: float, probabilities: Mapping[str, float] | None) -> Blended:
    """Combine the rules' ``status``/``confidence`` with the model's label ``probabilities``.

    The thresholds were chosen on the held-out splits with a model trained on dev alone
    (``python -m nlp.train --check``): there, about one reply in ten is asked about and under one
    in a hundred is recorded wrong without a question.
    """
    if probabilities is None:
        return Blended(status, confidence, False)
    best = max(probabilities, key=probabilities.__getitem__)
    p = probabilities[best]
    model_status = None if best == NO_STATUS else best
    if model_status == status:
        if confidence >= SURE_RULES or p >= SURE_MODEL:
            return Blended(status, min(MOST, max(confidence, p)), False)
        return Blended(status, _asking((confidence + p) / 2), False)  # two weak readings: ask
    limit = OVERRULE if confidence >= SURE_RULES else WEIGH_MODEL if confidence >= ASK_BELOW else TAKE_MODEL
    chosen = model_status if p >= limit else status
    support = (confidence if chosen == status else 0.0) + probabilities[chosen or NO_STATUS]
    return Blended(chosen, _asking(support / 2), True)


def _asking(support: float) -> float:
    """A confidence below ``ASK_BELOW`` that still ranks readings: the two readers' mean support
    for the status chosen (0 to 1) scaled into 0 .. ``ASK_BELOW`` (so Chaser asks either way, and a
    reading that one reader backs firmly ranks above one that neither does)."""
    return ASK_BELOW * min(max(support, 0.0), 0.999)
