"""The Makefile as its users run it: `make proposal` decides by content whether there is anything to do,
takes folders with spaces (and an apostrophe, as in 's-Hertogenbosch), and never replaces the project.

Builds without PDFs (PDF=no), into folders under tmp_path; the project itself is only ever a copy here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from casebuilder import changed, small_case, write_case
from conftest import copy_environment

ROOT = Path(__file__).resolve().parents[1]
UP_TO_DATE = "niets te doen: {out} is gemaakt van precies deze invoer, sjablonen en Plan A"
DAY = 24 * 3600


def make(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = env or {key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def proposal(inputs: Path, out: Path) -> str:
    """`make proposal` into `out`: 'built' or 'up to date' (anything else fails the test)."""
    done = make("proposal", f"INPUTS={inputs}", f"BUILD={out}", "PDF=no")
    assert done.returncode == 0, done.stdout + done.stderr
    if done.stdout.strip() == UP_TO_DATE.format(out=out):
        return "up to date"
    assert f"geschreven: {out / 'intern' / 'plan.json'}" in done.stdout.splitlines(), done.stdout
    return "built"


def plan_text(out: Path) -> str:
    return (out / "intern" / "plan.json").read_text(encoding="utf-8")


def backdate(path: Path, days: int = 30) -> None:
    """Gives `path` the date it would have when restored from an old backup (`cp -p`, unzip, rsync -a)."""
    when = time.time() - days * DAY
    os.utime(path, (when, when))


@pytest.fixture
def inputs(tmp_path) -> Path:
    return write_case(small_case(), tmp_path / "inputs")


def test_nothing_changed_means_nothing_to_do_even_when_every_file_was_touched(inputs, tmp_path):
    out = tmp_path / "build"
    assert proposal(inputs, out) == "built"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert proposal(inputs, out) == "up to date"
    for path in inputs.rglob("*"):  # saved again without a change, or copied with new dates
        path.touch()
    assert proposal(inputs, out) == "up to date"
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_a_workbook_restored_with_an_older_date_is_built_again(inputs, tmp_path):
    """The reported case: restore dag-1.xlsx from a backup (`cp -p`): before, build/ kept the other text."""
    out, backup = tmp_path / "build", tmp_path / "backup-dag-1.xlsx"
    shutil.copy2(inputs / "oogst" / "dag-1.xlsx", backup)
    backdate(backup)
    assert proposal(inputs, out) == "built"
    write_case(changed(small_case(), "oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", "Grote locaties"), inputs)
    assert proposal(inputs, out) == "built"
    assert "Grote locaties" in plan_text(out)
    shutil.copy2(backup, inputs / "oogst" / "dag-1.xlsx")  # cp -p: the backup's bytes and its old date
    assert proposal(inputs, out) == "built"
    assert "Grote locaties" not in plan_text(out) and "Kleine locaties" in plan_text(out)
    assert proposal(inputs, out) == "up to date"


def test_a_chapter_changed_and_given_back_its_old_date_is_built_again(inputs, tmp_path):
    out = tmp_path / "build"
    assert proposal(inputs, out) == "built"
    chapter = inputs / "tekst" / "plan" / "02-opvang.md"
    backdate(chapter)
    stat = chapter.stat()
    chapter.write_text("# Opvang\n\nGrote locaties zonder begeleiding.\n", encoding="utf-8")
    os.utime(chapter, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as `rsync -a` or unzip would leave it
    assert proposal(inputs, out) == "built"
    assert "Grote locaties zonder begeleiding" in (out / "intern" / "plan.json").read_text(encoding="utf-8")


def test_other_inputs_into_the_same_build_folder_are_built(inputs, tmp_path):
    out = tmp_path / "build"
    other = write_case(changed(small_case(), "oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", "Andere inbreng"),
                       tmp_path / "andere")
    assert proposal(inputs, out) == "built"
    assert proposal(other, out) == "built"
    assert "Andere inbreng" in plan_text(out)


@pytest.mark.parametrize("folder", ["map met spatie", "invoer van 's-Hertogenbosch"])
def test_folders_with_spaces_work_for_proposal_check_and_review(tmp_path, folder):
    """The reported case: `make proposal INPUTS="/tmp/map met spatie/in"` broke with an English usage error."""
    inputs = write_case(small_case(), tmp_path / folder / "in")
    out = tmp_path / folder / "uit map"
    assert proposal(inputs, out) == "built"
    assert proposal(inputs, out) == "up to date"
    checked = make("check", f"INPUTS={inputs}")
    assert checked.returncode == 0, checked.stderr
    assert "Oogst: 5 inbrengpunten, 40% met consensus" in checked.stdout
    reviewed = make("review", f"INPUTS={inputs}", f"BUILD={out}", "PDF=no")
    assert reviewed.returncode == 0, reviewed.stderr
    assert (out / "review" / "concept-uitvoeringsplan.docx").is_file()
    assert proposal(inputs, out) == "built"  # the review build replaced part of it: the stamp is gone


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"/", p.lstat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("target, build, message", [
    ("proposal", ".", "dit is de map van Plan A zelf"),
    ("proposal", "inputs", "dit is de map met invoer"),
    ("review", "..", "deze map bevat de map van Plan A zelf ({project})"),
])
def test_make_into_the_project_or_its_inputs_is_refused_and_nothing_is_lost(project_copy, target, build, message):
    """The reported case: `make proposal BUILD=.` deleted the Makefile, pipeline/, templates/ and inputs/."""
    before = snapshot(project_copy.parent)
    done = make(target, f"BUILD={build}", "PDF=no", cwd=project_copy, env=copy_environment(project_copy))
    assert done.returncode == 2
    refusal = [line for line in done.stderr.splitlines() if not line.startswith("make: ***")]
    assert refusal == [f"{build}: {message.format(project=project_copy)}; Plan A vervangt de uitvoermap bij elke "
                       "bouw: kies een andere map, zoals build"]
    assert snapshot(project_copy.parent) == before


def test_make_nieuw_then_make_check_shows_the_to_do_list(tmp_path):
    target = tmp_path / "ons traject"  # a space, as in a folder on a share
    done = make("nieuw", f"MAP={target}", "DAGEN=2", "JAREN=2027,2028")
    assert done.returncode == 0, done.stderr
    assert f"geschreven: {target / 'oogst' / 'dag-2.xlsx'}" in done.stdout.splitlines()
    check = make("check", f"INPUTS={target}")
    assert check.returncode == 2
    lines = [line for line in check.stderr.splitlines() if not line.startswith("make")]
    assert lines[0] == ("voordracht.toml: voordracht: nog in te vullen: onderwerp, portefeuille, portefeuillehouder, "
                        "datum_college, behandeld_door en gemeente")
    assert all(": nog in te vullen: " in line for line in lines[:-1])
    assert lines[-1] == "14 punten nog in te vullen; er is niets geschreven."
    again = make("nieuw", f"MAP={target}")
    assert again.returncode == 2 and f"{target}: deze map bestaat al" in again.stderr


def test_make_nieuw_without_a_folder_says_how(tmp_path):
    done = make("nieuw")
    assert done.returncode == 2  # make's own status for a failed recipe
    assert "Error 64" in done.stderr  # the recipe's: a wrong command line (EX_USAGE), as python -m pipeline says it
    assert done.stderr.splitlines()[0] == "gebruik: make nieuw MAP=../ons-traject [DAGEN=3] [JAREN=2027,2028]"
