"""Stage 3c, render the confidential attachment for the college: confidential advice and the locations."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents.templates import Renderer
from pipeline.model.plan import Plan

PATH = "vertrouwelijk/bijlage-vertrouwelijk.docx"


@dataclass(frozen=True)
class ConfidentialLocation:
    name: str
    district: str
    places: int
    target_group: str
    max_stay: str


def render_confidential(plan: Plan, templates: Path, problems: Problems) -> dict[str, bytes]:
    """The confidential attachment by its path under build/, when there is confidential content."""
    if not plan.has_confidential:
        return {}
    r = Renderer(templates, "vertrouwelijk.docx", problems)
    locations = tuple(ConfidentialLocation(l.name, l.district, l.places, l.target_group or "",
                                           f"{l.max_stay_months} maanden") for l in plan.budget.locations)
    context = {"voordracht": plan.proposal, "adviezen": tuple(a for a in plan.advice if a.confidential),
               "locaties": locations, "plaatsen": sum(l.places for l in plan.budget.locations)}
    data = r.render(context, title=f"Vertrouwelijke bijlage: {plan.proposal.subject}",
                    created=plan.proposal.college_date, author=plan.proposal.municipality)
    return {PATH: data} if data is not None else {}
