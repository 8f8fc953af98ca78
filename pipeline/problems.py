"""Collects problems and warnings over a whole run, so every one is reported, not just the first."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import InputProblems, Problem, Severity


class Problems:
    """An ordered collector of problems and warnings."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, location: object, message: str) -> None:
        self.items.append(Problem(str(location), message, Severity.PROBLEM))

    def warn(self, location: object, message: str) -> None:
        self.items.append(Problem(str(location), message, Severity.WARNING))

    @property
    def error_count(self) -> int:
        return sum(p.severity is Severity.PROBLEM for p in self.items)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

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
