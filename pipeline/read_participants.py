"""Reads deelnemers.xlsx: who took part, for which organisation, and what they consented to."""
from __future__ import annotations

from pathlib import Path

from .model import Participant
from .problems import Problems
from .sheets import Cells, Workbook, rows

FILE = "deelnemers.xlsx"
REQUIRED = ("Naam", "Organisatie", "Naam vermelden", "Reviewexemplaar")
OPTIONAL = ("E-mail",)


def read_participants(inputs: Path, problems: Problems) -> tuple[Participant, ...]:
    table = Workbook(inputs / FILE, FILE, problems).table("Deelnemers", REQUIRED, OPTIONAL)
    found: list[Participant] = []
    for row in rows(table):
        cells = Cells(row, problems)
        values = (cells.text("Naam"), cells.text("Organisatie"), cells.text("E-mail", False),
                  cells.yes_no("Naam vermelden"), cells.yes_no("Reviewexemplaar"))
        if None in (values[0], values[1], values[3], values[4]):
            continue
        found.append(Participant(*values, source=row.source))
    return tuple(found)
