"""Excel workbooks of filterable tables for the programme team: text stays text, the same rows give the
same bytes, and the package passes the OOXML validator."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from pipeline.documents.xlsx import TYPED_AS_FORMULA, as_typed, stable_xlsx


@dataclass(frozen=True)
class TableSheet:
    """One sheet holding one Excel table; `name` is the sheet's title and the table's name (letters only)."""

    name: str
    columns: tuple[tuple[str, int], ...]  # header and column width
    rows: Sequence[Sequence[object]]


def table_workbook(sheets: Sequence[TableSheet], *, title: str, created: dt.datetime) -> bytes:
    """A workbook with one filterable table per sheet, its header row frozen; dated `created`."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        _add_sheet(book, spec)
    book.properties.created = book.properties.modified = created
    book.properties.creator = "Plan A"
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_xlsx(buffer.getvalue())


def _add_sheet(book: Workbook, spec: TableSheet) -> None:
    sheet = book.create_sheet(spec.name)
    sheet.append([name for name, _ in spec.columns])
    for row in spec.rows:
        sheet.append([as_typed(v) for v in row])
    for n, (name, width) in enumerate(spec.columns, 1):
        sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
        sheet.cell(1, n).font = Font(bold=True)
    wrapped = quoted = None  # every data cell has one of two styles: made once, then copied (fast)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if wrapped is None:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                wrapped, quoted = cell._style, copy(cell._style)
                quoted.quotePrefix = 1
            text = isinstance(cell.value, str)
            if text:  # openpyxl stores a text that starts with `=` as a formula: `=HYPERLINK(...)` in a note
                cell.data_type = "s"  # would be a live link, `= meer plaatsen` an Err:509; text stays text
            cell._style = copy(quoted if text and cell.value.startswith(TYPED_AS_FORMULA) else wrapped)
    sheet.freeze_panes = "A2"
    table = Table(displayName=spec.name, ref=f"A1:{sheet.cell(1, len(spec.columns)).column_letter}"
                                             f"{max(len(spec.rows) + 1, 2)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
