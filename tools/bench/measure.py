"""Timing whole commands: `python -m pipeline build --no-pdf` (median of N after a warm-up, with the peak
memory of the process) and `make proposal` when nothing changed."""
from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    median: float
    low: float
    high: float
    runs: int
    peak_mb: float  # the largest resident set of the process (or of a child it waited for: pandoc)
    cpu: float = 0.0  # median user + system seconds, children it waited for included
    tree_mb: float = 0.0  # the peak of all the build's processes together (sum of PSS, sampled)

    @classmethod
    def of(cls, seconds: list[float], peak_kb: int = 0, cpu: list[float] | None = None,
           tree_kb: int = 0) -> Timing:
        return cls(statistics.median(seconds), min(seconds), max(seconds), len(seconds), peak_kb / 1024,
                   statistics.median(cpu) if cpu else 0.0, tree_kb / 1024)


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, str, float, float]:
    """Wall time, peak RSS in KB (wait4: the process, or the largest child it waited for), output, CPU
    time (user + system, children included) and the peak of the whole process tree's memory in KB
    (the sum of its processes' proportional set sizes, sampled every 20 ms; Linux only, else 0)."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        tree_kb = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree_kb = max(tree_kb, _tree_pss_kb(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_maxrss, text, usage.ru_utime + usage.ru_stime, tree_kb


def _tree_pss_kb(pid: int) -> int:
    """The memory of a process and all its descendants: the sum of their PSS (shared pages shared out)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def build(python: str, tree: Path, inputs: Path, out: Path, repeat: int) -> Timing:
    """`python -m pipeline build --no-pdf`, run from `tree` (the project folder), once to warm up."""
    command = [python, "-m", "pipeline", "build", "--no-pdf", "--inputs", str(inputs), "--out", str(out)]
    run(command, tree)
    seconds, peak, cpu, whole = [], 0, [], 0
    for _ in range(repeat):
        wall, rss, _, used, tree_kb = run(command, tree)
        seconds.append(wall)
        cpu.append(used)
        peak, whole = max(peak, rss), max(whole, tree_kb)
    return Timing.of(seconds, peak, cpu, whole)


def check(python: str, tree: Path, inputs: Path, repeat: int) -> Timing:
    """`python -m pipeline check` (what `make check` runs), once to warm up; it exits 0 on valid inputs."""
    command = [python, "-m", "pipeline", "check", "--inputs", str(inputs)]
    run(command, tree)
    seconds, peak, cpu = [], 0, []
    for _ in range(repeat):
        wall, rss, _, used, _ = run(command, tree)
        seconds.append(wall)
        cpu.append(used)
        peak = max(peak, rss)
    return Timing.of(seconds, peak, cpu)


def make_nothing_changed(tree: Path, inputs: Path, out: Path, python: str, repeat: int) -> tuple[Timing, str]:
    """`make proposal PDF=no` when the build is up to date: a --no-pdf build and the stamp the recipe
    writes after it (pipeline/stamp.py), then `make proposal` timed; its first run must already say that
    there is nothing to do, so that no timed run builds."""
    run([python, "-m", "pipeline", "build", "--no-pdf", "--inputs", str(inputs), "--out", str(out)], tree)
    _, _, sources, _, _ = run([python, "-m", "pipeline.stamp", str(inputs), "--no-pdf"], tree)
    stamp = out / ".made-from-sources"
    stamp.write_text(sources)
    args = ["make", "--no-print-directory", f"INPUTS={inputs.resolve()}", f"BUILD={out}", "PDF=no", "proposal"]
    before = stamp.stat().st_mtime_ns
    _, _, said, _, _ = run(args, tree)
    if not said.startswith("niets te doen"):
        raise RuntimeError(f"make proposal: the build is not up to date; not timed:\n{said}")
    seconds = []
    for _ in range(repeat):
        wall, _, said, _, _ = run(args, tree)
        seconds.append(wall)
    if stamp.stat().st_mtime_ns != before:
        raise RuntimeError(f"make proposal built again although nothing changed:\n{said}")
    return Timing.of(seconds), said.strip()
