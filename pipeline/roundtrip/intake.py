"""`make reacties`: adds every new reaction of the returned copies (inputs/reacties/) to reacties.xlsx.

Reads everything and checks it first; writes only when nothing is wrong. A reaction is new when no row's
`Bron` holds its mark (reading/returned.py), so rows are only ever added, and a second run adds nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.collation import sorted_names
from pipeline.base.errors import Problem, Severity
from pipeline.base.problems import Problems
from pipeline.model.record import SentRecord
from pipeline.model.schema import REACTIONS_BOOK
from pipeline.reading.cells import cell_text, rows
from pipeline.reading.participants import read_participants
from pipeline.reading.reactions import FILE, SHEET, reactions_table
from pipeline.reading.record import FOLDER, read_records
from pipeline.reading.returned import ReturnedReaction, read_returned
from pipeline.reading.sheets import Table
from pipeline.reading.texts import CHAPTER_NAME
from pipeline.roundtrip.adding import refuse_when_open, replace_keeping_previous
from pipeline.roundtrip.workbook import Lists, NewRow, reactions_workbook

PREVIOUS = "reacties.vorige.xlsx"
MARK = re.compile(r"kenmerk ([0-9a-f]{10})")
NUMBERED = re.compile(r"^R-(\d+)$", re.IGNORECASE)
NO_RECORD = ("er is nog geen verzending vastgelegd; maak eerst de verzending met make verzenden: Plan A "
             "herkent de teruggestuurde exemplaren aan de vastgelegde verzending")


@dataclass(frozen=True)
class Intake:
    added: tuple[NewRow, ...]
    created: bool  # reacties.xlsx was made
    kept: bool  # the previous workbook was kept as reacties.vorige.xlsx
    warnings: tuple[Problem, ...]


def take_in(inputs: Path) -> Intake:
    """Reads the returned copies and adds their new reactions to reacties.xlsx; raises InputProblems."""
    problems = Problems()
    if not inputs.is_dir():
        problems.error(str(inputs), "de map met invoer bestaat niet")
        problems.raise_if_errors()
    records = read_records(inputs, problems)
    if not records and not problems.has_errors:
        problems.error(FOLDER, NO_RECORD)
    refuse_when_open(inputs, FILE, problems)
    table = _existing(inputs, problems)
    returned = read_returned(inputs, records, problems) if records else ()
    problems.raise_if_errors()
    path = inputs / FILE
    old = path.read_bytes() if path.exists() else None  # read by the reader just now: it can be read
    rows_there = list(rows(table))
    marks = {m for row in rows_there for m in MARK.findall(cell_text(row.get("Bron")) or "")}
    fresh = _new(returned, marks)
    # what is worth saying about a reaction or its file is said when the reaction is added, once
    problems.items.extend(dict.fromkeys(note for reaction in fresh for note in reaction.notes))
    new = _numbered(fresh, rows_there)
    if new or old is None:
        latest = records[0]
        data = reactions_workbook(old, new, _lists(inputs, latest), REACTIONS_BOOK.title,
                                  dt.datetime.combine(latest.sent, dt.time()))
        replace_keeping_previous(path, data, inputs / PREVIOUS, old)
    return Intake(tuple(new), old is None, old is not None and bool(new), tuple(problems.warnings))


def _existing(inputs: Path, problems: Problems) -> Table | None:
    """reacties.xlsx as it is. What keeps rows from being added safely is a problem: the file or sheet
    cannot be read, a required column is missing, two rows share an ID; a wrong cell is left to make check."""
    found = Problems()
    table = reactions_table(inputs, found)
    for problem in found.items:
        if problem.severity is Severity.PROBLEM and not problem.location.startswith(f"{FILE}!{SHEET}!"):
            problems.items.append(problem)
    first: dict[str, str] = {}
    for row in rows(table):
        key = cell_text(row.get("ID"))
        if key is not None and key in first:
            problems.error(row.source.at("ID"), f"ID '{key}' komt al voor in {first[key]}")
        if key is not None:
            first.setdefault(key, str(row.source.at("ID")))
    return table


def _new(returned: tuple[ReturnedReaction, ...], marks: set[str]) -> list[ReturnedReaction]:
    """The reactions no row holds yet, each once (the same copy twice in reacties/ adds it once)."""
    found = {}
    for reaction in returned:
        if reaction.mark not in marks:
            found.setdefault(reaction.mark, reaction)
    return list(found.values())


def _numbered(new: list[ReturnedReaction], rows_there: list) -> list[NewRow]:
    """IDs R-001, R-002, ... after the highest there."""
    numbers = [int(m.group(1)) for row in rows_there if (m := NUMBERED.match(cell_text(row.get("ID")) or ""))]
    start = max(numbers, default=0) + 1
    return [NewRow(f"R-{n:03d}", r.received, r.sender, r.chapter, r.passage, r.text, r.origin)
            for n, r in enumerate(new, start)]


def _lists(inputs: Path, record: SentRecord) -> Lists:
    """What the dropdowns offer: the organisations and participants of deelnemers.xlsx and the chapters of
    tekst/plan/ as they are now; where those cannot be read, the ones of the record."""
    participants, organisations = read_participants(inputs, Problems())
    senders = (sorted_names(organisations) + sorted_names({p.name for p in participants})) if organisations \
        else [o.name for o in record.organisations]
    folder = inputs / "tekst" / "plan"
    files = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    chapters = [m.group(2) for name in files if (m := CHAPTER_NAME.match(name))] or [c.id for c in record.chapters]
    return Lists(tuple(dict.fromkeys(senders)), tuple(dict.fromkeys(chapters)))
