"""``nlp.records.quick_init``: the per-reply records keep every behaviour of a frozen dataclass."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest

from nlp.dates.finder import DateMention
from nlp.dates.roles import DatedMention
from nlp.doc import Span, Token
from nlp.extraction import ActionExtraction, Evidence, Extraction
from nlp.percent import PercentMention
from nlp.reader import Reading
from nlp.records import quick_init
from nlp.refs import RefGroup, RefMention
from nlp.status.blend import Blended
from nlp.status.rules import Cue, StatusReading
from nlp.tokens import TokenView

RECORDS = [
    Token, Span, Evidence, ActionExtraction, Extraction, PercentMention, Reading, RefMention, RefGroup,
    TokenView, DateMention, DatedMention, Blended, Cue, StatusReading,
]  # fmt: skip


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_is_built_as_its_dataclass_would_be(cls: type) -> None:
    fields = dataclasses.fields(cls)
    init = cls.__dict__["__init__"]
    assert init.__qualname__ == f"{cls.__qualname__}.__init__" and "__set" in str(init.__code__.co_names)
    # the same parameters, in order, with the same defaults
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    values = [object() for _ in fields]
    for record in (cls(*values), cls(**{f.name: v for f, v in zip(fields, values, strict=True)})):
        assert all(getattr(record, f.name) is v for f, v in zip(fields, values, strict=True))
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, fields[0].name, None)
        changed = dataclasses.replace(record, **{fields[0].name: "changed"})
        assert getattr(changed, fields[0].name) == "changed" and type(changed) is cls
    required = [object() for f in fields if f.default is dataclasses.MISSING]
    record = cls(*required)
    assert [getattr(record, f.name) for f in fields if f.default is not dataclasses.MISSING] == [
        f.default for f in fields if f.default is not dataclasses.MISSING
    ]
    with pytest.raises(TypeError):
        cls(*values, object())  # one argument too many
    with pytest.raises(TypeError):
        cls(**{fields[0].name: 1, "no_such_field": 2})


def test_records_compare_hash_and_pickle_as_before() -> None:
    a, b = Evidence("status", 0, 4, "done"), Evidence("status", 0, 4, "done")
    assert a == b and hash(a) == hash(b) and a != Evidence("status", 0, 5, "done.")
    assert repr(a) == "Evidence(field='status', start=0, end=4, text='done')"
    assert pickle.loads(pickle.dumps(a)) == a
    reading = Reading("complete", 100, "2006-06-01", None, ("2006-06-01",), 0.9, False)
    assert reading.evidence == () and pickle.loads(pickle.dumps(reading)) == reading
    assert Extraction("x").dates == () and Extraction("x").confidence == 0.0


def test_quick_init_matches_the_generated_init_with_and_without_slots() -> None:
    def points() -> list[type[Any]]:
        @dataclass(frozen=True)
        class Point:
            x: int
            y: int = 2
            tags: tuple[str, ...] = field(default=())

        @dataclass(frozen=True, slots=True)
        class SlottedPoint:
            x: int
            y: int = 2
            tags: tuple[str, ...] = field(default=())

        return [Point, SlottedPoint]

    for plain, quick in zip(points(), map(quick_init, points()), strict=True):
        for args, kwargs in (((1,), {}), ((1, 3), {}), ((1,), {"tags": ("a",)}), ((), {"x": 5, "y": 6})):
            assert dataclasses.astuple(plain(*args, **kwargs)) == dataclasses.astuple(quick(*args, **kwargs))
        with pytest.raises(dataclasses.FrozenInstanceError):
            quick(1).x = 2


def test_quick_init_refuses_what_it_cannot_copy() -> None:
    @dataclass
    class Mutable:
        x: int

    @dataclass(frozen=True)
    class Posted:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True)
    class Factory:
        x: list[Any] = field(default_factory=list)

    for cls in (Mutable, Posted, Factory):
        with pytest.raises(TypeError):
            quick_init(cls)
