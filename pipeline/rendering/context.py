"""Presentation data shared by the templates: tables as rows of ready Dutch text, from the public view."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipeline.base.dutch import date, euro, euros, has_cents
from pipeline.documents import redline
from pipeline.model.public import PublicPlan, ReviewRound


@dataclass(frozen=True)
class FrameRow:
    frame: str
    fixed: str
    planned: str
    verdict: str


@dataclass(frozen=True)
class DayRow:
    day: int
    date: str
    theme: str
    items: int


@dataclass(frozen=True)
class MoneyRow:
    name: str
    amounts: tuple[str, ...]
    total: str
    explanation: str


@dataclass(frozen=True)
class Attachment:
    number: int
    title: str
    confidential: bool
    kind: str = "plan"  # plan, vertrouwelijk, nota, wijzigingen


@dataclass(frozen=True)
class RoundText:
    """The review round in ready Dutch phrases, for the proposal and the nota (`ronde` in a template)."""

    figures: str  # `12 reacties van 5 organisaties`, `geen reacties`
    changed: str  # `4 daarvan leidden tot een aanpassing van het plan` ('' without reactions)
    late: str  # `Eén reactie kwam na de reactietermijn binnen; ook die is beantwoord` ('' when none did)
    nota: int  # the nota's number among the proposal's attachments
    tracked: int | None  # the number of the plan with tracked changes (None where it cannot be made)


def _verdict(within: bool) -> str:
    return "binnen het kader" if within else "BUITEN HET KADER"


def frame_rows(plan: PublicPlan) -> tuple[FrameRow, ...]:
    f, fig = plan.frames, plan.figures
    rows = [FrameRow("Aantal plaatsen", f"{f.places}", f"{fig.places_planned}", _verdict(fig.places_planned <= f.places)),
            FrameRow("Langste verblijf", f"{f.max_stay_months} maanden", f"{fig.longest_stay_months} maanden",
                     _verdict(fig.longest_stay_months <= f.max_stay_months))]
    shown = iter(euros(*(a for y in fig.years for a in (y.frame, y.costs))))  # one format for the table
    rows += [FrameRow(f"Budget {y.year}", next(shown), next(shown), _verdict(y.costs <= y.frame))
             for y in fig.years]
    return tuple(rows)


def day_rows(plan: PublicPlan) -> tuple[DayRow, ...]:
    counts = {c.label: c.count for c in plan.figures.per_day}
    return tuple(DayRow(d.day, date(d.date), d.theme, counts.get(f"Dag {d.day}", 0)) for d in plan.days)


def money_table(named, total_label: str | None = None,
                years: tuple[int, ...] = ()) -> tuple[tuple[MoneyRow, ...], MoneyRow | None]:
    """One table of amounts per year: (name, amounts, note) rows, each with its row total, and a
    total row under them; all in one format: when any amount in the table has cents, all show them."""
    rows = [(name, [a.amount for a in amounts], note or "") for name, amounts, note in named]
    if total_label is not None:
        rows.append((total_label, [sum((a.amount for _, amounts, _ in named for a in amounts if a.year == y),
                                       Decimal(0)) for y in years], ""))
    with_cents = any(has_cents(v) for _, values, _ in rows for v in [*values, sum(values, Decimal(0))])
    formatted = tuple(MoneyRow(name, tuple(euro(v, with_cents) for v in values),
                               euro(sum(values, Decimal(0)), with_cents), note) for name, values, note in rows)
    return (formatted[:-1], formatted[-1]) if total_label is not None else (formatted, None)


def budget_tables(plan: PublicPlan) -> dict:
    """The budget's tables for the templates: categories and funding each with their total row,
    and the cost lines."""
    years = plan.frames.years
    categories, costs_total = money_table([(cat, amounts, "") for cat, amounts in plan.categories],
                                          "Totaal lasten", years)
    funding, funding_total = money_table([(l.name, l.amounts, l.explanation) for l in plan.funding],
                                         "Totaal dekking", years)
    lines, _ = money_table([(f"{l.name} ({l.category})", l.amounts, l.explanation) for l in plan.costs])
    return {"categorieen": categories, "totaal_lasten": costs_total, "lasten": lines, "dekking": funding,
            "totaal_dekking": funding_total}


def attachments(plan: PublicPlan) -> tuple[Attachment, ...]:
    """The proposal's attachments: the plan, the confidential one, and from `make verzenden` on the nota van
    beantwoording and the plan with tracked changes (after the others, whose numbers decision points cite)."""
    subject = plan.proposal.subject.removeprefix("Vaststellen ").strip()
    found = [Attachment(1, subject[:1].upper() + subject[1:], False)]
    if plan.has_confidential:
        found.append(Attachment(2, "Vertrouwelijke bijlage: vertrouwelijke adviezen en de lijst van locaties",
                                True, "vertrouwelijk"))
    if plan.review_round is not None:
        phrases = _phrases(plan.review_round)
        found.append(Attachment(len(found) + 1, "Nota van beantwoording: de reacties op het concept en de "
                                f"antwoorden erop ({'; '.join(filter(None, phrases[:2]))})", False, "nota"))
        if tracked_plan_made(plan):
            found.append(Attachment(len(found) + 1, "Uitvoeringsplan met de wijzigingen sinds het concept van "
                                    f"{date(plan.review_round.sent)}, als bijgehouden wijzigingen", False,
                                    "wijzigingen"))
    return tuple(found)


def tracked_plan_made(plan: PublicPlan) -> bool:
    """Whether the build makes the plan with tracked changes (rendering/tracked.py)."""
    return plan.as_sent is not None and redline.available()


def _count(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def _phrases(round_: ReviewRound) -> tuple[str, str, str]:
    """(figures, changed, late): see RoundText."""
    if not round_.reactions:
        return "geen reacties", "", ""
    figures = f"{_count(round_.reactions, 'reactie', 'reacties')} van " \
              f"{_count(round_.organisations, 'organisatie', 'organisaties')}"
    changed = f"{round_.changed or 'geen'} daarvan {'leidde' if round_.changed <= 1 else 'leidden'} tot een " \
              "aanpassing van het plan"
    late = "" if not round_.late else (
        "Eén reactie kwam na de reactietermijn binnen; ook die is beantwoord" if round_.late == 1 else
        f"{round_.late} reacties kwamen na de reactietermijn binnen; ook die zijn beantwoord")
    return figures, changed, late


def round_text(plan: PublicPlan, found: tuple[Attachment, ...]) -> RoundText | None:
    if plan.review_round is None:
        return None
    numbers = {a.kind: a.number for a in found}
    return RoundText(*_phrases(plan.review_round), numbers["nota"], numbers.get("wijzigingen"))


def common(plan: PublicPlan) -> dict:
    """The fields every public template may use."""
    years = plan.frames.years
    found = attachments(plan)
    return {
        "plan": plan,
        "jaren": [str(y) for y in years],
        "kaderstoets": frame_rows(plan),
        "werkdagen": day_rows(plan),
        **budget_tables(plan),
        "bijlagen": found,
        "ronde": round_text(plan, found),
    }
