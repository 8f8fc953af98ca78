"""Writes tests/cases/second/: a second, differently shaped input set for the end-to-end client tests.

Another city and portfolio, three budget years, four chapters with other ids (nested lists, a table,
a block quote, a link, a thematic break, Arabic, Hebrew, Tigrinya and an emoji), shuffled columns with a title row above the headers, formulas with cached
totals, an organisation that wants no review copy, no confidential advice but locations, fewer places
than the frame allows (a warning), and every harvest item decided.

Run `python tests/cases/make_second.py` after changing it; the output is committed, byte for byte
the same on every run.
"""
from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from casebuilder import with_cached_values, write_case  # noqa: E402

OUT = HERE / "second"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SAVED = "2022-10-20T09:00:00Z"

TOML = """\
# Tweede testset: een andere gemeente, een ander programma, drie begrotingsjaren.
[voordracht]
onderwerp = "Vaststellen Actieplan Thuis in de wijk"
portefeuille = "Zorg, Welzijn & Volksgezondheid"
portefeuillehouder = "Wethouder M. El Amrani"
datum_college = 2022-11-15
behandeld_door = "Team Wonen met Zorg"
# geen agendapunt en geen registratienummer: die zijn nog niet bekend

[kaders]
plaatsen = 120
max_verblijf_maanden = 24
budget = { 2023 = 2_400_000, 2024 = 2_600_000, 2025 = 2_750_000 }

[[werkdag]]
dag = 1
datum = 2022-09-14
thema = "Wonen in de wijk: wat werkt?"

[[werkdag]]
dag = 2
datum = 2022-09-28
thema = "Werk, meedoen en de buren"

[[besluit]]
tekst = "in te stemmen met het Actieplan Thuis in de wijk 2023-2025;"

[[besluit]]
tekst = "de lasten van het actieplan te dekken uit het programma Zorg en de rijksbijdrage Beschermd Wonen;"

[[besluit]]
tekst = "op grond van artikel 25, tweede lid, van de Gemeentewet geheimhouding op te leggen op de vertrouwelijke bijlage met de adressen van de woonlocaties;"

[[besluit]]
tekst = "de gemeenteraad met een raadsinformatiebrief over dit besluit te informeren."

[[vervolgstap]]
datum = 2022-10-24
stap = "Concept naar alle deelnemers"

[[vervolgstap]]
datum = 2022-11-04
stap = "Einde reactietermijn"
toelichting = "Reacties die op deze dag binnen zijn, krijgen een antwoord."

[[vervolgstap]]
datum = 2022-11-15
stap = "Besluit college van B&W"
toelichting = "Het college besluit over het actieplan en de begroting 2023-2025."

[review]
verzonden = 2022-10-24
reactie_tot = 2022-11-04
contact = "thuisindewijk@utrecht.example"
"""

CHAPTERS = {
    "tekst/plan/10-aanleiding.md": """\
# Aanleiding en doel

Utrecht wil dat mensen die uit de maatschappelijke opvang of beschermd wonen komen, **gewoon in de
wijk** kunnen wonen, met de steun die zij nodig hebben.

## Wat we willen bereiken

1. Meer mensen wonen zelfstandig, met begeleiding aan huis:
   - jongeren die uit de jeugdhulp komen;
   - volwassenen die uit de nachtopvang doorstromen;
     - eerst in een *tussenwoning*,
     - daarna in een eigen woning.
2. Buren weten bij wie zij terechtkunnen.
3. Niemand staat na achttien maanden zonder plek.

> Een huis is meer dan een dak: het is een adres, een buurt en mensen die je kennen.
>
> -- een deelnemer op de eerste werkdag

Meer over het landelijke beleid staat op [de site van de rijksoverheid](https://www.rijksoverheid.nl/).[^beleid]

[^beleid]: Een voetnoot: de PDF's maken er een genummerde lijst "Noten" van, want LibreOffice 7.4 maakt van
    een Word-voetnoot een PDF die niet aan PDF/UA-1 voldoet.
""",
    "tekst/plan/20-wonen-met-begeleiding.md": """\
# Wonen met begeleiding

## Woonvormen

| Woonvorm | Plaatsen | Begeleiding |
| --- | ---: | --- |
| Tussenwoning | 36 | dagelijks |
| Skaeve huse | 12 | wekelijks, op afroep |
| Eigen woning met begeleiding | 48 | op maat |

Elke bewoner krijgt één vaste begeleider & een plan dat hij of zij zelf mee opstelt.

## Spreiding over de wijken

Geen wijk krijgt meer dan een derde van de plaatsen; de adressen blijven vertrouwelijk.
""",
    "tekst/plan/30-werk-en-meedoen.md": """\
# Werk en meedoen

Werk, vrijwilligerswerk of dagbesteding geeft structuur. We werken met:

- het **werkgeversservicepunt**, voor banen in de buurt;
- buurthuizen, voor dagbesteding:
  1. koken voor de buurt,
  2. fietsenwerkplaats,
  3. taalcafé.

## Buren betrekken

Op de buurtavond staat een bord met "welkom" in de talen van de wijk: أهلا وسهلا, ברוכים הבאים,
ደሓን መጻእኩም, hoş geldiniz 👋.

---

Voor elke locatie is er een buurtavond *voordat* de eerste bewoner komt. Vragen als "wat als het
misgaat?" krijgen een eerlijk antwoord: met een 24-uursnummer < 15 minuten reactietijd.
""",
    "tekst/plan/40-financien-en-sturing.md": """\
# Financiën en sturing

De lasten staan per jaar in bijlage A. We sturen op drie cijfers:

- de bezetting van de plaatsen;
- de doorstroom naar een eigen woning;
- de tevredenheid van bewoners en buren.

### Verantwoording

Twee keer per jaar gaat er een voortgangsbrief naar de raad.
""",
    "tekst/voordracht/achtergrond.md": """\
In 2021 heeft de raad de visie *Thuis in de wijk* vastgesteld. Daarin staat dat beschermd wonen en
opvang zoveel mogelijk in de wijk plaatsvinden.

## Twee werkdagen

Op twee werkdagen dachten bewoners, aanbieders, woningcorporaties en buurtteams mee.
""",
    "tekst/voordracht/onderbouwing.md": """\
Het actieplan blijft binnen de kaders:

- ten hoogste 120 plaatsen, waarvan er nu 96 zijn gepland;
- een verblijf van ten hoogste 24 maanden in een tussenwoning;
- de lasten per jaar blijven onder het budget voor 2023, 2024 en 2025.
""",
}

# The harvest sheets have their columns in another order than the contract's table, a title row
# and an empty row above the header row, and an empty row between the items.
HARVEST_HEADER = ["Ingebracht door", "ID", "Inbreng", "Dag", "Thema", "Soort", "Draagvlak", "Binnen kaders",
                  "Verwerking", "Onderdeel", "Toelichting", "Samengevoegd met", "Sessie", "Interne notitie"]


def harvest(day: int, title: str, items: list[dict]) -> dict:
    rows = [[title], [], list(HARVEST_HEADER)]
    for n, item in enumerate(items):
        if n == 3:
            rows.append([])
        rows.append([item.get(column) for column in HARVEST_HEADER])
    return {"Oogst": rows}


def item(id_, day, org, text, kind, support, within, outcome, chapter=None, why=None, merged=None, **more):
    return {"ID": id_, "Dag": day, "Ingebracht door": org, "Inbreng": text, "Thema": more.get("thema", "Wonen"),
            "Soort": kind, "Draagvlak": support, "Binnen kaders": within, "Verwerking": outcome,
            "Onderdeel": chapter, "Toelichting": why, "Samengevoegd met": merged, "Sessie": more.get("sessie"),
            "Interne notitie": more.get("notitie")}


DAY_1 = [
    item("W1-01", 1, "Stichting Huis & Haard", "Begin met tussenwoningen in elke wijk", "voorstel", "consensus",
         "ja", "overgenomen", "wonen-met-begeleiding", sessie="Ochtend"),
    item("W1-02", 1, "Buurtteam Overvecht", "Eén vaste begeleider per bewoner", "idee", "breed", "ja",
         "Overgenomen", "wonen-met-begeleiding", notitie="navragen bij buurtteam"),
    item("W1-03", 1, "Woningcorporatie De Sleutel", "Vaste contingenten woningen per jaar", "voorstel",
         "breed", "ja", "deels overgenomen", "aanleiding", "Eerst voor 2023 en 2024; daarna evalueren."),
    item("W1-04", 1, "Cliëntenraad Opvang", "Bewoners kiezen zelf hun wijk", "idee", "verdeeld", "ja",
         "niet overgenomen", why="Spreiding over de wijken gaat voor; wel met voorkeur van de bewoner."),
    item("W1-05", 1, "Plenair", "Begeleiding dichtbij huis", "idee", "consensus", "ja", "samengevoegd",
         merged="W1-02"),
    item("W1-06", 1, "Cliëntenraad Opvang", "Ook 40 extra plaatsen voor dakloze EU-burgers", "voorstel",
         "minderheid", "nee", "vervolgagenda", why="Valt buiten het kader van 120 plaatsen; gesprek met het Rijk."),
]
DAY_2 = [
    item("W2-01", 2, "Buurtteam Overvecht", "Buurtavond vóór de komst van bewoners", "voorstel", "consensus",
         "ja", "overgenomen", "werk-en-meedoen", thema="Buren"),
    item("W2-02", 2, "Stichting Huis & Haard", "Wat als het misgaat <'s nachts>?", "vraag", "breed", "ja",
         "deels overgenomen", "werk-en-meedoen", "Een 24-uursnummer, geen vaste nachtwacht.", thema="Buren"),
    item("W2-03", 2, "Plenair", "Dagbesteding in buurthuizen", "idee", "breed", "ja", "overgenomen",
         "werk-en-meedoen", thema="Werk"),
    item("W2-04", 2, "Woningcorporatie De Sleutel", "Huurkorting voor tussenwoningen", "voorstel",
         "minderheid", "ja", "niet overgenomen", why="Past niet in het huurbeleid.", thema="Geld"),
    item("W2-05", 2, "Cliëntenraad Opvang", "Tevredenheid van bewoners meten", "idee", "consensus", "ja",
         "overgenomen", "financien-en-sturing", thema="Sturing"),
    item("W2-06", 2, "Buurtteam Overvecht", "Ervaringsdeskundigen in dienst nemen", "voorstel", "breed",
         "nee", "vervolgagenda", why="Vraagt budget buiten het kader; volgt bij de evaluatie.", thema="Werk"),
    item("W2-07", 2, "Stichting Huis & Haard", "Voortgang twee keer per jaar naar de raad", "voorstel",
         "breed", "ja", "samengevoegd", merged="W2-05", thema="Sturing"),
]

BUDGET_TITLE = ["Begroting Actieplan Thuis in de wijk 2023-2025"]
# Year columns out of order, the optional columns in between.
COST_HEADER = ["Categorie", "2025", "Post", "Toelichting", "2023", "Onderdeel", "2024"]
COSTS = [
    ["Huisvesting", 900_000, "Huur tussenwoningen", "36 woningen", 800_000, "wonen-met-begeleiding", 850_000],
    ["Huisvesting", 240_000, "Skaeve huse", None, 200_000, None, 220_000],
    ["Begeleiding", 1_200_000, "Woonbegeleiders", "14 fte", 1_000_000, "wonen-met-begeleiding", 1_100_000],
    ["Meedoen", 150_000, "Dagbesteding en buurtavonden", None, 120_000, "werk-en-meedoen", 140_000],
]
FUNDING_HEADER = ["Toelichting", "2024", "Bron", "2023", "2025"]
FUNDING = [
    ["Programmabegroting", 1_410_000, "Programma Zorg", 1_320_000, 1_490_000],
    ["Decentralisatie-uitkering", 900_000, "Rijksbijdrage Beschermd Wonen", 800_000, 1_000_000],
]
LOCATIONS = [
    ["Doelgroep", "Plaatsen", "Max. verblijf (maanden)", "Stadsdeel", "Locatie"],
    ["Jongeren", 20, 24, "Overvecht", "Vleutenseweg 4"],
    [None, 16, 18, "Zuilen", "Amsterdamsestraatweg 610"],
    ["Volwassenen", 12, 24, "Leidsche Rijn", "Skaeve huse Haarzuilens"],
    ["Volwassenen", 48, 12, "Overvecht", "Verspreide woningen Overvecht"],
]


def budget() -> dict:
    costs = [BUDGET_TITLE, [], COST_HEADER, *COSTS,
             [None, "=SUM(B4:B7)", "Totaal", None, "=SUM(E4:E7)", None, "=SUM(G4:G7)"]]
    funding = [BUDGET_TITLE, FUNDING_HEADER, *FUNDING,
               [None, "=SUM(B3:B4)", "Totaal", "=SUM(D3:D4)", "=SUM(E3:E4)"]]
    return {"Lasten": costs, "Dekking": funding, "Locaties": [["Locaties (vertrouwelijk)"], *LOCATIONS]}


def cached_totals() -> dict[tuple[str, str], float]:
    column = {name: n for n, name in enumerate(COST_HEADER)}
    values = {("Lasten", f"{letter}8"): sum(row[column[year]] for row in COSTS)
              for letter, year in (("B", "2025"), ("E", "2023"), ("G", "2024"))}
    column = {name: n for n, name in enumerate(FUNDING_HEADER)}
    values |= {("Dekking", f"{letter}5"): sum(row[column[year]] for row in FUNDING)
               for letter, year in (("B", "2024"), ("D", "2023"), ("E", "2025"))}
    return values


ADVICE_HEADER = ["Onderwerp", "ID", "Status", "Advies", "Vertrouwelijk", "Onderdeel", "Adviseur"]
ADVICE = {
    "Juridisch": [ADVICE_HEADER,
                  ["Huurovereenkomsten", "JA-1", "akkoord onder voorwaarden",
                   "Leg de begeleiding vast in een aparte overeenkomst naast de huur.", "nee",
                   "wonen-met-begeleiding", "mr. S. Peeters"]],
    "Financieel": [["Adviezen van Financiën"], ADVICE_HEADER,
                   ["Meerjarige dekking", "FA-1", "Akkoord", "De dekking is sluitend voor 2023-2025.", "Nee",
                    None, None],
                   ["Risico rijksbijdrage", "FA-2", "akkoord", "Houd rekening met een lagere bijdrage na 2025.",
                    "nee", "financien-en-sturing", None]],
}

PARTICIPANTS = {"Deelnemers": [
    ["Deelnemers werkdagen Thuis in de wijk"],
    ["Organisatie", "Naam", "Reviewexemplaar", "Naam vermelden", "E-mail"],
    ["Stichting Huis & Haard", "Fatima Yilmaz", "ja", "ja", "f.yilmaz@huisenhaard.example"],
    ["Stichting Huis & Haard", "Joost van Dam", "nee", "nee", None],
    ["Buurtteam Overvecht", "Sanne Koster", "ja", "ja", None],
    ["Woningcorporatie De Sleutel", "Rob Hendriks", "nee", "ja", "r.hendriks@desleutel.example"],
    ["Woningcorporatie De Sleutel", "Ilse Groen", "nee", "nee", None],
    ["Cliëntenraad Opvang", "Mohammed Ouali", "ja", "nee", None],
    ["Cliëntenraad Opvang", "Els de Wit", "ja", "ja", None],
]}


def second_case() -> dict:
    """The second input set as casebuilder data (the formulas' cached values are added on writing)."""
    return {
        "voordracht.toml": TOML,
        **CHAPTERS,
        "oogst/werkdag-1.xlsx": harvest(1, "Oogst werkdag 1 – 14 september 2022", DAY_1),
        "oogst/werkdag-2.xlsx": harvest(2, "Oogst werkdag 2 – 28 september 2022", DAY_2),
        "begroting.xlsx": budget(),
        "adviezen.xlsx": ADVICE,
        "deelnemers.xlsx": PARTICIPANTS,
    }


def write_second(folder: Path) -> Path:
    """Writes the second set into `folder` (which is emptied first)."""
    shutil.rmtree(folder, ignore_errors=True)
    write_case(second_case(), folder)
    with_cached_values(folder / "begroting.xlsx", cached_totals())
    for workbook in sorted(folder.rglob("*.xlsx")):
        _fix_bytes(workbook)
    return folder


def _fix_bytes(path: Path) -> None:
    """openpyxl stamps the clock into the zip entries and docProps/core.xml: fix both."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    core = parts.get("docProps/core.xml")
    if core is not None:
        parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + SAVED.encode(),
                                            core)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    write_second(OUT)
    print(f"geschreven: {OUT}")
