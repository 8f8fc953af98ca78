"""The exception tree: one base, input problems under it; only the CLI turns them into exit codes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# every character str.splitlines() breaks a line at
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


class Severity(Enum):
    PROBLEM = "probleem"
    WARNING = "waarschuwing"
    TODO = "nog in te vullen"  # a blank set's placeholder or empty sheet: blocks a build, like a problem


@dataclass(frozen=True)
class Problem:
    """One finding, printed as `LOCATION: message`."""

    location: str
    message: str
    severity: Severity = Severity.PROBLEM

    def __str__(self) -> str:
        """One line, always: a line break typed in a cell (Alt+Enter) is shown as '↵'."""
        prefix = "" if self.severity is Severity.PROBLEM else f"{self.severity.value}: "
        return LINE_BREAK.sub("\u21b5", f"{self.location}: {prefix}{self.message}")


class PlanAError(Exception):
    """Base of every error the pipeline raises on purpose."""


class InputProblems(PlanAError):
    """The inputs have problems; carries all of them, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = sum(p.severity is Severity.PROBLEM for p in problems)
        todo = sum(p.severity is Severity.TODO for p in problems)
        said = [f"{count} {'probleem' if count == 1 else 'problemen'} in de invoer"] if count or not todo else []
        if todo:
            said.append(f"{todo} {'punt' if todo == 1 else 'punten'} nog in te vullen")
        super().__init__(" en ".join(said))


class OutputRefused(InputProblems):
    """The output folder may not be replaced (see output_folder.py); checked before anything is read."""
