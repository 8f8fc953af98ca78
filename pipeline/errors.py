"""The exception tree: one base, input problems under it; only the CLI turns them into exit codes."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    PROBLEM = "probleem"
    WARNING = "waarschuwing"


@dataclass(frozen=True)
class Problem:
    """One finding, printed as `LOCATION: message`."""

    location: str
    message: str
    severity: Severity = Severity.PROBLEM

    def __str__(self) -> str:
        prefix = "waarschuwing: " if self.severity is Severity.WARNING else ""
        return f"{self.location}: {prefix}{self.message}"


class PlanAError(Exception):
    """Base of every error the pipeline raises on purpose."""


class InputProblems(PlanAError):
    """The inputs have problems; carries all of them, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = sum(p.severity is Severity.PROBLEM for p in problems)
        super().__init__(f"{count} {'probleem' if count == 1 else 'problemen'} in de invoer")
