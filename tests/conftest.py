"""Shared fixtures for the rule tests: the small valid case, and running the pipeline's check on it; the
run's shared memo of file readings (tests/memo.py) made and removed."""
from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

import memo
from casebuilder import small_case, write_case
from pipeline.model.audience import Audience
from pipeline.checking import check
from pipeline.base.errors import InputProblems
from pipeline.reading import read_inputs

Case = dict
_folders = itertools.count(1)
ROOT = Path(__file__).resolve().parents[1]
_MEMO = pytest.StashKey[Path]()


def pytest_configure(config) -> None:
    """The controller of a run with workers names the run itself, so that it can remove the run's memo."""
    if hasattr(config, "workerinput") or not hasattr(config.option, "testrunuid"):
        return
    if config.option.testrunuid is None:
        config.option.testrunuid = uuid.uuid4().hex
    config.stash[_MEMO] = Path(tempfile.gettempdir()) / f"plan-a-test-memo-{config.option.testrunuid}"


@pytest.fixture(scope="session", autouse=True)
def _builds_in_one_process():
    """The builds that tests run in their own process render both halves there, one after the other: the
    suite keeps every core busy already, and forking a test process costs more than the second core gains
    then. The forked half is tested in test_parallel.py (which forks again) and by every build run as a
    command (`python -m pipeline`, make)."""
    import pipeline.base.parallel  # noqa: PLC0415

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline.base.parallel, "_can_fork", lambda: False)
        yield


@pytest.fixture(scope="session", autouse=True)
def _pure_tools_remembered():
    """In the builds that tests run in their own process, pandoc's conversions and the tracked-changes
    engine's comparisons are kept by their inputs' bytes (tests/memo.py): most tests build the same small
    case, and the two tools cost a third of such a build. A conversion or comparison of other inputs runs
    the tool; so does every build run as a command (`python -m pipeline`, make), which the tests of
    identical bytes across processes use. So that the conversions go through the memo, none is started ahead
    of the render (pipeline/documents/conversions.py; test_conversions.py starts them, as a command does)."""
    import pipeline.documents.conversions  # noqa: PLC0415
    import pipeline.documents.markdown  # noqa: PLC0415
    import pipeline.documents.redline  # noqa: PLC0415
    import pipeline.reading.links  # noqa: PLC0415

    redline = pipeline.documents.redline
    with pytest.MonkeyPatch.context() as patch:
        for module in (pipeline.documents.markdown, pipeline.reading.links):  # the conversions, the link check
            patch.setattr(module, "run_pandoc", memo.pandoc_remembered(module.run_pandoc))
        patch.setattr(pipeline.documents.conversions.Conversions, "start", lambda self, *args: None)
        patch.setattr(redline, "compare", memo.compare_remembered(redline.compare, lambda: redline.binary))
        yield


# The test files that take longest, longest first (pytest's junit times of a whole run, 2026-12-01). xdist
# hands out whole files (`--dist loadfile --no-loadscope-reorder` in the Makefile) in collection order: with
# these first, the files that start last are short ones and the workers end together (ordered by their
# number of tests, as xdist does by default, two of the longest came last and one worker ran 20 s alone).
LONGEST_FIRST = ("test_outside_clients.py", "test_documents.py", "test_leaks.py", "test_faults.py",
                 "test_golden.py", "test_bad_inputs.py", "test_make.py", "test_properties.py", "test_templates.py",
                 "test_clients.py", "test_mail.py", "test_new.py", "test_feedback.py", "test_nota.py",
                 "test_roundtrip.py", "test_pdf.py", "test_interrupt.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: within a file, as written


def pytest_unconfigure(config) -> None:
    folder = config.stash.get(_MEMO, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def check_inputs(folder: Path, audience: Audience = Audience.ALL):
    """The pipeline's check (read, then check), without the rendering modules: (plan, warnings)."""
    plan, problems = check(read_inputs(folder), audience)
    return plan, problems.warnings


@pytest.fixture
def case() -> Case:
    """A complete, valid input set (see casebuilder.small_case); each test gets its own copy."""
    return small_case()


_workbook_bytes: dict[str, bytes] = {}  # repr of a workbook's sheets -> its .xlsx bytes


def write_fast(case: Case, folder: Path) -> Path:
    """write_case, but a workbook already written once with the same content is copied as bytes."""
    for rel, content in case.items():
        if isinstance(content, dict):
            key = repr(content)
            if key not in _workbook_bytes:
                write_case({rel: content}, folder)
                _workbook_bytes[key] = (folder / rel).read_bytes()
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(_workbook_bytes[key])
        else:
            write_case({rel: content}, folder)
    return folder


@pytest.fixture
def write(tmp_path: Path) -> Callable[[Case], Path]:
    """Writes a case into a fresh folder under tmp_path and returns that folder."""
    def _write(case: Case) -> Path:
        return write_fast(case, tmp_path / f"inputs-{next(_folders)}")
    return _write


def messages(folder: Path, audience: str = "all") -> list[str]:
    """Every line the check reports, `LOCATION: message`, in order: the problems (warnings included)
    when the check refuses the inputs, else the warnings only (each starts with 'waarschuwing: ')."""
    try:
        _, warnings = check_inputs(folder, Audience(audience))
    except InputProblems as exc:
        return [str(p) for p in exc.problems]
    return [str(w) for w in warnings]


@pytest.fixture
def check_messages(write) -> Callable[..., list[str]]:
    """`check_messages(case_or_folder, audience="all")`: the lines the check reports for it."""
    def _check(case: Case | Path, audience: str = "all") -> list[str]:
        folder = case if isinstance(case, Path) else write(case)
        return messages(folder, audience)
    return _check


@pytest.fixture
def passes(write) -> Callable[..., list[str]]:
    """`passes(case_or_folder, audience="all")`: asserts the check accepts it; returns the warnings."""
    def _passes(case: Case | Path, audience: str = "all") -> list[str]:
        folder = case if isinstance(case, Path) else write(case)
        try:
            _, warnings = check_inputs(folder, Audience(audience))
        except InputProblems as exc:
            pytest.fail("the check refused a case it must accept:\n" + "\n".join(map(str, exc.problems)))
        return [str(w) for w in warnings]
    return _passes


@pytest.fixture
def plan_of(write):
    """`plan_of(case_or_folder, audience="all")`: the checked Plan (the check must pass)."""
    def _plan(case: Case | Path, audience: str = "all"):
        folder = case if isinstance(case, Path) else write(case)
        plan, _ = check_inputs(folder, Audience(audience))
        return plan
    return _plan


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project in tmp_path/project (Makefile, pyproject.toml, pipeline/, templates/ and the
    small case as inputs/), its .venv a link to the real one: where a build that went wrong could harm
    only a copy. Run it with cwd=project_copy and env=copy_environment(project_copy)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("pipeline", "templates"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    write_case(small_case(), project / "inputs")
    (project / ".venv").symlink_to(ROOT / ".venv")
    return project


def copy_environment(project: Path) -> dict[str, str]:
    """The environment for running the copy's own pipeline, writing no compiled files into it."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))}
    return {**env, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
