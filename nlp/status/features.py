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
from operator import itemgetter

from nlp.dates.roles import DatedMention
from nlp.status.rules import Cue
from nlp.tokens import TokenView

_DIGITS = re.compile(r"\d")
_WORDLIKE = re.compile(r"[a-z0-9%£]")
STEM = 5
_ENDINGS = ("ed", "ing")  # a past participle or past tense; a present participle
# the parts of a word's entry in _WORDS
_FOLDED, _WORD, _STEM, _FORMED, _ALPHA = map(itemgetter, range(5))


def status_features(
    view: TokenView, start: int, end: int, cues: Sequence[Cue], date_roles: Iterable[str] = ()
) -> list[str]:
    """The feature names for tokens ``start``..``end`` of ``view`` (duplicates kept: they count).

    ``cues`` (the rules' cues for the stretch) are deliberately not used: see the module's note.
    """
    # what each word gives, looked up once per spelling (see _Words)
    # (map and filter run in C: this is done for every stretch of every reply)
    infos = list(filter(None, map(_WORDS.__getitem__, view.lower[start:end])))
    words = list(map(_FOLDED, infos))
    features = list(map(_WORD, infos))
    # the first letters of longer words: "installed"/"installation", "postponed"/"postponement"
    # and a slip at the end of a word ("complted") share a feature
    features += filter(None, map(_STEM, infos))
    features += ["b:" + a + "_" + b for a, b in zip(words, words[1:], strict=False)]
    # how words are formed, for verbs never seen in training: "relaunched", "cleared" (done) and
    # "relaunching" (under way) share a feature with every other such word
    features += filter(None, map(_FORMED, infos))
    last = next(filter(_ALPHA, reversed(infos)), None)
    if last is not None and last[3]:
        features.append("last" + last[3])  # "lastm:ed"
    if words:
        features.append("first:" + words[0])
    features.append(f"len:{min(len(words), 12) // 3}")
    features += ["d:" + role for role in date_roles]
    return features


class _Words(dict[str, "tuple[str, str, str | None, str | None, bool] | None"]):
    """What one lower-cased word gives the features, by its spelling: None for a word that is not
    counted (punctuation), else the word with digits folded ("12" -> "00"), its ``w:`` feature, its
    ``s:`` (stem) and ``m:`` (ending) features if it has them, and whether it is all letters. A cache
    of words, not of replies: it stops growing at ``_KNOWN_MAX`` words."""

    def __missing__(self, word: str) -> tuple[str, str, str | None, str | None, bool] | None:
        info = None
        if word[:1].isalnum() or _WORDLIKE.search(word) or word == "?":
            folded = _fold(word)
            alpha = folded.isalpha()
            stem = f"s:{folded[:STEM]}" if len(folded) > STEM and alpha else None
            ending = _ending(folded) if len(folded) > 4 else None
            info = (folded, f"w:{folded}", stem, f"m:{ending}" if ending else None, alpha)
        if len(self) < _KNOWN_MAX:
            self[word] = info
        return info


_KNOWN_MAX = 50_000
_WORDS = _Words()


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
