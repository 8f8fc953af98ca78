"""Stage 3d, the plan with tracked changes: the implementation plan as the college gets it, with every change
since the concept as sent shown as Word's own revision marks.

What is compared: the plan as it was sent (the record's plan model, in its public view) and the plan now,
both rendered through the same template as the college's attachment (`uitvoeringsplan.docx`). So only
what changed in the plan shows, never the concept's own parts (CONCEPT on every page, what we ask, how to
react) nor an edit of a template since; accepting every change gives the attachment, rejecting every change
the plan as it was sent. The concept as sent stays in inputs/verzonden/ as the proof of what went out.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.documents import redline
from pipeline.documents.finalize import finalize_docx
from pipeline.model.public import PublicPlan
from pipeline.rendering.college import PLAN_TEMPLATE, PLAN_TITLE, PlanDocument

PATH = "college/uitvoeringsplan-wijzigingen.docx"
TITLE = "Uitvoeringsplan met de wijzigingen sinds het concept"


def render_tracked(public: PublicPlan, attachment: bytes | None, templates: Path,
                   problems: Problems, markdown: bool = True) -> dict[str, bytes]:
    """The plan with tracked changes by its path under build/, once the concept was sent and where the
    engine runs; `attachment` is the college's plan (rendered already), None when its template failed
    (`markdown=False`: for `check`, the chapters left empty, as in the attachment, and nothing compared)."""
    if public.as_sent is None or attachment is None:
        return {}
    if not redline.available():
        problems.warn(PATH, "dit systeem kan geen bijgehouden wijzigingen maken (python-redlines heeft geen "
                            "programma voor dit platform); het uitvoeringsplan met wijzigingen is niet gemaakt")
        return {}
    sent = PlanDocument(public.as_sent, templates, PLAN_TEMPLATE, PLAN_TITLE, problems,
                        markdown=markdown).render()
    if sent is None or not markdown:  # `check`: both templates rendered; the comparison finds no problem
        return {}
    proposal = public.proposal
    compared = redline.compare(sent, attachment, author=proposal.handled_by, date=proposal.college_date)
    data = finalize_docx(compared, title=f"{TITLE}: {proposal.subject}", created=proposal.college_date,
                         author=proposal.municipality, keep_revisions=True)
    return {PATH: data}
