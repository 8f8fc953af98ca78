"""Decides whether a build may replace an output folder: only one that an earlier build made.

A build marks the folder it writes with MARK, which lists every file it put there. The check runs before
anything is read, so a wrong `--out` is refused at once; the writer checks the folder again just before
the swap, in case something was put into it during the build.
"""
from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.base.errors import OutputRefused, Problem

MARK = ".gemaakt-door-plan-a"
MARK_HEADING = "Gemaakt door Plan A. Plan A vervangt deze map bij elke bouw: zet er niets anders in.\n"
PROJECT = Path(__file__).resolve().parent.parent
REVIEW = "review"  # where a build of only the review set writes, inside the output folder

# What the release before MARK wrote (the build/ its users have): recognised as made by a build.
EARLIER_RELEASE = re.compile(r"(college|vertrouwelijk|review|review/organisaties)/[^/]+\.(docx|pdf)"
                             r"|intern/(plan\.json|verantwoording\.xlsx|rapport\.txt)")
# Always part of a build folder: the Makefile's stamps, and what a killed build of the review set left.
BESIDE_BUILDS = re.compile(r"\.made-from-[^/]+|\.review\.new-[^/]+/.*")
# What a file browser or an office program leaves beside a document it showed: nothing of the user's.
LITTER = re.compile(r"(.*/)?(\.DS_Store|Thumbs\.db|desktop\.ini|~\$[^/]*|\.~lock\.[^/]*#)")
REASON = "Plan A vervangt de uitvoermap bij elke bouw"


def check_output(out: Path, inputs: Path, templates: Path) -> None:
    """Raises OutputRefused (one problem at `out`) unless a build may write into `out`: a folder that
    does not exist yet, an empty one, or one that earlier builds made; never the inputs, the templates or
    the project, nor a folder holding them or inside the inputs or the templates."""
    try:
        message = _refusal(out.resolve(), inputs.resolve(), templates.resolve())
    except PermissionError:  # a folder on the way that this user may not look into
        message = "geen toegang tot deze map of een map erboven; kies een andere map of vraag om rechten"
    if message is not None:
        raise OutputRefused([Problem(str(out), message)])


def check_replaceable(out: Path) -> None:
    """Raises OutputRefused when `out` holds something that no build made."""
    message = _foreign(out) if out.is_dir() else None
    if message is not None:
        raise OutputRefused([Problem(str(out), message)])


def mark(folder: Path) -> None:
    """Writes MARK into a built folder: the heading, then every file in the folder, one a line, in order."""
    made = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    (folder / MARK).write_text(MARK_HEADING + "".join(f"{path}\n" for path in made), encoding="utf-8")


def _refusal(out: Path, inputs: Path, templates: Path) -> str | None:
    protected = ((PROJECT, "de map van Plan A zelf"), (inputs, "de map met invoer"),
                 (templates, "de map met sjablonen"))
    for folder, what in protected:
        if out == folder:
            return f"dit is {what}; {REASON}: kies een andere map, zoals build"
    for folder, what in protected:
        if out in folder.parents:
            return f"deze map bevat {what} ({folder}); {REASON}: kies een andere map, zoals build"
    for folder, what in protected[1:]:
        if folder in out.parents:
            return f"deze map ligt in {what}; Plan A verandert daar nooit iets: kies een map erbuiten, zoals build"
    existing = next(folder for folder in (out, *out.parents) if folder.exists())
    if existing == out and not out.is_dir():
        return "dit is een bestand, geen map; kies een map voor de uitvoer, zoals build"
    if not existing.is_dir():
        return f"kan de map niet maken: {existing} is een bestand, geen map"
    if existing != out:
        return _unwritable([existing])
    return _foreign(out) or _unwritable([out.parent, out, *_folders_in(out)])


def _foreign(out: Path) -> str | None:
    """Why `out` may not be replaced: it holds files that no build made; None when it holds none."""
    foreign = list(itertools.islice(_not_made(out), 4))  # enough to name them: a large folder is not walked
    if not foreign:
        return None
    named = ", ".join(f"'{rel}'" for rel in foreign[:3]) + (", ..." if len(foreign) > 3 else "")
    return (f"deze map bevat iets dat Plan A niet heeft gemaakt ({named}); {REASON}: kies een nieuwe of "
            "lege map, of haal dit eruit")


def _not_made(out: Path) -> Iterator[str]:
    """The paths under `out`, relative, of every file (or link) that no build made, in order."""
    made = _made(out)
    review = {f"{REVIEW}/{rel}" for rel in _made(out / REVIEW) or ()}
    for here, folders, names in os.walk(out):
        folders.sort()
        links = [name for name in folders if os.path.islink(os.path.join(here, name))]
        for name in sorted([*names, *links]):
            rel = Path(here, name).relative_to(out).as_posix()
            known = rel in made if made is not None else EARLIER_RELEASE.fullmatch(rel) is not None
            if not (known or rel in review or BESIDE_BUILDS.fullmatch(rel) or LITTER.fullmatch(rel)):
                yield rel


def _made(folder: Path) -> set[str] | None:
    """The files that MARK in `folder` lists, MARK included; None when the folder has no MARK."""
    mark_file = folder / MARK
    if mark_file.is_symlink() or not mark_file.is_file():
        return None
    listed = mark_file.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    return {line for line in listed if line} | {MARK}


def _folders_in(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_dir() and not p.is_symlink())


def _unwritable(folders: list[Path]) -> str | None:
    """Why the build could not write or replace: the first of `folders` it may not change."""
    for folder in folders:
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"geen schrijfrechten in {folder}; kies een andere map of vraag om schrijfrechten"
    return None
