"""How long answers are cut: at most :data:`LIST_LIMIT` lines, and a note saying how many there are in all.

An answer meant for a person lists at most fifty actions (or people); its summary still counts them
all, and its JSON ``actions`` still name every matching ref (the contract). The note under a cut list
says how to see the others: ask about one section (or lead) at a time, or open the plan's list in the
web app, filtered the same way, when the web app can filter that way.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from bot.answers.data import Match
from bot.answers.scope import Scope

LIST_LIMIT = 50  # lines of a list shown to a person
REFS_PER_LINE = 10  # refs named on one person's line ("who hasn't replied?")
# Intents the web app's plan page can show as a list: its status filter.
WEB_STATUS = {"blocked": "blocked", "slipping": "delayed", "not_started": "not_started", "complete": "complete",
              "in_progress": "in_progress", "list": None, "progress": None}


def refs_text(refs: Sequence[str]) -> str:
    """ "1.2, 1.3", or the first :data:`REFS_PER_LINE` and "and N more"."""
    if len(refs) <= REFS_PER_LINE:
        return ", ".join(refs)
    return f"{', '.join(refs[:REFS_PER_LINE])} and {len(refs) - REFS_PER_LINE:,} more"


def web_list(scope: Scope, intent: str) -> str | None:
    """The web app's filtered list of the same actions, when it can filter the way the question did."""
    if scope.link_base is None or intent not in WEB_STATUS or scope.leads or len(scope.sections) > 1:
        return None
    params = {"section": scope.sections[0].number} if scope.sections else {}
    status = WEB_STATUS[intent]
    if status:
        params["status"] = status
    query = f"?{urlencode(params)}" if params else ""
    return f"{scope.link_base}/plans/{scope.plan_id}{query}"


def cut_note(scope: Scope, *, total: int, intent: str, noun: str = "", rest: Sequence[Match] = ()) -> str:
    """The line under a list cut to :data:`LIST_LIMIT`: how many in all, and how to see the others.

    Args:
        scope: the question's scope (its sections, leads and the web app's address).
        total: how many there are in all.
        intent: the question's intent (which web list shows the same).
        noun: what is counted ("people"); empty for actions.
        rest: the actions not listed, in plan order: the first one's section is the example to ask about.
    """
    counted = f"{total:,} {noun}".rstrip()
    note = f"Showing the first {LIST_LIMIT} of {counted}."
    if not scope.sections:
        numbers = {s.id: s.number for s in scope.view.sections}
        example = next((numbers[a.section_id] for a in rest if a.section_id in numbers),
                       scope.view.sections[0].number if scope.view.sections else "")
        narrower = f'ask about one section at a time (add "in section {example}")' if example else ""
    elif not scope.leads:
        narrower = 'ask about one lead at a time (add "for" and their name)'
    else:
        narrower = ""
    link = web_list(scope, intent)
    ways = [w for w in (narrower, f"open the list in the web app: {link}" if link else "") if w]
    if ways:
        note += " To see the others, " + " or ".join(ways) + ("" if link else ".")
    return note

