"""A decision still to come from another body: the action waits on it, so it is blocked.

"The Primary Care Trust will consider the business case at its September board", "Police
Authority to consider the protocol in the autumn", "for the Constabulary to decide once their
review reports": the next step is another organisation's consideration, which the lead cannot
make happen. (A council's own committee on the way — "to be considered by SMT on 27 June" — is a
step in progress, and a decision already made — "the PCT approved it" — is not a wait.)
"""

from __future__ import annotations

from nlp.status.cues import STRONG
from nlp.status.rules import Cue
from nlp.tokens import TokenView

# Words that name a body outside the council: health, police, fire, government, voluntary sector.
_BODIES = frozenset({
    "pct", "pcts", "trust", "trust's", "nhs", "police", "constabulary", "authority", "authority's", "sha",
    "government", "dfes", "dclg", "odpm", "dh", "lsc", "cvs", "corporation", "ministry", "probation",
    "voluntary", "fire",
})  # fmt: skip
_DECIDING = frozenset({
    "consider", "considered", "consideration", "decide", "decision", "look", "approve", "approval", "agree",
    "ratify", "endorse", "respond", "response",
})  # fmt: skip
_AHEAD = frozenset({"will", "to", "be", "for", "awaiting", "await", "once", "when", "until", "'ll", "their", "its"})


def partner_decision_cues(view: TokenView, start: int, end: int, cues: list[Cue]) -> list[Cue]:
    """Strong blocked cues where another body's decision is still to come (none if the stretch
    also tells plainly of a completion)."""
    if _DECIDING.isdisjoint(view.vocab) or any(c.category == "complete" and c.weight >= STRONG for c in cues):
        return []
    words, clauses = view.lower, view.clause
    for i in range(start, end):
        if words[i] not in _DECIDING:
            continue
        clause_words = {words[j] for j in range(start, end) if clauses[j] == clauses[i]}
        if not clause_words & _BODIES:
            continue
        if not _AHEAD.intersection(view.words_before(i, 3, floor=start)):
            continue
        return [Cue("blocked", STRONG, i, i + 1, clauses[i], view.doc[i : i + 1])]
    return []
