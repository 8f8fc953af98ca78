"""Writes input workbooks as an adviser expects them, the same bytes every run: knows nothing about plans.

A table sheet has a bold, frozen header row, columns wide enough, number formats (also for cells typed
later: the column carries the format) and data validation that refuses what Excel itself would refuse:
text in an amount cell, a value outside a dropdown. openpyxl stores a formula without its value, and a
reader of the workbook counts what Excel cached; `Book.total_row` therefore records each total's
value and `Book.save` writes it beside the formula (`<v>`). The zip gets fixed entry times.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from pipeline.documents.xlsx import font_order

VALIDATION_TITLE = "Ongeldige waarde"  # the error title of every check a workbook made here has

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7F7F7F"))
TITLE_FONT = Font(bold=True, size=13)
TOTAL_FONT = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="7F7F7F"))
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)
SPARE_ROWS = 200  # validation also covers rows an adviser adds below the table
LIST_LIMIT = 255  # Excel's limit on the text of a dropdown typed into the validation itself


@dataclass(frozen=True)
class Validation:
    """What a cell accepts: `list` (one of `choices`), `whole` or `decimal` (at least `minimum`), or `date`;
    anything else Excel refuses with `message`."""

    kind: str
    message: str
    choices: tuple[str, ...] = ()
    minimum: int = 0


@dataclass(frozen=True)
class TableColumn:
    name: str
    width: float | None = None
    wrap: bool = False
    number_format: str | None = None
    validation: Validation | None = None


class Book:
    """A workbook being built, with the cached values of its formula cells."""

    def __init__(self, title: str, subject: str, creator: str, stamp: dt.datetime):
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        props = self.wb.properties
        props.creator = props.lastModifiedBy = creator
        props.created = props.modified = stamp
        props.title, props.subject, props.language = title, subject, "nl-NL"
        self.stamp = stamp
        self.cached: dict[tuple[str, str], float | int] = {}

    def notes(self, heading: str, paragraphs: Sequence[str], header: Sequence[str] = (),
              rows: Sequence[Sequence[str]] = (), widths: Sequence[float] = (28, 95)) -> None:
        """The `Toelichting` sheet, first: what the workbook is for, and a table that explains its columns."""
        ws = self.wb.create_sheet("Toelichting", 0)
        last = max(len(header), 2)
        for col, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws["A1"] = heading
        ws["A1"].font = TITLE_FONT
        row = 3
        for text in paragraphs:
            ws.cell(row, 1, text).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            ws.row_dimensions[row].height = 15 * (1 + len(text) // 110)
            row += 2
        if header:
            for col, label in enumerate(header, 1):
                cell = ws.cell(row, col, label)
                cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            for values in rows:
                row += 1
                for col, value in enumerate(values, 1):
                    ws.cell(row, col, value).alignment = WRAP
                # LibreOffice does not size a row to its wrapped text when it opens a file: say how high
                lines = max(-(-len(str(v)) // int(widths[col] if col < len(widths) else 10))
                            for col, v in enumerate(values))
                ws.row_dimensions[row].height = 15 * max(lines, 1)
        ws.sheet_properties.tabColor = "7F7F7F"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def table(self, name: str, columns: Sequence[TableColumn], rows: Iterable[Sequence], *,
              title: str | None = None, blank_after_title: bool = False, room: int = 0,
              landscape: bool = True):
        """A data sheet: optional title row, bold frozen header, formats, dropdowns and checks; `room`
        empty rows are kept for lines below the data (a blank table). Returns (sheet, header row, last
        row of the table)."""
        ws = self.wb.create_sheet(name)
        header = 1
        if title is not None:
            ws.cell(1, 1, title).font = TITLE_FONT
            header = 3 if blank_after_title else 2
        for col, column in enumerate(columns, 1):
            cell = ws.cell(header, col, column.name)
            cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP
        last = header
        for values in rows:
            last += 1
            for col, (column, value) in enumerate(zip(columns, values), 1):
                if value is None:
                    continue
                cell = ws.cell(last, col, value)
                cell.alignment = WRAP if column.wrap else TOP
                if column.number_format:
                    cell.number_format = column.number_format
        last += room
        for col, column in enumerate(columns, 1):
            letter = get_column_letter(col)
            if column.width is not None:
                ws.column_dimensions[letter].width = column.width
            if column.number_format:  # for what is typed later: Excel and LibreOffice take the column's
                ws.column_dimensions[letter].number_format = column.number_format
            if column.validation is not None:
                _validate(ws, letter, header + 1, last + SPARE_ROWS, column)
        ws.freeze_panes = f"A{header + 1}"  # a string: ws.cell would add an empty cell to the file
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{last}"
        ws.print_title_rows = f"{header}:{header}"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return ws, header, last

    def total_row(self, ws, columns: Sequence[TableColumn], header: int, last: int, sums: Sequence[str],
                  label: str = "Totaal") -> int:
        """A `Totaal` row below the table with =SUM formulas over its rows; their values are cached on save."""
        row = last + 1
        index = {c.name: i for i, c in enumerate(columns, 1)}
        first = ws.cell(row, 1, label)
        first.font, first.border = TOTAL_FONT, TOTAL_BORDER
        for column in columns[1:]:
            ws.cell(row, index[column.name]).border = TOTAL_BORDER
        for name in sums:
            letter = get_column_letter(index[name])
            cell = ws.cell(row, index[name], f"=SUM({letter}{header + 1}:{letter}{last})")
            cell.font, cell.alignment = TOTAL_FONT, TOP
            cell.number_format = columns[index[name] - 1].number_format or "General"
            total = sum(_value(ws, r, index[name]) or 0 for r in range(header + 1, last + 1))
            self.cached[(ws.title, cell.coordinate)] = total
        return row

    def activate(self, name: str) -> None:
        """Open the workbook on sheet `name`."""
        self.wb.active = self.wb.sheetnames.index(name)
        for ws in self.wb.worksheets:
            ws.sheet_view.tabSelected = ws.title == name

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_bytes())

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(self.wb, archive).save()
        paths = {ws.title: ws.path.lstrip("/") for ws in self.wb.worksheets}
        patches: dict[str, dict[str, float | int]] = {}
        for (title, coordinate), value in self.cached.items():
            patches.setdefault(paths[title], {})[coordinate] = value
        stamp = self.stamp
        zip_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
        out = io.BytesIO()
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in patches:
                    data = _cache_values(data, patches[info.filename])
                if info.filename == "xl/styles.xml":
                    data = font_order(data)
                entry = zipfile.ZipInfo(info.filename, date_time=zip_time)
                entry.compress_type, entry.create_system = zipfile.ZIP_DEFLATED, 0
                entry.external_attr = 0o644 << 16
                target.writestr(entry, data, compresslevel=9)
        return out.getvalue()


def _value(ws, row: int, col: int) -> object:
    """A cell's value without making the cell (openpyxl's `ws.cell` would add an empty one to the file)."""
    cell = ws._cells.get((row, col))  # noqa: SLF001
    return None if cell is None else cell.value


def _validate(ws, letter: str, first: int, last: int, column: TableColumn) -> None:
    rule = column.validation
    if rule.kind == "list":
        formula = '"' + ",".join(rule.choices) + '"'
        if len(formula) - 2 > LIST_LIMIT or any("," in c or '"' in c for c in rule.choices):
            raise ValueError(f"the choices of {column.name!r} do not fit in a dropdown")
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    elif rule.kind == "date":
        dv = DataValidation(type="date", operator="greaterThanOrEqual", formula1="1", allow_blank=True)
    else:  # whole or decimal
        dv = DataValidation(type=rule.kind, operator="greaterThanOrEqual", formula1=str(rule.minimum),
                            allow_blank=True)
    dv.showErrorMessage, dv.errorStyle = True, "stop"
    dv.errorTitle, dv.error = VALIDATION_TITLE, rule.message
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)


def _cache_values(xml: bytes, values: dict[str, float | int]) -> bytes:
    """Put `<v>value</v>` into each formula cell named in `values` (openpyxl leaves it empty)."""
    text = xml.decode("utf-8")
    for coordinate, value in values.items():
        pattern = re.compile(rf'(<c r="{coordinate}"(?: [^>]*)?>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?')
        text, count = pattern.subn(lambda m: f"{m.group(1)}<v>{value}</v>", text, count=1)
        if count != 1:
            raise ValueError(f"formula cell {coordinate} not found")
    return text.encode("utf-8")
