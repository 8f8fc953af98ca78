"""Reads reacties.xlsx (sheet Reacties): the reactions of the review round, one row each.

The file is optional: before the review round there is none. `make reacties` adds the reactions of the
returned copies to it; reactions that came by e-mail or letter the team types in the same sheet.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.model.plan import GENERAL, Consequence, Reaction
from pipeline.reading.cells import Cells, cell_text, rows
from pipeline.reading.sheets import ErrorValue, Table, norm
from pipeline.reading.workbooks import Workbook

FILE = "reacties.xlsx"
SHEET = "Reacties"
REQUIRED = ("ID", "Ontvangen", "Van", "Onderdeel", "Reactie")
OPTIONAL = ("Passage", "Bron", "Antwoord", "Gevolg", "Wijziging", "Interne notitie")
COLUMNS = ("ID", "Ontvangen", "Van", "Onderdeel", "Passage", "Reactie", "Bron", "Antwoord", "Gevolg", "Wijziging",
           "Interne notitie")  # PRODUCT.md's order, which a new workbook has
DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def reactions_table(inputs: Path, problems: Problems) -> Table | None:
    """The sheet as a table, or None when there is no reacties.xlsx (or it cannot be read: reported)."""
    path = inputs / FILE
    if not path.exists() and not path.is_symlink():
        return None
    return Workbook(path, FILE, problems).table(SHEET, REQUIRED, OPTIONAL)


def read_reactions(inputs: Path, problems: Problems) -> tuple[Reaction, ...]:
    """Every reaction whose row could be read; a wrong cell is a problem at that cell."""
    found = []
    for row in rows(reactions_table(inputs, problems)):
        reaction = _reaction(Cells(row, problems), problems)
        if reaction is not None:
            found.append(reaction)
    return tuple(found)


def _reaction(cells: Cells, problems: Problems) -> Reaction | None:
    at = cells.row.source.at
    chapter = cells.text("Onderdeel")
    values = dict(
        id=cells.text("ID"), received=received(cells), sender=cells.text("Van"),
        chapter=GENERAL if chapter is not None and norm(chapter) == GENERAL else chapter,
        passage=cells.text("Passage", required=False), text=cells.text("Reactie"),
        origin=cells.text("Bron", required=False), answer=cells.text("Antwoord", required=False),
        consequence=cells.choice("Gevolg", Consequence, required=False) or Consequence.OPEN,
        change=cells.text("Wijziging", required=False), internal_note=cells.text("Interne notitie", required=False))
    if cells.row.get("Gevolg") is not None and values["consequence"] is Consequence.OPEN:
        return None  # an unknown consequence, reported already
    if values["consequence"] is Consequence.CHANGED and values["change"] is None:
        problems.error(at("Wijziging"), "'Wijziging' is leeg; bij 'plan aangepast' hoort wat er in het plan is "
                                        "veranderd")
    if any(values[k] is None for k in ("id", "received", "sender", "chapter", "text")):
        return None
    return Reaction(**values, source=cells.row.source)


def received(cells: Cells, column: str = "Ontvangen") -> dt.date | None:
    """A date cell, or a date typed as text (31-1-2021, 2021-01-31); else a problem."""
    raw = cells.row.get(column)
    where = cells.row.source.at(column)
    if isinstance(raw, ErrorValue):
        return None
    if raw is None:
        cells.problems.error(where, f"'{column}' is leeg; dit veld is verplicht")
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = cell_text(raw) or ""
    try:
        if match := DUTCH_DATE.match(text):
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        cells.problems.error(where, f"'{text}' is geen datum; typ een datum, zoals 26-2-2021")
        return None
