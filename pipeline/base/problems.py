"""Collects problems and warnings over a whole run, so every one is reported, not just the first."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from pipeline.base.errors import InputProblems, Problem, Severity


class Problems:
    """An ordered collector of problems and warnings."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._warned: set[Problem] = set()

    def error(self, location: object, message: str) -> None:
        self.items.append(Problem(str(location), message, Severity.PROBLEM))

    def warn(self, location: object, message: str) -> None:
        """A warning, once: the same warning found again (a participant's row met by the concept's mailing
        and by the feedback's) says nothing new."""
        warning = Problem(str(location), message, Severity.WARNING)
        if warning not in self._warned:
            self._warned.add(warning)
            self.items.append(warning)

    def todo(self, location: object, message: str) -> None:
        """What a blank input set still lacks (`LOCATION: nog in te vullen: message`): it blocks a build
        like a problem, but it is no mistake, and the command line lists it as a to-do."""
        self.items.append(Problem(str(location), message, Severity.TODO))

    @property
    def blocking_count(self) -> int:
        """Problems and to-dos: what stands in the way of a build."""
        return sum(p.severity is not Severity.WARNING for p in self.items)

    @property
    def has_errors(self) -> bool:
        return self.blocking_count > 0

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise InputProblems(list(self.items))


def suggestion(value: str, options: Iterable[str]) -> str:
    """`; bedoelt u 'X'?` for the closest known value, or '' when nothing is close."""
    options = list(options)
    by_key = {o.casefold(): o for o in options}
    close = difflib.get_close_matches(value.casefold().strip(), list(by_key), n=1, cutoff=0.6)
    return f"; bedoelt u '{by_key[close[0]]}'?" if close else ""


def quoted_list(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def unknown(what: str, value: str, options: Iterable[str], otherwise: str = "") -> str:
    """`onbekend hoofdstuk 'x'; bedoelt u 'y'?`, or with `otherwise` when nothing is close."""
    return f"{what} '{value}'" + (suggestion(value, options) or otherwise)


# Characters that XML 1.0 (and so .docx and .xlsx) cannot carry: C0 controls other than tab, newline and
# carriage return, and the noncharacters U+FFFE and U+FFFF.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def replace_invisible(text: str, location: object, problems: Problems) -> str:
    """`text` with every character XML cannot carry replaced, visibly, by '�', and a warning at
    `location` naming them, so the build goes on and every document stays valid."""
    found = list(dict.fromkeys(INVISIBLE.findall(text)))
    if not found:
        return text
    codes = ", ".join(f"U+{ord(c):04X}" for c in found)
    what = "onzichtbaar teken" if len(found) == 1 else "onzichtbare tekens"
    problems.warn(location, f"{what} ({codes}) vervangen door '{REPLACEMENT}'")
    return INVISIBLE.sub(REPLACEMENT, text)


def unreadable(exc: OSError) -> str:
    """Why a file could not be opened, for an adviser: `kan het bestand niet openen (geen leesrechten)`."""
    if isinstance(exc, PermissionError):
        reason = "geen leesrechten"
    elif isinstance(exc, FileNotFoundError):
        reason = "het is een verwijzing naar een bestand dat niet (meer) bestaat"
    elif isinstance(exc, IsADirectoryError):
        reason = "het is een map"
    else:
        reason = f"systeemfout: {exc.strerror or exc}"
    return f"kan het bestand niet openen ({reason})"
