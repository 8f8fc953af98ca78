"""The conversions of the texts that the renders will ask pandoc for, started as soon as the texts are read, so
that pandoc converts them on the second core while the workbooks are read and checked."""
from __future__ import annotations

from pathlib import Path

from pipeline.documents.conversions import Conversions
from pipeline.model.audience import Audience
from pipeline.reading.texts import Texts
from pipeline.rendering.college import PLAN_TEMPLATE, PROPOSAL_TEMPLATE
from pipeline.rendering.review import TEMPLATE as REVIEW_TEMPLATE


def convert_ahead(conversions: Conversions, texts: Texts, templates: Path, audience: Audience) -> None:
    """The chapters for the concept (and, for the whole build, for the college's plan: one conversion when
    both templates have the same styles) and the proposal's two sections, as the renders will ask for them
    (PlanDocument, render_college). A text the check changes or leaves out is converted again by its render."""
    chapters = [c.body.markdown for c in texts.chapters]
    conversions.start((templates / REVIEW_TEMPLATE).resolve(), chapters, 0)
    if audience is not Audience.ALL:
        return
    conversions.start((templates / PLAN_TEMPLATE).resolve(), chapters, 0)
    if texts.background is not None and texts.reasoning is not None:
        conversions.start((templates / PROPOSAL_TEMPLATE).resolve(),
                          [texts.background.markdown, texts.reasoning.markdown], 1)
