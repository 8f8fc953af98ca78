"""Reads the records of what was sent (inputs/verzonden/): the plan model as sent, into a SentRecord.

`make verzenden` keeps the plan model as sent in verzonden/plan.json (written as a full build writes
intern/plan.json) and earlier records in verzonden/eerder-N/. The build reads the latest; the intake of
reactions reads them all, to know which record a returned copy comes from.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.base.problems import Problems, unreadable
from pipeline.model.identity import record_id
from pipeline.model.plan import CostLine, FundingLine, Source
from pipeline.model.public import whereabouts
from pipeline.model.record import (
    SentAmount,
    SentChapter,
    SentCost,
    SentDecision,
    SentFunding,
    SentItem,
    SentOrganisation,
    SentRecord,
)
from pipeline.reading.folder import outside_inputs
from pipeline.reading.plan_data import rebuild_plan

FOLDER = "verzonden"
PLAN = "plan.json"
CONCEPT = "concept-uitvoeringsplan.docx"
RECORD_FILES = (PLAN, CONCEPT)
EARLIER = re.compile(r"^eerder-([1-9]\d*)$")


def has_record(inputs: Path) -> bool:
    """Whether verzonden/ holds a record (either of its files: a half one is a record too)."""
    return any((inputs / FOLDER / name).exists() or (inputs / FOLDER / name).is_symlink() for name in RECORD_FILES)


def earlier_folders(inputs: Path) -> list[tuple[int, str]]:
    """The earlier records (N, `verzonden/eerder-N`), the most recent (highest N) first."""
    folder = inputs / FOLDER
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), f"{FOLDER}/{p.name}") for p in folder.iterdir()
             if p.is_dir() and (m := EARLIER.match(p.name))]
    return sorted(found, reverse=True)


def read_record(inputs: Path, problems: Problems) -> SentRecord | None:
    """The latest record, or None before the first `make verzenden`."""
    return _read(inputs, f"{FOLDER}/{PLAN}", problems)


def read_records(inputs: Path, problems: Problems) -> tuple[SentRecord, ...]:
    """Every record, the latest first, then the earlier ones from the most recent back."""
    found = [_read(inputs, f"{FOLDER}/{PLAN}", problems)]
    found += [_read(inputs, f"{folder}/{PLAN}", problems) for _, folder in earlier_folders(inputs)]
    return tuple(r for r in found if r is not None)


def _read(inputs: Path, rel: str, problems: Problems) -> SentRecord | None:
    path = inputs / rel
    if not path.exists() and not path.is_symlink():
        return None
    if outside_inputs(inputs, rel, problems):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(rel, unreadable(exc))
        return None
    try:
        plan = json.loads(data.decode("utf-8"))
    except ValueError:  # not UTF-8, or not JSON
        _unreadable_record(rel, "geen geldige JSON", problems)
        return None
    try:
        return sent_record(plan, Source(rel))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a field missing, or of another kind
        _unreadable_record(rel, f"een veld ontbreekt of is veranderd: {exc}", problems)
        return None


def _unreadable_record(rel: str, reason: str, problems: Problems) -> None:
    problems.error(rel, f"kan de vastgelegde verzending niet lezen ({reason}); zet het bestand terug uit een "
                        "back-up; lukt dat niet, geef het dan een andere naam (zoals plan-kapot.json) en leg de "
                        "verzending opnieuw vast met make verzenden OPNIEUW=1")


def sent_record(plan: dict, source: Source) -> SentRecord:
    """The record in plan.json (as data); raises KeyError, TypeError or ValueError when it does not hold one."""
    sent = rebuild_plan(plan)
    chapters = tuple(SentChapter(c.id, n, c.title, c.body.markdown) for n, c in enumerate(sent.chapters, 1))
    where = whereabouts(sent.harvest, chapters)
    shown = {o.name: o.shown_as or o.name for o in sent.organisations}
    return SentRecord(
        sent=sent.review.sent,
        case_id=sent.case_id,
        record_id=record_id(plan),
        chapters=chapters,
        harvest=tuple(SentItem(i.id, i.outcome.label, where[i.id], i.chapter, i.text,
                               shown.get(i.organisation, i.organisation)) for i in sent.harvest),
        costs=tuple(SentCost(c.post, c.category, _amounts(c)) for c in sent.budget.costs),
        funding=tuple(SentFunding(f.name, _amounts(f)) for f in sent.budget.funding),
        decisions=tuple(SentDecision(d.number, d.text) for d in sent.decisions),
        organisations=tuple(SentOrganisation(o.name, o.slug, o.shown_as or o.name) for o in sent.organisations),
        source=source,
        plan=sent,
    )


def _amounts(line: CostLine | FundingLine) -> tuple[SentAmount, ...]:
    return tuple(SentAmount(a.year, a.amount) for a in line.amounts)
