"""Derives the figures the documents quote, and the organisations with their slugs."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal

from pipeline.base.collation import sorted_by
from pipeline.model.plan import (
    Budget,
    Count,
    Figures,
    HarvestItem,
    Organisation,
    Outcome,
    Participant,
    Source,
    Support,
    YearAmount,
    YearFigures,
    year_total,
)
from pipeline.reading.sheets import norm

# names Windows keeps for devices, with any extension: `con.docx` cannot be opened there
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))})


def slug(name: str, kind: str = "organisatie") -> str:
    """A file-name-safe slug: ASCII letters, digits and hyphens only; never a path or a device name. `kind`
    stands in for a name without such letters, and follows a device name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    result = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or kind
    return f"{result}-{kind}" if result in WINDOWS_DEVICES else result


PERSONAL = "Deelnemer op persoonlijke titel"


def shown_name(name: str, refused: set[str]) -> str:
    """How public documents name an organisation: one that bears the name of a participant who did not
    consent to be named (someone taking part on their own) is not named."""
    return PERSONAL if norm(name) in refused else name


def organisations(participants: tuple[Participant, ...], harvest: tuple[HarvestItem, ...]) -> tuple[Organisation, ...]:
    refused = {norm(p.name) for p in participants if not p.may_be_named}
    names = sorted_by({p.organisation for p in participants}, lambda n: shown_name(n, refused), lambda n: n)
    members_of: dict[str, list[Participant]] = {}
    items_of: dict[str, list[str]] = {}
    for p in participants:
        members_of.setdefault(p.organisation, []).append(p)
    for i in harvest:
        items_of.setdefault(i.organisation, []).append(i.id)
    used: set[str] = set()
    result = []
    for name in names:
        shown = shown_name(name, refused)
        base = slug(shown)  # from the shown name: a file name must not carry a name either
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        members = members_of[name]
        result.append(Organisation(
            name=name, slug=candidate, participants=len({p.person for p in members}),
            wants_review_copy=any(p.wants_review_copy for p in members),
            item_ids=tuple(items_of.get(name, ())), shown_as=shown))
    return tuple(result)


def figures(config, harvest, budget: Budget, participants, orgs) -> Figures:
    total = len(harvest)
    consensus = sum(i.support is Support.CONSENSUS for i in harvest)
    outcomes = [(o, o.label) for o in Outcome if o is not Outcome.OPEN]
    if any(i.outcome is Outcome.OPEN for i in harvest):
        outcomes.append((Outcome.OPEN, Outcome.OPEN.label))
    org_counter = Counter(i.organisation for i in harvest)
    shown = {o.name: o.shown_as for o in orgs}
    return Figures(
        items=total,
        # exact: rounding happens only where it is shown (money.percent), so 199 of 200 never reads as 100%
        consensus_share=Decimal(consensus) / total if total else Decimal(0),
        per_outcome=tuple(Count(label, sum(i.outcome is o for i in harvest)) for o, label in outcomes),
        per_day=tuple(Count(f"Dag {d.day}", sum(i.day == d.day for i in harvest)) for d in config.days),
        per_organisation=tuple(Count(shown.get(name, name), org_counter[name])
                               for name in sorted_by(org_counter, lambda n: shown.get(n, n), lambda n: n)),
        per_support=tuple(Count(s.value, sum(i.support is s for i in harvest)) for s in Support),
        participants=len({p.person for p in participants}),
        organisations=len(orgs),
        places_planned=sum(loc.places for loc in budget.locations),
        longest_stay_months=max((loc.max_stay_months for loc in budget.locations), default=0),
        years=tuple(YearFigures(f.year, f.amount, year_total(budget.costs, f.year),
                                year_total(budget.funding, f.year),
                                f.amount - year_total(budget.costs, f.year)) for f in config.frames.budget),
        costs_per_category=_per_category(budget, config.frames.years),
    )


def _per_category(budget: Budget, years) -> tuple[tuple[str, tuple[YearAmount, ...]], ...]:
    categories = list(dict.fromkeys(line.category for line in budget.costs))
    where = Source("begroting.xlsx", "Lasten")
    return tuple((cat, tuple(YearAmount(y, year_total([l for l in budget.costs if l.category == cat], y), where)
                             for y in years)) for cat in categories)
