"""A new process: a complete, blank input set in a folder that does not exist yet (`python -m pipeline new`).

Uses `model` (the one definition of the workbooks, model/schema.py), `documents` (the workbook writer)
and `base`. The set is written into a hidden folder beside the target and renamed into place when it is
complete, so a failed or stopped run leaves nothing half made.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.base.errors import InputProblems, OutputRefused, Problem
from pipeline.model.schema import ADVICE_BOOK, BUDGET_BOOK, HARVEST_BOOK, PARTICIPANTS_BOOK, REACTIONS_BOOK
from pipeline.reading.sheets import YEAR
from pipeline.starting.settings import TEXTS, settings_text
from pipeline.starting.workbooks import blank_workbook

MAX_DAYS = 20


def new_inputs(folder: Path, days: int, years: Sequence[int], today: dt.date) -> list[str]:
    """Writes the blank set into `folder` (which must not exist) and returns the files, relative to it.
    Raises OutputRefused, one problem at `folder`, when it exists or cannot be made."""
    _refuse(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.nieuw-", dir=folder.parent))
    except OSError as exc:
        raise OutputRefused([Problem(str(folder), _why_not(folder, exc))]) from None
    try:
        _write(staging, days, years, dt.datetime.combine(today, dt.time()))
        _refuse(folder)  # made meanwhile: never replaced
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _refuse(folder: Path) -> None:
    if folder.exists() or folder.is_symlink():
        what = "deze map bestaat al" if folder.is_dir() else "hier staat al een bestand"
        raise OutputRefused([Problem(str(folder), f"{what}; een nieuwe invoerset komt alleen in een map die nog "
                                                  "niet bestaat: kies een nieuwe naam")])


def _why_not(folder: Path, exc: OSError) -> str:
    existing = next((f for f in folder.parents if f.exists()), None)
    if existing is not None and not existing.is_dir():
        return f"kan de map niet maken: {existing} is een bestand, geen map"
    if isinstance(exc, PermissionError):
        return f"geen schrijfrechten in {existing}; kies een andere map of vraag om schrijfrechten"
    return f"kan de map niet maken ({exc.strerror or exc})"


def _write(folder: Path, days: int, years: Sequence[int], stamp: dt.datetime) -> None:
    (folder / "voordracht.toml").write_text(settings_text(days, years), encoding="utf-8")
    for rel, text in TEXTS.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    for day in range(1, days + 1):
        blank_workbook(HARVEST_BOOK, folder / HARVEST_BOOK.file.format(dag=day), years, stamp, dag=day)
    for workbook in (BUDGET_BOOK, ADVICE_BOOK, PARTICIPANTS_BOOK, REACTIONS_BOOK):
        blank_workbook(workbook, folder / workbook.file, years, stamp)


def parse_days(typed: str) -> int:
    """`--dagen`: the number of workshop days, 1 to MAX_DAYS; else InputProblems with one Dutch line."""
    if typed.strip().isdigit() and 1 <= int(typed) <= MAX_DAYS:
        return int(typed)
    raise InputProblems([Problem("--dagen", f"moet een geheel getal van 1 tot en met {MAX_DAYS} zijn (het aantal "
                                            f"werkdagen), niet '{typed}'")])


def parse_years(typed: str) -> list[int]:
    """`--jaren 2027,2028`: the budget's years, in order, each once; else InputProblems with one Dutch line."""
    parts = [p.strip() for p in re.split(r"[,;\s]+", typed.strip()) if p.strip()]
    wrong = next((p for p in parts if not YEAR.match(p)), None)
    if not parts or wrong is not None:
        raise InputProblems([Problem("--jaren", f"'{wrong if wrong is not None else typed}' is geen jaartal; geef "
                                                "de jaren van de begroting als 2027,2028")])
    return sorted({int(p) for p in parts})
