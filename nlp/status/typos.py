"""Common slips of the keyboard in status words ("compleated", "in progess", "awaitng").

Every spelling one edit away (a letter dropped, two swapped, a vowel added) from a core status
word is normalised to it, except real words that would then be misread ("stated", "compete").
The pipeline sets these as lexeme norms and matches cues on ``NORM``.
"""

from __future__ import annotations

from functools import cache

CORE_WORDS = (
    "completed", "complete", "finished", "progress", "ongoing", "awaiting", "waiting", "delayed",
    "achieved", "approved", "underway", "postponed", "slipped", "progressing", "outstanding", "started",
    "schedule", "signed", "nearly", "track",
)  # fmt: skip
# Chat shorthand for status words, beyond one slip of the keyboard.
SHORTHAND = {"nt": "not", "hld": "hold", "slipt": "slipped", "cmplete": "complete", "cmpleted": "completed",
             "slipd": "slipped", "cmpltd": "completed", "compltd": "completed", "delyd": "delayed",
             # the small words around them, so "shd finish end of oct" reads as "should finish ..." and
             # "can i come back to u tmrw" as "... to you tomorrow"
             "shd": "should", "wll": "will", "wil": "will", "u": "you", "b4": "before"}
REAL_WORDS = frozenset(
    {"compete", "competed", "sipped", "lipped", "achieve", "approve", "complete", "waiting", "stated", "stared",
     "starred", "singed", "tarted", "sated", "signet", "scheduled", "sign", "signs"}
)


def _one_edit(word: str) -> set[str]:
    out = set()
    for i in range(len(word)):
        out.add(word[:i] + word[i + 1 :])
        if i < len(word) - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for i in range(len(word) + 1):
        out.update(word[:i] + vowel + word[i:] for vowel in "aeiou")
    out.discard(word)
    return out


@cache
def typo_norms() -> dict[str, str]:
    """Misspelling -> the status word it stands for."""
    norms: dict[str, str] = dict(SHORTHAND)
    for word in CORE_WORDS:
        for variant in _one_edit(word):
            if variant not in REAL_WORDS and variant not in CORE_WORDS:
                norms.setdefault(variant, word)
    return norms
