"""Keeps every read inside the inputs folder: a file or folder that is a link to a place outside it is refused."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from pipeline.base.problems import Problems


def outside_inputs(inputs: Path, rel: str, problems: Problems) -> bool:
    """True (and a problem at the link) when `inputs/rel`, or a folder on the way to it, is a link that
    leads out of the inputs folder: its content could be anyone's file (a home folder, a share), and
    would be printed in the public documents. Links that stay inside the inputs folder are fine; a
    link to nothing is left to the reader, which says the file is gone."""
    root = inputs.resolve()
    parts = PurePosixPath(rel).parts
    for n in range(1, len(parts) + 1):
        path = inputs.joinpath(*parts[:n])
        if path.exists() and not path.resolve().is_relative_to(root):
            where = "/".join(parts[:n])
            kind = "een map" if path.is_dir() else "een bestand"
            message = (f"is een snelkoppeling naar {kind} buiten de invoermap; Plan A leest alleen wat in de "
                       f"invoermap staat: zet {'de map' if path.is_dir() else 'het bestand'} zelf hier neer, of "
                       "haal de snelkoppeling weg")
            if not any(p.location == where and p.message == message for p in problems.items):
                problems.error(where, message)  # once, however many files lie behind a linked folder
            return True
    return False
