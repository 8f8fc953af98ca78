"""One build in this process, the time of each stage measured with perf_counter around the pipeline's own
functions (the same calls pipeline/build.py makes), and the inner steps of rendering through light
wrappers installed here, never in the pipeline. Prints JSON:

    python -m tools.bench.stages INPUTS [--pdf] [--profile out.html]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.documents import markdown
from pipeline.documents import templates as render_docx
from pipeline.rendering import copies
from pipeline.rendering import review as review_module
from pipeline.model.audience import Audience
from pipeline.build import TEMPLATES, render, report
from pipeline.checking import check
from pipeline.checking.leaks import LeakGuard
from pipeline.documents.conversions import Conversions
from pipeline.documents.pdf import convert_to_pdf, soffice_available
from pipeline.rendering.review import concept_of
from pipeline.rendering.plan_json import plan_json
from pipeline.base.problems import Problems
from pipeline.reading import read_inputs
from pipeline.rendering.ahead import convert_ahead, convert_sent_ahead
from pipeline.rendering.college import PLAN, render_college
from pipeline.rendering.confidential import render_confidential
from pipeline.rendering.intern import accounting_workbook
from pipeline.rendering.feedback import render_feedback
from pipeline.rendering.mailing import prepare, rounds
from pipeline.rendering.mailing_list import mailing_list
from pipeline.rendering.nota import render_nota
from pipeline.rendering.tracked import render_tracked
from pipeline.rendering.review import render_review
from pipeline.model.plan import Plan
from pipeline.model.public import PublicPlan, public_view
from pipeline.roundtrip.intake import take_in
from pipeline.writing import write_outputs


def _now() -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process and the children it waited for (pandoc)."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


class Clock:
    """Seconds per named step, wall and CPU; a step may run many times (its times add up, each call's
    wall time is kept)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, list[float]] = defaultdict(list)
        self.originals: list[tuple[object, str, object]] = []

    def _add(self, name: str, start: tuple[float, float]) -> float:
        end = _now()
        self.seconds[name] += end[0] - start[0]
        self.cpu[name] += end[1] - start[1]
        return end[0] - start[0]

    @contextlib.contextmanager
    def __call__(self, name: str):
        start = _now()
        try:
            yield
        finally:
            self._add(name, start)

    def wrap(self, owner, attribute: str, name: str) -> None:
        """Time every call of `owner.attribute` as `name` (a wrapper on the module or class, this process only)."""
        original = getattr(owner, attribute, None)
        if original is None:
            return

        def timed(*args, **kwargs):
            start = _now()
            try:
                return original(*args, **kwargs)
            finally:
                self.calls[name].append(self._add(name, start))

        self.originals.append((owner, attribute, original))
        setattr(owner, attribute, timed)

    def restore(self) -> None:
        for owner, attribute, original in reversed(self.originals):
            setattr(owner, attribute, original)
        self.originals.clear()


def instrument(clock: Clock) -> None:
    """The inner steps: pandoc, docxtpl's render and save (its parts, unpacked), finalize, and each
    organisation copy."""
    clock.wrap(render_docx, "markdown_to_subdocs", "inner: Markdown to subdocuments")
    clock.wrap(markdown, "_run_pandoc", "inner: Markdown to subdocuments: pandoc")
    clock.wrap(markdown.LiteralSubdoc, "__init__", "inner: Markdown to subdocuments: attach (docxcompose)")
    clock.wrap(render_docx.DocxTemplate, "render", "inner: docxtpl render")
    clock.wrap(render_docx, "saved_parts", "inner: docxtpl save")
    clock.wrap(render_docx, "finalize_parts", "inner: finalize_docx")
    if hasattr(copies, "SharedParts"):
        clock.wrap(copies.SharedParts, "__init__", "copies: prepare")
        clock.wrap(copies.SharedParts, "fill", "copy")
    else:  # a pipeline from before the shared parts (to compare with)
        clock.wrap(review_module, "fill_copy", "copy")


SERIAL = ("read", "check", "public view", "render review", "organisation copies", "render college",
          "leak guard", "render intern", "write")


@dataclass(frozen=True)
class Built:
    """What a stage of the review round trip is given: the inputs folder, the checked plan, its public view,
    and the files rendered so far (by path under build/)."""

    inputs: Path
    plan: Plan
    public: PublicPlan
    files: dict[str, bytes]


# The stages of the review round trip that the build runs (the nota, the tracked-changes plan, the feedback,
# the e-mail drafts) add a row each here: (its name, a function that runs the stage once on `Built`,
# returning the files it made, or None when the input set has nothing for it). Each row is timed after
# "render intern", counted in the total, shown in docs/benchmarks.md, and held to a target when
# report.STAGE_TARGETS names one. Reading the returned copies is `make reacties`, not the build: `intake`.
def _nota(built: Built) -> dict[str, bytes] | None:
    return render_nota(built.public, TEMPLATES, Problems()) or None


def _tracked(built: Built) -> dict[str, bytes] | None:
    return render_tracked(built.public, built.files.get(PLAN), TEMPLATES, Problems()) or None


def _feedback(built: Built) -> dict[str, bytes] | None:
    return render_feedback(built.public, TEMPLATES, Problems()) or None


def _drafts(built: Built) -> dict[str, bytes] | None:
    """The e-mail drafts of every round of the build (the concept; the feedback once the college decided),
    without PDFs, and the send list, as the build's finish step packs them."""
    mailings = [prepare(built.plan, built.public, r, TEMPLATES, Problems(), False) for r in rounds(built.plan, built.files)]
    made = {path: data for mailing in mailings for path, data in mailing.made(built.files.__getitem__)}
    return made | {"intern/verzendlijst.xlsx": mailing_list(built.plan, mailings)}


ROUND_TRIP: list[tuple[str, Callable[[Built], dict[str, bytes] | None]]] = [
    ("render nota", _nota), ("render tracked changes", _tracked), ("render feedback", _feedback),
    ("e-mail drafts", _drafts)]
# `make reacties` (pipeline/roundtrip/intake.py): a command of its own, not part of the build, so its row is
# left out of the total.
INTAKE = "read returned copies"


def intake(inputs: Path, clock: Clock) -> int | None:
    """`make reacties` as at the start of a round: on a copy of `inputs` (it writes reacties.xlsx there; never
    into `inputs`) without reacties.xlsx, so that every reaction of the returned copies is new and the
    workbook is made. The number of reactions added; None when the set has no returned copies."""
    returned = inputs / "reacties"
    if not (inputs / "verzonden").is_dir() or not returned.is_dir() or not any(returned.glob("*.docx")):
        return None
    with tempfile.TemporaryDirectory(prefix="plana-bench-intake-") as tmp:
        copy = Path(tmp) / "inputs"
        shutil.copytree(inputs, copy)
        for name in ("reacties.xlsx", "reacties.vorige.xlsx"):
            (copy / name).unlink(missing_ok=True)
        with clock(INTAKE):
            added = take_in(copy).added
    return len(added)


def run(inputs: Path, pdf: bool = False) -> dict:
    """Each stage on its own, one after the other; then the render once more as the build runs it
    (the review here, the college and intern documents in a forked process beside it). As in the build,
    pandoc's conversions of the texts start once they are read (*read* includes starting them)."""
    with Conversions() as conversions:
        return _run(inputs, pdf, conversions)


def _run(inputs: Path, pdf: bool, conversions) -> dict:
    clock = Clock()
    instrument(clock)
    with clock("read"):
        read = read_inputs(inputs, lambda texts: convert_ahead(conversions, texts, TEMPLATES, Audience.ALL))
    with clock("check"):
        plan, problems = check(read, Audience.ALL)
    with clock("public view"):
        public = public_view(plan)
    convert_sent_ahead(conversions, public, TEMPLATES, Audience.ALL)  # as the build: before rendering
    guard = LeakGuard(plan)
    with clock("render review"):
        review = render_review(public, TEMPLATES, problems, None)
        files = dict(review.files)
    made = list(clock.calls.get("copy", []))  # the review's copies only: the feedback fills copies too
    for kind in (clock.seconds, clock.cpu):
        spent = kind.pop("copy", 0.0) + kind.pop("copies: prepare", 0.0)
        kind["render review"] -= spent
        kind["organisation copies"] = spent
    with clock("render college"):
        college = render_college(public, TEMPLATES, problems) | render_confidential(plan, TEMPLATES, problems)
    with clock("leak guard"):
        guard.check_documents(review.files, problems, review.copies)
        guard.check_documents(college, problems)
    files |= college
    with clock("render intern"):
        files["intern/plan.json"] = plan_json(plan)
        files["intern/verantwoording.xlsx"] = accounting_workbook(plan, public)
    for name, stage in ROUND_TRIP:  # (not `made`: that is the copies' times, returned below)
        with clock(name):
            added = stage(Built(inputs, plan, public, files))
        files |= added or {}
    for kind in (clock.seconds, clock.cpu):  # the feedback's copies: inside its own row already
        kind.pop("copy", None)
        kind.pop("copies: prepare", None)
    problems.raise_if_errors()
    files["intern/rapport.txt"] = report(problems.warnings)
    reactions = intake(inputs, clock)
    pdf_docs = 0
    with tempfile.TemporaryDirectory(prefix="plana-bench-") as tmp:
        out = Path(tmp) / "build"
        with clock("write"):
            write_outputs(out, files)
        if pdf and soffice_available():
            documents = [out / p for p in sorted(files) if p.endswith(".docx")]
            with clock("pdf"):
                convert_to_pdf(documents, fronts={d: out / concept_of(p) for p, d in zip(sorted(
                    p for p in files if p.endswith(".docx")), documents) if concept_of(p) in files})
            pdf_docs = len(documents)
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    clock.restore()
    getattr(render_docx, "_prepared", {}).clear()  # as cold as the build's first render
    with clock("render as built"):
        render(plan, public_view(plan), Audience.ALL, TEMPLATES, Problems(), None, guard)
    copy_bytes = [len(data) for path, data in files.items() if path.startswith("review/organisaties/")]
    return {
        "stages": dict(clock.seconds),
        "stages_cpu": dict(clock.cpu),
        "total": sum(clock.seconds.get(k, 0.0) for k in [*SERIAL, *(name for name, _ in ROUND_TRIP)]),
        "total_cpu": sum(clock.cpu.get(k, 0.0) for k in [*SERIAL, *(name for name, _ in ROUND_TRIP)]),
        "copies": len(made),
        "copy_seconds": sorted(made),
        "copy_bytes": sum(copy_bytes) // max(len(copy_bytes), 1),
        "concept_bytes": len(files.get("review/concept-uitvoeringsplan.docx", b"")),
        "output_bytes": sum(len(d) for d in files.values()),
        "pdf_documents": pdf_docs,
        "reactions_taken_in": reactions,
        "peak_rss_mb": self_kb / 1024,
        "peak_child_rss_mb": children_kb / 1024,  # the largest child process: pandoc (or soffice)
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.stages")
    p.add_argument("inputs", type=Path)
    p.add_argument("--pdf", action="store_true", help="also convert to PDF (when LibreOffice is installed)")
    p.add_argument("--profile", type=Path, help="write a pyinstrument HTML profile here")
    args = p.parse_args(argv)
    if args.profile:
        from pyinstrument import Profiler  # noqa: PLC0415 (only when profiling)
        with Profiler(interval=0.002) as profiler:
            result = run(args.inputs, args.pdf)
        args.profile.write_text(profiler.output_html())
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    else:
        result = run(args.inputs, args.pdf)
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
