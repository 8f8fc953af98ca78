"""The whole build, as a script: read everything, check everything, render, and only then write."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.errors import Problem
from pipeline.base.parallel import Beside, trim
from pipeline.base.problems import Problems
from pipeline.checking import check
from pipeline.checking.leaks import LeakGuard, is_public, pdftotext_available
from pipeline.documents.pdf import convert_to_pdf, soffice_available
from pipeline.model.audience import Audience
from pipeline.model.plan import Plan
from pipeline.model.public import PublicPlan, public_view
from pipeline.output_folder import check_output
from pipeline.reading import read_inputs
from pipeline.rendering.college import PLAN, render_college
from pipeline.rendering.confidential import render_confidential
from pipeline.rendering.intern import accounting_workbook
from pipeline.rendering.feedback import render_feedback
from pipeline.rendering.mailing import Mailing, prepare, rounds
from pipeline.rendering.mailing_list import mailing_list
from pipeline.rendering.nota import render_nota
from pipeline.rendering.plan_json import identity, plan_json
from pipeline.rendering.review import render_review
from pipeline.rendering.tracked import render_tracked
from pipeline.writing import write_outputs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    files: dict[str, bytes]  # every file written but the PDFs (the e-mail drafts are packed after those)
    warnings: tuple[Problem, ...]
    pdfs: tuple[str, ...]  # beside the .docx files; empty when LibreOffice is missing or not asked


def check_inputs(inputs: Path, audience: Audience = Audience.ALL) -> tuple[Plan, tuple[Problem, ...]]:
    """Reads and checks the inputs only (no templates); raises InputProblems with every problem."""
    plan, problems = check(read_inputs(inputs), audience)
    return plan, tuple(problems.warnings)


def build(inputs: Path, out: Path | None, audience: Audience = Audience.ALL, templates: Path = TEMPLATES,
          progress: Callable[[int, int], None] | None = None, pdf: bool = True) -> BuildResult:
    """Reads, checks and renders everything; writes into `out` only when all of it succeeded
    (`out=None` writes nothing: that is `check`). Raises InputProblems listing every problem, or
    OutputRefused, before reading anything, when `out` is not a folder that a build may replace."""
    if out is not None:
        check_output(out, inputs, templates)
    plan, problems = check(read_inputs(inputs), audience)
    files = render(plan, audience, templates, problems, progress)
    with_pdf = pdf and out is not None and soffice_available() and pdftotext_available()
    # the e-mail drafts are for the team (intern/): not in the review set
    mailings = [prepare(plan, public_view(plan), r, templates, problems, with_pdf) for r in rounds(plan, files)] \
        if audience is Audience.ALL else []
    guard = LeakGuard(plan)
    guard.check_documents(files, problems)
    problems.raise_if_errors()
    files["intern/rapport.txt"] = report(problems.warnings)
    if mailings:
        files["intern/verzendlijst.xlsx"] = mailing_list(plan, mailings)
    if audience is Audience.REVIEW:
        files = {path.removeprefix("review/"): data for path, data in files.items() if path.startswith("review/")}
    documents = [path for path in sorted(files) if path.endswith(".docx")]
    pdfs = tuple(path.removesuffix(".docx") + ".pdf" for path in documents) if with_pdf else ()
    if not with_pdf:
        files |= drafts(mailings, files.__getitem__)
    if out is not None:
        def add_pdfs(staging: Path) -> None:
            convert_to_pdf([staging / path for path in documents])
            prefix = "review/" if audience is Audience.REVIEW else ""  # the review set: `out` is its folder
            guard.check_pdfs({prefix + pdf: staging / pdf for pdf in pdfs if is_public(prefix + pdf)})
            files.update(write_drafts(staging, mailings, files))  # now: the PDFs are attached too

        write_outputs(out, files, add_pdfs if with_pdf else None,
                      inside="review" if audience is Audience.REVIEW else "")
    return BuildResult(plan, files, tuple(problems.warnings), pdfs)


def drafts(mailings: list[Mailing], read: Callable[[str], bytes]) -> dict[str, bytes]:
    """The e-mail drafts of every mailing, their attachments read from the build by path."""
    return {path: data for mailing in mailings for path, data in mailing.files(read).items()}


def write_drafts(staging: Path, mailings: list[Mailing], files: dict[str, bytes]) -> dict[str, bytes]:
    """The e-mail drafts with their attachments from the staging folder (where the PDFs are), written there."""
    made = drafts(mailings, lambda path: files[path] if path in files else (staging / path).read_bytes())
    for path, data in made.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
    return made


def render(plan: Plan, audience: Audience, templates: Path, problems: Problems,
           progress: Callable[[int, int], None] | None) -> dict[str, bytes]:
    """The review set here, the college's and the team's documents beside it (on the second core)."""
    public = public_view(plan)
    others = Beside(lambda found: render_others(plan, public, templates, found)) if audience is Audience.ALL \
        else None
    try:
        files = render_review(public, templates, problems, progress, identity(plan))
        if others is not None:
            trim()
            files |= others.result(problems)
    except BaseException:  # a failure or a Ctrl-C here: the other half is not wanted any more
        if others is not None:
            others.cancel()
        raise
    return files


def render_others(plan: Plan, public: PublicPlan, templates: Path, problems: Problems) -> dict[str, bytes]:
    """The college's documents from the public view (from `make verzenden` on with the nota and the plan with
    tracked changes; once the college decided, the feedback), the confidential attachment and the team's files
    from the whole plan."""
    files = render_college(public, templates, problems)
    files |= render_nota(public, templates, problems) | render_tracked(public, files.get(PLAN), templates, problems)
    files |= render_feedback(public, templates, problems)
    files |= render_confidential(plan, templates, problems)
    trim()
    files["intern/plan.json"] = plan_json(plan)
    files["intern/verantwoording.xlsx"] = accounting_workbook(plan)
    return files


def report(warnings: list[Problem]) -> bytes:
    lines = [str(w) for w in warnings] or ["Geen waarschuwingen."]
    return ("\n".join(lines) + "\n").encode("utf-8")
