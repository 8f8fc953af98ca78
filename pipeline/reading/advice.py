"""Reads adviezen.xlsx: legal and financial advice, each row marked confidential or not."""
from __future__ import annotations

from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.model.plan import Advice, AdviceKind, AdviceStatus
from pipeline.reading.cells import Cells, rows
from pipeline.reading.workbooks import Workbook

FILE = "adviezen.xlsx"
REQUIRED = ("ID", "Onderwerp", "Advies", "Status", "Vertrouwelijk")
OPTIONAL = ("Onderdeel", "Adviseur")


def read_advice(inputs: Path, problems: Problems) -> tuple[Advice, ...]:
    book = Workbook(inputs / FILE, FILE, problems)
    found: list[Advice] = []
    for kind in AdviceKind:
        for row in rows(book.table(kind.value, REQUIRED, OPTIONAL)):
            cells = Cells(row, problems)
            values = dict(id=cells.text("ID"), kind=kind, subject=cells.text("Onderwerp"),
                          text=cells.text("Advies"), status=cells.choice("Status", AdviceStatus),
                          chapter=cells.text("Onderdeel", False), confidential=cells.yes_no("Vertrouwelijk"),
                          adviser=cells.text("Adviseur", False))
            if any(values[k] is None for k in ("id", "subject", "text", "status", "confidential")):
                continue
            found.append(Advice(**values, source=row.source))
    return tuple(found)
