"""Synthetic but valid input sets of any size, seeded: same size and seed, same bytes.

    python -m tools.bench.generate --items 10000 --organisations 300 --out /tmp/plan-a-big

Every rule of the contract holds: each item decided, a chapter with (deels) overgenomen, a reason with
deels overgenomen / vervolgagenda / niet overgenomen, items outside the frames only to the follow-up
agenda or not adopted, merged items pointing at an item that is not itself merged, every organisation
in deelnemers.xlsx, costs within the budget and fully funded, places and stays within the frames.
"""
from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from pathlib import Path

from . import words
from .xlsx import Book

SAMPLE_ITEMS, SAMPLE_ORGANISATIONS = 200, 14  # the sample's harvest, as the contract describes it
YEARS = (2019, 2020)
HARVEST_COLUMNS = ("ID", "Dag", "Sessie", "Thema", "Inbreng", "Ingebracht door", "Soort", "Draagvlak",
                   "Binnen kaders", "Verwerking", "Onderdeel", "Samengevoegd met", "Toelichting",
                   "Interne notitie")
KINDS = (("idee", 30), ("zorg", 25), ("voorstel", 35), ("vraag", 10))
SUPPORT = (("consensus", 85), ("breed", 7), ("verdeeld", 5), ("minderheid", 3))
OUTCOMES = (("overgenomen", 66), ("deels overgenomen", 17), ("samengevoegd", 10), ("vervolgagenda", 3),
            ("niet overgenomen", 4))
SAMPLE_NAMES = ("VluchtelingenWerk", "HVO-Querido", "Leger des Heils", "We Are Here", "ASKV",
                "Amsterdam City Rights", "Wereldhuis", "Dokters van de Wereld", "Rode Kruis", "IND",
                "Dienst Terugkeer en Vertrek", "Politie Amsterdam", "GGD Amsterdam", "Gemeente Amsterdam")
PREFIXES = ("Stichting", "Vereniging", "Buurtteam", "Platform", "Netwerk", "Coöperatie", "Inloophuis", "Steunpunt")
THEMES = ("Opvang", "Perspectief", "Welzijn", "Rechtshulp", "Thuis", "Ontmoeting", "Nieuwkomers", "Zorg",
          "Taal", "Werk", "Vrouwen", "Jongeren", "Geloof & Samenleving", "Huisvesting")
PLACES = ("Noord", "Oost", "West", "Zuid", "Centrum", "Nieuw-West", "Zuidoost", "Osdorp", "Slotervaart",
          "De Pijp", "Bijlmer", "Watergraafsmeer", "IJburg", "Jordaan", "Bos en Lommer")
DISTRICTS = ("Centrum", "Nieuw-West", "Zuid", "Oost", "West", "Noord", "Zuidoost")
CATEGORIES = ("Huisvesting", "Begeleiding", "Leefgeld", "Juridische ondersteuning", "Beveiliging", "Programma")
FIRST = ("Anne", "Bas", "Fatma", "Jeroen", "Kofi", "Laura", "Mohamed", "Noor", "Petra", "Reza", "Samira",
         "Thijs", "Yonas", "Ayşe", "Daniël", "Eva", "Grace", "Hamid", "Ingrid", "Joris")
LAST = ("de Vries", "Bakker", "El Amrani", "Jansen", "Mensah", "Martínez", "Bouzid", "Haddad", "Wolters",
        "Moradi", "Visser", "de Groot", "Tesfay", "Demir", "Kuipers", "Lindqvist", "Okafor", "Sharifi")


@dataclass(frozen=True)
class Size:
    """What grows with the harvest. Organisations grow with it up to 300 (the target's 10,000 items)."""

    items: int
    organisations: int

    @property
    def scale(self) -> float:
        return self.items / SAMPLE_ITEMS

    @property
    def days(self) -> int:  # one workbook per workshop day, some 700 contributions a day at most
        return max(3, math.ceil(self.items / 700))

    @property
    def chapters(self) -> int:
        return min(8 + self.items // 1000, 20)

    @property
    def cost_lines(self) -> int:
        return 14 * math.ceil(math.sqrt(self.scale))

    @property
    def locations(self) -> int:
        return 9 * math.ceil(math.sqrt(self.scale))

    @property
    def advice(self) -> int:
        return 9 * math.ceil(math.sqrt(self.scale))

    @property
    def label(self) -> str:
        return f"{self.items:,} items, {self.organisations} organisaties".replace(",", ".")


def size_for(scale: float, base: Size | None = None) -> Size:
    """`scale` times the sample's harvest (`base`); organisations grow in proportion, at most 300."""
    base = base or Size(SAMPLE_ITEMS, SAMPLE_ORGANISATIONS)
    organisations = min(300, max(base.organisations, round(base.organisations * scale)))
    return Size(round(base.items * scale), organisations)


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def organisation_names(count: int) -> list[str]:
    names = list(SAMPLE_NAMES[:count])
    combos = ((p, t, pl) for pl in PLACES for t in THEMES for p in PREFIXES)
    while len(names) < count:
        prefix, theme, place = next(combos)
        names.append(f"{prefix} {theme} {place}")
    return names


def chapter_ids(size: Size) -> list[tuple[str, str]]:
    base = [("inleiding", "Inleiding"), ("doelgroep", "Doelgroep"), ("opvang-en-locaties", "Opvang en locaties"),
            ("begeleiding-en-perspectief", "Begeleiding en perspectief"),
            ("samenwerking-ketenpartners", "Samenwerking met de ketenpartners"),
            ("zelfbeheer-en-leefgeld", "Zelfbeheer en leefgeld"), ("kwetsbare-groepen", "Kwetsbare groepen"),
            ("monitoring-en-evaluatie", "Monitoring en evaluatie")]
    extra = [(f"uitwerking-{n}", f"Uitwerking deelgebied {n}") for n in range(1, size.chapters - len(base) + 1)]
    return (base + extra)[:size.chapters]


def harvest_rows(size: Size, rng: random.Random, orgs: list[str], chapters: list[str]) -> dict[int, list[tuple]]:
    """Per day, the rows of sheet Oogst (in HARVEST_COLUMNS order)."""
    weights = [1 / (n + 1) ** 0.8 for n in range(len(orgs))]  # a few organisations bring in most
    sessions = ("Ochtend: ronde 1", "Ochtend: ronde 2", "Middag: bouwstenen", "Middag: verdieping", "Plenair")
    themes = ("Opvang", "Begeleiding", "Perspectief", "Zorg", "Zelfbeheer", "Samenwerking", "Kwetsbare groepen",
              "Leefgeld", "Buurt en omgeving", "Terugkeer en doormigratie")
    per_day = [size.items // size.days + (d < size.items % size.days) for d in range(size.days)]
    width = max(3, len(str(max(per_day))))
    decided: list[str] = []  # IDs of items that are not themselves merged: what a merge may point at
    out: dict[int, list[tuple]] = {}
    for day, count in enumerate(per_day, 1):
        out[day] = []
        for n in range(1, count + 1):
            ident = f"D{day}-{n:0{width}d}"
            org = "Plenair" if rng.random() < 0.08 else rng.choices(orgs, weights=weights)[0]
            within = "nee" if rng.random() < 0.05 else "ja"
            if within == "nee":
                outcome = "vervolgagenda" if rng.random() < 0.7 else "niet overgenomen"
            else:
                outcome = _weighted(rng, OUTCOMES)
                if outcome == "samengevoegd" and not decided:
                    outcome = "overgenomen"
            chapter = rng.choice(chapters) if outcome in ("overgenomen", "deels overgenomen") else None
            merged = rng.choice(decided[-200:]) if outcome == "samengevoegd" else None
            why = words.reason(rng) if outcome in ("deels overgenomen", "vervolgagenda", "niet overgenomen") \
                else None
            note = words.note(rng) if rng.random() < 0.08 else None
            support = "minderheid" if within == "nee" and rng.random() < 0.3 else _weighted(rng, SUPPORT)
            out[day].append((ident, day, rng.choice(sessions), rng.choice(themes), words.contribution(rng), org,
                             _weighted(rng, KINDS), support, within, outcome, chapter, merged, why, note))
            if outcome != "samengevoegd":
                decided.append(ident)
    return out


def participants(rng: random.Random, orgs: list[str]) -> list[tuple]:
    no_copy = {orgs[n] for n in range(len(orgs)) if n % 7 == 3}  # some get the concept through the line
    rows, seen = [], set()
    for org in orgs:
        for _ in range(rng.randint(2, 7)):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            while name in seen:
                name = f"{rng.choice(FIRST)} {rng.choice(FIRST)[0]}. {rng.choice(LAST)}"
            seen.add(name)
            mail = f"p{len(rows) + 1}@example.org"
            rows.append((name, org, mail, "nee" if rng.random() < 0.17 else "ja", "nee" if org in no_copy else "ja"))
    return rows


def budget(size: Size, rng: random.Random, chapters: list[str]):
    lasten = []
    for n in range(size.cost_lines):
        amounts = [rng.randint(100, 1500) * 1000 for _ in YEARS]
        lasten.append((f"Kostenpost {n + 1}: {rng.choice(words.WHAT)}", CATEGORIES[n % len(CATEGORIES)],
                       rng.choice(chapters) if rng.random() < 0.6 else None, *amounts,
                       words.reason(rng) if rng.random() < 0.5 else None))
    costs = [sum(line[3 + i] for line in lasten) for i in range(len(YEARS))]
    rijk = [c * 2 // 5 for c in costs]
    dekking = [("Gemeentelijk budget", *(c - r for c, r in zip(costs, rijk)), "Gereserveerd in de begroting."),
               ("Rijksbijdrage LVV", *rijk, None)]
    frame = {y: math.ceil(c * 1.03 / 100_000) * 100_000 for y, c in zip(YEARS, costs)}
    locaties = [(f"Straatweg {n + 1}", DISTRICTS[n % len(DISTRICTS)], rng.randint(30, 80),
                 rng.choice((None, None, "vrouwen", "kwetsbare personen")), rng.choice((12, 18)))
                for n in range(size.locations)]
    return lasten, dekking, locaties, frame


def advice(size: Size, rng: random.Random, chapters: list[str]) -> tuple[list[tuple], list[tuple]]:
    status = (("akkoord", 70), ("akkoord onder voorwaarden", 20), ("niet akkoord", 10))
    sheets: tuple[list[tuple], list[tuple]] = ([], [])
    for n in range(size.advice):  # numbered subjects: a confidential one never repeats a public one
        prefix, sheet = ("J", sheets[0]) if n % 2 == 0 else ("F", sheets[1])
        sheet.append((f"{prefix}-{len(sheet) + 1:02d}", f"Advies {n + 1} over {rng.choice(words.WHAT)}",
                      words.paragraph(rng, 3), _weighted(rng, status),
                      rng.choice(chapters) if rng.random() < 0.6 else None,
                      "ja" if rng.random() < 0.3 else "nee", "mr. L. Brinkman"))
    return sheets


def toml(size: Size, frame: dict[int, int], places: int) -> str:
    days = "\n".join(f'[[werkdag]]\ndag = {d}\ndatum = 2018-{10 + (d - 1) // 28:02d}-{(d - 1) % 28 + 1:02d}\n'
                     f'thema = "Werkdag {d}"\n' for d in range(1, size.days + 1))
    budget = ", ".join(f"{y} = {a}" for y, a in frame.items())
    return f"""[voordracht]
onderwerp = "Vaststellen Uitvoeringsplan opvang ongedocumenteerden"
portefeuille = "Vreemdelingenbeleid"
portefeuillehouder = "Wethouder R. Groot Wassink"
datum_college = 2018-12-11
behandeld_door = "Programmateam Ongedocumenteerden"
agendapunt = "12"
registratienummer = "2018-0123"

[kaders]
plaatsen = {places}
max_verblijf_maanden = 18
budget = {{ {budget} }}

{days}
[[besluit]]
tekst = "in te stemmen met het Uitvoeringsplan opvang ongedocumenteerden;"

[[besluit]]
tekst = "kennis te nemen van de opbrengst van de werkdagen en de verantwoording daarvan in bijlage 1;"

[[besluit]]
tekst = "op grond van artikel 25, tweede lid, van de Gemeentewet geheimhouding op te leggen op de vertrouwelijke bijlage (bijlage 2);"

[[besluit]]
tekst = "de gemeenteraad over dit besluit te informeren."

[[vervolgstap]]
datum = 2018-11-20
stap = "Concept naar alle deelnemers"
toelichting = "Alle deelnemers ontvangen het concept met wat er met hun inbreng is gedaan."

[[vervolgstap]]
datum = 2018-12-11
stap = "Besluit college van B&W"

[review]
verzonden = 2018-11-20
reactie_tot = 2018-11-30
contact = "ongedocumenteerden@amsterdam.nl"
"""


def generate(size: Size, folder: Path, seed: int = 2018) -> Path:
    """Writes a complete input set of `size` into `folder` (which should be empty or absent)."""
    rng = random.Random(f"{seed}-{size.items}-{size.organisations}")
    orgs = organisation_names(size.organisations)
    chapters = chapter_ids(size)
    ids = [c for c, _ in chapters]
    for n, (cid, title) in enumerate(chapters, 1):
        _write(folder / "tekst" / "plan" / f"{n:02d}-{cid}.md", words.chapter(rng, title))
    _write(folder / "tekst" / "voordracht" / "achtergrond.md", words.prose(rng))
    _write(folder / "tekst" / "voordracht" / "onderbouwing.md", words.prose(rng))
    harvest = harvest_rows(size, rng, orgs, ids)
    validate(harvest, orgs, ids)
    for day, rows in harvest.items():
        book = Book()
        book.sheet("Oogst", HARVEST_COLUMNS, rows, title=f"Oogst werkdag {day} (synthetisch)",
                   wrap=("Inbreng", "Toelichting", "Interne notitie"))
        book.save(folder / "oogst" / f"dag-{day:02d}.xlsx")
    lasten, dekking, locaties, frame = budget(size, rng, ids)
    years = [str(y) for y in YEARS]
    book = Book()
    book.sheet("Lasten", ("Post", "Categorie", "Onderdeel", *years, "Toelichting"), lasten,
               title="Begroting: lasten", wrap=("Post", "Toelichting"), total=years)
    book.sheet("Dekking", ("Bron", *years, "Toelichting"), dekking, title="Begroting: dekking")
    book.sheet("Locaties", ("Locatie", "Stadsdeel", "Plaatsen", "Doelgroep", "Max. verblijf (maanden)"), locaties)
    book.save(folder / "begroting.xlsx")
    juridisch, financieel = advice(size, rng, ids)
    book = Book()
    columns = ("ID", "Onderwerp", "Advies", "Status", "Onderdeel", "Vertrouwelijk", "Adviseur")
    book.sheet("Juridisch", columns, juridisch, wrap=("Advies",))
    book.sheet("Financieel", columns, financieel, wrap=("Advies",))
    book.save(folder / "adviezen.xlsx")
    book = Book()
    book.sheet("Deelnemers", ("Naam", "Organisatie", "E-mail", "Naam vermelden", "Reviewexemplaar"),
               participants(rng, orgs))
    book.save(folder / "deelnemers.xlsx")
    _write(folder / "voordracht.toml", toml(size, frame, sum(loc[2] for loc in locaties)))
    return folder


def validate(harvest: dict[int, list[tuple]], orgs: list[str], chapters: list[str]) -> None:
    """The contract's rules for the harvest, so a slow build is never a build that failed early."""
    rows = [r for day in harvest.values() for r in day]
    by_id = {r[0]: r for r in rows}
    assert len(by_id) == len(rows), "duplicate ID"
    known = set(orgs) | {"Plenair"}
    for ident, day, _, theme, text, org, _, _, within, outcome, chapter, merged, why, _ in rows:
        assert theme and text and org in known and outcome, ident
        assert (chapter is not None) == (outcome in ("overgenomen", "deels overgenomen")), ident
        assert chapter is None or chapter in chapters, ident
        assert (merged is not None) == (outcome == "samengevoegd"), ident
        assert merged is None or (merged != ident and by_id[merged][9] != "samengevoegd"), ident
        assert (why is not None) == (outcome in ("deels overgenomen", "vervolgagenda", "niet overgenomen")), ident
        assert within == "ja" or outcome in ("vervolgagenda", "niet overgenomen"), ident


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.generate", description=__doc__.splitlines()[0])
    p.add_argument("--items", type=int, default=SAMPLE_ITEMS)
    p.add_argument("--organisations", type=int, default=None, help="default: growing with the items, at most 300")
    p.add_argument("--seed", type=int, default=2018)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    size = size_for(args.items / SAMPLE_ITEMS)
    if args.organisations is not None:
        size = Size(args.items, args.organisations)
    generate(size, args.out, args.seed)
    print(f"{args.out}: {size.label}, {size.days} werkdagen, {size.chapters} hoofdstukken")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
