"""Reads begroting.xlsx: cost lines, funding lines (per year) and the shelter locations."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .model import Budget, CostLine, FundingLine, ShelterLocation, YearAmount
from .problems import Problems
from .money import euro
from .cells import Cells, cell_text, rows
from .sheets import Row, Table, norm
from .workbooks import Workbook

FILE = "begroting.xlsx"
TOTAL = "totaal"


def read_budget(inputs: Path, years: tuple[int, ...] | None,
                problems: Problems) -> tuple[Budget, frozenset[str]]:
    """Costs and funding over exactly the frame's `years` (any, when the frames are unreadable),
    and the sheets whose every row could be read (a sum over the others would mislead)."""
    complete: set[str] = set()

    def counted(sheet: str, read):
        before = problems.error_count
        result = read()
        if problems.error_count == before:
            complete.add(sheet)
        return result

    book = Workbook(inputs / FILE, FILE, problems)
    if book.book is None:
        return Budget((), (), ()), frozenset()
    costs = counted("Lasten", lambda: _year_sheet(book, "Lasten", ("Post", "Categorie"),
                                                  ("Onderdeel", "Toelichting"), years, _cost_line, problems))
    funding = counted("Dekking", lambda: _year_sheet(book, "Dekking", ("Bron",), ("Toelichting",), years,
                                                     _funding_line, problems))
    locations = counted("Locaties", lambda: _locations(book.table(
        "Locaties", ("Locatie", "Stadsdeel", "Plaatsen", "Max. verblijf (maanden)"), ("Doelgroep",)), problems))
    # a formula without a value was reported when the workbook was opened; its sheet is not complete
    unresolved = {norm(sheet) for sheet, _ in book.unresolved}
    complete = {sheet for sheet in complete if norm(sheet) not in unresolved}
    return Budget(costs, funding, locations), frozenset(complete)


def _year_sheet(book: Workbook, sheet: str, required, optional, years, make, problems) -> tuple:
    table = book.table(sheet, required, optional, years=True)
    if table is None:
        return ()
    years = table.years if years is None else years
    if set(table.years) != set(years):
        found = ", ".join(map(str, sorted(table.years))) or "geen"
        problems.error(table.source, f"de jaarkolommen ({found}) moeten precies de jaren van kaders.budget "
                                     f"zijn ({', '.join(map(str, years))})")
        return ()
    lines, totals, broken = [], [], False
    for row in rows(table):
        if (cell_text(row.get(required[0])) or "").casefold() == TOTAL:
            totals.append(row)
            continue
        line = make(Cells(row, problems), years)
        broken = broken or line is None
        if line is not None:
            lines.append(line)
    for row in totals if not broken else ():  # a broken line is reported already; its total would be too
        _check_total(row, lines, years, problems)
    return tuple(lines)


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


def _check_total(row: Row, lines, years, problems: Problems) -> None:
    """The adviser's own Totaal row must equal the pipeline's sum."""
    cells = Cells(row, problems)
    for year in years:
        stated = cells.amount(str(year))
        if stated is None:
            continue
        own = sum((a.amount for line in lines for a in line.amounts if a.year == year), Decimal(0))
        if stated != own:
            problems.error(row.source.at(str(year)), f"Totaal {year} is {euro(stated)}, maar de som van de "
                                                     f"regels is {euro(own)} (verschil {euro(stated - own)})")


def _locations(table: Table | None, problems: Problems) -> tuple[ShelterLocation, ...]:
    found = []
    for row in rows(table):
        cells = Cells(row, problems)
        values = (cells.text("Locatie"), cells.text("Stadsdeel"), cells.whole("Plaatsen", minimum=1),
                  cells.text("Doelgroep", False), cells.whole("Max. verblijf (maanden)", minimum=1))
        if None in (values[0], values[1], values[2], values[4]):
            continue
        found.append(ShelterLocation(*values, source=row.source))
    return tuple(found)
