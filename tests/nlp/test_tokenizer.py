"""Chaser's plain-Python tokenizer and cue matcher cut every labelled reply exactly as spaCy does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nlp.extractor import clean
from nlp.pipeline import get_pipeline
from nlp.status.cues import STATUS_CUES
from nlp.status.typos import typo_norms
from nlp.tokenizer import RULES

spacy = pytest.importorskip("spacy")

DATA = Path(__file__).resolve().parents[1] / "data"
EDGES = [
    "",
    "   leading spaces",
    "a\n\n b  c \t",
    "trailing space ",
    "can't won't it's we're haven't Didn't",
    "(e.g. 7.2a) http://example.org/a?b=1 £500,000 10.5% Mr. Smith's 'quoted' “curly” …",
    "Completd, finsihed; slipd – awaiting sign-off 12/06/06 w/c 26 June 2nd 1 st",
]


def _spacy_reading(text: str, nlp: Any, matcher: Any) -> tuple[list[Any], list[Any]]:
    from spacy.tokens import Span
    from spacy.util import filter_spans

    doc = nlp(text)
    spans = filter_spans([Span(doc, s, e, label=label) for label, s, e in matcher(doc)])
    tokens = [(t.text, t.norm_, t.idx, t.whitespace_, t.is_title) for t in doc]
    return tokens, [(s.start, s.end, s.label_) for s in spans]


def test_every_labelled_reply_is_tokenised_and_matched_as_spacy_does() -> None:
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    for variant, word in typo_norms().items():
        for form in (variant, variant.capitalize(), variant.upper()):
            nlp.vocab[form].norm_ = word
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for category, by_weight in STATUS_CUES.items():
        for weight, phrases in by_weight.items():
            matcher.add(f"{category}:{weight}", [nlp.make_doc(p) for p in phrases])
    ours = get_pipeline()
    texts = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("replies_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(texts) > 1500
    for text in [*EDGES, *texts, *(clean(t) for t in texts)]:
        doc = ours(text)
        tokens = [(t.text, t.norm_, t.idx, t.whitespace_, t.is_title) for t in doc]
        spans = [(s.start, s.end, s.label_) for s in doc.spans["cues"]]
        assert (tokens, spans) == _spacy_reading(text, nlp, matcher), text


def test_the_exported_rules_are_those_of_the_installed_spacy() -> None:
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    tokenizer = spacy.blank("en").tokenizer
    assert rules["prefix"] == tokenizer.prefix_search.__self__.pattern
    assert rules["infix"] == tokenizer.infix_finditer.__self__.pattern
    assert set(rules["specials"]) == set(tokenizer.rules)
