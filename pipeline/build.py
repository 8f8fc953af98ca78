"""The whole build, as a script: read everything, check everything, render, and only then write."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audience import Audience
from .checking import check
from .errors import Problem
from .model import Plan
from .plan_json import plan_json
from .reading import read_inputs
from .writing import write_outputs


@dataclass(frozen=True)
class BuildResult:
    written: tuple[str, ...]
    warnings: tuple[Problem, ...]


def check_inputs(inputs: Path, audience: Audience = Audience.ALL) -> tuple[Plan, tuple[Problem, ...]]:
    """Reads and checks; raises InputProblems with every problem, or returns the plan and warnings."""
    plan, problems = check(read_inputs(inputs), audience)
    return plan, tuple(problems.warnings)


def build(inputs: Path, out: Path, audience: Audience = Audience.ALL) -> BuildResult:
    plan, warnings = check_inputs(inputs, audience)
    files: dict[str, bytes] = {}
    if audience is Audience.ALL:
        files["intern/plan.json"] = plan_json(plan)
        files["intern/rapport.txt"] = report(warnings)
        target = out
    else:
        target = out / "review"
    write_outputs(target, files)
    return BuildResult(tuple(str(target / rel) for rel in sorted(files)), warnings)


def report(warnings: tuple[Problem, ...]) -> bytes:
    lines = [str(w) for w in warnings] or ["Geen waarschuwingen."]
    return ("\n".join(lines) + "\n").encode("utf-8")
