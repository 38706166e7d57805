"""The trained status model: a small multinomial logistic regression over :mod:`.features`.

It is trained by ``python -m nlp.train`` (:mod:`.training`) on the labelled replies of the dev and
held-out 1-3 splits plus ``replies_train_extra.jsonl``, ``replies_train2.jsonl`` and
``replies_train3.jsonl`` (never on the unseen splits) and kept beside this module as
``status_model.json`` (labels and feature names) and ``status_model.bin`` (float16
weights). Reading it takes a few milliseconds; scoring a reply is a sum of a few dozen rows.
"""

from __future__ import annotations

import json
import math
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import add, sub, truediv
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL_JSON = HERE / "status_model.json"
MODEL_BIN = HERE / "status_model.bin"
NO_STATUS = "none"  # the label for replies that give no status (no news, out of office)

_LOCK = threading.Lock()
_MODEL: StatusModel | None = None
_CHOSEN = False  # set_model() was called: use _MODEL as given, even None (rules alone)


@dataclass(frozen=True)
class StatusModel:
    """Labels, the index of each known feature, and the weights (features x labels, plus a bias row)."""

    labels: tuple[str, ...]
    index: dict[str, int]
    weights: tuple[tuple[float, ...], ...]  # len(index) + 1 rows of len(labels); the last row is the bias
    _rows: dict[str, int] = field(init=False, repr=False, compare=False)
    _bias: int = field(init=False, repr=False, compare=False)
    _lanes: tuple[int, int, int, int, range] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Scoring a reply sums a few dozen short rows (no numpy: it takes longer to import than the
        # whole reader takes to load). Each row is kept as one integer: its weights scaled to whole
        # numbers (the weights are float16, every one a multiple of 2**-24, so the scale is 2**24),
        # each raised by an offset that keeps it positive, laid side by side in lanes wide enough
        # never to carry into the next, with a last lane holding 1 (so the sum counts the rows).
        # One ``sum`` of those integers adds every column at once, exactly, and each column's total
        # is divided back. A float sum of float16 weights is exact too (the totals stay far inside a
        # double's 53 bits), so the scores are the very floats that summing the columns as floats
        # gives, in any order.
        table = self.weights
        ratios = {w: w.as_integer_ratio() for w in set(chain.from_iterable(table))}  # a few thousand weights
        scale = max((d for _, d in ratios.values()), default=1)  # powers of two: the others divide it
        whole = {w: n * (scale // d) for w, (n, d) in ratios.items()}
        offset = 1 << max(map(abs, whole.values()), default=0).bit_length()
        size = (offset.bit_length() + 41 + 7) // 8  # bytes a lane: room for 2**40 rows of less than 2 * offset
        width = 8 * size
        shifts = range(0, width * len(self.labels), width)
        object.__setattr__(self, "_lanes", (scale, offset, width * len(self.labels), (1 << width) - 1, shifts))
        # Each row's lanes written out as bytes and read back as one integer, all in C (a Python step
        # per weight would add a few hundredths of a second to loading the model).
        lane = {w: (k + offset).to_bytes(size, "little") for w, k in whole.items()}
        flat = map(lane.__getitem__, chain.from_iterable(table))
        count = (1).to_bytes(size, "little")  # the last lane: one row
        rows = map(add, map(b"".join, zip(*[flat] * len(self.labels), strict=True)), repeat(count))
        packed = [int.from_bytes(row, "little") for row in rows]
        object.__setattr__(self, "_rows", {name: packed[i] for name, i in self.index.items()})
        object.__setattr__(self, "_bias", packed[-1])

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        """The probability of each label (``"none"`` for no status) given a stretch's features."""
        scale, offset, count_at, mask, shifts = self._lanes
        total = sum(map(self._rows.get, features, repeat(0)), self._bias)
        base = (total >> count_at) * offset  # the rows summed (the bias among them), each with its offsets
        # each label's bias plus its column, exactly (see __post_init__)
        scores = [(((total >> shift) & mask) - base) / scale for shift in shifts]
        top = max(scores)
        exps = list(map(math.exp, map(sub, scores, repeat(top))))
        total_exp = sum(exps)
        return dict(zip(self.labels, map(truediv, exps, repeat(total_exp)), strict=True))

    def save(self, json_path: Path = MODEL_JSON, bin_path: Path = MODEL_BIN) -> None:
        """Write the artefact (feature names sorted by their row, so the files are reproducible)."""
        names = sorted(self.index, key=self.index.__getitem__)
        meta = {"labels": list(self.labels), "features": names, "dtype": "float16"}
        json_path.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        flat = [w for row in self.weights for w in row]
        bin_path.write_bytes(struct.pack(f"<{len(flat)}e", *flat))

    @classmethod
    def read(cls, json_path: Path = MODEL_JSON, bin_path: Path = MODEL_BIN) -> StatusModel:
        """Read the artefact written by :meth:`save`."""
        meta = json.loads(json_path.read_text(encoding="utf-8"))
        labels, names = tuple(meta["labels"]), meta["features"]
        data = bin_path.read_bytes()
        flat = struct.unpack(f"<{len(data) // 2}e", data)
        width = len(labels)
        if len(flat) != (len(names) + 1) * width:
            raise ValueError(f"{bin_path}: {len(flat)} weights, expected {(len(names) + 1) * width}")
        rows = tuple(flat[i : i + width] for i in range(0, len(flat), width))
        return cls(labels, {name: i for i, name in enumerate(names)}, rows)


def load_model() -> StatusModel | None:
    """The packaged model, read once per process; ``None`` if it has not been trained (rules only)."""
    global _MODEL
    if _MODEL is None and not _CHOSEN and MODEL_BIN.exists():
        with _LOCK:
            if _MODEL is None:
                _MODEL = StatusModel.read()
    return _MODEL


def set_model(model: StatusModel | None) -> None:
    """Read with ``model`` from now on; ``None`` reads with the rules alone (for training and tests)."""
    global _MODEL, _CHOSEN
    _MODEL, _CHOSEN = model, True


def reset_model() -> None:
    """Go back to the packaged model (read again on next use)."""
    global _MODEL, _CHOSEN
    _MODEL, _CHOSEN = None, False
