"""The input workbooks, defined once: every sheet and column, with its kind, its vocabulary and its meaning.

The readers take their column names from here, `python -m pipeline new` and the sample generator
(tools/make_sample.py) write their workbooks from here, and tests/test_schema.py holds the advisers'
guide to it: a column cannot exist in one of them and not in the others.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from pipeline.base.errors import Problem, Severity
from pipeline.model.plan import AdviceKind, AdviceStatus, Consequence, Kind, Outcome, Support, Vocabulary, YesNo

# What a blank input set holds where a value still has to be typed (voordracht.toml, the texts' stubs)
PLACEHOLDER = "nog in te vullen"
REQUIRED = "ja"
OPTIONAL = "nee"


class ColumnKind(Enum):
    """What a cell of a column holds; the value is how the advisers' Toelichting sheet names it."""

    TEXT = "tekst"
    NUMBER = "geheel getal"
    AMOUNT = "bedrag in euro's"
    DATE = "datum"
    CHOICE = "keuze"
    YEARS = "bedrag in euro's, per jaar"


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    need: str  # "ja": in the header and filled on every row; "nee": may be left out; else when it is needed
    explanation: str  # Dutch, for the Toelichting sheet
    vocabulary: type[Vocabulary] | None = None
    width: float = 14
    wrap: bool = False
    total: bool = False  # summed on the adviser's own Totaal row

    @property
    def required(self) -> bool:
        """In the header row, always (a column needed only sometimes may be left out)."""
        return self.need == REQUIRED

    @property
    def choices(self) -> list[str]:
        return self.vocabulary.choices() if self.vocabulary is not None else []


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    # what to fill while the sheet has no rows (a to-do of `make check`); None: it may stay empty
    empty: str | None = None

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required and c.kind is not ColumnKind.YEARS)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required and c.kind is not ColumnKind.YEARS)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def headers(self, years: Sequence[int] = ()) -> tuple[str, ...]:
        """The header row as written: the year column once per year."""
        return tuple(h for c in self.columns
                     for h in ([str(y) for y in years] if c.kind is ColumnKind.YEARS else [c.name]))


@dataclass(frozen=True)
class Workbook:
    file: str  # under the inputs folder; for the harvest, one per day: oogst/dag-1.xlsx, ...
    title: str
    about: tuple[str, ...]  # Dutch paragraphs for its Toelichting sheet: what it is for, who keeps it
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


def _text(name: str, need: str, explanation: str, width: float = 14, wrap: bool = False) -> Column:
    return Column(name, ColumnKind.TEXT, need, explanation, width=width, wrap=wrap)


def _choice(name: str, vocabulary: type[Vocabulary], need: str, explanation: str, width: float = 12) -> Column:
    return Column(name, ColumnKind.CHOICE, need, explanation, vocabulary, width=width)


CHAPTER = "het id van een hoofdstuk (de naam van tekst/plan/NN-id.md zonder nummer en .md)"

HARVEST = Sheet("Oogst", (
    _text("ID", REQUIRED, "Uniek nummer van de inbreng, over alle werkdagen samen: D1-001, D1-002, ..., D2-001, ...",
          9),
    Column("Dag", ColumnKind.NUMBER, REQUIRED, "Het nummer van de werkdag: 'dag' van een [[werkdag]] in "
                                                "voordracht.toml.", width=5),
    _text("Sessie", OPTIONAL, "De ronde of de tafel waar de inbreng is opgeschreven.", 18, True),
    _text("Thema", REQUIRED, "Het thema van de tafel of het gesprek.", 24, True),
    _text("Inbreng", REQUIRED, "De bijdrage zoals die op de werkdag is opgeschreven; openbaar.", 60, True),
    _text("Ingebracht door", REQUIRED, "De organisatie, precies zo gespeld als in deelnemers.xlsx, of 'Plenair' "
                                       "voor een uitkomst van de hele groep.", 22),
    _choice("Soort", Kind, REQUIRED, "Wat voor inbreng het is.", 10),
    _choice("Draagvlak", Support, REQUIRED, "Hoeveel steun de inbreng kreeg; 'minderheid' komt in de lijst van "
                                            "minderheidsstandpunten."),
    _choice("Binnen kaders", YesNo, REQUIRED, "Past de inbreng binnen de kaders van voordracht.toml (plaatsen, "
                                              "verblijf, budget)? Bij 'nee' kan de verwerking alleen "
                                              "'vervolgagenda' of 'niet overgenomen' zijn.", 9),
    _choice("Verwerking", Outcome, "voor de voordracht", "Wat het programmateam met de inbreng doet; leeg: nog in "
                                                         "behandeling (mag in de reviewset, niet in de voordracht).",
            18),
    _text("Onderdeel", "bij (deels) overgenomen", f"Het hoofdstuk waarin de inbreng is verwerkt: {CHAPTER}.", 26),
    _text("Samengevoegd met", "bij samengevoegd", "Het ID van de inbreng waarmee deze is samengevoegd (die zelf niet "
                                                  "samengevoegd is).", 12),
    _text("Toelichting", "bij deels overgenomen, vervolgagenda, niet overgenomen",
          "Waarom; openbaar: de deelnemers lezen dit in het concept.", 50, True),
    _text("Interne notitie", OPTIONAL, "Alleen voor het programmateam; komt nooit in het concept of de voordracht.",
          32, True),
), empty="de inbreng van deze werkdag, één rij per inbreng")

YEARS = Column("één kolom per jaar", ColumnKind.YEARS, REQUIRED,
               "Het bedrag in euro's, 0 of meer (centen mogen); een lege cel telt als 0. De kop is het jaartal; "
               "de jaren zijn precies die van budget in [kaders] van voordracht.toml.", width=16, total=True)
TOTAL_ROWS = " Een rij die met Totaal of Subtotaal begint, is uw eigen controletotaal en telt niet mee."

COSTS = Sheet("Lasten", (
    _text("Post", REQUIRED, "De kostenpost." + TOTAL_ROWS, 44, True),
    _text("Categorie", REQUIRED, "De categorie; posten met precies dezelfde categorie worden in het plan opgeteld.",
          24),
    _text("Onderdeel", OPTIONAL, f"Het hoofdstuk waar de post bij hoort: {CHAPTER}.", 27),
    YEARS,
    _text("Toelichting", OPTIONAL, "Uitleg bij de post; openbaar.", 60, True),
), empty="de kostenposten, één rij per post met het bedrag per jaar")

FUNDING = Sheet("Dekking", (
    _text("Bron", REQUIRED, "Waaruit de lasten betaald worden." + TOTAL_ROWS, 52, True),
    YEARS,
    _text("Toelichting", OPTIONAL, "Uitleg bij de bron; openbaar.", 60, True),
), empty="de bronnen van dekking, één rij per bron met het bedrag per jaar")

LOCATIONS = Sheet("Locaties", (
    _text("Locatie", REQUIRED, "Het adres of de naam van de locatie; vertrouwelijk: alleen in de vertrouwelijke "
                               "bijlage." + TOTAL_ROWS, 30),
    _text("Stadsdeel", REQUIRED, "Openbaar; de plaatsen worden per stadsdeel opgeteld.", 14),
    Column("Plaatsen", ColumnKind.NUMBER, REQUIRED, "Het aantal opvangplaatsen, 1 of meer; samen ten hoogste "
                                                    "plaatsen in [kaders].", width=10, total=True),
    _text("Doelgroep", OPTIONAL, "Voor wie de locatie is, als die er een eigen doelgroep heeft; openbaar.", 22),
    Column("Max. verblijf (maanden)", ColumnKind.NUMBER, REQUIRED, "De langste verblijfsduur op deze locatie, 1 of "
                                                                   "meer; ten hoogste max_verblijf_maanden in "
                                                                   "[kaders].", width=13),
))

ADVICE_COLUMNS = (
    _text("ID", REQUIRED, "Uniek over beide werkbladen: J-01, J-02, ..., F-01, F-02, ...", 7),
    _text("Onderwerp", REQUIRED, "Waar het advies over gaat.", 34, True),
    _text("Advies", REQUIRED, "De tekst van het advies.", 80, True),
    _choice("Status", AdviceStatus, REQUIRED, "Het oordeel van de adviseur.", 24),
    _text("Onderdeel", OPTIONAL, f"Het hoofdstuk waar het advies over gaat: {CHAPTER}.", 27),
    _choice("Vertrouwelijk", YesNo, REQUIRED, "ja: het advies komt alleen in de vertrouwelijke bijlage; nee: in de "
                                              "openbare voordracht.", 13),
    _text("Adviseur", OPTIONAL, "De naam van de adviseur; alleen intern, nooit in de documenten.", 20),
)
ADVICE = tuple(Sheet(kind.value, ADVICE_COLUMNS) for kind in AdviceKind)

PARTICIPANTS = Sheet("Deelnemers", (
    _text("Naam", REQUIRED, "De naam van de deelnemer; alleen met toestemming in de documenten.", 26),
    _text("Organisatie", REQUIRED, "De organisatie, overal precies zo gespeld; de oogst verwijst ernaar bij "
                                   "'Ingebracht door'.", 28),
    _text("E-mail", OPTIONAL, "Het e-mailadres; komt nooit in de documenten.", 32),
    _choice("Naam vermelden", YesNo, REQUIRED, "Gaf deze persoon toestemming om met naam genoemd te worden?", 10),
    _choice("Reviewexemplaar", YesNo, REQUIRED, "Ontvangt deze persoon het concept ter reactie?", 10),
), empty="de deelnemers, één rij per deelnemer")

REACTIONS = Sheet("Reacties", (
    _text("ID", REQUIRED, "Uniek nummer van de reactie: R-001, R-002, ... make reacties nummert verder na het "
                      "hoogste.", 9),
    Column("Ontvangen", ColumnKind.DATE, REQUIRED, "De dag waarop de reactie binnenkwam.", width=12),
    _text("Van", REQUIRED, "De organisatie (zoals in deelnemers.xlsx) of de naam van de deelnemer.", 26),
    _text("Onderdeel", REQUIRED, f"Waar de reactie over gaat: {CHAPTER}, of 'algemeen'.", 24),
    _text("Passage", OPTIONAL, "De tekst waar de reactie over gaat.", 40, True),
    _text("Reactie", REQUIRED, "De reactie zelf.", 60, True),
    _text("Bron", OPTIONAL, "Waar de reactie vandaan komt: het teruggestuurde bestand en de opmerking of wijziging "
                            "(met een kenmerk: laat dat staan, zo voegt make reacties haar geen tweede keer toe), "
                            "'e-mail', 'brief', ...", 36),
    _text("Antwoord", "voor de voordracht", "Het antwoord van het programmateam; leeg: nog open.", 60, True),
    _choice("Gevolg", Consequence, "voor de voordracht", "Wat de reactie veranderde; leeg: nog open.", 18),
    _text("Wijziging", "bij plan aangepast", "Wat er in het plan is veranderd.", 40, True),
    _text("Interne notitie", OPTIONAL, "Alleen voor het programmateam; vertrouwelijk.", 32, True),
))

HARVEST_BOOK = Workbook("oogst/dag-{dag}.xlsx", "Oogst van werkdag {dag}", (
    "Deze werkmap bevat de oogst van één werkdag: elke rij is één inbreng van een deelnemende organisatie of van "
    "de hele groep. De facilitator vult de inbreng in (ID tot en met Binnen kaders); het programmateam vult daarna "
    "per rij de verwerking in.",
), (HARVEST,))
BUDGET_BOOK = Workbook("begroting.xlsx", "Begroting", (
    "De financieel adviseur houdt hier de begroting bij: 'Lasten' de kostenposten per jaar, 'Dekking' de bronnen "
    "waaruit ze betaald worden, 'Locaties' de opvanglocaties met hun plaatsen. make check toetst ze aan de kaders "
    "in voordracht.toml.",
    "Voeg nieuwe regels in boven de Totaal-regel (rij invoegen), dan telt de formule ze mee.",
), (COSTS, FUNDING, LOCATIONS))
ADVICE_BOOK = Workbook("adviezen.xlsx", "Adviezen", (
    "De juridisch en de financieel adviseur leggen hier hun advies over het plan vast, elk op een eigen werkblad. "
    "Een advies met Vertrouwelijk = ja komt alleen in de vertrouwelijke bijlage voor het college. Een werkblad "
    "mag leeg blijven.",
), ADVICE)
PARTICIPANTS_BOOK = Workbook("deelnemers.xlsx", "Deelnemers", (
    "De deelnemers aan de werkdagen, één rij per persoon (per organisatie). Naam vermelden zegt of iemand "
    "toestemming gaf om met naam in de stukken te staan; Reviewexemplaar of hij of zij het concept ter reactie "
    "krijgt. E-mailadressen komen nooit in de documenten.",
), (PARTICIPANTS,))
REACTIONS_BOOK = Workbook("reacties.xlsx", "Reacties op het concept", (
    "De reacties van de deelnemers op het concept, één rij per reactie, met het antwoord van het programmateam. "
    "make reacties vult de reacties uit teruggestuurde exemplaren hier aan; u mag ook zelf rijen toevoegen "
    "(een e-mail, een brief). Het werkblad mag leeg blijven tot de reacties binnenkomen.",
), (REACTIONS,))

# in the order a team fills them
WORKBOOKS = (PARTICIPANTS_BOOK, HARVEST_BOOK, BUDGET_BOOK, ADVICE_BOOK, REACTIONS_BOOK)

# Where a to-do is, in the order a programme team works: the settings (frames, days), who took part, the
# harvest, the chapters it goes into, the budget, the advice, the proposal's own texts, the reactions.
TEAM_ORDER = ("voordracht.toml", "deelnemers.xlsx", "oogst", "tekst/plan", "begroting.xlsx", "adviezen.xlsx",
              "tekst/voordracht", "reacties.xlsx")


def _team_rank(location: str) -> int:
    for rank, prefix in enumerate(TEAM_ORDER):
        if location == prefix or location.startswith((prefix + "/", prefix + "!", prefix + ":")):
            return rank
    return len(TEAM_ORDER)


def in_team_order(problems: Sequence[Problem]) -> list[Problem]:
    """The problems and warnings as found, then what is still to be filled in: a to-do list, per file in
    the order a team fills them."""
    todo = [p for p in problems if p.severity is Severity.TODO]
    rest = [p for p in problems if p.severity is not Severity.TODO]
    return rest + sorted(todo, key=lambda p: _team_rank(p.location))


def is_placeholder(value: object) -> bool:
    """A value a blank set left to fill: the text 'nog in te vullen' (any case and spacing)."""
    return isinstance(value, str) and " ".join(value.split()).casefold() == PLACEHOLDER
