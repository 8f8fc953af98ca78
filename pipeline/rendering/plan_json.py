"""Writes the plan model as JSON for the programme team: stable key order, identical bytes every run."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import Enum

from pipeline.model.identity import Identity, record_id
from pipeline.model.plan import Plan, Source, Vocabulary


def plain(value: object) -> object:
    """The value as JSON-ready data: dataclasses as objects, enums by their Dutch value."""
    if isinstance(value, Source):
        return str(value)
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.metadata.get("json", True)}
    if isinstance(value, Vocabulary):
        return value.label
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value


def plan_json(plan: Plan) -> bytes:
    return (json.dumps(plain(plan), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def identity(plan: Plan) -> Identity:
    """The case and the record a build of `plan` is (model/identity.py): what its review copies carry."""
    return Identity(plan.case_id, record_id(plain(plan)))
