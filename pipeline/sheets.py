"""Reads one sheet of a workbook as a table: finds the header row, matches columns, yields typed rows."""
from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from .model import Source, Vocabulary
from .problems import Problems, quoted_list, replace_invisible, suggestion, unreadable
from .recalc import recalculated_copy

YEAR = re.compile(r"^(19|20)\d\d$")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
# stream names in an OLE container (UTF-16 in its directory): an encrypted .xlsx, or a BIFF .xls
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
# Excel writes characters XML cannot hold as `_xHHHH_` (ECMA-376 ST_Xstring); openpyxl leaves them
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# a number typed as text: 400000, -12, 1.5, 400.000, 1,234,567.50
NUMERIC_TEXT = re.compile(r"^[-+]?(\d+|\d{1,3}([.,\u00a0\u202f ]\d{3})+)([.,]\d+)?$")


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
        sheet = self.book[by_norm[norm(name)]]
        if not hasattr(sheet, "_cells"):  # a chart sheet holds a chart, no cells
            self.problems.error(f"{self.rel}!{sheet.title}", "dit is een grafiekblad, geen werkblad met een "
                                f"tabel; zet de gegevens op een gewoon werkblad met de naam '{name}'")
            return None
        return sheet

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
    if path.is_dir():
        problems.error(rel, "dit is een map, geen Excel-werkmap")
        return None, frozenset()
    if not path.is_file():
        problems.error(rel, unreadable(FileNotFoundError()) if path.is_symlink() else "bestand ontbreekt")
        return None, frozenset()
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(rel, unreadable(exc))
        return None, frozenset()
    kind = _foreign_kind(path, data)
    if kind is not None:
        problems.error(rel, kind)
        return None, frozenset()
    try:  # a file openpyxl cannot parse is the file's fault, whatever openpyxl raises for it
        book = _open(path, data_only=True)
        formulas = _open(path, data_only=False) if _has_formulas(path) else None
    except Exception:  # noqa: BLE001
        problems.error(rel, DAMAGED)
        return None, frozenset()
    unresolved = _fill_missing_cached_values(book, formulas, path, rel, problems) if formulas else frozenset()
    return book, unresolved


def _foreign_kind(path: Path, data: bytes) -> str | None:
    """Why a file is no workbook that can be read (a message), or None when it looks like one."""
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            return ("kan het bestand niet lezen: het is met een wachtwoord beveiligd; open het in Excel, haal "
                    "het wachtwoord weg (Bestand > Info > Werkmap beveiligen) en sla het opnieuw op")
        if any(name in data for name in XLS_STREAMS):
            return ("kan het bestand niet lezen: het is een oud Excel-bestand (.xls) met de naam .xlsx; open "
                    "het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)")
        return ("kan het bestand niet lezen: het is met een wachtwoord beveiligd of een oud Excel-bestand "
                "(.xls); sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")
    if not zipfile.is_zipfile(path):
        if data.startswith(b"PK"):  # a zip archive cut short: a damaged workbook, not a text file
            return DAMAGED
        kind = "leeg" if not data else "geen Excel-werkmap (misschien CSV of tekst)"
        return f"kan het bestand niet lezen: het is {kind}; sla het op als Excel-werkmap (.xlsx)"
    try:
        with zipfile.ZipFile(path) as z:
            workbook = z.read("xl/workbook.xml") if "xl/workbook.xml" in z.namelist() else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return DAMAGED
    if STRICT_NAMESPACE in workbook:
        return ("kan het bestand niet lezen: het is opgeslagen als 'Strict Open XML-werkmap'; sla het op als "
                "gewone Excel-werkmap (.xlsx)")
    return None


def _open(path: Path, data_only: bool):
    with warnings.catch_warnings():  # openpyxl warns about Excel features it drops; they are not ours
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:  # raises on a damaged archive; the caller reports that
        return any(b"<f>" in z.read(n) or b"<f " in z.read(n)
                   for n in z.namelist() if n.startswith("xl/worksheets/"))


def _fill_missing_cached_values(book, formulas, path: Path, rel: str, problems: Problems) -> frozenset:
    """A formula without a cached value is recalculated (on a copy) where possible, else reported;
    returns the (sheet, cell) pairs still without a value, which must not be read as empty (0)."""
    missing = [(ws.title, cell.coordinate) for ws in formulas.worksheets for cell in _stored_cells(ws)
               if cell.data_type == "f" and book[ws.title][cell.coordinate].value is None]
    if not missing:
        return frozenset()
    fresh = recalculated_copy(path)
    unresolved = set()
    for title, coordinate in missing:
        value = _fresh_value(fresh, title, coordinate)
        if value is None:
            problems.error(f"{rel}!{title}!{coordinate}",
                           "formule zonder opgeslagen uitkomst; open het bestand in Excel of LibreOffice "
                           "en sla het opnieuw op")
            unresolved.add((title, coordinate))
        book[title][coordinate].value = value
    return frozenset(unresolved)


def _fresh_value(fresh, title: str, coordinate: str) -> object:
    if fresh is None or title not in fresh.sheetnames or not hasattr(fresh[title], "_cells"):
        return None
    return fresh[title][coordinate].value


def _stored_cells(ws) -> list:
    """The cells the file holds, in row and column order; never a cell the file does not hold: a sheet
    with one formatted cell at XFD1048576 is not walked cell by cell (openpyxl's iter_rows would)."""
    return [ws._cells[key] for key in sorted(ws._cells)]  # noqa: SLF001 (openpyxl < 4 keeps them here)


def _grid(ws) -> dict[int, dict[int, object]]:
    """The stored cells by row number, then column number, both in order."""
    grid: dict[int, dict[int, object]] = {}
    for cell in _stored_cells(ws):
        grid.setdefault(cell.row, {})[cell.column] = cell
    return grid


def _read_table(ws, rel: str, required: list[str], optional: list[str], years: bool,
                problems: Problems, unresolved: frozenset = frozenset()) -> Table | None:
    sheet_source = Source(rel, ws.title)
    if ws.sheet_state != "visible":
        problems.warn(sheet_source, "werkblad is verborgen, maar wordt wel gelezen")
    grid = _grid(ws)
    header_row, nearest = _find_header(grid, required, sheet_source, problems)
    if header_row is None:
        if nearest is not None:  # a merge may be why a column is missing
            _merged_header(ws, nearest, rel, problems)
        return None
    columns, year_list = _match_columns(ws, grid[header_row], header_row, required + optional, years, rel,
                                        problems)
    letters = tuple((name, get_column_letter(idx)) for name, idx in columns.items())
    first_letter = min((idx for idx in columns.values()), default=1)
    skipped = unresolved | _merged_data_cells(ws, header_row, columns, rel, problems)
    rows = []
    for number, cells in grid.items():
        if number <= header_row:
            continue
        row = _read_row(number, cells, columns, rel, ws, problems, skipped)
        if row is None:
            continue
        source = Source(rel, ws.title, f"{get_column_letter(first_letter)}{number}", columns=letters)
        if ws.row_dimensions[number].hidden:
            problems.warn(source, "rij is verborgen, maar wordt wel gelezen")
        rows.append(Row(row, source))
    return Table(tuple(rows), tuple(year_list), sheet_source)


def _label(value: object) -> str:
    """A header cell's text, as typed."""
    return _unescaped(str(value)).strip()


def _find_header(grid: dict[int, dict[int, object]], required: list[str], sheet_source: Source,
                 problems: Problems) -> tuple[int | None, int | None]:
    """The first row that holds every required column name; else (reported) None and the row that
    holds most of them, if any."""
    wanted = {norm(r) for r in required}
    best, best_row, best_names = 0, None, []
    for number, cells in grid.items():
        labels = [_label(c.value) for c in cells.values() if c.value is not None and _label(c.value)]
        found = len(wanted & {norm(v) for v in labels})
        if found == len(wanted):
            return number, number
        if found > best:
            best, best_row, best_names = found, number, labels
    if best == 0:
        problems.error(sheet_source, f"geen kopregel gevonden met de kolommen {quoted_list(required)}")
        return None, None
    present = {norm(n) for n in best_names}
    for name in required:
        if norm(name) not in present:
            problems.error(sheet_source, f"kolom '{name}' ontbreekt{suggestion(name, best_names)}")
    return None, best_row


def _match_columns(ws, header: dict[int, object], header_row: int, known: list[str], years: bool, rel: str,
                   problems: Problems) -> tuple[dict[str, int], list[int]]:
    by_norm = {norm(k): k for k in known}
    columns: dict[str, int] = {}
    year_list: list[int] = []
    _merged_header(ws, header_row, rel, problems)
    for cell in header.values():
        if cell.value is None or not _label(cell.value):
            continue
        where = Source(rel, ws.title, cell.coordinate)
        label = _label(cell.value)
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


def _merged_header(ws, header_row: int, rel: str, problems: Problems) -> None:
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.min_row <= header_row <= merged.max_row:
            problems.error(Source(rel, ws.title, str(merged.coord).split(":")[0]),
                           f"samengevoegde cellen in de kopregel ({merged.coord}); geef elke kolom een eigen kop")


def _merged_data_cells(ws, header_row: int, columns: dict[str, int], rel: str,
                       problems: Problems) -> frozenset:
    """Merged cells below the header, in the columns read: a problem at each range (each row must hold
    its own values); the covered cells, which look empty, are not reported once more as empty."""
    used = set(columns.values())
    covered = set()
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        cells = [(row, col) for row in range(max(merged.min_row, header_row + 1), merged.max_row + 1)
                 for col in range(merged.min_col, merged.max_col + 1) if col in used]
        if not cells:
            continue
        if merged.min_row > header_row:
            problems.error(Source(rel, ws.title, str(merged.coord).split(":")[0]),
                           f"samengevoegde cellen ({merged.coord}); maak de samenvoeging ongedaan en vul "
                           "elke cel zelf in: elke rij wordt apart gelezen")
        covered |= {(ws.title, f"{get_column_letter(col)}{row}") for row, col in cells
                    if (row, col) != (merged.min_row, merged.min_col)}
    return frozenset(covered)


def _unescaped(text: str) -> str:
    """`_x000B_` as the character it stands for (not surrogates, which stand for nothing alone)."""
    if "_x" not in text:
        return text

    def char(match: re.Match) -> str:
        code = int(match.group(1), 16)
        return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)

    return ESCAPED.sub(char, text)


def _cell_string(text: str, where: Source, problems: Problems) -> str:
    """A text cell as typed: Excel's escapes read, line ends as newlines, characters XML cannot carry
    replaced visibly (with a warning at the cell), surrounding spaces removed."""
    text = _unescaped(text).replace("\r\n", "\n").replace("\r", "\n")
    return replace_invisible(text, where, problems).strip()


def _read_row(number: int, cells: dict[int, object], columns: dict[str, int], rel: str, ws,
              problems: Problems, skipped: frozenset = frozenset()) -> dict | None:
    """The row's values by column name; None for an empty row. Cells in `skipped` (a formula without
    a value, a merged cell: reported already) are read as an error value, never as empty or 0."""
    values: dict[str, object] = {}
    for name, idx in columns.items():
        coordinate = f"{get_column_letter(idx)}{number}"
        if (ws.title, coordinate) in skipped:
            values[name] = _SKIPPED
            continue
        cell = cells.get(idx)
        if cell is None or cell.value is None:
            continue
        value = cell.value
        if cell.data_type == "e":
            problems.error(Source(rel, ws.title, coordinate),
                           f"foutwaarde {value} in de cel; herstel de formule of de verwijzing")
            value = _ErrorValue(str(value))
        elif isinstance(value, str):
            value = _cell_string(value, Source(rel, ws.title, coordinate), problems)
            if not value:
                continue
        values[name] = value
    if all(v is _SKIPPED for v in values.values()):
        return None
    return values


class _ErrorValue(str):
    """An Excel error (#REF!): already reported, read as empty by the typed accessors."""


_SKIPPED = _ErrorValue("")  # a cell that has no value to read, reported already


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


def _excel_date(value: dt.date | dt.time) -> str:
    """A date or time as Dutch Excel shows it: 1-3-2021, 10:30, 1-3-2021 10:30."""
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    day = f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return f"{day} {value.hour}:{value.minute:02d}"
    return day


def _is_date(value: object) -> bool:
    return isinstance(value, (dt.date, dt.time))


def _not_a_number(value: object, what: str, otherwise: str) -> str:
    """Why `value` is no number, in the words an adviser sees in Excel."""
    if isinstance(value, bool):
        return f"de cel bevat de ja/nee-waarde {'WAAR' if value else 'ONWAAR'}, geen {what}; typ een getal"
    if _is_date(value):
        kind = "tijd" if isinstance(value, dt.time) else "datum"
        return f"de cel bevat een {kind} ({_excel_date(value)}), geen {what}; maak de cel op als Getal"
    if isinstance(value, str) and NUMERIC_TEXT.match(value):
        return (f"'{value}' staat als tekst in de cel, niet als getal; maak er een getal van (in Excel: het "
                "waarschuwingsteken naast de cel > Converteren naar getal)")
    return otherwise


class Cells:
    """Typed accessors for one row; every wrong value becomes a problem at its cell."""

    def __init__(self, row: Row, problems: Problems):
        self.row = row
        self.problems = problems

    def _at(self, column: str) -> Source:
        return self.row.source.at(column)

    def text(self, column: str, required: bool = True) -> str | None:
        raw = self.row.get(column)
        if _is_date(raw):  # Excel made a date of what was typed (1-3); what was typed is lost
            kind = "tijd" if isinstance(raw, dt.time) else "datum"
            example = "10:30" if kind == "tijd" else "1-3"
            self.problems.error(self._at(column), f"de cel bevat een {kind} ({_excel_date(raw)}), geen tekst; "
                                f"typ er een apostrof vóór (zoals '{example}) of maak de cel op als Tekst")
            return None
        value = cell_text(raw)
        if value is None and required and not isinstance(raw, _ErrorValue):
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
            self.problems.error(self._at(column), _not_a_number(value, "geheel getal",
                                                                f"'{cell_text(value)}' is geen geheel getal"))
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
            self.problems.error(self._at(column), _not_a_number(
                value, "bedrag", f"'{cell_text(value)}' is geen bedrag; typ een getal (euro's, zonder tekst)"))
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
