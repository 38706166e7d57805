"""The NLP layer as the service sees it: ``extract(text, today=date) -> Extraction``, injectable for tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from nlp.extraction import Extraction

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

Extractor = Callable[..., Extraction]

# An action reference as the plans write them: 7.2, 7.2a, 5a.1, 7.2(a).
REF_RE = re.compile(r"(?<![\w.])(\d{1,2}[a-z]?(?:\.\d{1,2}[a-z]?)+)(?:\(([a-z])\))?(?![\w.]*\d)", re.IGNORECASE)


def extractor(chaser: Chaser) -> Extractor:
    """The extractor in ``chaser.extras["extractor"]``, else the NLP layer's ``nlp.extract``."""
    found: Extractor | None = chaser.extras.get("extractor")
    if found is None:
        from nlp import extract

        found = extract
        chaser.extras["extractor"] = found
    return found


def extract(chaser: Chaser, *, text: str, today: date) -> Extraction:
    """Read one reply, with relative dates read against ``today`` (the day it was written)."""
    return extractor(chaser)(text, today=today)


def refs_in(text: str) -> list[str]:
    """Action refs written in ``text``, normalised (``7.2(a)`` -> ``7.2a``), in order, once each."""
    seen: list[str] = []
    for match in REF_RE.finditer(text or ""):
        ref = (match.group(1) + (match.group(2) or "")).lower()
        if ref not in seen:
            seen.append(ref)
    return seen
