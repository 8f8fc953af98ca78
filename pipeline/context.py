"""Presentation data shared by the templates: tables as rows of ready Dutch text, from the public view."""
from __future__ import annotations

from dataclasses import dataclass

from .model import YearAmount
from .money import date, euro
from .views import PublicPlan, total


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


def _verdict(within: bool) -> str:
    return "binnen het kader" if within else "BUITEN HET KADER"


def frame_rows(plan: PublicPlan) -> tuple[FrameRow, ...]:
    f, fig = plan.frames, plan.figures
    rows = [FrameRow("Aantal plaatsen", f"{f.places}", f"{fig.places_planned}", _verdict(fig.places_planned <= f.places)),
            FrameRow("Langste verblijf", f"{f.max_stay_months} maanden", f"{fig.longest_stay_months} maanden",
                     _verdict(fig.longest_stay_months <= f.max_stay_months))]
    rows += [FrameRow(f"Budget {y.year}", euro(y.frame), euro(y.costs), _verdict(y.costs <= y.frame))
             for y in fig.years]
    return tuple(rows)


def day_rows(plan: PublicPlan) -> tuple[DayRow, ...]:
    counts = {c.label: c.count for c in plan.figures.per_day}
    return tuple(DayRow(d.day, date(d.date), d.theme, counts.get(f"Dag {d.day}", 0)) for d in plan.days)


def money_rows(named: tuple[tuple[str, tuple[YearAmount, ...], str], ...]) -> tuple[MoneyRow, ...]:
    return tuple(MoneyRow(name, tuple(euro(a.amount) for a in amounts), euro(total(amounts)), note or "")
                 for name, amounts, note in named)


def category_rows(plan: PublicPlan) -> tuple[MoneyRow, ...]:
    return money_rows(tuple((cat, amounts, "") for cat, amounts in plan.categories))


def cost_rows(plan: PublicPlan) -> tuple[MoneyRow, ...]:
    return money_rows(tuple((f"{l.name} ({l.category})", l.amounts, l.explanation) for l in plan.costs))


def funding_rows(plan: PublicPlan) -> tuple[MoneyRow, ...]:
    return money_rows(tuple((l.name, l.amounts, l.explanation) for l in plan.funding))


def total_row(label: str, rows_amounts: list[tuple[YearAmount, ...]], years: tuple[int, ...]) -> MoneyRow:
    per_year = [sum((a.amount for amounts in rows_amounts for a in amounts if a.year == y), 0) for y in years]
    return MoneyRow(label, tuple(euro(v) for v in per_year), euro(sum(per_year)), "")


def attachments(plan: PublicPlan) -> tuple[Attachment, ...]:
    subject = plan.proposal.subject.removeprefix("Vaststellen ").strip()
    found = [Attachment(1, subject[:1].upper() + subject[1:], False)]
    if plan.has_confidential:
        found.append(Attachment(2, "Vertrouwelijke bijlage: vertrouwelijke adviezen en de lijst van locaties",
                                True))
    return tuple(found)


def common(plan: PublicPlan) -> dict:
    """The fields every public template may use."""
    years = plan.frames.years
    return {
        "plan": plan,
        "jaren": [str(y) for y in years],
        "kaderstoets": frame_rows(plan),
        "werkdagen": day_rows(plan),
        "categorieen": category_rows(plan),
        "lasten": cost_rows(plan),
        "dekking": funding_rows(plan),
        "totaal_lasten": total_row("Totaal lasten", [l.amounts for l in plan.costs], years),
        "totaal_dekking": total_row("Totaal dekking", [l.amounts for l in plan.funding], years),
        "bijlagen": attachments(plan),
    }
