"""The reading pipeline: Chaser's tokenizer plus its cue matcher, built once per process.

No pretrained model is needed, and no spaCy at run time: :mod:`nlp.tokenizer` cuts a reply
exactly as spaCy's blank English tokenizer does, with its rules exported once. The cue matcher
finds the status words of :mod:`nlp.status.cues` on token norms (lower case, with common
misspellings of status words mended: :mod:`nlp.status.typos`), keeps the longest match where
phrases overlap, and stores them in ``doc.spans["cues"]`` labelled ``category:weight``.
"""

from __future__ import annotations

import threading
from typing import Any

from nlp.doc import Doc, PhraseMatcher, WordNorms
from nlp.status.cues import STATUS_CUES
from nlp.status.typos import typo_norms
from nlp.tokenizer import Tokenizer, get_tokenizer

_LOCK = threading.Lock()
_NLP: Pipeline | None = None


class Pipeline:
    """Text in, a :class:`~nlp.doc.Doc` with its ``cues`` spans out."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        mended: dict[str, str] = {}
        for variant, word in typo_norms().items():
            # the norm is per spelling, so a slip at the start of a sentence ("Completd") needs its own
            for form in (variant, variant.capitalize(), variant.upper()):
                mended[form] = word
        self.norms = WordNorms(mended, tokenizer.base_norms)
        self.matcher = PhraseMatcher(tokenizer, self.norms)
        for category, by_weight in STATUS_CUES.items():
            for weight, phrases in by_weight.items():
                self.matcher.add(f"{category}:{weight}", phrases)

    def __call__(self, text: str) -> Doc:
        doc = Doc(text, self.tokenizer(text), self.norms)
        doc.spans["cues"] = self.matcher(doc)
        return doc


def build_pipeline() -> Pipeline:
    """A fresh pipeline: the tokenizer (misspelt status words normalised), then the cue matcher."""
    return Pipeline(get_tokenizer())


def get_pipeline() -> Pipeline:
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
    return {"lang": "en", "pipes": ["tokenizer", "chaser_cues"], "cue_phrases": len(nlp.matcher.phrases)}
