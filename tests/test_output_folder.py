"""Nothing is lost: a build replaces only an output folder that an earlier build made (PRODUCT.md,
"Rules that always hold"). Anything else (the inputs, the templates, the project, a folder holding one of
them, a file, a folder with other things in it, a folder it may not change) is refused before a single
input is read: one Dutch line `PATH: message`, exit 2, and nothing touched."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from casebuilder import small_case, write_case
from conftest import copy_environment
from pipeline.__main__ import main
from pipeline.build import build
from pipeline.base.errors import OutputRefused
from pipeline.output_folder import MARK
from pipeline.writing import write_outputs

ROOT = Path(__file__).resolve().parents[1]
REASON = "Plan A vervangt de uitvoermap bij elke bouw"
NEW_OR_EMPTY = "kies een nieuwe of lege map, of haal dit eruit"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file, link and folder under `folder` (itself included): bytes, mode and modification time."""
    found = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = path.lstat()
        data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes() if path.is_file() else b"/"
        found[path.relative_to(folder).as_posix()] = (data, info.st_mode, info.st_mtime_ns)
    return found


def refused(capsys, inputs: Path, out: Path | str, *extra: str) -> str:
    """Builds through main(): asserts exit 2, nothing on stdout and one line on stderr, and returns it."""
    status = main(["build", "--no-pdf", "--inputs", str(inputs), "--out", str(out), *extra])
    captured = capsys.readouterr()
    assert (status, captured.out) == (2, ""), captured.err
    assert len(captured.err.splitlines()) == 1, captured.err
    return captured.err.rstrip("\n")


def built(capsys, inputs: Path, out: Path, *extra: str) -> None:
    status = main(["build", "--no-pdf", "--inputs", str(inputs), "--out", str(out), *extra])
    assert status == 0, capsys.readouterr().err
    capsys.readouterr()


@pytest.fixture
def inputs(tmp_path) -> Path:
    return write_case(small_case(), tmp_path / "x" / "in")


# --- the inputs, the templates, the project, and folders that hold them -----------------------------

def test_the_inputs_folder_as_output_is_refused_and_every_input_stays(inputs, capsys):
    before = snapshot(inputs.parent)
    line = refused(capsys, inputs, inputs)
    assert line == f"{inputs}: dit is de map met invoer; {REASON}: kies een andere map, zoals build"
    assert snapshot(inputs.parent) == before


def test_a_folder_holding_the_inputs_is_refused(inputs, capsys):
    before = snapshot(inputs.parent)
    line = refused(capsys, inputs, inputs.parent)
    assert line == (f"{inputs.parent}: deze map bevat de map met invoer ({inputs}); {REASON}: kies een andere "
                    "map, zoals build")
    assert snapshot(inputs.parent) == before


def test_a_link_to_the_inputs_is_the_inputs(inputs, tmp_path, capsys):
    """The check resolves links: a link named `build` that points at the inputs is the inputs."""
    link = tmp_path / "build"
    link.symlink_to(inputs)
    before = snapshot(inputs.parent)
    line = refused(capsys, inputs, link)
    assert line == f"{link}: dit is de map met invoer; {REASON}: kies een andere map, zoals build"
    assert snapshot(inputs.parent) == before and link.is_symlink()


def test_a_link_to_a_folder_holding_the_inputs_holds_them(inputs, tmp_path, capsys):
    link = tmp_path / "uitvoer"
    link.symlink_to(inputs.parent)
    before = snapshot(inputs.parent)
    line = refused(capsys, inputs, link)
    assert line == f"{link}: deze map bevat de map met invoer ({inputs}); {REASON}: kies een andere map, zoals build"
    assert snapshot(inputs.parent) == before and link.is_symlink()


def test_a_folder_inside_the_inputs_is_refused(inputs, capsys):
    before = snapshot(inputs)
    line = refused(capsys, inputs, inputs / "build")
    assert line == (f"{inputs / 'build'}: deze map ligt in de map met invoer; Plan A verandert daar nooit iets: "
                    "kies een map erbuiten, zoals build")
    assert snapshot(inputs) == before


@pytest.mark.parametrize("out, message", [
    (".", f"dit is de map van Plan A zelf; {REASON}: kies een andere map, zoals build"),
    ("..", f"deze map bevat de map van Plan A zelf ({{project}}); {REASON}: kies een andere map, zoals build"),
    ("templates", f"dit is de map met sjablonen; {REASON}: kies een andere map, zoals build"),
    ("templates/uit", "deze map ligt in de map met sjablonen; Plan A verandert daar nooit iets: kies een map "
                      "erbuiten, zoals build"),
    ("pipeline", f"deze map bevat iets dat Plan A niet heeft gemaakt ('__init__.py', '__main__.py', "
                 f"'build.py', ...); {REASON}: {NEW_OR_EMPTY}"),
])
def test_the_project_its_templates_and_its_folders_are_refused(project_copy, out, message):
    """`python -m pipeline build --out .` in the project (a copy of it: on the old code this deleted it)."""
    before = snapshot(project_copy.parent)
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--no-pdf", "--out", out], cwd=project_copy,
                          env=copy_environment(project_copy), capture_output=True, text=True, timeout=120)
    assert done.stderr == f"{out}: {message.format(project=project_copy)}\n"
    assert (done.returncode, done.stdout) == (2, "")
    assert snapshot(project_copy.parent) == before


def test_the_root_folder_is_refused(inputs, capsys):
    line = refused(capsys, inputs, "/")
    assert line == f"/: deze map bevat de map van Plan A zelf ({ROOT}); {REASON}: kies een andere map, zoals build"


def test_the_real_command_refuses_with_exit_2_and_one_line(inputs):
    """The reported case: `python -m pipeline build --inputs X/in --out X/in` deleted every input, exit 0."""
    before = snapshot(inputs.parent)
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out", str(inputs)],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"{inputs}: dit is de map met invoer; {REASON}: kies een andere map, zoals build\n"
    assert snapshot(inputs.parent) == before


# --- folders with other things in them ---------------------------------------------------------------

def test_a_working_folder_with_other_files_is_refused(inputs, tmp_path, capsys, monkeypatch):
    """`--out .` in a folder with the user's own files beside the inputs."""
    work = tmp_path / "werk"
    work.mkdir()
    (work / "notities.txt").write_text("mijn aantekeningen\n")
    (work / "foto's").mkdir()
    (work / "foto's" / "werkdag.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.chdir(work)
    before = snapshot(work)
    line = refused(capsys, inputs, ".")
    assert line == (f".: deze map bevat iets dat Plan A niet heeft gemaakt ('notities.txt', 'foto's/werkdag.jpg'); "
                    f"{REASON}: {NEW_OR_EMPTY}")
    assert snapshot(work) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["werk", "x"]  # no staging folder beside it


def test_a_build_folder_with_a_file_of_the_user_in_it_is_refused(inputs, tmp_path, capsys):
    out = tmp_path / "build"
    built(capsys, inputs, out)
    (out / "college" / "mijn-aantekeningen.docx").write_bytes(b"van mij")
    before = snapshot(out)
    line = refused(capsys, inputs, out)
    assert line == (f"{out}: deze map bevat iets dat Plan A niet heeft gemaakt ('college/mijn-aantekeningen.docx'); "
                    f"{REASON}: {NEW_OR_EMPTY}")
    assert snapshot(out) == before


def test_a_file_put_into_the_build_folder_during_the_build_is_kept(inputs, tmp_path, capsys):
    """Checked again just before the swap: a file saved into build/ while the build ran stops it there."""
    out = tmp_path / "build"
    built(capsys, inputs, out)

    def meanwhile(staging: Path) -> None:
        (out / "intern" / "notitie.txt").write_text("tijdens de bouw bewaard\n")

    before = snapshot(out)
    with pytest.raises(OutputRefused) as refusal:
        write_outputs(out, {"intern/plan.json": b"{}"}, meanwhile)
    assert [str(p) for p in refusal.value.problems] == [
        f"{out}: deze map bevat iets dat Plan A niet heeft gemaakt ('intern/notitie.txt'); {REASON}: {NEW_OR_EMPTY}"]
    assert (out / "intern" / "notitie.txt").read_text() == "tijdens de bouw bewaard\n"
    after = snapshot(out)
    del after["intern/notitie.txt"], after["intern"], before["intern"]  # the folder it went into changed, too
    assert after == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["build", "x"]  # no staging folder left


# --- what a build may replace ------------------------------------------------------------------------

def test_a_new_or_empty_folder_is_fine_and_the_build_marks_it(inputs, tmp_path, capsys):
    empty = tmp_path / "leeg"
    empty.mkdir()
    built(capsys, inputs, empty)
    built(capsys, inputs, tmp_path / "nieuw" / "build")
    for out in (empty, tmp_path / "nieuw" / "build"):
        listed = (out / MARK).read_text(encoding="utf-8").splitlines()
        assert listed[0].startswith("Gemaakt door Plan A.")
        assert listed[1:] == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                    if p.is_file() and p.name != MARK)
    built(capsys, inputs, empty)  # and an earlier build's folder is replaced again


def earlier_release(out: Path) -> None:
    """build/ as the release before the mark left it: its outputs, the Makefile's stamp, a lock file."""
    for rel in ("college/voordracht.docx", "college/voordracht.pdf", "vertrouwelijk/bijlage-vertrouwelijk.docx",
                "review/concept-uitvoeringsplan.docx", "review/organisaties/stichting-oud.docx",
                "review/organisaties/stichting-oud.pdf", "intern/plan.json", "intern/verantwoording.xlsx",
                "intern/rapport.txt", ".made-from-123456789", "college/.~lock.voordracht.docx#"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(b"oud")


def test_a_build_folder_of_the_release_before_is_replaced(inputs, tmp_path, capsys):
    out = tmp_path / "build"
    earlier_release(out)
    built(capsys, inputs, out)
    assert (out / MARK).is_file()
    assert not (out / "review" / "organisaties" / "stichting-oud.docx").exists()
    assert (out / "college" / "voordracht.docx").read_bytes() != b"oud"


def test_a_build_folder_of_the_release_before_with_something_else_in_it_is_refused(inputs, tmp_path, capsys):
    out = tmp_path / "build"
    earlier_release(out)
    (out / "review" / "reacties").mkdir()
    (out / "review" / "reacties" / "noord.docx").write_bytes(b"een teruggestuurd exemplaar")
    before = snapshot(out)
    line = refused(capsys, inputs, out)
    assert line == (f"{out}: deze map bevat iets dat Plan A niet heeft gemaakt ('review/reacties/noord.docx'); "
                    f"{REASON}: {NEW_OR_EMPTY}")
    assert snapshot(out) == before


def test_review_and_full_builds_replace_each_others_folders(inputs, tmp_path, capsys):
    """`--audience review` writes OUT/review (marked there); a full build then replaces all of OUT."""
    out = tmp_path / "build"
    built(capsys, inputs, out, "--audience", "review")
    assert sorted(p.name for p in out.iterdir()) == ["review"] and (out / "review" / MARK).is_file()
    built(capsys, inputs, out)
    college = (out / "college" / "voordracht.docx").read_bytes()
    built(capsys, inputs, out, "--audience", "review")
    assert (out / "college" / "voordracht.docx").read_bytes() == college  # only review/ was replaced
    built(capsys, inputs, out)
    assert not (out / "review" / MARK).exists()


def test_a_review_build_into_a_folder_with_other_files_is_refused(inputs, tmp_path, capsys):
    out = tmp_path / "documenten"
    out.mkdir()
    (out / "begroting-oud.xlsx").write_bytes(b"van mij")
    before = snapshot(out)
    line = refused(capsys, inputs, out, "--audience", "review")
    assert line == (f"{out}: deze map bevat iets dat Plan A niet heeft gemaakt ('begroting-oud.xlsx'); "
                    f"{REASON}: {NEW_OR_EMPTY}")
    assert snapshot(out) == before


def test_the_check_comes_before_reading_the_inputs(tmp_path, capsys):
    """Fast feedback: a wrong --out is the one line even when the inputs are missing altogether."""
    (tmp_path / "build").write_text("een bestand")
    line = refused(capsys, tmp_path / "nergens", tmp_path / "build")
    assert line == f"{tmp_path / 'build'}: dit is een bestand, geen map; kies een map voor de uitvoer, zoals build"


# --- a file, a folder without write rights -----------------------------------------------------------

def test_an_existing_file_as_output_is_refused_and_kept(inputs, tmp_path, capsys):
    """The reported case: `--out verslag.docx` renamed the file to a hidden name and crashed."""
    report = tmp_path / "verslag.docx"
    report.write_bytes(b"mijn verslag")
    before = snapshot(tmp_path)
    line = refused(capsys, inputs, report)
    assert line == f"{report}: dit is een bestand, geen map; kies een map voor de uitvoer, zoals build"
    assert snapshot(tmp_path) == before


def test_a_link_to_a_file_and_a_path_through_a_file_are_refused(inputs, tmp_path, capsys):
    report = tmp_path / "verslag.docx"
    report.write_bytes(b"mijn verslag")
    (tmp_path / "uitvoer").symlink_to(report)
    before = snapshot(tmp_path)
    assert refused(capsys, inputs, tmp_path / "uitvoer") == (
        f"{tmp_path / 'uitvoer'}: dit is een bestand, geen map; kies een map voor de uitvoer, zoals build")
    assert refused(capsys, inputs, report / "build") == (
        f"{report / 'build'}: kan de map niet maken: {report} is een bestand, geen map")
    assert snapshot(tmp_path) == before


def someone_else() -> list[str]:
    """The command prefix that runs a command as a user without rights to this user's folders."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to test missing write rights")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared():
    """A folder anyone may read (pytest's own are private), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="plan-a-rechten-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize("where", ["parent", "folder"])
def test_an_output_folder_without_write_rights_is_refused_and_left_as_it_was(shared, where):
    """Without rights to the folder that holds it (`parent`), or to the earlier build itself (`folder`):
    before, a traceback, and staging folders left behind."""
    inputs = write_case(small_case(), shared / "in")
    for path in [inputs, *inputs.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    out = shared / "plek" / "build"
    build(inputs, out, pdf=False)
    locked = out.parent if where == "parent" else out
    (out.parent if where == "folder" else shared).chmod(0o777)  # the other one anyone may change
    locked.chmod(0o555)
    before = snapshot(shared / "plek")
    (shared / "mpl").mkdir(mode=0o777)
    (shared / "mpl").chmod(0o777)  # matplotlib's cache, for the other user
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
           "MPLCONFIGDIR": str(shared / "mpl")}
    done = subprocess.run([*someone_else(), sys.executable, "-m", "pipeline", "build", "--no-pdf", "--inputs",
                           str(inputs), "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.stderr == f"{out}: geen schrijfrechten in {locked}; kies een andere map of vraag om schrijfrechten\n"
    assert (done.returncode, done.stdout) == (2, "")
    assert snapshot(shared / "plek") == before


def test_an_output_folder_behind_a_folder_without_access_is_refused(shared):
    inputs = write_case(small_case(), shared / "in")
    for path in [inputs, *inputs.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (shared / "prive").mkdir()
    (shared / "prive").chmod(0o000)
    out = shared / "prive" / "build"
    (shared / "mpl").mkdir(mode=0o777)
    (shared / "mpl").chmod(0o777)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
           "MPLCONFIGDIR": str(shared / "mpl")}
    done = subprocess.run([*someone_else(), sys.executable, "-m", "pipeline", "build", "--no-pdf", "--inputs",
                           str(inputs), "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.stderr == (f"{out}: geen toegang tot deze map of een map erboven; kies een andere map of vraag "
                           "om rechten\n")
    assert (done.returncode, done.stdout) == (2, "")


def test_the_previous_build_is_removed_by_several_unlinks_at_once(tmp_path, monkeypatch):
    """Freeing a file waits for the disk; the previous build's files are unlinked at the same time, so that
    those waits overlap (pipeline/writing.py `remove_tree`): here eight unlinks must all be under way at once
    before any may finish, which one-by-one removal never reaches."""
    import threading

    import pipeline.writing

    old = tmp_path / "old"
    for n in range(8):
        (old / f"map-{n % 3}").mkdir(parents=True, exist_ok=True)
        (old / f"map-{n % 3}" / f"{n}.docx").write_bytes(b"x" * 1000)
    together = threading.Barrier(8, timeout=30)  # a guard against a hang, not a measure of speed
    unlink = os.unlink

    def waiting_unlink(path, *args, **kwargs):
        together.wait()
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.writing.os, "unlink", waiting_unlink)
    pipeline.writing.remove_tree(old)
    assert not old.exists()


def test_removing_a_build_follows_no_link(tmp_path):
    """A link in the previous build (or a leftover that is itself a link) is removed; what it points at
    stays, as with shutil.rmtree."""
    from pipeline.writing import remove_tree

    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "keep.txt").write_text("van de gebruiker")
    (outside / "keep.txt").write_text("van de gebruiker")
    old = tmp_path / "old"
    (old / "review").mkdir(parents=True)
    (old / "review" / "concept.docx").write_bytes(b"docx")
    (old / "to-folder").symlink_to(outside, target_is_directory=True)
    (old / "review" / "to-file").symlink_to(outside / "keep.txt")
    before = snapshot(outside)
    remove_tree(old)
    assert not old.exists() and snapshot(outside) == before
    link = tmp_path / ".build.new-x"
    link.symlink_to(outside, target_is_directory=True)
    remove_tree(link)
    assert snapshot(outside) == before


def test_replacing_the_previous_build_runs_no_other_program(tmp_path, monkeypatch):
    """The swap finds renameat2 in the C library the process runs with: looking the library up by name ran
    `ldconfig -p` (some 10 ms of every build)."""
    out = tmp_path / "build"
    write_outputs(out, {"intern/a.txt": b"eerste"})

    def no_program(*args, **kwargs):
        raise RuntimeError(f"a program was started: {args[0]}")

    monkeypatch.setattr(subprocess, "Popen", no_program)
    write_outputs(out, {"intern/a.txt": b"tweede"})
    assert (out / "intern" / "a.txt").read_bytes() == b"tweede"
