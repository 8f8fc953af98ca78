"""The floor of our own tools, measured in the same run: Python started with docx, docxtpl, openpyxl and
pypandoc, which every build needs (issue 15 quotes the build as a ratio to it); besides it, for reference,
the start-up with the whole pipeline, one bare docxtpl render and one pandoc run. Prints JSON:

    python -m tools.bench.floor INPUTS
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The floor of issue 15: Python started with the libraries the build cannot do without.
IMPORTS = "import docx, docxtpl, openpyxl, pypandoc"
PIPELINE = "import pipeline.__main__"


def startup(python: str, repeat: int) -> dict:
    """Python start-up: bare, with the four libraries (the floor), and with the whole pipeline."""
    def timed(code: str) -> float:
        times = []
        for _ in range(repeat + 1):
            start = time.perf_counter()
            subprocess.run([python, "-c", code], check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times[1:])
    return {"python": timed("pass"), "python_with_imports": timed(IMPORTS), "pipeline_imports": timed(PIPELINE)}


def docxtpl_render(inputs: Path, repeat: int) -> float:
    """One bare docxtpl render (and save) of the concept template with the context the build gives it:
    the default Jinja environment plus the Dutch filters, no finalising, no organisation copies."""
    import jinja2
    from docxtpl import DocxTemplate

    from pipeline.model.audience import Audience
    from pipeline.build import TEMPLATES
    from pipeline.rendering.charts import outcome_chart
    from pipeline.checking import check
    from pipeline.rendering.context import common
    from pipeline.documents.markdown import markdown_to_subdocs
    from pipeline.reading import read_inputs
    from pipeline.documents.templates import FILTERS, DescribedImage
    from pipeline.model.public import public_view
    from dataclasses import replace

    plan, _ = check(read_inputs(inputs), Audience.ALL)
    public = public_view(plan)
    chart = outcome_chart(public.figures)
    times = []
    for _ in range(repeat):
        template = DocxTemplate(TEMPLATES / "concept.docx")
        bodies = markdown_to_subdocs(template, [c.body for c in public.chapters])
        chapters = tuple(replace(c, body=b) for c, b in zip(public.chapters, bodies))
        context = common(public) | {"hoofdstukken": chapters, "organisatie": None,
                                    "uitkomstgrafiek": DescribedImage(template, chart, 15.0)}
        env = jinja2.Environment(autoescape=True)
        env.filters.update(FILTERS)
        start = time.perf_counter()
        template.render(context, jinja_env=env, autoescape=True)
        template.save(io.BytesIO())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pandoc_call(inputs: Path, repeat: int) -> float:
    """One pandoc run over all chapters at once, Markdown to .docx, nothing else."""
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    chapters = sorted((inputs / "tekst" / "plan").glob("*.md"))
    times = []
    with tempfile.TemporaryDirectory(prefix="plana-floor-") as tmp:
        for _ in range(repeat + 1):
            start = time.perf_counter()
            subprocess.run([pandoc, *map(str, chapters), "-o", str(Path(tmp) / "out.docx")], check=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def measure(inputs: Path, python: str = sys.executable, repeat: int = 5) -> dict:
    result = startup(python, repeat)
    result["docxtpl_render"] = docxtpl_render(inputs, max(repeat // 2, 1))
    result["pandoc_call"] = pandoc_call(inputs, repeat)
    result["floor"] = result["python_with_imports"]
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.floor")
    p.add_argument("inputs", type=Path)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    json.dump(measure(args.inputs, repeat=args.repeat), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
