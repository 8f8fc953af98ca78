"""Reads one sheet of a workbook as a table: finds the header row, matches columns, yields typed rows."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .model import Source, Vocabulary
from .problems import Problems, quoted_list, suggestion
from .recalc import recalculated_copy

YEAR = re.compile(r"^(19|20)\d\d$")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"


def norm(value: object) -> str:
    """Header and vocabulary matching ignores case and surrounding (also non-breaking) spaces."""
    return " ".join(str(value).split()).casefold()


@dataclass(frozen=True)
class Table:
    """A sheet's data rows, keyed by the canonical column names."""

    rows: tuple[Row, ...]
    years: tuple[int, ...]
    source: Source


@dataclass(frozen=True)
class Row:
    values: dict[str, object]
    source: Source

    def get(self, column: str) -> object:
        return self.values.get(column)


class Workbook:
    """An opened .xlsx with cached formula values; problems go to the shared collector."""

    def __init__(self, path: Path, rel: str, problems: Problems):
        self.rel = rel
        self.problems = problems
        self.book, self.unresolved = _load(path, rel, problems)

    def sheet(self, name: str):
        if self.book is None:
            return None
        by_norm = {norm(s): s for s in self.book.sheetnames}
        if norm(name) not in by_norm:
            self.problems.error(self.rel, f"werkblad '{name}' ontbreekt{suggestion(name, self.book.sheetnames)}")
            return None
        return self.book[by_norm[norm(name)]]

    def table(self, sheet: str, required: Sequence[str], optional: Sequence[str] = (),
              years: bool = False) -> Table | None:
        ws = self.sheet(sheet)
        if ws is None:
            return None
        return _read_table(ws, self.rel, list(required), list(optional), years, self.problems,
                           self.unresolved)


DAMAGED = "kan het bestand niet lezen: het is beschadigd of geen Excel-werkmap; open het in Excel of " \
          "LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)"


def _load(path: Path, rel: str, problems: Problems):
    """The workbook with cached values, and the formula cells that have no value (already reported)."""
    if not path.is_file():
        problems.error(rel, "bestand ontbreekt")
        return None, frozenset()
    head = path.read_bytes()[:8]
    if head.startswith(OLE_SIGNATURE):
        problems.error(rel, "kan het bestand niet lezen: het is met een wachtwoord beveiligd of een oud "
                            "Excel-bestand (.xls); sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")
        return None, frozenset()
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):  # a zip archive cut short: a damaged workbook, not a text file
            problems.error(rel, DAMAGED)
        else:
            kind = "leeg" if not head else "geen Excel-werkmap (misschien CSV of tekst)"
            problems.error(rel, f"kan het bestand niet lezen: het is {kind}; sla het op als Excel-werkmap (.xlsx)")
        return None, frozenset()
    try:
        book = openpyxl.load_workbook(path, data_only=True)
        unresolved = _fill_missing_cached_values(book, path, rel, problems) if _has_formulas(path) \
            else frozenset()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        problems.error(rel, DAMAGED)
        return None, frozenset()
    return book, unresolved


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return any(b"<f>" in z.read(n) or b"<f " in z.read(n)
                   for n in z.namelist() if n.startswith("xl/worksheets/"))


def _fill_missing_cached_values(book, path: Path, rel: str, problems: Problems) -> frozenset:
    """A formula without a cached value is recalculated (on a copy) where possible, else reported;
    returns the (sheet, cell) pairs still without a value, which must not be read as empty (0)."""
    formulas = openpyxl.load_workbook(path, data_only=False)
    missing = [(ws.title, cell.coordinate) for ws in formulas.worksheets for row in ws.iter_rows()
               for cell in row if cell.data_type == "f" and book[ws.title][cell.coordinate].value is None]
    if not missing:
        return frozenset()
    fresh = recalculated_copy(path)
    unresolved = set()
    for title, coordinate in missing:
        value = fresh[title][coordinate].value if fresh is not None else None
        if value is None:
            problems.error(f"{rel}!{title}!{coordinate}",
                           "formule zonder opgeslagen uitkomst; open het bestand in Excel of LibreOffice "
                           "en sla het opnieuw op")
            unresolved.add((title, coordinate))
        book[title][coordinate].value = value
    return frozenset(unresolved)


def _read_table(ws, rel: str, required: list[str], optional: list[str], years: bool,
                problems: Problems, unresolved: frozenset = frozenset()) -> Table | None:
    sheet_source = Source(rel, ws.title)
    if ws.sheet_state != "visible":
        problems.warn(sheet_source, "werkblad is verborgen, maar wordt wel gelezen")
    header_row = _find_header(ws, required, sheet_source, problems)
    if header_row is None:
        return None
    columns, year_list = _match_columns(ws, header_row, required + optional, years, rel, problems)
    letters = tuple((name, get_column_letter(idx)) for name, idx in columns.items())
    first_letter = min((idx for idx in columns.values()), default=1)
    rows = []
    for cells in ws.iter_rows(min_row=header_row + 1):
        row = _read_row(cells, columns, rel, ws, problems, unresolved)
        if row is None:
            continue
        number = cells[0].row
        source = Source(rel, ws.title, f"{get_column_letter(first_letter)}{number}", columns=letters)
        if ws.row_dimensions[number].hidden:
            problems.warn(source, "rij is verborgen, maar wordt wel gelezen")
        rows.append(Row(row, source))
    return Table(tuple(rows), tuple(year_list), sheet_source)


def _find_header(ws, required: list[str], sheet_source: Source, problems: Problems) -> int | None:
    """The first row that holds every required column name."""
    wanted = {norm(r) for r in required}
    best, best_names = 0, []
    for cells in ws.iter_rows():
        labels = [str(c.value).strip() for c in cells if c.value is not None and str(c.value).strip()]
        found = len(wanted & {norm(v) for v in labels})
        if found == len(wanted):
            return cells[0].row
        if found > best:
            best, best_names = found, labels
    if best == 0:
        problems.error(sheet_source, f"geen kopregel gevonden met de kolommen {quoted_list(required)}")
        return None
    present = {norm(n) for n in best_names}
    for name in required:
        if norm(name) not in present:
            problems.error(sheet_source, f"kolom '{name}' ontbreekt{suggestion(name, best_names)}")
    return None


def _match_columns(ws, header_row: int, known: list[str], years: bool, rel: str,
                   problems: Problems) -> tuple[dict[str, int], list[int]]:
    by_norm = {norm(k): k for k in known}
    columns: dict[str, int] = {}
    year_list: list[int] = []
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= header_row <= merged.max_row:
            problems.error(Source(rel, ws.title, str(merged.coord).split(":")[0]),
                           f"samengevoegde cellen in de kopregel ({merged.coord}); geef elke kolom een eigen kop")
    for cell in ws[header_row]:
        if cell.value is None or not str(cell.value).strip():
            continue
        where = Source(rel, ws.title, cell.coordinate)
        label = str(cell.value).strip()
        name = by_norm.get(norm(label))
        if name is None and years and YEAR.match(label.split(".")[0]):
            name = str(int(float(label)))
        if name is None:
            problems.warn(where, f"onbekende kolom '{label}' wordt genegeerd{suggestion(label, known)}")
        elif name in columns:
            first = get_column_letter(columns[name])
            problems.error(where, f"kolom '{name}' staat twee keer in de kopregel (ook in {first}{header_row})")
        else:
            columns[name] = cell.column
            if YEAR.match(name) and name not in by_norm.values():
                year_list.append(int(name))
    return columns, year_list


def _read_row(cells: tuple, columns: dict[str, int], rel: str, ws, problems: Problems,
              unresolved: frozenset = frozenset()) -> dict | None:
    values: dict[str, object] = {}
    for name, idx in columns.items():
        cell = cells[idx - 1] if idx - 1 < len(cells) else None
        if cell is not None and (ws.title, cell.coordinate) in unresolved:
            values[name] = _ErrorValue("")  # a formula without a value: reported, never read as 0
            continue
        if cell is None or cell.value is None:
            continue
        value = cell.value
        if cell.data_type == "e":
            problems.error(Source(rel, ws.title, cell.coordinate),
                           f"foutwaarde {value} in de cel; herstel de formule of de verwijzing")
            value = _ErrorValue(str(value))
        elif isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        values[name] = value
    return values or None


class _ErrorValue(str):
    """An Excel error (#REF!): already reported, read as empty by the typed accessors."""


def cell_text(value: object) -> str | None:
    """A cell's text as typed: numbers without a trailing .0, dates as ISO."""
    if value is None or isinstance(value, _ErrorValue):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip() or None


class Cells:
    """Typed accessors for one row; every wrong value becomes a problem at its cell."""

    def __init__(self, row: Row, problems: Problems):
        self.row = row
        self.problems = problems

    def _at(self, column: str) -> Source:
        return self.row.source.at(column)

    def text(self, column: str, required: bool = True) -> str | None:
        value = cell_text(self.row.get(column))
        if value is None and required and not isinstance(self.row.get(column), _ErrorValue):
            self.problems.error(self._at(column), f"'{column}' is leeg; dit veld is verplicht")
        return value

    def choice(self, column: str, vocabulary: type[Vocabulary], required: bool = True):
        value = self.text(column, required)
        if value is None:
            return None
        for member in vocabulary:
            if member.value and norm(member.value) == norm(value):
                return member
        self.problems.error(self._at(column), f"onbekende waarde '{value}' voor '{column}'; kies uit "
                            f"{quoted_list(vocabulary.choices())}{suggestion(value, vocabulary.choices())}")
        return None

    def yes_no(self, column: str) -> bool | None:
        from .model import YesNo
        member = self.choice(column, YesNo)
        return None if member is None else member is YesNo.YES

    def whole(self, column: str, minimum: int = 1) -> int | None:
        value = self.row.get(column)
        if value is None or isinstance(value, _ErrorValue):
            if value is None:
                self.problems.error(self._at(column), f"'{column}' is leeg; dit veld is verplicht")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
            self.problems.error(self._at(column), f"'{cell_text(value)}' is geen geheel getal")
            return None
        if int(value) < minimum:
            self.problems.error(self._at(column), f"{int(value)} is te klein; minimaal {minimum}")
            return None
        return int(value)

    def amount(self, column: str) -> Decimal | None:
        value = self.row.get(column)
        if value is None:
            return Decimal(0)
        if isinstance(value, _ErrorValue):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problems.error(self._at(column), f"'{cell_text(value)}' is geen bedrag; typ een getal "
                                "(euro's, zonder tekst)")
            return None
        try:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.problems.error(self._at(column), f"'{value}' is geen bedrag")
            return None
        if amount < 0:
            self.problems.error(self._at(column), f"bedrag {cell_text(value)} is negatief; bedragen zijn 0 of meer")
            return None
        return amount.normalize() if amount == amount.to_integral() else amount


def rows(table: Table | None) -> Iterator[Row]:
    return iter(table.rows if table is not None else ())
