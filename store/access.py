"""Who may see what, written down once: deny by default, whole plans only for these roles.

Leads see their own actions (and their section's progress); coordinators, directors and the chief
executive read whole plans, as the reports they receive already show them.
"""

from __future__ import annotations

from collections.abc import Iterable

FULL_ACCESS_ROLES = frozenset({"coordinator", "director", "chief_executive"})


def sees_everything(roles: Iterable[str]) -> bool:
    """True when any of ``roles`` may read every action of every plan."""
    return not FULL_ACCESS_ROLES.isdisjoint(roles)
