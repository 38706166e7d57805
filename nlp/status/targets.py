"""A target reached, as the finish of an action whose deliverable is that target.

"Target of 30 new homes reached", "We hit our recycling target in May", "the 95% target was met":
a clause with a target (or aim, goal) and a verb of reaching it is a strong completion cue, unless
the reaching is still a plan ("on course to hit the target", "aim to reach the target by March")
or denied ("target not met").
"""

from __future__ import annotations

from nlp.status.context import planned
from nlp.status.cues import NEGATORS, STRONG
from nlp.status.rules import Cue
from nlp.tokens import TokenView

_TARGETS = frozenset({"target", "targets", "aim", "goal", "figure", "standard"})
_REACHED = frozenset({"reached", "met", "achieved", "hit", "exceeded", "surpassed", "attained", "beaten"})
_NEGATORS = frozenset(n for n in NEGATORS if " " not in n)
_PLANS = frozenset({"course", "track", "towards", "toward", "hope", "hoping", "aiming", "expect", "expected"})


def target_reached_cues(view: TokenView, start: int, end: int) -> list[Cue]:
    """Strong completion cues for "target … reached" within tokens ``start``..``end``."""
    if _REACHED.isdisjoint(view.vocab):
        return []  # most replies: no word for reaching anything
    words, clauses = view.lower, view.clause
    cues: list[Cue] = []
    for i in range(start, end):
        if words[i] not in _REACHED:
            continue
        clause = clauses[i]
        in_clause = [j for j in range(start, end) if clauses[j] == clause]
        clause_words = {words[j] for j in in_clause}
        if not clause_words & _TARGETS or clause_words & _PLANS:
            continue
        before = view.words_before(i, 4, floor=start)
        if any(w in _NEGATORS for w in before) or planned(before):
            continue
        cues.append(Cue("complete", STRONG, i, i + 1, clause, view.doc[i : i + 1]))
    return cues
