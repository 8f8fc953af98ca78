"""Reads begroting.xlsx: cost lines, funding lines (per year) and the shelter locations."""
from __future__ import annotations

import re
from pathlib import Path

from openpyxl.utils import column_index_from_string

from pipeline.base.dutch import cents, euros
from pipeline.base.problems import Problems
from pipeline.model.plan import Budget, CostLine, FundingLine, ShelterLocation, YearAmount, year_total
from pipeline.model.schema import BUDGET_BOOK, COSTS, FUNDING, LOCATIONS, Sheet
from pipeline.reading.cells import Cells, cell_text, note_empty, rows
from pipeline.reading.sheets import Row, Table, norm
from pipeline.reading.workbooks import Workbook

FILE = BUDGET_BOOK.file
# the adviser's own total rows: `Totaal`, `Totaal dekking`, `TOTAAL`, `Subtotaal huisvesting`, `Sub-totaal`
TOTAL_LABEL = re.compile(r"^(sub[\s-]*)?totaal")


def read_budget(inputs: Path, years: tuple[int, ...] | None,
                problems: Problems) -> tuple[Budget, frozenset[str]]:
    """Costs and funding over exactly the frame's `years` (any, when the frames are unreadable),
    and the sheets whose every row could be read (a sum over the others would mislead), which are not
    still to be filled in (an empty Dekking is a to-do, not funding of € 0)."""
    complete: set[str] = set()

    def counted(sheet: str, read):
        before = problems.blocking_count
        result = read()
        if problems.blocking_count == before:
            complete.add(sheet)
        return result

    book = Workbook(inputs / FILE, FILE, problems)
    if book.book is None:
        return Budget((), (), ()), frozenset()
    costs = counted(COSTS.name, lambda: _year_sheet(book, COSTS, years, _cost_line, problems))
    funding = counted(FUNDING.name, lambda: _year_sheet(book, FUNDING, years, _funding_line, problems))
    locations = counted(LOCATIONS.name, lambda: _locations(book.table(
        LOCATIONS.name, LOCATIONS.required, LOCATIONS.optional), problems))
    # a formula without a value was reported when the workbook was opened; its sheet is not complete
    unresolved = {norm(sheet) for sheet, _ in book.unresolved}
    complete = {sheet for sheet in complete if norm(sheet) not in unresolved}
    return Budget(costs, funding, locations), frozenset(complete)


def _year_sheet(book: Workbook, sheet: Sheet, years, make, problems) -> tuple:
    table = book.table(sheet.name, sheet.required, sheet.optional, years=True)
    if table is None:
        return ()
    name_column = sheet.required[0]
    # a blank sheet holds only its Totaal row
    note_empty(table, sheet, problems, [row for row in table.rows if total_label(row, name_column) is None])
    years = table.years if years is None else years
    if set(table.years) != set(years):
        found = ", ".join(map(str, sorted(table.years))) or "geen"
        problems.error(table.source, f"de jaarkolommen ({found}) moeten precies de jaren van kaders.budget "
                                     f"zijn ({', '.join(map(str, years))})")
        return ()
    lines, totals = _lines_and_totals(table, name_column, lambda row: make(Cells(row, problems), years))
    for row, label, counted in totals:
        _check_total(row, label, counted, years, problems)
    return lines


def _lines_and_totals(table: Table | None, name_column: str, make) -> tuple[tuple, list]:
    """The lines of a sheet (`make(row)`, None for a row that could not be read and is reported), and
    the adviser's own total rows, each with the lines it must add up to: a Totaal all of them, a
    Subtotaal those since the previous total row. With a line unread, no total is checked: its sum
    would be wrong."""
    lines, totals, since, broken = [], [], [], False
    for row in rows(table):
        label = total_label(row, name_column)
        if label is not None:
            totals.append((row, label, None if not _is_sub(label) else tuple(since)))
            since = []
            continue
        line = make(row)
        broken = broken or line is None
        if line is not None:
            lines.append(line)
            since.append(line)
    return tuple(lines), [] if broken else [(row, label, tuple(lines) if counted is None else counted)
                                           for row, label, counted in totals]


def total_label(row: Row, name_column: str) -> str | None:
    """The label of the adviser's own total row, or None for an ordinary row: its name cell (`Post`,
    `Bron`, `Locatie`) starts with `Totaal` or `Subtotaal`, in any case; or, with the name cell empty,
    its first cell does (a Toelichting in the first column that starts with "Totaal" makes no total)."""
    text = cell_text(row.get(name_column))
    if text is None:
        first = min(row.source.columns, key=lambda c: column_index_from_string(c[1]), default=(name_column,))[0]
        text = cell_text(row.get(first))
    if text is not None and TOTAL_LABEL.match(norm(text)):
        return " ".join(text.split()).rstrip(" :")
    return None


def _is_sub(label: str) -> bool:
    return norm(label).startswith("sub")


def _amounts(cells: Cells, years) -> tuple[YearAmount, ...] | None:
    amounts = [(year, cells.amount(str(year))) for year in years]
    if any(a is None for _, a in amounts):
        return None
    return tuple(YearAmount(year, a, cells.row.source.at(str(year))) for year, a in amounts)


def _cost_line(cells: Cells, years) -> CostLine | None:
    post, category = cells.text("Post"), cells.text("Categorie")
    chapter, explanation = cells.text("Onderdeel", False), cells.text("Toelichting", False)
    amounts = _amounts(cells, years)
    if post is None or category is None or amounts is None:
        return None
    return CostLine(post, category, chapter, amounts, explanation, cells.row.source)


def _funding_line(cells: Cells, years) -> FundingLine | None:
    name, explanation = cells.text("Bron"), cells.text("Toelichting", False)
    amounts = _amounts(cells, years)
    if name is None or amounts is None:
        return None
    return FundingLine(name, amounts, explanation, cells.row.source)


def _check_total(row: Row, label: str, lines, years, problems: Problems) -> None:
    """The adviser's own total must equal the pipeline's sum, both as Excel shows them (in cents):
    a formula's fractions of a cent are no difference."""
    cells = Cells(row, problems)
    counted = "de regels erboven (vanaf de vorige totaal- of subtotaalregel)" if _is_sub(label) else "de regels"
    for year in years:
        stated = cells.amount(str(year))
        if stated is None:
            continue
        own = year_total(lines, year)
        if cents(stated) != own:
            shown, summed, difference = euros(stated, own, cents(stated) - own)
            problems.error(row.source.at(str(year)), f"{label} {year} is {shown}, maar de som van {counted} is "
                                                     f"{summed} (verschil {difference})")


def _locations(table: Table | None, problems: Problems) -> tuple[ShelterLocation, ...]:
    locations, totals = _lines_and_totals(table, "Locatie", lambda row: _location(Cells(row, problems)))
    for row, label, counted in totals:
        _check_places_total(row, label, counted, problems)
    return locations


def _location(cells: Cells) -> ShelterLocation | None:
    values = (cells.text("Locatie"), cells.text("Stadsdeel"), cells.whole("Plaatsen", minimum=1),
              cells.text("Doelgroep", False), cells.whole("Max. verblijf (maanden)", minimum=1))
    if None in (values[0], values[1], values[2], values[4]):
        return None
    return ShelterLocation(*values, source=cells.row.source)


def _check_places_total(row: Row, label: str, locations, problems: Problems) -> None:
    """The same for the places of a Totaal or Subtotaal row in Locaties; an empty cell counts as 0."""
    stated = 0 if row.get("Plaatsen") is None else Cells(row, problems).whole("Plaatsen", minimum=0)
    own = sum(loc.places for loc in locations)
    counted = "de locaties erboven (vanaf de vorige totaal- of subtotaalregel)" if _is_sub(label) else "de locaties"
    if stated is not None and stated != own:
        problems.error(row.source.at("Plaatsen"), f"{label} is {stated} plaatsen, maar de som van {counted} is "
                                                  f"{own} (verschil {stated - own})")
