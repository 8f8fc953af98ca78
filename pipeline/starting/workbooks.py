"""The input workbooks as tables, from their one definition (model/schema.py): for a blank set and the sample.

Every column gets the format and the check of its kind (text stays text, an amount refuses text, a
closed vocabulary is a dropdown of exactly what the readers accept), and each workbook a `Toelichting`
sheet that explains its columns in Dutch; the readers pass that sheet by.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pipeline.documents.spreadsheet import Book, TableColumn, Validation
from pipeline.model.schema import ColumnKind, Column, Sheet, Workbook

AMOUNT_FORMAT = "[$€-413] #,##0.00"  # € 1.234,50: as the documents show an amount with cents
DATE_FORMAT = "d-m-yyyy"
TEXT_FORMAT = "@"  # what is typed stays text: Excel makes no date of a Sessie '1-3'
WHOLE_FORMAT = "0"
CREATOR = "Plan A"
# empty rows above the Totaal row of a blank sheet that has one: an adviser fills them, or inserts more
ROOM = {"Lasten": 20, "Dekking": 8, "Locaties": 15}


def table_columns(sheet: Sheet, years: Sequence[int], lists: Mapping[str, Sequence[str]] | None = None
                  ) -> list[TableColumn]:
    """The sheet's columns as written, the year column once per year; `lists` gives an open column
    (an organisation, a chapter id) a dropdown of the values a case knows."""
    lists = lists or {}
    found = []
    for column in sheet.columns:
        names = [str(y) for y in years] if column.kind is ColumnKind.YEARS else [column.name]
        for name in names:
            validation = _validation(column, name, lists.get(column.name))
            found.append(TableColumn(name, column.width, column.wrap, _format(column), validation))
    return found


def _format(column: Column) -> str | None:
    return {ColumnKind.TEXT: TEXT_FORMAT, ColumnKind.NUMBER: WHOLE_FORMAT, ColumnKind.AMOUNT: AMOUNT_FORMAT,
            ColumnKind.YEARS: AMOUNT_FORMAT, ColumnKind.DATE: DATE_FORMAT}.get(column.kind)


def _validation(column: Column, name: str, listed: Sequence[str] | None) -> Validation | None:
    choices = tuple(listed) if listed is not None else tuple(column.choices)
    if choices:
        return Validation("list", f"Kies voor '{name}' een waarde uit de lijst.", choices)
    if column.kind is ColumnKind.NUMBER:
        return Validation("whole", f"Typ bij '{name}' een geheel getal van 1 of meer, zonder tekst.", minimum=1)
    if column.kind in (ColumnKind.AMOUNT, ColumnKind.YEARS):
        return Validation("decimal", f"Typ bij '{name}' een bedrag in euro's: een getal van 0 of meer, zonder "
                                     "tekst of euroteken.", minimum=0)
    if column.kind is ColumnKind.DATE:
        return Validation("date", f"Typ bij '{name}' een datum, zoals 14-3-2027.")
    return None


def explained(sheet: Sheet, years: Sequence[int]) -> list[tuple[str, str, str, str]]:
    """The Toelichting's rows for a sheet: column, needed, kind, meaning."""
    rows = []
    for column in sheet.columns:
        name = ", ".join(map(str, years)) if column.kind is ColumnKind.YEARS and years else column.name
        kind = column.kind.value
        if column.choices:
            kind = "keuze: " + ", ".join(column.choices)
        rows.append((name, column.need, kind, column.explanation))
    return rows


NOTES_HEADER = ("Kolom", "Verplicht", "Soort", "Betekenis")
NOTES_WIDTHS = (26, 22, 30, 80)


def add_notes(book: Book, workbook: Workbook, heading: str, years: Sequence[int],
              before: Sequence[str] = ()) -> None:
    """The Toelichting sheet: `before` (a note of the case), what the workbook is for, every column."""
    names = " en ".join(f"'{s.name}'" for s in workbook.sheets)
    reads = (f"Plan A leest {'het werkblad' if len(workbook.sheets) == 1 else 'de werkbladen'} {names}; de "
             "kopregel is de eerste rij met de verplichte kolommen (een titel erboven mag). Dit werkblad "
             "Toelichting slaat Plan A over. 'Verplicht' zegt of een kolom op elke rij gevuld moet zijn; een "
             "keuzelijst bevat precies de waarden die Plan A kent.")
    alike = all(s.columns == workbook.sheets[0].columns for s in workbook.sheets)
    sheets = workbook.sheets[:1] if alike else workbook.sheets
    rows = [(f"{sheet.name}: {name}" if len(sheets) > 1 else name, need, kind, meaning)
            for sheet in sheets for name, need, kind, meaning in explained(sheet, years)]
    book.notes(heading, [*before, *workbook.about, reads], NOTES_HEADER, rows, NOTES_WIDTHS)


def add_table(book: Book, sheet: Sheet, rows: Iterable[Sequence], years: Sequence[int], *,
              lists: Mapping[str, Sequence[str]] | None = None, title: str | None = None,
              blank_after_title: bool = False, room: int = 0, total: bool = False, landscape: bool = True):
    """One sheet of the workbook, with a Totaal row below when `total` (for the columns the schema sums)."""
    columns = table_columns(sheet, years, lists)
    ws, header, last = book.table(sheet.name, columns, rows, title=title, blank_after_title=blank_after_title,
                                  room=room, landscape=landscape)
    if total:
        sums = [c.name for c, s in zip(columns, _sources(sheet, years)) if s.total]
        book.total_row(ws, columns, header, last, sums)
    return ws, header, last


def _sources(sheet: Sheet, years: Sequence[int]) -> list[Column]:
    """The schema column of each written column (a year column once per year)."""
    return [c for c in sheet.columns for _ in (years if c.kind is ColumnKind.YEARS else [None])]


def blank_workbook(workbook: Workbook, path: Path, years: Sequence[int], stamp: dt.datetime,
                   **names: object) -> None:
    """A workbook with its sheets' header rows only (and a Totaal row where the schema sums a column)."""
    title = workbook.title.format(**names)
    book = Book(title, "Plan A: invoer", CREATOR, stamp)
    add_notes(book, workbook, title, years)
    for sheet in workbook.sheets:
        total = any(c.total for c in sheet.columns)
        add_table(book, sheet, (), years, room=ROOM.get(sheet.name, 0) if total else 0, total=total)
    book.activate(workbook.sheets[0].name)
    book.save(path)
