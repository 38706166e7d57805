"""The features the trained status model reads from a stretch of a reply.

Words, their first five letters, their endings ("-ed", "-ing"), and word pairs (lower-cased,
misspellings mended, digits folded so "12 July" and "3 July" look alike), the first word, the
length, and how the dates in it are used (past or ahead, a promise, "now").

Neither the rules' verdict nor (since issue 17's third pass) the cues the rules found are features.
The model is the second reader beside the rules, and its worth is in making *different* mistakes:
when it read the rules' cues it learnt to lean on them, so the two agreed on the same wrong
reading and the reply was recorded silently. Cross-validated on the training replies (``python -m
nlp.train --calibrate``), the words-only model is less accurate alone (0.869 against 0.915 off
dev) but rules and model together read more statuses right (0.936 against 0.923) with fewer
silent errors for the questions asked, because their disagreements now mark the doubtful replies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from nlp.dates.roles import DatedMention
from nlp.status.rules import Cue
from nlp.tokens import TokenView

_DIGITS = re.compile(r"\d")
_WORDLIKE = re.compile(r"[a-z0-9%£]")
STEM = 5
_ENDINGS = ("ed", "ing")  # a past participle or past tense; a present participle


def status_features(
    view: TokenView, start: int, end: int, cues: Sequence[Cue], date_roles: Iterable[str] = ()
) -> list[str]:
    """The feature names for tokens ``start``..``end`` of ``view`` (duplicates kept: they count).

    ``cues`` (the rules' cues for the stretch) are deliberately not used: see the module's note.
    """
    words = [_fold(w) for w in view.lower[start:end] if w[:1].isalnum() or _WORDLIKE.search(w) or w == "?"]
    features = [f"w:{w}" for w in words]
    # the first letters of longer words: "installed"/"installation", "postponed"/"postponement"
    # and a slip at the end of a word ("complted") share a feature
    features += [f"s:{w[:STEM]}" for w in words if len(w) > STEM and w.isalpha()]
    features += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    # how words are formed, for verbs never seen in training: "relaunched", "cleared" (done) and
    # "relaunching" (under way) share a feature with every other such word
    features += [f"m:{m}" for w in words if len(w) > 4 and (m := _ending(w))]
    last = next((w for w in reversed(words) if w.isalpha()), "")
    if len(last) > 4 and (m := _ending(last)):
        features.append(f"lastm:{m}")
    if words:
        features.append(f"first:{words[0]}")
    features.append(f"len:{min(len(words), 12) // 3}")
    features += [f"d:{role}" for role in date_roles]
    return features


def _ending(word: str) -> str | None:
    return next((e for e in _ENDINGS if word.endswith(e)), None)


def _fold(word: str) -> str:
    return word if word.isalpha() else _DIGITS.sub("0", word)


def date_shapes(dated: Sequence[DatedMention], today: date) -> list[str]:
    """How each date in the stretch is used: its role, whether it is a promise, and ahead or behind."""
    shapes = []
    for item in dated:
        shapes.append(item.role)
        shapes.append("ahead" if item.mention.first > today else "behind")
        if item.promise:
            shapes.append("promise")
        if item.now_adjacent:
            shapes.append("now")
    return shapes
