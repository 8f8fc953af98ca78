"""Rebuilds the plan model from plan.json (as data): the whole plan as it was sent, to render it again.

plan.json is written by `rendering/plan_json.plain` from the model's dataclasses; this is its inverse,
led by the same dataclasses' field types, so that a field added to the model later needs nothing here
(a record made before it gets the field's default). Sources come back as their printed form.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from decimal import Decimal
from enum import Enum

from pipeline.model import plan as model
from pipeline.model.identity import ROUND_TRIP_FIELDS  # the round trip's own state: not the plan as sent
from pipeline.model.plan import Plan, Source, Vocabulary



def rebuild_plan(data: dict) -> Plan:
    """The plan model in `data`; raises KeyError, TypeError or ValueError when it does not hold one."""
    if not isinstance(data, dict):
        raise TypeError("plan.json holds no object")
    return _dataclass(Plan, {k: v for k, v in data.items() if k not in ROUND_TRIP_FIELDS})


@functools.cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls, vars(model))


def _dataclass(cls: type, data: object):
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: an object was expected, not {type(data).__name__}")
    hints, values = _hints(cls), {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            values[f.name] = _value(hints[f.name], data[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise KeyError(f"{cls.__name__}.{f.name}")
    return cls(**values)


def _value(kind: object, data: object) -> object:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        return _value(next(a for a in args if a is not type(None)), data)
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError(f"a list was expected, not {type(data).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in data)
        return tuple(_value(a, v) for a, v in zip(args, data, strict=True))
    if kind is Source:
        return Source(str(data))
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind, data)
    if isinstance(kind, type) and issubclass(kind, Vocabulary):  # written by its label
        return next(m for m in kind if m.label == data) if data in {m.label for m in kind} else kind(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is Decimal:
        return Decimal(str(data))
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    if kind in (str, int, bool) and not isinstance(data, kind):
        raise TypeError(f"{kind.__name__} expected, not {data!r}")
    return data
