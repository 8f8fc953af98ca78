"""reacties.xlsx as the team sees it: made when missing, and new rows added below the ones there.

Like the other input workbooks: a `Toelichting` sheet, a bold frozen header, widths, dates shown as dates,
dropdowns for `Van`, `Onderdeel` and `Gevolg`. The lists of `Van` (organisations and participants) and
`Onderdeel` (chapter ids) are too long for a dropdown typed in place, so they live on the sheet
`Keuzelijsten`, which is made anew each time; the dropdowns Plan A made are renewed to reach the new rows.
Rows already there are never touched: the workbook is opened as it is and only cells below them are set.
"""
from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.documents.spreadsheet import (HEADER_BORDER, HEADER_FILL, HEADER_FONT, SPARE_ROWS, TITLE_FONT, TOP,
                                            VALIDATION_TITLE, WRAP)
from pipeline.documents.xlsx import TYPED_AS_FORMULA, as_typed, stable_xlsx
from pipeline.model.plan import GENERAL, Consequence
from pipeline.model.schema import REACTIONS, REACTIONS_BOOK
from pipeline.reading.reactions import COLUMNS, OPTIONAL, REQUIRED, SHEET
from pipeline.reading.sheets import norm
from pipeline.starting.workbooks import DATE_FORMAT

LISTS = "Keuzelijsten"
NOTES = "Toelichting"
WIDTHS = {c.name: c.width for c in REACTIONS.columns}
WRAPPED = tuple(c.name for c in REACTIONS.columns if c.wrap) + ("Bron",)  # Bron holds a file name and a kenmerk
OURS = "Plan A: kies uit de lijst"  # the error title that marks a dropdown as one Plan A renews
EXPLAINED = tuple((c.name, c.explanation) for c in REACTIONS.columns)


@dataclass(frozen=True)
class NewRow:
    id: str
    received: dt.date
    sender: str
    chapter: str
    passage: str
    text: str
    origin: str


@dataclass(frozen=True)
class Lists:
    """The values the dropdowns offer."""

    senders: tuple[str, ...]  # organisations and participants' names
    chapters: tuple[str, ...]  # chapter ids; 'algemeen' is added


def reactions_workbook(existing: bytes | None, rows: Sequence[NewRow], lists: Lists, title: str,
                       created: dt.datetime) -> bytes:
    """The workbook with `rows` added below the rows of `existing` (None: a new workbook)."""
    book = _opened(existing) if existing is not None else _new(title, created)
    sheet = next(ws for ws in book.worksheets if norm(ws.title) == norm(SHEET))
    header, columns = _header(sheet)
    last = max((c.row for c in sheet._cells.values() if c.value is not None), default=header)  # noqa: SLF001
    for n, row in enumerate(rows, last + 1):
        for name, value in zip(COLUMNS, (row.id, row.received, row.sender, row.chapter, row.passage, row.text,
                                         row.origin)):
            _set(sheet.cell(n, columns[name]), value, name)
    last += len(rows)
    _lists(book, lists)
    _dropdowns(sheet, columns, header, last, lists)
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(max(columns.values()))}{max(last, header + 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_xlsx(buffer.getvalue())


def _opened(data: bytes):
    with warnings.catch_warnings():  # openpyxl warns about Excel features it does not know; they stay the team's
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data))


def _new(title: str, created: dt.datetime):
    book = openpyxl.Workbook()
    book.remove(book.active)
    props = book.properties
    props.creator = props.lastModifiedBy = "Plan A"
    props.created = props.modified = created
    props.title, props.language = title, "nl-NL"
    _notes(book.create_sheet(NOTES))
    sheet = book.create_sheet(SHEET)
    for col, name in enumerate(COLUMNS, 1):
        _header_cell(sheet.cell(1, col, name))
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    book.active = book.sheetnames.index(SHEET)
    for ws in book.worksheets:
        ws.sheet_view.tabSelected = ws.title == SHEET
    return book


def _notes(ws) -> None:
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 100
    ws["A1"] = REACTIONS_BOOK.title
    ws["A1"].font = TITLE_FONT
    ws.cell(3, 1, "Eén rij per reactie. make reacties voegt de opmerkingen en wijzigingen uit de teruggestuurde "
                  "exemplaren (inputs/reacties/) toe; reacties per e-mail of brief typt u er zelf bij. Het "
                  "programmateam vult bij elke reactie Antwoord en Gevolg in.").alignment = WRAP
    ws.merge_cells("A3:B3")
    ws.row_dimensions[3].height = 45
    for col, label in enumerate(("Kolom", "Betekenis"), 1):
        _header_cell(ws.cell(5, col, label))
    for row, (name, meaning) in enumerate(EXPLAINED, 6):
        ws.cell(row, 1, name).alignment = TOP
        ws.cell(row, 2, meaning).alignment = WRAP


def _header_cell(cell) -> None:
    cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP


def _header(sheet) -> tuple[int, dict[str, int]]:
    """The header row and each known column's number; a known column that is missing is added at the end.
    (The intake has read the sheet with the reader before: the required columns are there.)"""
    wanted = {norm(name): name for name in COLUMNS}
    by_row: dict[int, list] = {}
    for cell in sorted(sheet._cells.values(), key=lambda c: (c.row, c.column)):  # noqa: SLF001 (stored cells)
        if cell.value is not None:
            by_row.setdefault(cell.row, []).append(cell)
    for number, row in by_row.items():
        found = {wanted[norm(c.value)]: c.column for c in row if isinstance(c.value, str) and norm(c.value) in wanted}
        if all(name in found for name in REQUIRED):
            free = max(c.column for c in row) + 1
            for name in (n for n in COLUMNS if n not in found and n in OPTIONAL):
                _header_cell(sheet.cell(number, free, name))
                sheet.column_dimensions[get_column_letter(free)].width = WIDTHS[name]
                found[name], free = free, free + 1
            return number, found
    raise ValueError("no header row")  # the reader reports this before a workbook is ever written


def _set(cell, value: object, column: str) -> None:
    value = as_typed(value)
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
        cell.alignment = TOP
        return
    cell.data_type = "s"  # a text that starts with `=` stays text, never a formula
    cell.alignment = copy(WRAP if column in WRAPPED else TOP)
    if value.startswith(TYPED_AS_FORMULA):
        cell.quotePrefix = True


def _lists(book, lists: Lists) -> None:
    """The sheet Keuzelijsten, made anew (at its old place, else at the end)."""
    at = book.sheetnames.index(LISTS) if LISTS in book.sheetnames else len(book.sheetnames)
    if LISTS in book.sheetnames:
        book.remove(book[LISTS])
    ws = book.create_sheet(LISTS, at)
    columns = (("Van", lists.senders), ("Onderdeel", (*lists.chapters, GENERAL)),
               ("Gevolg", tuple(Consequence.choices())))
    for col, (name, values) in enumerate(columns, 1):
        _header_cell(ws.cell(1, col, name))
        ws.column_dimensions[get_column_letter(col)].width = 32
        for row, value in enumerate(values, 2):
            ws.cell(row, col, as_typed(value)).data_type = "s"
    ws.sheet_properties.tabColor = "7F7F7F"


def _columns_of(dv) -> set[str]:
    return {"".join(ch for ch in str(cells).split(":")[0] if ch.isalpha()) for cells in dv.sqref.ranges}


def _dropdowns(sheet, columns: dict[str, int], header: int, last: int, lists: Lists) -> None:
    """The dropdowns of Van, Onderdeel and Gevolg, from the first data row to well below the last."""
    listed = {get_column_letter(columns[name]) for name in ("Van", "Onderdeel", "Gevolg")}
    for dv in list(sheet.data_validations.dataValidation):  # ours: renewed; a blank set's (make nieuw) too
        if dv.errorTitle == OURS or (dv.errorTitle == VALIDATION_TITLE and _columns_of(dv) & listed):
            sheet.data_validations.dataValidation.remove(dv)
    sizes = {"Van": len(lists.senders), "Onderdeel": len(lists.chapters) + 1, "Gevolg": len(Consequence.choices())}
    for list_column, name in enumerate(("Van", "Onderdeel", "Gevolg"), 1):
        if not sizes[name]:
            continue
        letter = get_column_letter(list_column)
        dv = DataValidation(type="list", formula1=f"{LISTS}!${letter}$2:${letter}${sizes[name] + 1}",
                            allow_blank=True)
        dv.showErrorMessage, dv.errorStyle = True, "stop"
        dv.errorTitle, dv.error = OURS, f"Kies voor '{name}' een waarde uit de lijst op het werkblad {LISTS}."
        target = get_column_letter(columns[name])
        dv.add(f"{target}{header + 1}:{target}{last + SPARE_ROWS}")
        sheet.add_data_validation(dv)
