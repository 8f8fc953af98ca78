"""The PDF figures of `make bench` (issue 14), with LibreOffice installed: the sample's build with PDFs end to end,
the cost of one more organisation copy's PDF at two lengths of the concept, LibreOffice's own cost (its start,
the concept alone), and the largest set with every PDF, stopped at a time limit.

    python -m tools.bench.pdf copies BUILD [--repeat N]   # per extra copy, on a build made with --no-pdf
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import measure

TARGET_SAMPLE, TARGET_COPY, TARGET_BIG = 4.0, 0.3, 180.0
LIMITS = """
**What a PDF costs, and what limits it** (LibreOffice 7.4; measured while building issue 14, on this machine
under a load of 3 to 6, so CPU times, not wall times, are the figures to compare):

- *LibreOffice's start*: some 0.3 s of CPU per soffice process, 0.1 s of it setting up its new profile (after
  which it asks to be started again). It was 0.9 s while LibreOffice tested its graphics on the first start in
  every new profile (GraphicsRenderTests, 0.65 s): the profile now says that the installed version ran before.
  The build starts one, in a thread beside it, before it reads the inputs, and a second (one per core) after
  the check when the plan is large: from 50 harvest items or 8 organisations on (`MANY_ITEMS`,
  `MANY_ORGANISATIONS` in pipeline/build.py, `Office.widen` in pipeline/documents/office.py). Each soffice runs
  for the whole build (left alone it ends after its first files; a small document of its own held open keeps
  it) and is handed each document as soon as it is rendered, the costliest waiting first, through
  LibreOffice's own pipe (its launcher, oosplash, passes the files to the running soffice: 2 ms of CPU a
  hand-over): the concept and the copies' fronts while the college's documents are rendered, those (sent early
  by the forked half) while the tracked changes are compared. `convert_to_pdf` then takes each PDF made from
  the same bytes. Tracked changes have one colour (set in the profile): by author, LibreOffice numbered them as
  each soffice met them, so a PDF depended on what its soffice had converted before. unoserver would do the
  same through UNO, but needs python3-uno, a Debian package for the system Python that the project's virtual
  environment cannot import.
- *Layout and export*: some 15–19 ms of CPU a page. LibreOffice's layout time grows with the square of a
  table's rows (`SwFrame::PrepareMake`, 54% of a profile): the concept of 5,000 items took 106 s of CPU, 2,000
  items 15.5 s. Tables longer than 100 rows therefore reach LibreOffice in parts (`long_tables.py`; the
  .docx keeps one table): 5,000 items 17.6 s, 2,000 items 6.1 s, the same pages.
- *An organisation copy*: its own pages only go through LibreOffice (some 0.1 s of CPU); its PDF is the
  concept's PDF, copied by the kernel, with an incremental update of its own pages, structure, bookmarks
  and title (`pdf_join.py`): 0.01 s at the sample's concept of 45 pages, 0.09 s at 10,000 items (a concept
  of 1,930 pages, 56 MB: the time is the copying). Rewriting the whole PDF with qpdf instead took 4.5 s a
  copy at 10,000 items: qpdf reads every object of a large PDF before it makes a new one.
- *The canonical form*: qpdf (pikepdf) writes each whole document again, objects in content order, the
  dates from the document, an /ID from the content: some 40 ms at the sample's size, in two threads, each as
  soon as LibreOffice has written its PDF (beside the conversions still running).
- *The leak guard* reads the text of every public PDF with pdftotext; of a copy only its own pages (the
  rest is the concept's PDF, read once).

**The sample with its review round** (measured 2026-12-01 at a load of 0.6 to 1, one run each; CPU of the
build and its children): `make proposal` converts 31 documents, where the sample without its round
(`sample-before`) converts 16: besides the concept (45 pages), its 12 copies' own pages, the proposal, the
plan (42 pages) and the confidential attachment, also the plan with tracked changes (43 pages), the nota
van beantwoording (5 pages) and 13 feedback documents (3 to 4 pages each). Converting all 31 took 3.5 s
(6.0 s of CPU) on both cores, of which two soffice starts with a one-line document 1.1 s; on top of the
start, the plan with tracked changes took 0.6 s (as the plan itself), the 13 feedback documents 0.5 s of
wall and 1.6 s of CPU (some 0.1 s a document: each is loaded, laid out, exported and rewritten on its
own), the nota next to nothing. The whole build with every PDF: 7.8 s (11.8 s of CPU) with the round,
4.6 s (7.2 s of CPU) without it; of the difference, some 2 s is the tracked-changes engine, which the
build without PDFs pays as well (see *render tracked changes* under the targets).

**What limits the rest** (measured 2026-12-01 under a load of 3 to 4 from other work, medians of 5, the build
before and after these changes alternating: CPU times are the figures to compare). The sample without its
round: 6.23 s → 5.36 s (CPU 7.00 s → 6.01 s); the sample: 7.38 s → 6.67 s (CPU 10.95 s → 10.21 s). Of the
sample's CPU, some 4.4 s is the build without PDFs (the tracked-changes engine 1.6 s of it), 0.6 s the two
soffice starts, 3.8 s LibreOffice's conversions (the concept 0.73 s, the plan 0.75 s, the plan with tracked
changes 0.79 s, the 13 feedback documents 0.72 s: some 55 ms each once LibreOffice runs, the 12 copies' fronts
some 0.5 s, the rest 0.26 s), 0.35 s the canonical form, 0.2 s pdftotext, and the e-mail drafts with the PDFs
attached. On two cores that is some 5 s at the least: under 4 s needs less work, not other scheduling. The
long pole is the tracked-changes engine, after which LibreOffice still converts the plan with tracked changes
(0.8 s, one core); the concept (1.4 s of wall on a loaded machine) starts when the review set is rendered, so
it follows the review render. Still to try: starting LibreOffice before Python imports the pipeline (some
0.3 s of wall; `python -m pipeline` imports first), reading the PDFs' text for the leak guard as each PDF is
made, and fewer, larger LibreOffice documents for the feedback (one document cut into PDFs afterwards).

**10,000 items with every PDF.** The build ran 164 s (207 s of CPU) under a load of 3 to 5: reading and
rendering 37 s, LibreOffice 76 s (the concept and the plan, 1,930 pages and 56 MB each, one on each core;
the 257 copies' own pages), the canonical form and the 257 copies 42 s, the leak guard 6 s. (Before the
long tables were cut, LibreOffice alone ran more than 12 minutes on the concept; before a copy's update was
written by hand, the build took 373 s.) The 257 copies hold 257 times the concept: 14.6 GB of PDFs, which
the build must write. What would bring it further down: PDF object streams
(the structure tree's 400,000 small objects compress to a fraction; an update then needs a
cross-reference stream of its own), or a copy's PDF that holds only its own pages and refers to the
concept's PDF (which is not what the contract's "a PDF beside each .docx" promises).
"""
CONCEPT = "review/concept-uitvoeringsplan.docx"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"


def _convert(folder: Path, names: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its children) of converting `names` under `folder`, copies joined
    to the concept as the build does it."""
    from pipeline.documents.pdf import convert_to_pdf
    from pipeline.rendering.review import concept_of

    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    start, used = time.perf_counter(), cpu()
    convert_to_pdf([folder / n for n in names],
                   fronts={folder / n: folder / concept_of(n) for n in names if concept_of(n) in names})
    return time.perf_counter() - start, cpu() - used


def copies(build: Path, repeat: int) -> dict:
    """One more copy's PDF: all copies against half of them (both runs keep both cores busy), and the soffice
    start and the concept alone; medians of `repeat` runs."""
    names = sorted(p.relative_to(build).as_posix() for p in build.rglob("*.docx"))
    own = [n for n in names if n.startswith("review/organisaties/")]
    half = own[:len(own) // 2]
    runs: dict[str, list[tuple[float, float]]] = {"all": [], "half": [], "concept": [], "start": []}
    with tempfile.TemporaryDirectory(prefix="plana-bench-pdf-") as tmp:
        empty = Path(tmp) / "leeg.docx"
        _empty_docx(empty)
        for _ in range(repeat):
            for kind, chosen in (("all", [CONCEPT, *own]), ("half", [CONCEPT, *half]), ("concept", [CONCEPT])):
                folder = Path(tempfile.mkdtemp(dir=tmp))
                for name in chosen:
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(build / name, folder / name)
                runs[kind].append(_convert(folder, chosen))
            runs["start"].append(_convert(Path(tmp), [empty.name]))
    med = {kind: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for kind, r in runs.items()}
    extra = max(len(own) - len(half), 1)
    return {"copies": len(own), "extra": extra, "runs": repeat,
            "per_copy_wall": (med["all"][0] - med["half"][0]) / extra,
            "per_copy_cpu": (med["all"][1] - med["half"][1]) / extra,
            "concept_wall": med["concept"][0], "concept_cpu": med["concept"][1],
            "start_wall": med["start"][0], "start_cpu": med["start"][1],
            "pages": _pages(build / CONCEPT)}


def _pages(concept: Path) -> int:
    from pipeline.documents.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="plana-bench-pdf-") as tmp:
        target = Path(tmp) / concept.name
        shutil.copyfile(concept, target)
        [pdf] = convert_to_pdf([target])
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:")), 0)


def _empty_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Leeg.")
    document.core_properties.title = "Leeg"
    document.save(path)


def build_with_pdfs(python: str, tree: Path, inputs: Path, out: Path, repeat: int,
                    limit: float | None = None) -> dict:
    """`python -m pipeline build` with PDFs (what `make proposal` runs), after a warm-up; with `limit`, one run
    stopped after that many seconds."""
    command = [python, "-m", "pipeline", "build", "--inputs", str(inputs), "--out", str(out)]
    if limit is not None:
        start = time.perf_counter()
        try:
            done = subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return {"done": False, "limit": limit}
        if done.returncode != 0:
            return {"done": False, "limit": limit, "error": done.stderr.strip().splitlines()[-1:]}
        return {"done": True, "seconds": time.perf_counter() - start}
    measure.run(command, tree)
    runs = [measure.run(command, tree) for _ in range(repeat)]
    return {"done": True, **measure.Timing.of([r[0] for r in runs], max(r[1] for r in runs),
                                              [r[3] for r in runs]).__dict__}


def measure_all(python: str, tree: Path, sample: Path, work: Path, longer: dict[str, Path], big: Path | None,
                repeat: int, before: Path | None = None) -> dict:
    """Everything the PDF section shows; `longer` holds sets with a longer concept (name -> inputs); `before`,
    the sample without its review round."""
    result = {"sample": build_with_pdfs(python, tree, sample, work / "pdf-sample", repeat), "copies": {}}
    if before is not None:
        result["before"] = build_with_pdfs(python, tree, before, work / "pdf-before", repeat)
    for name, inputs in {"sample": sample, **longer}.items():
        out = work / f"pdf-copies-{name}"
        try:
            measure.run([python, "-m", "pipeline", "build", "--no-pdf", "--inputs", str(inputs), "--out", str(out)],
                        tree)
        except RuntimeError as exc:  # a set the pipeline refuses: its figures are missing, not the others
            result.setdefault("errors", {})[name] = str(exc).splitlines()[-1:]
            continue
        done = subprocess.run([python, "-m", "tools.bench.pdf", "copies", str(out), "--repeat", str(max(repeat // 2, 1))],
                              cwd=tree, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"tools.bench.pdf copies failed:\n{done.stderr[-3000:]}")
        result["copies"][name] = json.loads(done.stdout)
    if big is not None:
        result["big"] = build_with_pdfs(python, tree, big, work / "pdf-big", 1, limit=2 * TARGET_BIG)
    return result


# --- the report ------------------------------------------------------------------------------------------

def targets(r: dict) -> list[tuple[str, str, str, bool | None]]:
    p = r.get("pdf")
    if not p or "sample" not in p:
        return []
    rows = [("the sample builds with every PDF (`make proposal`)", "< 4 s", _s(p["sample"]["median"]),
             p["sample"]["median"] < TARGET_SAMPLE)]
    if "before" in p:
        rows.append(("the sample without its review round builds with every PDF", "< 4 s",
                     _s(p["before"]["median"]), p["before"]["median"] < TARGET_SAMPLE))
    for name, c in p["copies"].items():
        rows.append((f"each extra organisation copy's PDF ({name}: a concept of {c['pages']} pages), CPU",
                     "< 0.3 s", _s(c["per_copy_cpu"]), c["per_copy_cpu"] < TARGET_COPY))
    if "big" in p:
        b = p["big"]
        rows.append(("10,000 items with 300 organisations build with every PDF", "< 3 min",
                     _s(b["seconds"]) if b["done"] else f"not done after {b['limit']:.0f} s",
                     b["done"] and b["seconds"] < TARGET_BIG))
    return rows


def section(r: dict) -> list[str]:
    p = r.get("pdf")
    if not p:
        return []
    version = r["machine"].get("LibreOffice", "LibreOffice")
    out = ["## PDF", "", f"Measured with {version}. *Sample*: `python -m pipeline build` with PDFs (what "
           "`make proposal` runs), median of the runs after a warm-up. *Per extra copy*: converting the concept "
           "with all organisation copies against the concept with half of them (both keep both cores busy), the "
           "difference per copy: its front pages in LibreOffice, the join to the concept's PDF (pikepdf) and the "
           "canonical rewrite. *Start*: a one-line document converted by LibreOffice started for it (without a "
           "running one, `convert_to_pdf` starts one per core: two here). *Concept*: the concept alone.", ""]
    said = [f"The sample {label} every PDF: {_s(s['median'])} (fastest {_s(s['low'])}, slowest {_s(s['high'])}; "
            f"CPU {_s(s['cpu'])}; {s['runs']} runs)." for label, s in
            (("with", p["sample"]), ("without its review round (sample-before), with", p.get("before"))) if s]
    out += [" ".join(said), "",
            "| set | concept pages | copies | per extra copy, CPU | per extra copy, wall | concept alone, wall "
            "(CPU) | soffice start, wall (CPU) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, c in p["copies"].items():
        out.append(f"| {name} | {c['pages']} | {c['copies']} | {_s(c['per_copy_cpu'])} | {_s(c['per_copy_wall'])} | "
                   f"{_s(c['concept_wall'])} ({_s(c['concept_cpu'])}) | {_s(c['start_wall'])} "
                   f"({_s(c['start_cpu'])}) |")
    if "big" in p:
        b = p["big"]
        out += ["", "10,000 items with every PDF: " + (
            f"{_s(b['seconds'])}." if b["done"] else f"failed: {b['error']}" if "error" in b else
            f"stopped after {b['limit']:.0f} s, not done.")]
    out += ["", LIMITS.strip()]
    return out + [""]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.pdf")
    sub = p.add_subparsers(dest="what", required=True)
    c = sub.add_parser("copies")
    c.add_argument("build", type=Path)
    c.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    json.dump(copies(args.build, args.repeat), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
