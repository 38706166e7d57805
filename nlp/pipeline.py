"""The spaCy pipeline: a blank English tokenizer plus Chaser's cue matcher, built once per process.

No pretrained model is needed (or installable here). The ``chaser_cues`` component finds the
status words of :mod:`nlp.status.cues` with a :class:`~spacy.matcher.PhraseMatcher` on token norms
(lower case, with common misspellings of status words mended: :mod:`nlp.status.typos`), keeps the
longest match where phrases overlap, and stores them in ``doc.spans["cues"]`` labelled
``category:weight``.
"""

from __future__ import annotations

import threading
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.status.cues import STATUS_CUES
from nlp.status.typos import typo_norms

_LOCK = threading.Lock()
_NLP: Language | None = None


class CueMatcher:
    """Marks status cue phrases in a Doc (``doc.spans["cues"]``)."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for category, by_weight in STATUS_CUES.items():
            for weight, phrases in by_weight.items():
                label = f"{category}:{weight}"
                self.matcher.add(label, [nlp.make_doc(phrase) for phrase in phrases])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=label) for label, start, end in self.matcher(doc)]
        doc.spans["cues"] = filter_spans(spans)
        return doc


@Language.factory("chaser_cues")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    """spaCy factory for :class:`CueMatcher`."""
    return CueMatcher(nlp)


def build_pipeline() -> Language:
    """A fresh pipeline: blank English (misspelt status words normalised), then the cue matcher."""
    nlp = spacy.blank("en")
    for variant, word in typo_norms().items():
        # the norm is per spelling, so a slip at the start of a sentence ("Completd") needs its own
        for form in (variant, variant.capitalize(), variant.upper()):
            nlp.vocab[form].norm_ = word
    nlp.add_pipe("chaser_cues")
    return nlp


def get_pipeline() -> Language:
    """The process-wide pipeline, built on first use (thread-safe)."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                _NLP = build_pipeline()
    return _NLP


def pipeline_info() -> dict[str, Any]:
    """What the loaded pipeline is made of (for diagnostics and the benchmark)."""
    nlp = get_pipeline()
    return {"lang": nlp.lang, "pipes": nlp.pipe_names, "spacy": spacy.__version__}
