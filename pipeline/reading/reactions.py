"""Reads reacties.xlsx (sheet Reacties): the reactions of the review round, one row each.

The file is optional: before the review round there is none. `make reacties` adds the reactions of the
returned copies to it; reactions that came by e-mail or letter the team types in the same sheet.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.model.plan import GENERAL, Consequence, Reaction
from pipeline.model.schema import REACTIONS, REACTIONS_BOOK
from pipeline.reading.cells import Cells, rows
from pipeline.reading.sheets import Table, norm
from pipeline.reading.workbooks import Workbook

FILE = REACTIONS_BOOK.file
SHEET = REACTIONS.name
REQUIRED, OPTIONAL = REACTIONS.required, REACTIONS.optional
COLUMNS = REACTIONS.headers()  # the schema's order, which a new workbook has


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
        id=cells.text("ID"), received=cells.date("Ontvangen"), sender=cells.text("Van"),
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
