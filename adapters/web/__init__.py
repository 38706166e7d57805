"""The web app (Starlette, Jinja2): sign-in, plans and actions, one-tap answers, people, reports.

``create_app`` and ``from_environment`` are loaded on first use, so a module that needs only
``adapters.web.auth`` (the signing secret of one-tap links) does not import the whole app.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.web.app import create_app, from_environment

__all__ = ["create_app", "from_environment"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("adapters.web.app"), name)
    raise AttributeError(f"module 'adapters.web' has no attribute {name!r}")
