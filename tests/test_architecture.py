"""The package's shape is a checked contract: each stage uses only the stages below it, and the college
and review documents see only the public view (pyproject.toml, [tool.importlinter], run by lint-imports)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
LAYERS = "Each stage uses only the stages below it BROKEN"
PUBLIC = "The college and review documents see only the public view of the plan BROKEN"


def lint(project: Path) -> subprocess.CompletedProcess:
    """lint-imports over the `pipeline` package of `project`, with that project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([str(LINT), "--config", str(project / "pyproject.toml"), "--no-cache"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)


def test_the_project_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.fixture(scope="module")
def copy_of_the_package(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "pipeline", project / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project)
    return project


@pytest.mark.parametrize("module, statement, broken", [
    ("documents/pdf.py", "from pipeline.model.plan import Plan", LAYERS),  # the Word/PDF machinery
    ("reading/harvest.py", "from pipeline.rendering.summary import summary", LAYERS),  # a reader, a renderer
    ("checking/frames.py", "import pipeline.build", LAYERS),  # below the build
    ("rendering/intern.py", "from pipeline.__main__ import main", LAYERS),  # below the command line
    ("base/dutch.py", "from pipeline.reading.cells import Cells", LAYERS),  # the base below everything
    ("rendering/college.py", "from pipeline.model.plan import Plan", PUBLIC),  # the whole plan in a college document
    ("rendering/context.py", "from pipeline.rendering.confidential import render_confidential", PUBLIC),
])
def test_a_forbidden_import_breaks_a_contract(copy_of_the_package, module, statement, broken):
    path = copy_of_the_package / "pipeline" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("from __future__ import annotations\n",
                                     f"from __future__ import annotations\n\n{statement}  # noqa\n", 1),
                    encoding="utf-8")
    try:
        result = lint(copy_of_the_package)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
    assert statement.split()[1] in result.stdout  # the report names the import
