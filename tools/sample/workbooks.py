"""Writing the sample workbooks with openpyxl: tables as an adviser makes them, and byte-stable files.

openpyxl stores a formula without a cached value, and the pipeline reads the values Excel or
LibreOffice cached. `Book.total_row` therefore records the value of each `Totaal` formula, and
`Book.save` writes it into the sheet XML (`<v>`), beside the formula. The zip is then rewritten
with fixed entry timestamps, so that two runs give identical bytes.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from . import CREATOR, STAMP

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7F7F7F"))
TITLE_FONT = Font(bold=True, size=13)
TOTAL_FONT = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="7F7F7F"))
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)
AMOUNT = "#,##0"
ZIP_TIME = (STAMP.year, STAMP.month, STAMP.day, STAMP.hour, STAMP.minute, STAMP.second)
SPARE_ROWS = 200  # validation also covers rows an adviser adds below the data


class Book:
    """A workbook being built, with the cached values of its formula cells."""

    def __init__(self, title: str, subject: str):
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        props = self.wb.properties
        props.creator = props.lastModifiedBy = CREATOR
        props.created = props.modified = STAMP
        props.title, props.subject, props.language = title, subject, "nl-NL"
        self.cached: dict[tuple[str, str], float | int] = {}

    def notes(self, heading: str, paragraphs: Sequence[str],
              columns: Sequence[tuple[str, str]] = ()) -> None:
        """The `Toelichting` sheet: what the workbook is for, that its data are invented, its columns."""
        ws = self.wb.create_sheet("Toelichting", 0)
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 95
        ws["A1"] = heading
        ws["A1"].font = TITLE_FONT
        row = 3
        for text in paragraphs:
            ws.cell(row, 1, text).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            ws.row_dimensions[row].height = 15 * (1 + len(text) // 110)
            row += 2
        if columns:
            for col, label in enumerate(("Kolom", "Betekenis"), 1):
                cell = ws.cell(row, col, label)
                cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            for name, meaning in columns:
                row += 1
                ws.cell(row, 1, name).alignment = TOP
                ws.cell(row, 2, meaning).alignment = WRAP
        ws.sheet_properties.tabColor = "7F7F7F"

    def table(self, name: str, columns: Sequence[str], rows: Iterable[Sequence], *,
              title: str | None = None, blank_after_title: bool = False,
              widths: dict[str, float] | None = None, wrap: Iterable[str] = (),
              lists: dict[str, Sequence[str]] | None = None, amounts: Iterable[str] = (),
              landscape: bool = True):
        """A data sheet: optional title row, bold frozen header, widths, wrapping, dropdown lists."""
        ws = self.wb.create_sheet(name)
        header = 1
        if title is not None:
            ws.cell(1, 1, title).font = TITLE_FONT
            header = 3 if blank_after_title else 2
        index = {c: i for i, c in enumerate(columns, 1)}
        for col, label in enumerate(columns, 1):
            cell = ws.cell(header, col, label)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            cell.alignment = WRAP
        wrap, amounts = set(wrap), set(amounts)
        last = header
        for values in rows:
            last += 1
            for label, value in zip(columns, values):
                if value is None:
                    continue
                cell = ws.cell(last, index[label], value)
                cell.alignment = WRAP if label in wrap else TOP
                if label in amounts:
                    cell.number_format = AMOUNT
        for label, width in (widths or {}).items():
            ws.column_dimensions[get_column_letter(index[label])].width = width
        ws.freeze_panes = ws.cell(header + 1, 1)
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{last}"
        ws.print_title_rows = f"{header}:{header}"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for label, choices in (lists or {}).items():
            self._dropdown(ws, get_column_letter(index[label]), header + 1, last + SPARE_ROWS, label, choices)
        return ws, header, last

    @staticmethod
    def _dropdown(ws, letter: str, first: int, last: int, label: str, choices: Sequence[str]) -> None:
        formula = '"' + ",".join(choices) + '"'
        assert len(formula) <= 257 and not any("," in c for c in choices), label
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
        dv.showErrorMessage, dv.errorStyle = True, "stop"
        dv.errorTitle, dv.error = "Ongeldige waarde", f"Kies voor '{label}' een waarde uit de lijst."
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)

    def total_row(self, ws, columns: Sequence[str], header: int, last: int, sums: Sequence[str]) -> int:
        """A `Totaal` row below the data with =SUM formulas; their values are cached on save."""
        row = last + 1
        index = {c: i for i, c in enumerate(columns, 1)}
        first_cell = ws.cell(row, 1, "Totaal")
        first_cell.font, first_cell.border = TOTAL_FONT, TOTAL_BORDER
        for label in columns[1:]:
            ws.cell(row, index[label]).border = TOTAL_BORDER
        for label in sums:
            letter = get_column_letter(index[label])
            cell = ws.cell(row, index[label], f"=SUM({letter}{header + 1}:{letter}{last})")
            cell.font, cell.number_format, cell.alignment = TOTAL_FONT, AMOUNT, TOP
            total = sum(ws.cell(r, index[label]).value or 0 for r in range(header + 1, last + 1))
            self.cached[(ws.title, cell.coordinate)] = total
        return row

    def activate(self, name: str) -> None:
        """Open the workbook on sheet `name`."""
        self.wb.active = self.wb.sheetnames.index(name)
        for ws in self.wb.worksheets:
            ws.sheet_view.tabSelected = ws.title == name

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(self.wb, archive).save()
        paths = {ws.title: ws.path.lstrip("/") for ws in self.wb.worksheets}
        patches: dict[str, dict[str, float | int]] = {}
        for (title, coordinate), value in self.cached.items():
            patches.setdefault(paths[title], {})[coordinate] = value
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in patches:
                    data = _cache_values(data, patches[info.filename])
                entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
                entry.compress_type, entry.create_system = zipfile.ZIP_DEFLATED, 0
                entry.external_attr = 0o644 << 16
                target.writestr(entry, data, compresslevel=9)


def _cache_values(xml: bytes, values: dict[str, float | int]) -> bytes:
    """Put `<v>value</v>` into each formula cell named in `values` (openpyxl leaves it empty)."""
    text = xml.decode("utf-8")
    for coordinate, value in values.items():
        pattern = re.compile(rf'(<c r="{coordinate}"(?: [^>]*)?>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?')
        text, count = pattern.subn(lambda m: f"{m.group(1)}<v>{value}</v>", text, count=1)
        assert count == 1, f"formulecel {coordinate} niet gevonden"
    return text.encode("utf-8")
