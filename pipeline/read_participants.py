"""Reads deelnemers.xlsx: who took part, for which organisation, and what they consented to."""
from __future__ import annotations

from pathlib import Path

from .model import Participant
from .problems import Problems
from .cells import Cells, cell_text, rows
from .workbooks import Workbook

FILE = "deelnemers.xlsx"
REQUIRED = ("Naam", "Organisatie", "Naam vermelden", "Reviewexemplaar")
OPTIONAL = ("E-mail",)


def read_participants(inputs: Path,
                      problems: Problems) -> tuple[tuple[Participant, ...], frozenset[str] | None]:
    """The participants, and every organisation the sheet names (also on rows that could not be read,
    so the harvest is not told they are unknown), or None when the sheet could not be read at all."""
    table = Workbook(inputs / FILE, FILE, problems).table("Deelnemers", REQUIRED, OPTIONAL)
    if table is None:
        return (), None
    found: list[Participant] = []
    organisations = {cell_text(row.get("Organisatie")) for row in rows(table)} - {None}
    for row in rows(table):
        cells = Cells(row, problems)
        values = (cells.text("Naam"), cells.text("Organisatie"), cells.text("E-mail", False),
                  cells.yes_no("Naam vermelden"), cells.yes_no("Reviewexemplaar"))
        if None in (values[0], values[1], values[3], values[4]):
            continue
        found.append(Participant(*values, source=row.source))
    return tuple(found), frozenset(organisations)
