"""Hard conditions around a build: killed at any moment, and run under other settings.

Kill-safety: `python -m pipeline build --no-pdf` runs in a subprocess (its own session) and is killed
with SIGKILL at many moments: spread over the whole run, and many times just after its staging folder
(`.build.new-*`) appears, where the swap happens. After every kill, build/ must be byte for byte either
the complete old build (inputs A) or the complete new one (inputs B), never a mix and never missing.
The next run that completes removes the staging folders the killed ones left.

Determinism: the same inputs built under other PYTHONHASHSEED, locale (LC_ALL, LANG) and time zone (TZ)
give the same bytes in every output file.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebuilder import changed, small_case, write_case
from clients import require

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300


def command(inputs: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out", str(out), *extra]


def environment(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHONHASHSEED"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(settings)
    return env


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes); {} when `folder` is missing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.new-*"))


def run_build(inputs: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> float:
    start = time.monotonic()
    result = subprocess.run(command(inputs, out, *extra), cwd=ROOT, env=env or environment(),
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - start


# --- kill-safety -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_inputs(tmp_path_factory):
    """Inputs A (the sample) and B (other text, other amounts), and their complete builds."""
    root = tmp_path_factory.mktemp("kill")
    case_b = changed(small_case(), "oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", "Kleine locaties met een tuin")
    case_b = changed(case_b, "begroting.xlsx", "Lasten", 3, "2021", 250_000)
    case_b = changed(case_b, "begroting.xlsx", "Lasten", 4, "2021", 650_000)
    case_b = changed(case_b, "begroting.xlsx", "Dekking", 3, "2021", 150_000)
    inputs_a, inputs_b = write_case(small_case(), root / "a"), write_case(case_b, root / "b")
    run_build(inputs_a, root / "ref-a" / "build", "--no-pdf")
    duration = run_build(inputs_b, root / "ref-b" / "build", "--no-pdf")
    old, new = files(root / "ref-a" / "build"), files(root / "ref-b" / "build")
    assert old and new and old.keys() == new.keys() and old != new
    return inputs_b, root / "ref-a" / "build", old, new, duration


def killed_build(inputs: Path, out: Path, delay: float | None, after_staging: float | None = None) -> bool:
    """Starts a build of `inputs` into `out` and SIGKILLs it (with all it started) after `delay`
    seconds, or `after_staging` seconds after a new staging folder appears; True if it was killed."""
    before = set(leftovers(out))
    process = subprocess.Popen(command(inputs, out, "--no-pdf"), cwd=ROOT, env=environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if after_staging is None:
            process.wait(timeout=delay)
            return False
        deadline = time.monotonic() + TIMEOUT
        while not set(leftovers(out)) - before:
            if process.poll() is not None:
                return False
            if time.monotonic() > deadline:
                raise AssertionError("the build never made a staging folder")
            time.sleep(0.0005)
        time.sleep(after_staging)
        if process.poll() is not None:
            return False
    except subprocess.TimeoutExpired:
        pass
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


def test_a_killed_build_leaves_the_old_or_the_new_build_never_a_mix(two_inputs, tmp_path):
    inputs_b, reference_a, old, new, duration = two_inputs
    out = tmp_path / "build"
    shutil.copytree(reference_a, out)
    spread = [duration * n / 20 for n in (3, 6, 10, 14, 18, 22)]  # from early on to past the end
    at_staging = [0, 0, 0.0005, 0.001, 0.001, 0.002, 0.003, 0.005, 0.008, 0.012, 0.02, 0.03, 0.05, 0.08]
    outcomes = []
    for delay, after in [(d, None) for d in spread] + [(None, a) for a in at_staging]:
        was_killed = killed_build(inputs_b, out, delay, after)
        now = files(out)
        assert now in (old, new), (
            f"killed={was_killed} delay={delay} after_staging={after}: build/ is a mix or missing: "
            f"{sorted(now)}")
        outcomes.append((was_killed, "new" if now == new else "old"))
        if now == new:  # back to the old build for the next kill
            shutil.rmtree(out)
            shutil.copytree(reference_a, out)
    assert (True, "old") in outcomes  # killed before the swap: the old build stands
    assert any(state == "new" for _, state in outcomes)  # finished (or killed after the swap): the new one

    run_build(inputs_b, out, "--no-pdf")  # the next run that completes cleans up after the killed ones
    assert files(out) == new
    assert leftovers(out) == []


# --- determinism across settings ---------------------------------------------------------------------

def available_locales() -> list[str]:
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return listed


def other_locale() -> str:
    """nl_NL.UTF-8 where the machine has it, else another locale than C.UTF-8 that it has."""
    listed = {name.lower().replace("utf-8", "utf8"): name for name in available_locales()}
    for wanted in ("nl_NL.UTF-8", "nl_BE.UTF-8", "de_DE.UTF-8", "en_US.UTF-8", "POSIX"):
        key = wanted.lower().replace("utf-8", "utf8")
        if key in listed:
            return listed[key]
    return "C"


def zone(name: str, posix: str) -> str:
    """A time zone by name where the tz database has it, else its POSIX rule."""
    return name if Path("/usr/share/zoneinfo", name).is_file() else posix


SETTINGS = [
    dict(PYTHONHASHSEED="0", LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ=zone("UTC", "UTC0")),
    dict(PYTHONHASHSEED="4242", LC_ALL=other_locale(), LANG=other_locale(), TZ=zone("Pacific/Kiritimati", "<+14>-14")),
    dict(PYTHONHASHSEED="random", LANG="C.UTF-8", TZ=zone("America/St_Johns", "NST3:30NDT,M3.2.0,M11.1.0")),
]


def test_same_inputs_give_the_same_bytes_under_other_hash_seeds_locales_and_time_zones(tmp_path):
    inputs = write_case(small_case(), tmp_path / "inputs")
    outputs = []
    for n, setting in enumerate(SETTINGS):
        out = tmp_path / f"build-{n}"
        run_build(inputs, out, "--no-pdf", env=environment(**setting))
        outputs.append(files(out))
    assert outputs[0]
    for setting, output in zip(SETTINGS[1:], outputs[1:]):
        assert output.keys() == outputs[0].keys(), setting
        differing = [path for path in output if output[path] != outputs[0][path]]
        assert differing == [], setting


def test_pdfs_too_are_the_same_bytes_under_other_settings(tmp_path):
    require("soffice")
    inputs = write_case(small_case(), tmp_path / "inputs")
    outputs = []
    for n, setting in enumerate([SETTINGS[0], SETTINGS[1]]):
        out = tmp_path / f"build-{n}"
        run_build(inputs, out, env=environment(**setting))
        outputs.append(files(out))
    assert any(path.endswith(".pdf") for path in outputs[0])
    assert outputs[1].keys() == outputs[0].keys()
    assert [path for path in outputs[0] if outputs[0][path] != outputs[1][path]] == []
