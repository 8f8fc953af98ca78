"""The record of what was sent (inputs/verzonden/plan.json), typed, for comparing the plan with it.

Read by `reading/record.py`; `Plan.record` holds the latest one. Everything is as the concept printed
it then, so that a comparison with the current plan shows what a participant saw change.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # plan.py imports this module: the annotation alone, to avoid a cycle
    from pipeline.model.plan import Plan, Source

NOT_IN_JSON = {"json": False}  # a field plan.json leaves out (rendering/plan_json.py)


@dataclass(frozen=True)
class SentChapter:
    id: str
    number: int
    title: str
    markdown: str


@dataclass(frozen=True)
class SentItem:
    id: str
    outcome: str  # the outcome's label, as the concept printed it ("in behandeling" for an open item)
    where: str  # where it went, or why not, as the concept printed it
    chapter: str | None
    text: str = ""  # the contribution
    organisation: str = ""  # as the concept printed it (an organisation's public name, or Plenair)


@dataclass(frozen=True)
class SentAmount:
    year: int
    amount: Decimal


@dataclass(frozen=True)
class SentCost:
    """A line of begroting.xlsx!Lasten as sent."""

    post: str
    category: str
    amounts: tuple[SentAmount, ...]


@dataclass(frozen=True)
class SentFunding:
    """A line of begroting.xlsx!Dekking as sent."""

    name: str
    amounts: tuple[SentAmount, ...]


@dataclass(frozen=True)
class SentDecision:
    number: int
    text: str


@dataclass(frozen=True)
class SentOrganisation:
    name: str
    slug: str
    shown_as: str


@dataclass(frozen=True)
class SentRecord:
    """What was sent to the participants, as recorded by `make verzenden`."""

    sent: dt.date  # review.verzonden of the plan as sent
    case_id: str
    record_id: str  # model/identity.record_id of the recorded plan.json
    chapters: tuple[SentChapter, ...]
    harvest: tuple[SentItem, ...]
    costs: tuple[SentCost, ...]
    funding: tuple[SentFunding, ...]
    decisions: tuple[SentDecision, ...]
    organisations: tuple[SentOrganisation, ...]
    source: Source  # verzonden/plan.json, or verzonden/eerder-N/plan.json
    # the whole plan model as sent, to render it again (model/public.py makes its public view); never
    # written into plan.json again, where the record's own file already holds it
    plan: Plan = field(compare=False, repr=False, metadata=NOT_IN_JSON)
