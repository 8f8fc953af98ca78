"""The whole build, as a script: read everything, check everything, render, and only then write."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.base.errors import Problem
from pipeline.base.parallel import Beside, trim
from pipeline.base.problems import Problems
from pipeline.checking import check
from pipeline.checking.leaks import LeakGuard, is_public, pdftotext_available
from pipeline.documents.conversions import Conversions
from pipeline.documents.fonts import check_fonts
from pipeline.model.audience import Audience
from pipeline.model.plan import Plan
from pipeline.model.public import PublicPlan, public_view
from pipeline.output_folder import check_output
from pipeline.reading import read_inputs
from pipeline.rendering.ahead import convert_ahead, convert_sent_ahead
from pipeline.rendering.college import PLAN, render_plan, render_proposal
from pipeline.rendering.confidential import render_confidential
from pipeline.rendering.feedback import render_feedback
from pipeline.rendering.intern import accounting_workbook
from pipeline.rendering.mailing import Mailing, halves, prepare, rounds
from pipeline.rendering.mailing_list import mailing_list
from pipeline.rendering.nota import render_nota
from pipeline.rendering.plan_json import identity, plan_json
from pipeline.rendering.review import concept_of, render_review
from pipeline.rendering.tracked import start_tracked
from pipeline.writing import write_outputs

if TYPE_CHECKING:
    from pipeline.documents.pdf import Office

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# From these on, the PDFs take LibreOffice some seconds: a LibreOffice per core (each start costs some 0.3 s of
# CPU) pays for itself; below them, one converts the few short documents.
MANY_ITEMS, MANY_ORGANISATIONS = 50, 8
MANY_DRAFTS = 20  # from these on, forking a process to make half of them (some 10 ms) pays for itself


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    files: dict[str, bytes]  # every file written but the PDFs and the e-mail drafts
    warnings: tuple[Problem, ...]
    pdfs: tuple[str, ...]  # beside the .docx files; empty when LibreOffice is missing or not asked
    # the e-mail drafts, written one by one after the PDFs (each holds its copy: all at once would not fit
    # in memory at 10,000 items); none for `check`
    drafts: tuple[str, ...] = ()


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
    with_pdf = pdf and out is not None and soffice_available() and pdftotext_available()
    with _office() if with_pdf else nullcontext() as office, Conversions() as conversions:  # LibreOffice and
        return _build(inputs, out, audience, templates, progress, office, conversions)  # pandoc start early


# The PDF machinery (pikepdf with it) is loaded by the builds that make PDFs only: `check` never needs it.
def soffice_available() -> bool:
    from pipeline.documents import pdf  # noqa: PLC0415
    return pdf.soffice_available()


def convert_to_pdf(*args, **kwargs) -> list[Path]:
    from pipeline.documents import pdf  # noqa: PLC0415
    return pdf.convert_to_pdf(*args, **kwargs)


def _office() -> Office:
    from pipeline.documents import pdf  # noqa: PLC0415
    return pdf.Office()


def _pdfs_ahead(office: Office, found: dict[str, bytes]) -> None:
    from pipeline.documents import pdf  # noqa: PLC0415
    pdf.convert_ahead(office, found, {path: concept for path in found if (concept := concept_of(path)) in found})


def _build(inputs: Path, out: Path | None, audience: Audience, templates: Path,
           progress: Callable[[int, int], None] | None, office: Office | None, conversions: Conversions) -> BuildResult:
    """The build itself; `office`: LibreOffice, started and waiting, when the build makes PDFs; pandoc's
    conversions of the texts start as soon as they are read (`check` converts none)."""
    ahead = None if out is None else lambda texts: convert_ahead(conversions, texts, templates, audience)
    plan, problems = check(read_inputs(inputs, ahead), audience)
    if office is not None and (len(plan.harvest) >= MANY_ITEMS or len(plan.organisations) >= MANY_ORGANISATIONS):
        office.widen()  # long documents, or a copy and a feedback each: worth a second LibreOffice
    guard = LeakGuard(plan)
    public = public_view(plan)
    if out is not None:
        convert_sent_ahead(conversions, public, templates, audience)
    # `check` renders every template to test it, but converts no Markdown: a text was checked when read
    pdfs_ahead = None if office is None else lambda found: _pdfs_ahead(office, found)
    files = render(plan, public, audience, templates, problems, progress, guard, markdown=out is not None,
                   check=out is None, ahead=pdfs_ahead)
    with_pdf = office is not None
    if with_pdf:  # a copy holds the concept's text and fonts
        check_fonts({p: data for p, data in files.items() if p.endswith(".docx") and not concept_of(p)}, problems)
    # the e-mail drafts are for the team (intern/): not in the review set
    mailings = [prepare(plan, public, r, templates, problems, with_pdf) for r in rounds(plan, files)] \
        if audience is Audience.ALL else []
    problems.raise_if_errors()
    files["intern/rapport.txt"] = report(problems.warnings)
    if mailings and out is not None:  # bytes that only a build writes: `check` has nothing to find in them
        files["intern/verzendlijst.xlsx"] = mailing_list(plan, mailings)
    if audience is Audience.REVIEW:
        files = {path.removeprefix("review/"): data for path, data in files.items() if path.startswith("review/")}
    documents = [path for path in sorted(files) if path.endswith(".docx")]
    pdfs = tuple(path.removesuffix(".docx") + ".pdf" for path in documents) if with_pdf else ()
    written: list[str] = []
    if out is not None:
        def finish(staging: Path) -> None:
            if with_pdf:
                convert_to_pdf([staging / path for path in documents],
                               fronts={staging / path: staging / concept for path in documents
                                       if (concept := concept_of(path)) in documents}, office=office)
                prefix = "review/" if audience is Audience.REVIEW else ""  # the review set: `out` is its folder
                guard.check_pdfs({prefix + pdf: staging / pdf for pdf in pdfs if is_public(prefix + pdf)})
            written.extend(write_drafts(staging, mailings, files))  # now: the PDFs are attached too

        write_outputs(out, files, finish, inside="review" if audience is Audience.REVIEW else "")
    return BuildResult(plan, files, tuple(problems.warnings), pdfs, tuple(written))


def write_drafts(staging: Path, mailings: list[Mailing], files: dict[str, bytes]) -> list[str]:
    """The e-mail drafts with their attachments from the staging folder (where the PDFs are), each written
    there as it is made; their paths. From MANY_DRAFTS on, the first half is made beside, on the second core
    (the sample's 55 drafts take 0.1 s, the 10,000 items' 3.4 s)."""
    if sum(len(m.drafts) for m in mailings) < MANY_DRAFTS:
        return _write_drafts(staging, mailings, files)
    first, rest = halves(mailings)
    beside = Beside(lambda _: _write_drafts(staging, first, files))
    try:
        written = _write_drafts(staging, rest, files)
        return beside.result(Problems()) + written
    except BaseException:  # a failure or a Ctrl-C here: the other half is not wanted any more
        beside.cancel()
        raise


def _write_drafts(staging: Path, mailings: list[Mailing], files: dict[str, bytes]) -> list[str]:
    @lru_cache(maxsize=4)  # a copy and its PDF, for each of the organisation's participants in turn
    def read(path: str) -> bytes:
        return files[path] if path in files else (staging / path).read_bytes()

    written = []
    for mailing in mailings:
        for path, data in mailing.made(read):
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(data)
            written.append(path)
    return written


def render(plan: Plan, public: PublicPlan, audience: Audience, templates: Path, problems: Problems,
           progress: Callable[[int, int], None] | None, guard: LeakGuard,
           markdown: bool = True, check: bool = False,
           ahead: Callable[[dict[str, bytes]], None] | None = None) -> dict[str, bytes]:
    """The review set here, the college's and the team's documents beside it (on the second core); each
    half searched by the leak guard for confidential values. `check`: only what can hold a problem. `ahead` is
    handed each half's files as soon as they are there (LibreOffice converts them meanwhile, into a folder of
    its own)."""
    others = Beside(lambda found, send=None: render_others(plan, public, templates, found, guard, markdown, check,
                                                           send), early=ahead) if audience is Audience.ALL else None
    try:
        review = render_review(public, templates, problems, progress, identity(plan), markdown)
        guard.check_documents(review.files, problems, review.copies)
        files = review.files
        if ahead is not None:
            ahead(files)
        if others is not None:
            trim()
            files |= (found := others.result(problems))
            if ahead is not None:
                ahead(found)
    except BaseException:  # a failure or a Ctrl-C here: the other half is not wanted any more
        if others is not None:
            others.cancel()
        raise
    return files


def render_others(plan: Plan, public: PublicPlan, templates: Path, problems: Problems, guard: LeakGuard,
                  markdown: bool = True, check: bool = False,
                  ahead: Callable[[dict[str, bytes]], None] | None = None) -> dict[str, bytes]:
    """The college's documents from the public view (from `make verzenden` on with the nota and the plan with
    tracked changes; once the college decided, the feedback), the confidential attachment and the team's files
    from the whole plan. `ahead` gets the documents made while the comparison still runs."""
    # the attachment first, and the comparison with the plan as sent (which ends last) started from it at once
    first = Problems()  # reported after the proposal's, in the order of the documents
    files = render_plan(public, templates, first, markdown)
    with start_tracked(public, files.get(PLAN), templates, first, markdown) as tracked:
        files = render_proposal(public, templates, problems, markdown) | files
        problems.items.extend(first.items)
        files |= render_nota(public, templates, problems, markdown)
        files |= render_feedback(public, templates, problems, markdown)
        files |= render_confidential(plan, templates, problems)
        if ahead is not None:
            ahead(files)
        leaks = Problems()  # while the comparison runs: the other documents searched, the team's files made
        guard.check_documents(files, leaks)
        if not check:  # the team's files: bytes that only a build writes, and no problem can be found in them
            files["intern/plan.json"] = plan_json(plan)
            files["intern/verantwoording.xlsx"] = accounting_workbook(plan, public)
        compared = tracked.result()
    guard.check_documents(compared, leaks)
    problems.items.extend(sorted(leaks.items, key=lambda found: found.location))  # as one search: by path
    trim()
    return files | compared


def report(warnings: list[Problem]) -> bytes:
    lines = [str(w) for w in warnings] or ["Geen waarschuwingen."]
    return ("\n".join(lines) + "\n").encode("utf-8")
