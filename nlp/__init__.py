"""Chaser's NLP layer: read status, dates, completion and action references from free-text replies.

Importing this package is cheap: the reading pipeline is built on the first call to :func:`extract`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from nlp.extraction import ActionExtraction, Evidence, Extraction

if TYPE_CHECKING:
    from nlp.dates import DateMention, DueCell


_READER: Callable[..., Extraction] | None = None  # nlp.extractor.extract, once imported


def extract(text: str, *, today: date) -> Extraction:
    """Read one reply (see :func:`nlp.extractor.extract`); loads the pipeline on first use."""
    global _READER
    if _READER is None:
        # imported on first use, and kept: an import statement costs more than a short reply's tokens
        from nlp.extractor import extract as reader

        _READER = reader
    return _READER(text, today=today)


__all__ = ["ActionExtraction", "DateMention", "DueCell", "Evidence", "Extraction", "extract"]


def __getattr__(name: str) -> object:
    if name in ("DateMention", "DueCell"):
        from nlp import dates

        return getattr(dates, name)
    raise AttributeError(name)
