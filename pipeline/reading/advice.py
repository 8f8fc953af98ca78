"""Reads adviezen.xlsx: legal and financial advice, each row marked confidential or not."""
from __future__ import annotations

from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.model.plan import Advice, AdviceKind, AdviceStatus
from pipeline.model.schema import ADVICE_BOOK
from pipeline.reading.cells import Cells, note_empty, rows
from pipeline.reading.workbooks import Workbook

FILE = ADVICE_BOOK.file


def read_advice(inputs: Path, problems: Problems) -> tuple[Advice, ...]:
    book = Workbook(inputs / FILE, FILE, problems)
    found: list[Advice] = []
    for kind in AdviceKind:
        sheet = ADVICE_BOOK.sheet(kind.value)
        table = book.table(sheet.name, sheet.required, sheet.optional)
        note_empty(table, sheet, problems)
        for row in rows(table):
            cells = Cells(row, problems)
            values = dict(id=cells.text("ID"), kind=kind, subject=cells.text("Onderwerp"),
                          text=cells.text("Advies"), status=cells.choice("Status", AdviceStatus),
                          chapter=cells.text("Onderdeel", False), confidential=cells.yes_no("Vertrouwelijk"),
                          adviser=cells.text("Adviseur", False))
            if any(values[k] is None for k in ("id", "subject", "text", "status", "confidential")):
                continue
            found.append(Advice(**values, source=row.source))
    return tuple(found)
