"""`check` does only what can find a problem (issue 15): it loads no PDF, tracked-changes or round-trip
machinery, and makes none of the team's files, whose bytes it would never write."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.build
from casebuilder import small_case
from pipeline.base.errors import InputProblems
from pipeline.build import build
from round_case import answered_round

ROOT = Path(__file__).resolve().parents[1]

# Each is loaded by what a build with PDFs, a comparison or a round-trip command needs, never by `check`; pypandoc
# (and urllib.request, HTTP and SSL with it) only where pypandoc-binary's own pandoc is missing.
BUNDLED_PANDOC = Path(importlib.util.find_spec("pypandoc").origin).parent / "files" / "pandoc"
NOT_FOR_CHECK = ("pikepdf", "pipeline.documents.pdf", "pipeline.documents.pdf_join", "pipeline.documents.pdf_form",
                 "python_redlines", "platformdirs", "pipeline.roundtrip.send", "pipeline.roundtrip.intake",
                 "pipeline.roundtrip.workbook") + (("pypandoc", "urllib.request") if BUNDLED_PANDOC.is_file() else ())

LOADED = """
import sys
from pipeline.__main__ import main
status = main(["check", "--inputs", sys.argv[1]])
print("MODULES", " ".join(sorted(sys.modules)))
sys.exit(status)
"""


def test_check_of_the_sample_loads_no_pdf_comparison_or_round_trip_machinery():
    """The sample has a review round: its check renders the nota and the plan as sent too. Run in one process
    (PLAN_A_SERIAL), so that what the forked half would load is seen here as well."""
    env = {**os.environ, "PLAN_A_SERIAL": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", LOADED, str(ROOT / "inputs")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Oogst: " in done.stdout  # the summary: the check itself ran to its end
    loaded = set(next(line for line in done.stdout.splitlines() if line.startswith("MODULES ")).split()[1:])
    assert "pipeline.rendering.tracked" in loaded and "docxtpl" in loaded  # it did render the templates
    assert sorted(loaded & set(NOT_FOR_CHECK)) == []


@pytest.mark.parametrize("step", ["mailing_list", "accounting_workbook", "plan_json"])
def test_check_makes_none_of_the_teams_files_but_the_build_does(write, tmp_path, monkeypatch, step):
    inputs = write(small_case())
    built = build(inputs, tmp_path / "build", pdf=False).files
    team = {"intern/verzendlijst.xlsx", "intern/verantwoording.xlsx", "intern/plan.json"}
    assert team <= set(built)

    def not_in_check(*args, **kwargs):
        raise AssertionError(f"check made {step}")

    monkeypatch.setattr(pipeline.build, step, not_in_check)
    checked = build(inputs, None, pdf=False)
    assert team.isdisjoint(checked.files)
    assert set(checked.files) == set(built) - team  # every document is still rendered (and searched)
    assert "intern/rapport.txt" in checked.files


# --- the plan as sent: rendered in full by check too, so that check fails where the build fails ------------

AS_SENT_ONLY = "{% if plan.as_sent is none %}"  # true only while the plan as sent is rendered


@pytest.mark.parametrize("fault, message", [
    ("{{ plan.titel_als_verzonden }}", "het sjabloon gebruikt een onbekend veld 'titel_als_verzonden'"),
    ("{{ 1 / 0 }}", "fout in de sjablooncode: een uitdrukking in het sjabloon kan niet worden uitgerekend "
                    "('division by zero')"),
])
def test_a_fault_only_the_plan_as_sent_meets_is_reported_by_check_as_by_the_build(tmp_path, fault, message):
    from test_templates import _templates_with
    inputs = answered_round(tmp_path)
    templates = _templates_with(tmp_path, "uitvoeringsplan.docx", "{{ c.title }}",
                                "{{ c.title }}" + AS_SENT_ONLY + fault + "{% endif %}")
    with pytest.raises(InputProblems) as built:
        build(inputs, tmp_path / "build", templates=templates, pdf=False)
    with pytest.raises(InputProblems) as checked:
        build(inputs, None, templates=templates, pdf=False)
    assert [str(p) for p in checked.value.problems] == [str(p) for p in built.value.problems]
    assert f"templates/uitvoeringsplan.docx: {message}" in [str(p) for p in checked.value.problems]
