"""`make bench`: generate the input sets, time the build end to end and per stage, measure the floor of our
tools and `make proposal` with nothing changed, and write docs/benchmarks.md.

    python -m tools.bench [--quick] [--tree DIR] [--json FILE] [--doc FILE] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import machine, measure, pdf, report
from .generate import SAMPLE_ITEMS, SAMPLE_ORGANISATIONS, Size, generate, size_for

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs"
BEFORE = report.BEFORE  # the sample as it was before its review round (issue 15's target predates it)
ROUND = ("verzonden", "reacties", "reacties.xlsx", "reacties.vorige.xlsx")
DECIDED = re.compile(r"^besloten[ \t]*=[^\n]*\n?", re.MULTILINE)


def before_round(sample: Path, target: Path) -> Path:
    """A copy of the sample without its review round: no record of what was sent, no returned copies, no
    reactions workbook, and no `besloten` in voordracht.toml (so no nota, tracked changes or feedback).
    The sample itself is only read."""
    shutil.copytree(sample, target, ignore=lambda folder, names: [n for n in names if Path(folder) == sample
                                                                  and n in ROUND])
    settings = target / "voordracht.toml"
    settings.write_text(DECIDED.sub("", settings.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def sample_size(inputs: Path = SAMPLE) -> Size | None:
    """The sample's harvest and organisations, when inputs/ holds a complete, valid sample."""
    try:
        from pipeline.build import check_inputs
        plan, _ = check_inputs(inputs)
    except Exception:  # noqa: BLE001 (no sample yet, or one being edited: the contract's figures then)
        return None
    return Size(plan.figures.items, len(plan.organisations))


def sizes(base: Size) -> list[tuple[str, Size]]:
    """1x the sample's harvest, 1,000 items (where the growth target starts), 10x, and the target's
    10,000 items with 300 organisations ("100x" the sample would pass the target's 10,000)."""
    return [("1x", base), ("1k", size_for(1000 / base.items, base)), ("10x", size_for(10, base)),
            ("10k", Size(10_000, 300))]


def stages(python: str, tree: Path, inputs: Path, repeat: int, pdf: bool = False) -> dict:
    """`tools.bench.stages` in fresh processes; per stage the median of the runs (wall and CPU)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    runs = []
    for _ in range(repeat):
        command = [python, "-m", "tools.bench.stages", str(inputs)] + (["--pdf"] if pdf else [])
        out = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"stages failed:\n{out.stderr[-3000:]}")
        runs.append(json.loads(out.stdout))
    names = list(dict.fromkeys(k for r in runs for k in r["stages"]))
    result = {key: statistics.median(r[key] for r in runs) for key in
              ("total", "total_cpu", "copies", "copy_bytes", "concept_bytes", "output_bytes", "pdf_documents",
               "peak_rss_mb", "peak_child_rss_mb")}
    result["stages"] = {n: statistics.median(r["stages"].get(n, 0.0) for r in runs) for n in names}
    result["stages_cpu"] = {n: statistics.median(r["stages_cpu"].get(n, 0.0) for r in runs) for n in names}
    copies = sorted(s for r in runs for s in r["copy_seconds"])
    result["copy_median"] = statistics.median(copies) if copies else 0.0
    result["copy_max"] = max(copies) if copies else 0.0
    result["runs"] = repeat
    return result


def floor(python: str, tree: Path, inputs: Path, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    out = subprocess.run([python, "-m", "tools.bench.floor", str(inputs), "--repeat", str(repeat)], cwd=tree,
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"floor failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench",
                                description="Benchmark the build: speed, memory and growth; writes docs/benchmarks.md.")
    p.add_argument("--quick", action="store_true", help="3 timed runs instead of 5, one stage run, no PDF")
    p.add_argument("--repeat", type=int, default=None, help="timed end-to-end runs per size (default 5)")
    p.add_argument("--sizes", default=f"sample,{BEFORE},1x,1k,10x,10k",
                   help=f"which sets, e.g. sample,{BEFORE},1x,1k ({BEFORE}: the sample without its review round)")
    p.add_argument("--tree", type=Path, default=ROOT, help="the project folder whose pipeline is measured")
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md", help="'-': do not write it")
    p.add_argument("--json", type=Path, help="also write the raw figures here")
    p.add_argument("--keep", type=Path, help="generate the input sets (and builds) here and keep them")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF stage (LibreOffice) of the sample")
    p.add_argument("--from-json", type=Path, help="write the doc from figures saved by --json; measure nothing")
    p.add_argument("--calm", type=float, default=1.0,
                   help="before each set, wait (up to 3 minutes) for a 1-minute load average below this")
    args = p.parse_args(argv)
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        return _write(results, args.doc)
    repeat = args.repeat or (3 if args.quick else 5)
    stage_runs = 1 if args.quick else 3
    wanted = args.sizes.split(",")
    work = args.keep or Path(tempfile.mkdtemp(prefix="plana-bench-"))
    tree = args.tree.resolve()
    results = {"date": dt.datetime.now().isoformat(timespec="minutes"), "machine": machine.describe(),
               "load_before": machine.load(), "repeat": repeat, "tree": str(tree), "sizes": {}}
    real = sample_size()
    base = real or Size(SAMPLE_ITEMS, SAMPLE_ORGANISATIONS)
    sets = ([("sample", real), (BEFORE, real)] if real else []) + sizes(base)
    try:
        for name, size in sets:
            if name not in wanted:
                continue
            inputs = SAMPLE if name == "sample" else work / f"inputs-{name}"
            if name == BEFORE and not inputs.exists():
                before_round(SAMPLE, inputs)
            elif not inputs.exists():
                generate(size, inputs)
            print(f"{name}: {size.label} ...", file=sys.stderr, flush=True)
            load = machine.wait_for_calm(args.calm)
            e2e = measure.build(args.python, tree, inputs, work / f"build-{name}", repeat)
            checked = measure.check(args.python, tree, inputs, repeat) if name in ("sample", BEFORE, "1x") else None
            entry = {"items": size.items, "organisations": size.organisations, "days": size.days, "load": load,
                     "chapters": size.chapters, "e2e": e2e.__dict__,
                     "check": checked.__dict__ if checked else None,
                     "stages": stages(args.python, tree, inputs, stage_runs),
                     "floor": floor(args.python, tree, inputs, 3 if args.quick else 5)}
            print(f"  build {e2e.median:.2f} s (median of {e2e.runs}), peak {e2e.peak_mb:.0f} MB",
                  file=sys.stderr, flush=True)
            results["sizes"][name] = entry
            if args.json:  # after each set, so that an interrupted run keeps what it measured
                args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        first = next(iter(results["sizes"]), None)
        inputs = SAMPLE if first == "sample" else work / f"inputs-{first}"
        if first is not None and (tree / "Makefile").is_file():
            try:
                timing, said = measure.make_nothing_changed(tree, inputs, work / "make-build", args.python,
                                                            repeat)
                results["make"] = {"size": first, "timing": timing.__dict__, "said": said}
            except RuntimeError as exc:
                results["make_error"] = str(exc)
        if first is not None and not (args.quick or args.no_pdf) and shutil.which("soffice"):
            print(f"{first}: PDF ...", file=sys.stderr, flush=True)
            longer = {n: work / f"inputs-{n}" for n in ("1k",) if (work / f"inputs-{n}").exists()}
            big = work / "inputs-10k" if (work / "inputs-10k").exists() else None
            before = work / f"inputs-{BEFORE}" if first == "sample" and (work / f"inputs-{BEFORE}").exists() else None
            results["pdf"] = pdf.measure_all(args.python, tree, inputs, work, longer, big, repeat, before)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = machine.load()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return _write(results, args.doc)


def _write(results: dict, doc: Path) -> int:
    if str(doc) != "-":
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(report.markdown(results), encoding="utf-8")
        print(f"written: {doc}", file=sys.stderr)
    print(report.summary(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
