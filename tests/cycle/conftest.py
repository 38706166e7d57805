"""Fixtures for the update cycle: the small plan loaded into each database, and a Chaser on a fixed clock
that reads replies with the NLP layer's own ``nlp.extract``."""

from __future__ import annotations

import pytest

from nlp import extract
from tests.cycle.world import load_world, make_chaser


@pytest.fixture
def chaser(engine, tmp_path):
    load_world(engine)
    return make_chaser(engine, tmp_path, extractor=extract)
