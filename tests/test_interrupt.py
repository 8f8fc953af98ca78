"""Ctrl-C during a build: it stops at once (LibreOffice included), says so in one Dutch line, ends with 130,
leaves no staging folder, no LibreOffice profile and no process behind, and the previous build as it was.

The build runs as `python -m pipeline` in its own session, like a command in a terminal; a Ctrl-C there
sends SIGINT to the foreground process group: the pipeline and its forked half, not LibreOffice, which
runs in sessions of its own.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from casebuilder import small_case, write_case
from clients import require
from processes import processes

ROOT = Path(__file__).resolve().parents[1]
ORGANISATIONS = 80  # an organisation copy, and its PDF, each: a conversion that takes a good while
PROMPTLY = 8  # seconds from Ctrl-C to the end; converting the PDFs takes far longer
START = 300  # seconds the build may take to get to the moment of the Ctrl-C, on a busy machine


def started_by(build: subprocess.Popen, own_group: bool) -> set[int]:
    """The process groups of the build's children: LibreOffice's (own sessions) once one of them converts (the
    build starts LibreOffice early, to wait for the documents), or the forked half's."""
    found = {pid: group for pid, (parent, group, _) in processes().items()
             if parent == build.pid and (group != build.pid) == own_group}
    if own_group and not any("--convert-to" in _command(pid) for pid in found):
        return set()
    return set(found.values())


def _command(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    case = small_case()
    participants = case["deelnemers.xlsx"]["Deelnemers"]
    participants += [[f"Deelnemer {n}", f"Organisatie {n}", None, "ja", "ja"] for n in range(ORGANISATIONS)]
    return write_case(case, tmp_path_factory.mktemp("interrupt") / "inputs")


@pytest.fixture
def previous(inputs, tmp_path) -> tuple[Path, dict]:
    """A finished earlier build (without PDFs, to be quick) in tmp_path/build, and its files."""
    out = tmp_path / "build"
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--no-pdf", "--inputs", str(inputs),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=START)
    assert done.returncode == 0, done.stderr
    return out, tree(out)


def as_in_a_terminal() -> None:
    """Ctrl-C's default action in the build, as a terminal's foreground job has it: a shell that runs the
    tests in the background (`pytest &`, a CI script) hands its children SIGINT ignored, and the build
    would then rightly not stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted(inputs: Path, out: Path, when: str, whom: str) -> tuple[subprocess.CompletedProcess, float, set]:
    """Starts a build with PDFs, sends SIGINT (to the process group, as a terminal does, or to the
    pipeline's own process only) once it runs LibreOffice or its forked half; returns how it ended, the
    seconds from the signal to its end, and every process group it had started."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(out.parent / "tmp")}
    (out.parent / "tmp").mkdir()
    build = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out", str(out)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True, preexec_fn=as_in_a_terminal)
    try:
        deadline = time.monotonic() + START
        while not (groups := started_by(build, own_group=when == "pdf")):
            assert build.poll() is None, f"the build ended before the moment of the Ctrl-C: {build.stderr.read()}"
            assert time.monotonic() < deadline, "the build never got there"
            time.sleep(0.005)
        if whom == "group":
            os.killpg(build.pid, signal.SIGINT)
        else:
            os.kill(build.pid, signal.SIGINT)
        sent = time.monotonic()
        stdout, stderr = build.communicate(timeout=START)
        return subprocess.CompletedProcess(build.args, build.returncode, stdout, stderr), time.monotonic() - sent, \
            groups | {build.pid}
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()


@pytest.mark.parametrize("when, whom", [("pdf", "group"), ("pdf", "pipeline"), ("render", "group"),
                                        ("render", "pipeline")])
def test_ctrl_c_stops_the_build_at_once_and_leaves_the_previous_build(inputs, previous, when, whom):
    if when == "pdf":
        require("soffice")
    out, before = previous
    result, seconds, groups = interrupted(inputs, out, when, whom)
    assert result.stderr == f"onderbroken: er is niets geschreven; de vorige uitvoer in {out} is ongewijzigd\n"
    assert result.returncode == -signal.SIGINT  # ended by the signal, as a shell expects: its `$?` is 130
    assert result.stdout == ""
    assert seconds < PROMPTLY
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["build", "tmp"]  # no staging folder beside it
    assert list((out.parent / "tmp").glob("plan-a-soffice-*")) == []  # no LibreOffice profile left
    assert left(groups) == []


def left(groups: set[int]) -> list[str]:
    """The processes still in `groups`, after a moment for those killed just now to end."""
    for _ in range(20):
        names = [name for _, group, name in processes().values() if group in groups]
        if not names:
            break
        time.sleep(0.1)
    return names



def test_a_killed_build_leaves_no_libreoffice_waiting(inputs, tmp_path):
    """LibreOffice starts early and waits for the documents; a build killed outright (no Ctrl-C to handle)
    must not leave it waiting for ever."""
    require("soffice")
    build = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out",
                              str(tmp_path / "build")], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline, seen = time.monotonic() + START, {}
        while True:  # a LibreOffice that waits: one that has run for a second (a first start ends at once)
            now = time.monotonic()
            for pid, (parent, group, name) in processes().items():
                if parent == build.pid and group != build.pid and name.startswith("soffice"):
                    seen.setdefault(pid, now)
            if any(now - since > 1 and Path(f"/proc/{pid}").exists() for pid, since in seen.items()):
                break
            assert build.poll() is None and now < deadline, "no LibreOffice waiting"
            time.sleep(0.005)
        groups = set(seen)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        assert left(groups) == []
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()


def test_a_ctrl_c_while_a_program_starts_raises_no_python_code_in_the_child(monkeypatch):
    """A SIGINT that reaches the child between its fork and its own session (the terminal's group signalled)
    must not run Python's handler there, which printed a traceback ("Exception ignored in _after_fork")."""
    from pipeline.base import programs

    def ctrl_c_in_the_child() -> None:
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(programs, "_die_with_parent", lambda: ctrl_c_in_the_child)
    started = programs.Programs()
    process = started.start(["true"])
    started.end(process, 10)
    assert process.returncode == 0


def test_stopping_waits_until_the_started_programs_are_gone():
    """After `stop()` no started program is still dying (one writing into its LibreOffice profile while
    the profile is removed left the folder behind)."""
    from pipeline.base import programs

    started = programs.Programs()
    process = started.start(["sleep", "60"])
    started.stop()
    assert process.returncode == -signal.SIGKILL


def test_a_ctrl_c_while_a_program_starts_for_a_run_ends_that_program(monkeypatch):
    """`Programs.run` holds Ctrl-C back while it starts the program (see `Programs.start`); the Ctrl-C that
    arrives then must end the program it started, as a later one does (a recalculation's LibreOffice would
    otherwise outlive the build)."""
    from pipeline.base.programs import Programs
    started = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        # to this thread, which holds it back until the program is known (a process-wide signal may go to
        # another thread of the test worker that does not hold it back)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    # Python's own Ctrl-C handler, as in a terminal: a worker started from a background shell ignores SIGINT
    as_before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            Programs().run(["sleep", "60"], 120)
    finally:
        signal.signal(signal.SIGINT, as_before)
    [program] = started
    program.wait(timeout=10)  # ended, not left to sleep its minute (TimeoutExpired otherwise)
