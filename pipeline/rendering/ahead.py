"""The conversions of the texts that the renders will ask pandoc for, started as soon as the texts are read, so
that pandoc converts them on the second core while the workbooks are read and checked."""
from __future__ import annotations

from pathlib import Path

from pipeline.documents import redline
from pipeline.documents.conversions import Conversions
from pipeline.model.audience import Audience
from pipeline.model.public import PublicPlan
from pipeline.reading.texts import Texts
from pipeline.rendering.college import PLAN_TEMPLATE, PROPOSAL_TEMPLATE
from pipeline.rendering.review import TEMPLATE as REVIEW_TEMPLATE


def convert_ahead(conversions: Conversions, texts: Texts, templates: Path, audience: Audience) -> None:
    """The chapters for the concept (and, for the whole build, for the college's plan: one conversion when
    both templates have the same styles) and the proposal's two sections, as the renders will ask for them
    (PlanDocument, render_proposal). A text the check changes or leaves out is converted again by its render."""
    chapters = [c.body.markdown for c in texts.chapters]
    conversions.start((templates / REVIEW_TEMPLATE).resolve(), chapters, 0)
    if audience is not Audience.ALL:
        return
    conversions.start((templates / PLAN_TEMPLATE).resolve(), chapters, 0)
    if texts.background is not None and texts.reasoning is not None:
        conversions.start((templates / PROPOSAL_TEMPLATE).resolve(),
                          [texts.background.markdown, texts.reasoning.markdown], 1)


def convert_sent_ahead(conversions: Conversions, public: PublicPlan, templates: Path, audience: Audience) -> None:
    """The chapters of the plan as it was sent, which the plan with tracked changes renders again
    (rendering/tracked.py), once the record of what was sent is read: before the college's half of the build
    starts, so that the comparison, which ends last, starts without waiting for pandoc."""
    if audience is Audience.ALL and public.as_sent is not None and redline.available():
        conversions.start((templates / PLAN_TEMPLATE).resolve(), [c.body for c in public.as_sent.chapters], 0)
