"""Stage 3a, render for the college: the proposal and the implementation plan as its attachment."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents.finalize import pack
from pipeline.documents.templates import Renderer
from pipeline.model.public import PublicPlan
from pipeline.rendering.charts import budget_chart
from pipeline.rendering.context import common

PROPOSAL = "college/voordracht.docx"
PLAN = "college/bijlage-uitvoeringsplan.docx"
PLAN_TEMPLATE, PLAN_TITLE = "uitvoeringsplan.docx", "Bijlage: uitvoeringsplan"
PROPOSAL_TEMPLATE = "voordracht.docx"


def render_college(public: PublicPlan, templates: Path, problems: Problems,
                   markdown: bool = True) -> dict[str, bytes]:
    """The college's documents as finished .docx bytes, by path under build/ (`markdown=False`: the
    Markdown texts left empty, for `check`)."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # pandoc converts the plan's chapters while the proposal is made
        plan = pool.submit(PlanDocument, public, templates, PLAN_TEMPLATE, PLAN_TITLE, problems, markdown=markdown)
        files = {PROPOSAL: _proposal(public, templates, problems, markdown), PLAN: plan.result().render()}
    return {path: data for path, data in files.items() if data is not None}


def render_plan(public: PublicPlan, templates: Path, problems: Problems, markdown: bool = True) -> dict[str, bytes]:
    """`render_college`'s attachment alone (the build starts the plan with tracked changes from it)."""
    data = PlanDocument(public, templates, PLAN_TEMPLATE, PLAN_TITLE, problems, markdown=markdown).render()
    return {} if data is None else {PLAN: data}


def render_proposal(public: PublicPlan, templates: Path, problems: Problems, markdown: bool = True) -> dict[str, bytes]:
    """`render_college`'s proposal alone."""
    data = _proposal(public, templates, problems, markdown)
    return {} if data is None else {PROPOSAL: data}


def _proposal(public: PublicPlan, templates: Path, problems: Problems, markdown: bool) -> bytes | None:
    r = Renderer(templates, PROPOSAL_TEMPLATE, problems, convert=markdown)
    with ThreadPoolExecutor(max_workers=1) as pool:  # the chart is drawn while pandoc converts the texts
        chart = pool.submit(budget_chart, public.figures)
        background, reasoning = r.markdown([public.background, public.reasoning], shift_headings=1)
        context = common(public) | {"achtergrond": background, "onderbouwing": reasoning,
                                    "begrotingsgrafiek": chart.result()}
    return r.render(context, title=f"Voordracht: {public.proposal.subject}", created=public.proposal.college_date,
                    author=public.proposal.municipality)


class PlanDocument:
    """The implementation plan in one template (the college's attachment, the review concept): the
    chapters from Markdown and the annexes. Made once, rendered as often as needed, each time with the
    fields that template adds (`render(organisatie=...)`); pandoc converts the chapters only once."""

    def __init__(self, public: PublicPlan, templates: Path, template: str, title: str, problems: Problems,
                 again: bool = False, markdown: bool = True):
        self.public, self.templates, self.template, self.problems = public, templates, template, problems
        self.title = f"{title}: {public.proposal.subject}"
        self.again = again  # rendered more than once: the template with the chapters attached is kept
        self.markdown = markdown  # False: the chapters left empty (`check`)
        self.ready = self._converted()  # now, so that the first render does not wait for pandoc

    def render(self, *, properties: dict[str, str] | None = None, **fields: object) -> bytes | None:
        parts = self.render_parts(properties=properties, **fields)
        return None if parts is None else pack(parts)

    def render_parts(self, *, properties: dict[str, str] | None = None, **fields: object) -> dict[str, bytes] | None:
        """`render`, the document's parts unpacked; `properties` are its custom properties."""
        (renderer, chapters), self.ready = self.ready or self._converted(), None
        context = common(self.public) | {"hoofdstukken": chapters} | fields
        return renderer.render_parts(context, title=self.title, created=self.public.proposal.college_date,
                                     author=self.public.proposal.municipality, properties=properties)

    def _converted(self):
        """A fresh renderer of the template with the chapters attached (the conversion is kept when the
        document is rendered again)."""
        renderer = Renderer(self.templates, self.template, self.problems, convert=self.markdown)
        bodies = renderer.markdown([c.body for c in self.public.chapters], shift_headings=0, keep=self.again)
        return renderer, tuple(replace(c, body=body) for c, body in zip(self.public.chapters, bodies))
