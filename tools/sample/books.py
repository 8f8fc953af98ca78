"""The six sample workbooks: data from the other modules, laid out from the one definition of the columns
(pipeline/model/schema.py) by the same code that writes a blank set (pipeline/starting/workbooks.py)."""
from __future__ import annotations

from pathlib import Path

from pipeline.documents.spreadsheet import Book
from pipeline.model.schema import (ADVICE_BOOK, BUDGET_BOOK, COSTS, FUNDING, HARVEST, HARVEST_BOOK, LOCATIONS,
                                   PARTICIPANTS, PARTICIPANTS_BOOK)
from pipeline.starting.workbooks import add_notes, add_table

from . import CHAPTER_IDS, CREATOR, DAYS, FICTION, STADSDELEN, STAMP, YEARS
from . import advice, budget, harvest, harvest_day1, harvest_day2, harvest_day3
from .organisations import harvest_organisations, participant_organisations, participants

DAY_MODULES = {1: harvest_day1, 2: harvest_day2, 3: harvest_day3}


def harvest_rows() -> dict[int, list[tuple]]:
    return harvest.rows_for({day: module.SESSIONS for day, module in DAY_MODULES.items()})


def _book(title: str, subject: str) -> Book:
    return Book(title, subject, CREATOR, STAMP)


def write_harvest(folder: Path, day: int, rows: list[tuple]) -> None:
    date = DAYS[day]
    book = _book(f"Oogst werkdag {day}", "Opvang ongedocumenteerden: oogst van de co-creatie")
    add_notes(book, HARVEST_BOOK, f"Oogst werkdag {day} ({date.day}-{date.month}-{date.year})", YEARS, (FICTION,))
    add_table(book, HARVEST, rows, YEARS, title=DAY_MODULES[day].TITLE, blank_after_title=day == 1,
              lists={"Dag": [str(d) for d in DAYS], "Ingebracht door": harvest_organisations(),
                     "Onderdeel": CHAPTER_IDS})
    book.activate(HARVEST.name)
    book.save(folder / HARVEST_BOOK.file.format(dag=day))


def write_budget(folder: Path, lines: list[tuple] | None = None) -> None:
    """begroting.xlsx; `lines` are other cost lines than the sample's (the budget as it was once)."""
    lines = budget.LASTEN if lines is None else lines
    book = _book("Begroting opvang ongedocumenteerden", "Lasten, dekking en locaties 2019-2020")
    add_notes(book, BUDGET_BOOK, "Begroting opvang ongedocumenteerden 2019-2020", YEARS, (
        FICTION,
        "Let op: de kolom Locatie (adressen) is vertrouwelijk. De pijplijn zet adressen alleen in de "
        "vertrouwelijke bijlage voor het college; het concept en de voordracht tonen alleen de stadsdelen.",
    ))
    add_table(book, COSTS, budget.lasten(lines), YEARS, title=budget.TITLE, blank_after_title=True, total=True,
              lists={"Categorie": budget.CATEGORIES, "Onderdeel": CHAPTER_IDS})
    add_table(book, FUNDING, budget.dekking(lines), YEARS, total=True)
    add_table(book, LOCATIONS, budget.locaties(), YEARS, lists={"Stadsdeel": STADSDELEN}, landscape=False)
    book.activate(COSTS.name)
    book.save(folder / BUDGET_BOOK.file)


def write_advice(folder: Path) -> None:
    book = _book("Adviezen uitvoeringsplan", "Juridisch en financieel advies")
    add_notes(book, ADVICE_BOOK, "Adviezen bij het uitvoeringsplan", YEARS, (FICTION,))
    for sheet, rows in zip(ADVICE_BOOK.sheets, (advice.JURIDISCH, advice.FINANCIEEL)):
        add_table(book, sheet, rows, YEARS, lists={"Onderdeel": CHAPTER_IDS})
    book.activate(ADVICE_BOOK.sheets[0].name)
    book.save(folder / ADVICE_BOOK.file)


def write_participants(folder: Path) -> None:
    book = _book("Deelnemers werkdagen", "Deelnemers van de co-creatie en hun toestemming")
    add_notes(book, PARTICIPANTS_BOOK, "Deelnemers aan de werkdagen", YEARS, (FICTION,))
    add_table(book, PARTICIPANTS, participants(), YEARS, lists={"Organisatie": participant_organisations()},
              landscape=False)
    book.activate(PARTICIPANTS.name)
    book.save(folder / PARTICIPANTS_BOOK.file)
