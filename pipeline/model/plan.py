"""The plan model: immutable records with closed vocabularies, each knowing where it came from."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum

from pipeline.base.dutch import cents
from pipeline.model.record import SentRecord

SECRECY = re.compile(r"\bgeheimhouding", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """Where a value was read: `begroting.xlsx!Lasten!D14`, `tekst/plan/02-x.md:3`, `voordracht.toml: kaders`."""

    file: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    key: str | None = None
    # column name -> letter, so a row's source can point at any of its cells
    columns: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}!{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.key is not None:
            return f"{self.file}: {self.key}"
        return self.file

    def at(self, column: str) -> Source:
        """The cell of `column` in this row (the row's own source when the column is absent)."""
        letter = dict(self.columns).get(column)
        if letter is None or self.cell is None:
            return self
        row = re.sub(r"^[A-Z]+", "", self.cell)
        return replace(self, cell=f"{letter}{row}", columns=())


class Vocabulary(Enum):
    """A closed vocabulary whose values are typed by users."""

    @classmethod
    def choices(cls) -> list[str]:
        return [m.value for m in cls if m.value]

    @property
    def label(self) -> str:
        """As documents and plan.json show it: the value, and "in behandeling" for an empty cell (still open)."""
        return self.value or "in behandeling"


class Kind(Vocabulary):
    IDEA = "idee"
    CONCERN = "zorg"
    PROPOSAL = "voorstel"
    QUESTION = "vraag"


class Support(Vocabulary):
    CONSENSUS = "consensus"
    BROAD = "breed"
    DIVIDED = "verdeeld"
    MINORITY = "minderheid"


class Outcome(Vocabulary):
    ADOPTED = "overgenomen"
    PARTLY_ADOPTED = "deels overgenomen"
    MERGED = "samengevoegd"
    FOLLOW_UP = "vervolgagenda"
    NOT_ADOPTED = "niet overgenomen"
    OPEN = ""  # empty cell: still to be decided, shown as "in behandeling"


class AdviceStatus(Vocabulary):
    AGREED = "akkoord"
    CONDITIONAL = "akkoord onder voorwaarden"
    DISAGREED = "niet akkoord"


class AdviceKind(Vocabulary):
    LEGAL = "Juridisch"
    FINANCIAL = "Financieel"


class YesNo(Vocabulary):
    YES = "ja"
    NO = "nee"


class Consequence(Vocabulary):
    """What a reaction led to (reacties.xlsx, column Gevolg)."""

    CHANGED = "plan aangepast"
    NOT_CHANGED = "niet aangepast"
    FOLLOW_UP = "vervolgagenda"
    NOTED = "ter kennisname"
    OPEN = ""  # empty cell: not answered yet


@dataclass(frozen=True)
class YearAmount:
    year: int
    amount: Decimal
    source: Source


def year_total(lines, year: int) -> Decimal:
    """The sum of a year over `lines` (anything with `amounts`), as Excel shows a SUM of them: exact,
    then in whole cents."""
    return cents(sum((a.amount for line in lines for a in line.amounts if a.year == year), Decimal(0)))


@dataclass(frozen=True)
class Proposal:
    subject: str
    portfolio: str
    portfolio_holder: str
    college_date: dt.date
    handled_by: str
    agenda_item: str | None
    registration_number: str | None
    source: Source
    # as printed where the pipeline names the municipality (the documents' author): `Gemeente Utrecht`
    municipality: str = "Gemeente"
    decided: dt.date | None = None  # `besloten`: the day the college decided; with it, the feedback is built


@dataclass(frozen=True)
class Frames:
    places: int
    max_stay_months: int
    budget: tuple[YearAmount, ...]
    source: Source

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(b.year for b in self.budget)


@dataclass(frozen=True)
class WorkshopDay:
    day: int
    date: dt.date
    theme: str
    source: Source


@dataclass(frozen=True)
class Decision:
    number: int
    text: str
    source: Source

    @property
    def imposes_secrecy(self) -> bool:
        """A decision point that imposes secrecy says so: it holds the word 'geheimhouding'."""
        return SECRECY.search(self.text) is not None


@dataclass(frozen=True)
class NextStep:
    date: dt.date
    step: str
    explanation: str | None
    source: Source


@dataclass(frozen=True)
class ReviewSettings:
    sent: dt.date
    deadline: dt.date
    contact: str
    source: Source


@dataclass(frozen=True)
class Prose:
    """Markdown text written by the programme team."""

    markdown: str
    source: Source


@dataclass(frozen=True)
class Chapter:
    id: str
    order: int
    title: str
    body: Prose


@dataclass(frozen=True)
class HarvestItem:
    id: str
    day: int
    session: str | None
    theme: str
    text: str
    organisation: str
    kind: Kind
    support: Support
    within_frames: bool
    outcome: Outcome
    chapter: str | None
    merged_with: str | None
    explanation: str | None
    internal_note: str | None
    source: Source
    # for a merged item: what happened to the item it was merged with
    final_outcome: Outcome | None = None
    final_chapter: str | None = None


@dataclass(frozen=True)
class CostLine:
    post: str
    category: str
    chapter: str | None
    amounts: tuple[YearAmount, ...]
    explanation: str | None
    source: Source


@dataclass(frozen=True)
class FundingLine:
    name: str
    amounts: tuple[YearAmount, ...]
    explanation: str | None
    source: Source


@dataclass(frozen=True)
class ShelterLocation:
    name: str  # confidential
    district: str
    places: int
    target_group: str | None
    max_stay_months: int
    source: Source


@dataclass(frozen=True)
class Advice:
    id: str
    kind: AdviceKind
    subject: str
    text: str
    status: AdviceStatus
    chapter: str | None
    confidential: bool
    adviser: str | None  # internal only
    source: Source


@dataclass(frozen=True)
class Participant:
    name: str
    organisation: str
    email: str | None  # never printed
    may_be_named: bool
    wants_review_copy: bool
    source: Source
    person: int = 0  # rows of the same person (deelnemers.xlsx lists some twice) share this number
    named: bool = False  # consent, and no namesake who refused it: the name may be printed


@dataclass(frozen=True)
class Organisation:
    name: str
    slug: str
    participants: int
    wants_review_copy: bool
    item_ids: tuple[str, ...]
    shown_as: str = ""  # the name public documents print: never the name of a person without consent


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class YearFigures:
    year: int
    frame: Decimal
    costs: Decimal
    funding: Decimal
    headroom: Decimal  # frame minus costs


@dataclass(frozen=True)
class Figures:
    """Derived numbers the documents quote."""

    items: int
    consensus_share: Decimal  # 0..1
    per_outcome: tuple[Count, ...]
    per_day: tuple[Count, ...]
    per_organisation: tuple[Count, ...]
    per_support: tuple[Count, ...]
    participants: int
    organisations: int
    places_planned: int
    longest_stay_months: int
    years: tuple[YearFigures, ...]
    costs_per_category: tuple[tuple[str, tuple[YearAmount, ...]], ...]


GENERAL = "algemeen"  # a reaction about the plan as a whole, or about no chapter (column Onderdeel)


@dataclass(frozen=True)
class Reaction:
    """One reaction of the review round (reacties.xlsx): from a returned copy, an e-mail or a letter."""

    id: str
    received: dt.date
    sender: str  # Van as typed: an organisation, or a participant's name
    chapter: str  # a chapter id, or GENERAL
    passage: str | None
    text: str
    origin: str | None  # Bron: the returned file and comment, `e-mail`, `brief`, ...
    answer: str | None
    consequence: Consequence
    change: str | None  # Wijziging: what was changed in the plan (with plan aangepast)
    internal_note: str | None  # confidential
    source: Source
    organisation: str | None = None  # the sender's organisation (the sender itself when it is one); checked

    @property
    def is_open(self) -> bool:
        return self.answer is None or self.consequence is Consequence.OPEN


@dataclass(frozen=True)
class Budget:
    costs: tuple[CostLine, ...]
    funding: tuple[FundingLine, ...]
    locations: tuple[ShelterLocation, ...]


@dataclass(frozen=True)
class Plan:
    """The whole checked plan: what every document is made from."""

    proposal: Proposal
    frames: Frames
    days: tuple[WorkshopDay, ...]
    decisions: tuple[Decision, ...]
    next_steps: tuple[NextStep, ...]
    review: ReviewSettings
    background: Prose
    reasoning: Prose
    chapters: tuple[Chapter, ...]
    harvest: tuple[HarvestItem, ...]
    budget: Budget
    advice: tuple[Advice, ...]
    participants: tuple[Participant, ...]
    organisations: tuple[Organisation, ...]
    figures: Figures
    case_id: str = ""  # see model/identity.py
    reactions: tuple[Reaction, ...] = ()  # reacties.xlsx; none when it is missing
    record: SentRecord | None = None  # what was last sent (inputs/verzonden/); None before `make verzenden`

    @property
    def has_confidential(self) -> bool:
        """Whether there is a confidential attachment: locations, or advice marked confidential."""
        return bool(self.budget.locations) or any(a.confidential for a in self.advice)
