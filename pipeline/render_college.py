"""Stage 3a, render for the college: the proposal, the plan as its attachment, the confidential attachment."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .charts import budget_chart
from .context import common
from .model import Plan
from .problems import Problems
from .render_docx import Renderer
from .views import PublicPlan, has_confidential


@dataclass(frozen=True)
class ConfidentialLocation:
    name: str
    district: str
    places: int
    target_group: str
    max_stay: str


def render_college(plan: Plan, public: PublicPlan, templates: Path, problems: Problems) -> dict[str, bytes]:
    """The college's documents as finished .docx bytes, by path under build/."""
    files = {
        "college/voordracht.docx": _proposal(public, templates, problems),
        "college/bijlage-uitvoeringsplan.docx": render_plan(public, templates, "uitvoeringsplan.docx", {},
                                                            "Bijlage: uitvoeringsplan", problems),
    }
    if has_confidential(plan):
        files["vertrouwelijk/bijlage-vertrouwelijk.docx"] = _confidential(plan, templates, problems)
    return {path: data for path, data in files.items() if data is not None}


def _proposal(public: PublicPlan, templates: Path, problems: Problems) -> bytes | None:
    r = Renderer(templates, "voordracht.docx", problems)
    with ThreadPoolExecutor(max_workers=1) as pool:  # the chart is drawn while pandoc converts the texts
        chart = pool.submit(budget_chart, public.figures)
        background, reasoning = r.markdown([public.background, public.reasoning], shift_headings=1)
        context = common(public) | {"achtergrond": background, "onderbouwing": reasoning,
                                    "begrotingsgrafiek": r.image(chart.result())}
    return r.render(context, title=f"Voordracht: {public.proposal.subject}", created=public.proposal.college_date)


def render_plan(public: PublicPlan, templates: Path, name: str, extra: dict, title: str,
                problems: Problems) -> bytes | None:
    """The implementation plan (also the review concept): chapters from Markdown plus the annexes."""
    r = Renderer(templates, name, problems)
    bodies = r.markdown([c.body for c in public.chapters], shift_headings=0)
    chapters = tuple(replace(c, body=body) for c, body in zip(public.chapters, bodies))
    context = common(public) | {"hoofdstukken": chapters} | {k: v(r) if callable(v) else v for k, v in extra.items()}
    return r.render(context, title=f"{title}: {public.proposal.subject}", created=public.proposal.college_date)


def _confidential(plan: Plan, templates: Path, problems: Problems) -> bytes | None:
    r = Renderer(templates, "vertrouwelijk.docx", problems)
    locations = tuple(ConfidentialLocation(l.name, l.district, l.places, l.target_group or "",
                                           f"{l.max_stay_months} maanden") for l in plan.budget.locations)
    context = {"voordracht": plan.proposal, "adviezen": tuple(a for a in plan.advice if a.confidential),
               "locaties": locations, "plaatsen": sum(l.places for l in plan.budget.locations)}
    return r.render(context, title=f"Vertrouwelijke bijlage: {plan.proposal.subject}",
                    created=plan.proposal.college_date)
