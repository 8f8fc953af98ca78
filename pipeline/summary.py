"""The short Dutch summary `make check` prints: items, chapters, budget and places against the frames."""
from __future__ import annotations

from .model import Plan
from .money import euro, percent


def summary(plan: Plan) -> str:
    f = plan.figures
    lines = [f"Oogst: {f.items} inbrengpunten, {percent(f.consensus_share)} met consensus"]
    lines += [f"  {c.label}: {c.count}" for c in f.per_outcome]
    lines += ["  " + ", ".join(f"{c.label}: {c.count}" for c in f.per_day)]
    lines.append(f"Hoofdstukken: {len(plan.chapters)} ({', '.join(c.id for c in plan.chapters)})")
    lines.append(f"Deelnemers: {f.participants} van {f.organisations} organisaties")
    lines.append(f"Plaatsen: {f.places_planned} gepland, kader {plan.frames.places}")
    lines.append(f"Langste verblijf: {f.longest_stay_months} maanden, kader {plan.frames.max_stay_months}")
    for y in f.years:
        lines.append(f"Begroting {y.year}: lasten {euro(y.costs)}, dekking {euro(y.funding)}, "
                     f"kader {euro(y.frame)}, ruimte {euro(y.headroom)}")
    return "\n".join(lines) + "\n"
