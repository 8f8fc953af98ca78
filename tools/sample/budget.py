"""begroting.xlsx: invented cost lines, funding and shelter locations within the frames."""
from __future__ import annotations

from . import BUDGET, MAX_STAY_MONTHS, PLACES, STADSDELEN, YEARS

TITLE = "Begroting opvang ongedocumenteerden 2019–2020: lasten (fictieve gegevens)"

LASTEN_COLUMNS = ("Post", "Categorie", "Onderdeel", "2019", "2020", "Toelichting")
DEKKING_COLUMNS = ("Bron", "2019", "2020", "Toelichting")
LOCATIES_COLUMNS = ("Locatie", "Stadsdeel", "Plaatsen", "Doelgroep", "Max. verblijf (maanden)")
CATEGORIES = ("Huisvesting", "Begeleiding", "Leefgeld", "Juridische ondersteuning", "Beveiliging", "Programma")

# Post, Categorie, Onderdeel, 2019, 2020, Toelichting. 2019 counts half a year of the new locations
# (opening from 1 July 2019) next to the running costs of the current night shelter.
LASTEN = [
    ("Huur en servicekosten locaties", "Huisvesting", "opvang-en-locaties", 2_846_730, 3_412_560,
     "Huur van acht tot tien panden; huurcontracten van ten minste drie jaar."),
    ("Verbouwing en inrichting", "Huisvesting", "opvang-en-locaties", 1_127_480, 236_915,
     "Eenmalig: kamers voor twee personen, keukens, sanitair en brandveiligheid."),
    ("Energie, schoonmaak en onderhoud", "Huisvesting", None, 684_215, 798_340, None),
    ("Doorlopende nachtopvang tot opening nieuwe locaties", "Huisvesting", None, 1_493_660, 0,
     "Huidige locaties tot de overstap in de tweede helft van 2019."),
    ("Casemanagement", "Begeleiding", "begeleiding-en-perspectief", 1_536_925, 2_621_480,
     "Eén casemanager per 25 bewoners, inclusief administratieve ondersteuning per locatie."),
    ("Uitgebreide intake en instroom", "Begeleiding", "doelgroep", 387_640, 312_275,
     "Intake van twee tot vier weken, met medische en juridische screening."),
    ("Dagbesteding, taal en scholing", "Begeleiding", "begeleiding-en-perspectief", 412_390, 786_145, None),
    ("Zorg en GGZ-consulent", "Begeleiding", "kwetsbare-groepen", 296_810, 528_460,
     "Verpleegkundige en GGZ-consulent die de locaties bezoeken; extra begeleiding kwetsbare groepen."),
    ("Leefgeld bewoners", "Leefgeld", "zelfbeheer-en-leefgeld", 1_248_375, 2_147_890,
     "Volgens de bedragen uit de pilot; lager waar voorzieningen worden gedeeld."),
    ("Juridische begeleiding en documentkosten", "Juridische ondersteuning", "begeleiding-en-perspectief",
     517_265, 694_730, "Screening van elk dossier door een advocaat; documenten tot een maximum per bewoner."),
    ("Ondersteuning terugkeer en doormigratie", "Juridische ondersteuning", "samenwerking-ketenpartners",
     143_820, 218_655, None),
    ("Beveiliging en toegangscontrole", "Beveiliging", "opvang-en-locaties", 318_470, 592_385,
     "Volgens de beheerplannen per locatie."),
    ("Programmateam, monitoring en evaluatie", "Programma", "monitoring-en-evaluatie", 227_915, 284_360,
     "Inclusief onafhankelijke eindevaluatie en de halfjaarlijkse rapportage aan de raad."),
    ("Klankbordgroep en terugkomdag", "Programma", "samenwerking-ketenpartners", 18_640, 27_935, None),
]

LVV = "Rijksbijdrage Landelijke Vreemdelingenvoorziening (LVV)"
CITY = "Gemeentelijk budget"

# The national contribution per year; the city's own budget covers exactly the rest.
LVV_AMOUNT = {2019: 4_286_400, 2020: 5_715_200}
DEKKING_NOTES = {
    LVV: "Bijdrage voor de landelijke plaatsen binnen de pilot; bedragen volgens de voorlopige afspraken.",
    CITY: "Gereserveerd in de begroting 2019 en de meerjarenraming.",
}

# Locatie (invented addresses, confidential), Stadsdeel, Plaatsen, Doelgroep, Max. verblijf (maanden)
LOCATIES = [
    ("Zeilmakersweg 41", "Nieuw-West", 80, None, 18),
    ("Lindenhofkade 7", "West", 72, None, 18),
    ("Kortenaerstraat 118", "Oost", 64, None, 18),
    ("Wilgenpad 3", "Noord", 60, None, 18),
    ("Hoekenrodeplein 22", "Zuidoost", 56, None, 18),
    ("Prinsesseweg 15", "Zuid", 50, "vrouwen", 18),
    ("Sloterpark Oostzijde 9", "Nieuw-West", 48, "kwetsbare personen", 12),
    ("Gasthuismolensteeg 6", "Centrum", 40, "kwetsbare personen", 12),
    ("Buiksloterpad 27", "Noord", 30, "LHBTIQ+", 18),
]


def totals(lines, index) -> dict[int, int]:
    return {year: sum(line[index + i] for line in lines) for i, year in enumerate(YEARS)}


def lasten(lines: list[tuple] = LASTEN) -> list[tuple]:
    return list(lines)


def dekking(lines: list[tuple] = LASTEN) -> list[tuple]:
    """The national contribution as agreed; the city's budget covers the rest of the costs `lines`."""
    costs = totals(lines, 3)
    city = tuple(costs[y] - LVV_AMOUNT[y] for y in YEARS)
    return [
        (CITY, *city, DEKKING_NOTES[CITY]),
        (LVV, *(LVV_AMOUNT[y] for y in YEARS), DEKKING_NOTES[LVV]),
    ]


def locaties() -> list[tuple]:
    return list(LOCATIES)


def validate() -> None:
    costs = totals(LASTEN, 3)
    funding = totals(dekking(), 1)
    assert 11 <= len(LASTEN) <= 14
    assert {line[1] for line in LASTEN} == set(CATEGORIES)
    for year in YEARS:
        assert costs[year] <= BUDGET[year], (year, costs[year])
        assert funding[year] == costs[year], year
        assert all(line[3 + YEARS.index(year)] >= 0 for line in LASTEN)
    assert sum(loc[2] for loc in LOCATIES) == PLACES
    assert all(loc[4] <= MAX_STAY_MONTHS and loc[1] in STADSDELEN for loc in LOCATIES)
    assert set(STADSDELEN) == {loc[1] for loc in LOCATIES}
    assert 8 <= len(LOCATIES) <= 9


def euro(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def summary() -> str:
    costs = totals(LASTEN, 3)
    parts = [f"{y}: lasten {euro(costs[y])} (kader {euro(BUDGET[y])}, ruimte {euro(BUDGET[y] - costs[y])}); "
             f"dekking gemeente {euro(costs[y] - LVV_AMOUNT[y])} + LVV {euro(LVV_AMOUNT[y])}" for y in YEARS]
    return "\n".join(["begroting: " + " | ".join(parts),
                      f"locaties: {len(LOCATIES)}, plaatsen {sum(loc[2] for loc in LOCATIES)}"])
