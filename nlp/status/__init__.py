"""Reading an action's status: cue rules (:mod:`.rules`), their vocabulary (:mod:`.cues`,
:mod:`.typos`), the context tests on a cue (:mod:`.context`), steps still ahead (:mod:`.steps`,
:mod:`.last_step`), targets reached (:mod:`.targets`), decisions awaited from other bodies
(:mod:`.partners`), and the small trained model that reads beside the rules (:mod:`.features`,
:mod:`.model`, :mod:`.training`), with :mod:`.blend` deciding what to record and when to ask.

The public names of the former ``nlp.status`` module are kept here (``from nlp.status import
decide``). They are loaded on first use: ``nlp.tokens`` imports :mod:`.typos`, and the rules import
``nlp.tokens``, so importing the rules eagerly here would be circular.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp.status.blend import Blended
    from nlp.status.model import StatusModel, load_model
    from nlp.status.rules import STATUSES, Cue, StatusReading, decide, is_step, read_cues

_WHERE = {
    "STATUSES": "rules",
    "Cue": "rules",
    "StatusReading": "rules",
    "decide": "rules",
    "is_step": "rules",
    "read_cues": "rules",
    "StatusModel": "model",
    "load_model": "model",
    "Blended": "blend",
}

__all__ = ["STATUSES", "Blended", "Cue", "StatusModel", "StatusReading", "decide", "is_step", "load_model", "read_cues"]


def __getattr__(name: str) -> object:
    if name in _WHERE:
        return getattr(importlib.import_module(f"nlp.status.{_WHERE[name]}"), name)
    raise AttributeError(name)
