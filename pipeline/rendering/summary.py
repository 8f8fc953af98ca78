"""The short Dutch summary `make check` prints: items, chapters, budget and places against the frames."""
from __future__ import annotations

from pipeline.base.dutch import date, euros, percent
from pipeline.model.plan import Plan


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
        costs, funding, frame, headroom = euros(y.costs, y.funding, y.frame, y.headroom)
        lines.append(f"Begroting {y.year}: lasten {costs}, dekking {funding}, kader {frame}, ruimte {headroom}")
    if plan.record is not None:
        lines.append(f"Verzonden: {date(plan.record.sent)} (zaak {plan.case_id}, verzending {plan.record.record_id})")
    if plan.reactions:
        lines.append(f"Reacties: {len(plan.reactions)}, waarvan {sum(r.is_open for r in plan.reactions)} nog open")
    if plan.proposal.decided is not None:
        feedback = "met terugkoppeling" if plan.record is not None else \
            "geen terugkoppeling (geen verzending vastgelegd)"
        lines.append(f"Besloten: {date(plan.proposal.decided)}, {feedback}")
    return "\n".join(lines) + "\n"
