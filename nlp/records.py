"""A quicker ``__init__`` for the frozen dataclasses the reader makes for every reply.

Reading one reply makes about fifteen small frozen records (spans, cues, evidence, dates, the
readings themselves). The ``__init__`` that :func:`dataclasses.dataclass` writes for a frozen class
sets each field through ``object.__setattr__`` (it has to step round the class's own
``__setattr__``, which refuses), about 70 ns a field. :func:`quick_init` gives such a class an
``__init__`` with the same parameters and defaults that stores the fields directly: through each
slot's descriptor for a class with slots, as one new ``__dict__`` otherwise. The class is otherwise
untouched: still frozen (assigning a field raises), the same fields, equality, hash, ``repr`` and
``dataclasses.replace``. ``tests/nlp/test_records.py`` checks each record against the dataclass's own
``__init__``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Replace the generated ``__init__`` of the frozen dataclass ``cls`` by one that stores its
    fields directly (for classes without ``__post_init__``, ``InitVar`` or default factories)."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not params.frozen or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses without __post_init__")
    if any(not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING for f in fields):
        raise TypeError(f"{cls.__name__}: every field must be set by __init__, without a default factory")
    names = [f.name for f in fields]
    namespace: dict[str, Any] = {"__cls": cls, "__set_dict": object.__setattr__}
    signature = []
    for f in fields:
        if f.default is dataclasses.MISSING:
            signature.append(f.name)
        else:
            namespace[f"__default_{f.name}"] = f.default
            signature.append(f"{f.name}=__default_{f.name}")
    if "__dict__" in getattr(cls, "__slots__", ("__dict__",)):
        body = [f"    __set_dict(self, '__dict__', {{{', '.join(f'{n!r}: {n}' for n in names)}}})"]
    else:
        for name in names:
            namespace[f"__set_{name}"] = getattr(cls, name).__set__
        body = [f"    __set_{name}(self, {name})" for name in names] or ["    pass"]
    source = f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)  # noqa: S102 - the source is built here from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    generated = cls.__dict__["__init__"]
    init.__annotations__ = dict(generated.__annotations__)
    init.__doc__ = generated.__doc__
    type.__setattr__(cls, "__init__", init)
    return cls
