"""Excel workbooks of filterable tables for the programme team: text stays text, the same rows give the
same bytes, and the package passes the OOXML validator."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from pipeline.documents.spreadsheet import font_order

# an underscore that would start an `_xHHHH_` escape (overlapping ones too: `_x005F_x000B_`)
ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# What Excel and LibreOffice read as a formula when a cell is typed (or edited and entered) with it first:
# such a text gets Excel's leading apostrophe (quotePrefix), so that it stays text after an edit too
TYPED_AS_FORMULA = ("=", "+", "-", "@")


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
    return _fixed_zip(buffer.getvalue())


def _add_sheet(book: Workbook, spec: TableSheet) -> None:
    sheet = book.create_sheet(spec.name)
    sheet.append([name for name, _ in spec.columns])
    for row in spec.rows:
        sheet.append([_as_typed(v) for v in row])
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


def _as_typed(value: object) -> object:
    """Excel reads `_x000B_` in a cell as an escaped character; text typed like that is escaped itself."""
    return ESCAPE_LIKE.sub("_x005F_", value) if isinstance(value, str) else value


def _fixed_zip(data: bytes) -> bytes:
    """openpyxl stamps zip entries with the clock; rewrite them with one fixed time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = zin.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + re.search(rb"<dcterms:created[^>]*>([^<]*)<", data).group(1) + rb"\g<2>",
                              data)
            zout.writestr(fixed, font_order(data) if info.filename == "xl/styles.xml" else data)
    return out.getvalue()
