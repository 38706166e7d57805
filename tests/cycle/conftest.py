"""Fixtures for the update cycle: the small plan loaded into each database, and a Chaser on a fixed clock."""

from __future__ import annotations

import pytest

from tests.cycle.simple_reader import simple_extract
from tests.cycle.world import load_world, make_chaser


def real_or_simple_extractor():
    """The NLP layer's extractor when it is installed, else the simple stand-in."""
    try:
        from nlp import extract
    except ImportError:
        return simple_extract
    return extract


@pytest.fixture
def chaser(engine, tmp_path):
    load_world(engine)
    return make_chaser(engine, tmp_path, extractor=real_or_simple_extractor())
