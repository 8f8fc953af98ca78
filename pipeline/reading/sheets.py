"""Reads one sheet of a workbook as a table: finds the header row, matches columns, yields the rows."""
from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from pipeline.base import dutch
from pipeline.base.problems import Problems, quoted_list, replace_invisible, suggestion
from pipeline.model.plan import Source

YEAR = re.compile(r"^(19|20)\d\d$")
EXCEL_CELL_CHARACTERS = 32_767  # the most Excel itself holds in one cell
# Excel writes characters XML cannot hold as `_xHHHH_` (ECMA-376 ST_Xstring); openpyxl leaves them
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


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


def stored_cells(ws) -> list:
    """The cells the file holds, in row and column order; never a cell the file does not hold: a sheet
    with one formatted cell at XFD1048576 is not walked cell by cell (openpyxl's iter_rows would)."""
    return [ws._cells[key] for key in sorted(ws._cells)]  # noqa: SLF001 (openpyxl < 4 keeps them here)


def _grid(ws) -> dict[int, dict[int, object]]:
    """The stored cells by row number, then column number, both in order."""
    grid: dict[int, dict[int, object]] = {}
    for cell in stored_cells(ws):
        grid.setdefault(cell.row, {})[cell.column] = cell
    return grid


def read_table(ws, rel: str, required: list[str], optional: list[str], years: bool,
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
            values[name] = SKIPPED
            continue
        cell = cells.get(idx)
        if cell is None or cell.value is None:
            continue
        value = cell.value
        if cell.data_type == "e":
            problems.error(Source(rel, ws.title, coordinate),
                           f"foutwaarde {value} in de cel; herstel de formule of de verwijzing")
            value = ErrorValue(str(value))
        elif isinstance(value, str) and len(value) > EXCEL_CELL_CHARACTERS:
            problems.error(Source(rel, ws.title, coordinate),
                           f"de cel bevat {dutch.number(len(value))} tekens, meer dan de 32.767 die Excel in één cel "
                           "toelaat; het bestand is niet met Excel gemaakt of beschadigd: kort de tekst in")
            value = ErrorValue("")
        elif isinstance(value, str):
            value = _cell_string(value, Source(rel, ws.title, coordinate), problems)
            if not value:
                continue
        values[name] = value
    if all(v is SKIPPED for v in values.values()):
        return None
    return values


class ErrorValue(str):
    """An Excel error (#REF!): already reported, read as empty by the typed accessors."""


SKIPPED = ErrorValue("")  # a cell that has no value to read, reported already


