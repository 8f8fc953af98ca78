"""The six sample workbooks: data from the other modules, laid out with `workbooks.Book`."""
from __future__ import annotations

from pathlib import Path

from . import CHAPTER_IDS, DAYS, DRAAGVLAK, FICTION, JA_NEE, SOORT, STADSDELEN, STATUS, VERWERKING, YEARS
from . import advice, budget, harvest, harvest_day1, harvest_day2, harvest_day3
from .organisations import harvest_organisations, participant_organisations, participants
from .workbooks import Book

DAY_MODULES = {1: harvest_day1, 2: harvest_day2, 3: harvest_day3}
YEAR_COLUMNS = tuple(str(y) for y in YEARS)


def harvest_rows() -> dict[int, list[tuple]]:
    return harvest.rows_for({day: module.SESSIONS for day, module in DAY_MODULES.items()})


HARVEST_NOTES = (
    ("ID", "Uniek nummer van de inbreng over alle werkdagen: D1-001, D2-001, ..."),
    ("Dag, Sessie, Thema", "Werkdag (1, 2 of 3), de ronde en het thema van de tafel."),
    ("Inbreng", "De bijdrage zoals die op de werkdag is opgeschreven."),
    ("Ingebracht door", "De organisatie, zoals gespeld in deelnemers.xlsx, of 'Plenair' voor een "
                        "uitkomst van de hele groep."),
    ("Soort, Draagvlak", "idee, zorg, voorstel of vraag; consensus, breed, verdeeld of minderheid."),
    ("Binnen kaders", "ja of nee: past de inbreng binnen 500 plaatsen, 18 maanden en het budget? Bij nee "
                      "kan de verwerking alleen 'vervolgagenda' of 'niet overgenomen' zijn."),
    ("Verwerking", "Wat het programmateam met de inbreng doet; leeg betekent: nog in behandeling."),
    ("Onderdeel", "Het hoofdstuk van het plan (bij overgenomen en deels overgenomen)."),
    ("Samengevoegd met", "Het ID van de inbreng waarmee deze is samengevoegd (die zelf niet samengevoegd is)."),
    ("Toelichting", "Waarom (bij deels overgenomen, vervolgagenda en niet overgenomen); deelnemers lezen "
                    "dit in het concept."),
    ("Interne notitie", "Alleen voor het programmateam; komt nooit in het concept of de voordracht."),
)


def write_harvest(folder: Path, day: int, rows: list[tuple]) -> None:
    date = DAYS[day]
    book = Book(f"Oogst werkdag {day}", "Opvang ongedocumenteerden: oogst van de co-creatie")
    book.notes(f"Oogst werkdag {day} ({date.day}-{date.month}-{date.year})", (
        FICTION,
        "Deze werkmap bevat de oogst van één werkdag: elke rij is één inbreng van een deelnemende organisatie "
        "of van de hele groep. De facilitator vult de inbreng in; het programmateam vult daarna per rij de "
        "verwerking in. De pijplijn (make check, make proposal) leest het werkblad 'Oogst'; rijen boven de "
        "kopregel worden overgeslagen.",
    ), HARVEST_NOTES)
    ws, header, last = book.table(
        "Oogst", harvest.COLUMNS, rows,
        title=DAY_MODULES[day].TITLE, blank_after_title=day == 1,
        widths={"ID": 9, "Dag": 5, "Sessie": 18, "Thema": 24, "Inbreng": 60, "Ingebracht door": 22,
                "Soort": 10, "Draagvlak": 12, "Binnen kaders": 9, "Verwerking": 18, "Onderdeel": 26,
                "Samengevoegd met": 12, "Toelichting": 50, "Interne notitie": 32},
        wrap=("Thema", "Inbreng", "Toelichting", "Interne notitie", "Sessie"),
        lists={"Dag": [str(d) for d in DAYS], "Ingebracht door": harvest_organisations(), "Soort": SOORT,
               "Draagvlak": DRAAGVLAK, "Binnen kaders": JA_NEE, "Verwerking": VERWERKING,
               "Onderdeel": CHAPTER_IDS})
    book.activate("Oogst")
    book.save(folder / "oogst" / f"dag-{day}.xlsx")


def write_budget(folder: Path) -> None:
    book = Book("Begroting opvang ongedocumenteerden", "Lasten, dekking en locaties 2019-2020")
    book.notes("Begroting opvang ongedocumenteerden 2019-2020", (
        FICTION,
        "De financieel adviseur houdt hier de begroting bij. 'Lasten' bevat de kostenposten per jaar, met "
        "onderaan een eigen Totaal-regel; 'Dekking' de bronnen waaruit de lasten worden betaald; 'Locaties' "
        "de opvanglocaties met hun aantal plaatsen. make check toetst de lasten aan het budget per jaar, de "
        "dekking aan de lasten, de plaatsen aan het kader van 500 en het verblijf aan 18 maanden.",
        "Let op: de kolom Locatie (adressen) is vertrouwelijk. De pijplijn zet adressen alleen in de "
        "vertrouwelijke bijlage voor het college; het concept en de voordracht tonen alleen de stadsdelen.",
    ), (("Post / Bron", "De kostenpost of de bron van dekking."),
        ("Categorie", "Huisvesting, Begeleiding, Leefgeld, Juridische ondersteuning, Beveiliging of Programma."),
        ("Onderdeel", "Optioneel: het hoofdstuk van het plan waar de post bij hoort."),
        ("2019, 2020", "Bedragen in hele euro's; een lege cel telt als 0."),
        ("Totaal", "Eigen controleregel met =SOM; de pijplijn vergelijkt die met haar eigen optelling."),
        ("Plaatsen, Max. verblijf (maanden)", "Hele getallen; samen ten hoogste 500 plaatsen, ten hoogste "
                                              "18 maanden.")))
    widths = {"Post": 44, "Categorie": 24, "Onderdeel": 27, "2019": 14, "2020": 14, "Toelichting": 60}
    lines = budget.lasten()
    ws, header, last = book.table(
        "Lasten", budget.LASTEN_COLUMNS, lines, title=budget.TITLE, blank_after_title=True, widths=widths,
        wrap=("Post", "Toelichting"), amounts=YEAR_COLUMNS,
        lists={"Categorie": budget.CATEGORIES, "Onderdeel": CHAPTER_IDS})
    book.total_row(ws, budget.LASTEN_COLUMNS, header, last, YEAR_COLUMNS)
    ws, header, last = book.table(
        "Dekking", budget.DEKKING_COLUMNS, budget.dekking(),
        widths={"Bron": 52, "2019": 14, "2020": 14, "Toelichting": 60}, wrap=("Bron", "Toelichting"),
        amounts=YEAR_COLUMNS)
    book.total_row(ws, budget.DEKKING_COLUMNS, header, last, YEAR_COLUMNS)
    book.table("Locaties", budget.LOCATIES_COLUMNS, budget.locaties(),
               widths={"Locatie": 30, "Stadsdeel": 14, "Plaatsen": 10, "Doelgroep": 22,
                       "Max. verblijf (maanden)": 13},
               lists={"Stadsdeel": STADSDELEN}, landscape=False)
    book.activate("Lasten")
    book.save(folder / "begroting.xlsx")


def write_advice(folder: Path) -> None:
    book = Book("Adviezen uitvoeringsplan", "Juridisch en financieel advies")
    book.notes("Adviezen bij het uitvoeringsplan", (
        FICTION,
        "Hier leggen de juridisch en de financieel adviseur hun advies over het plan vast, elk op een eigen "
        "werkblad. Een advies met Vertrouwelijk = ja komt alleen in de vertrouwelijke bijlage voor het "
        "college; de naam van de adviseur komt in geen enkel document.",
    ), (("ID", "J-01, J-02, ... en F-01, F-02, ...: uniek over beide werkbladen."),
        ("Status", "akkoord, akkoord onder voorwaarden of niet akkoord."),
        ("Onderdeel", "Optioneel: het hoofdstuk van het plan waar het advies over gaat."),
        ("Vertrouwelijk", "ja of nee."),
        ("Adviseur", "Alleen intern.")))
    widths = {"ID": 7, "Onderwerp": 34, "Advies": 80, "Status": 24, "Onderdeel": 27, "Vertrouwelijk": 13,
              "Adviseur": 20}
    for name, rows in (("Juridisch", advice.JURIDISCH), ("Financieel", advice.FINANCIEEL)):
        book.table(name, advice.COLUMNS, rows, widths=widths, wrap=("Onderwerp", "Advies"),
                   lists={"Status": STATUS, "Onderdeel": CHAPTER_IDS, "Vertrouwelijk": JA_NEE})
    book.activate("Juridisch")
    book.save(folder / "adviezen.xlsx")


def write_participants(folder: Path) -> None:
    book = Book("Deelnemers werkdagen", "Deelnemers van de co-creatie en hun toestemming")
    book.notes("Deelnemers aan de werkdagen", (
        FICTION,
        "De lijst van deelnemers aan de werkdagen. Naam vermelden zegt of iemand toestemming gaf om met naam "
        "in het concept te staan; Reviewexemplaar of hij of zij het concept ter reactie krijgt. E-mailadressen "
        "worden nooit afgedrukt. De namen in de kolom Organisatie zijn de namen die de oogst gebruikt.",
    ), (("Naam vermelden", "ja of nee: toestemming om met naam genoemd te worden."),
        ("Reviewexemplaar", "ja of nee: ontvangt het concept ter reactie.")))
    book.table("Deelnemers", ("Naam", "Organisatie", "E-mail", "Naam vermelden", "Reviewexemplaar"),
               participants(),
               widths={"Naam": 26, "Organisatie": 28, "E-mail": 32, "Naam vermelden": 10, "Reviewexemplaar": 10},
               lists={"Organisatie": participant_organisations(), "Naam vermelden": JA_NEE,
                      "Reviewexemplaar": JA_NEE}, landscape=False)
    book.activate("Deelnemers")
    book.save(folder / "deelnemers.xlsx")
