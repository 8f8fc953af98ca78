"""Stage 3d, the plan with tracked changes: the implementation plan as the college gets it, with every change
since the concept as sent shown as Word's own revision marks.

What is compared: the plan as it was sent (the record's plan model, in its public view) and the plan now,
both rendered through the same template as the college's attachment (`uitvoeringsplan.docx`). So only
what changed in the plan shows, never the concept's own parts (CONCEPT on every page, what we ask, how to
react) nor an edit of a template since; accepting every change gives the attachment, rejecting every change
the plan as it was sent. The concept as sent stays in inputs/verzonden/ as the proof of what went out.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.base.programs import Programs
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
    with start_tracked(public, attachment, templates, problems, markdown) as tracked:
        return tracked.result()


class TrackedPlan:
    """The comparison running beside the caller: `result()` waits for it; leaving the `with` block ends the
    engine if it still runs (the build failed or was cancelled meanwhile)."""

    def __init__(self, start: Callable[[Programs], bytes] | None = None,
                 finish: Callable[[bytes], dict[str, bytes]] | None = None):
        self.programs = Programs()
        self._finish = finish
        self._compared: Future[bytes] | None = None
        if start is not None:
            pool = ThreadPoolExecutor(max_workers=1)  # the thread only waits for the engine: no GIL held
            self._compared = pool.submit(start, self.programs)
            pool.shutdown(wait=False)

    def result(self) -> dict[str, bytes]:
        if self._compared is None or self._finish is None:
            return {}
        return self._finish(self._compared.result())

    def __enter__(self) -> TrackedPlan:
        return self

    def __exit__(self, *_: object) -> None:
        self.programs.stop()


def start_tracked(public: PublicPlan, attachment: bytes | None, templates: Path,
                  problems: Problems, markdown: bool = True) -> TrackedPlan:
    """`render_tracked` in two steps: the plan as sent is rendered now and the comparison engine started
    (a program of its own, a second or two, while the caller renders its other documents); the result
    is asked for later."""
    if public.as_sent is None or attachment is None:
        return TrackedPlan()
    if not redline.available():
        problems.warn(PATH, "dit systeem kan geen bijgehouden wijzigingen maken (python-redlines heeft geen "
                            "programma voor dit platform); het uitvoeringsplan met wijzigingen is niet gemaakt")
        return TrackedPlan()
    sent = PlanDocument(public.as_sent, templates, PLAN_TEMPLATE, PLAN_TITLE, problems,
                        markdown=markdown).render()
    if sent is None or not markdown:  # `check`: both templates rendered; the comparison finds no problem
        return TrackedPlan()
    proposal = public.proposal

    def start(programs: Programs) -> bytes:
        return redline.compare(sent, attachment, author=proposal.handled_by, date=proposal.college_date,
                               programs=programs)

    def finish(compared: bytes) -> dict[str, bytes]:
        return {PATH: finalize_docx(compared, title=f"{TITLE}: {proposal.subject}", created=proposal.college_date,
                                    author=proposal.municipality, keep_revisions=True)}
    return TrackedPlan(start, finish)
