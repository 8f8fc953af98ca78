"""Adding to inputs/ without damaging what is there: a file is replaced in one step, the old one kept
first; a record is moved aside, never overwritten; an open workbook is not written."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from pipeline.base.problems import Problems
from pipeline.writing import fsync_file


def lock_files(name: str) -> tuple[str, str]:
    """The lock files Excel (`~$name`) and LibreOffice (`.~lock.name#`) put beside a workbook they have open."""
    return f"~${name}", f".~lock.{name}#"


def refuse_when_open(inputs: Path, name: str, problems: Problems) -> None:
    """A problem when the workbook is open in Excel or LibreOffice: what is saved there later would be lost."""
    for lock in lock_files(name):
        if (inputs / lock).exists() or (inputs / lock).is_symlink():
            problems.error(name, f"de werkmap is geopend in Excel of LibreOffice ({lock}); sluit haar en probeer "
                                 "het opnieuw (staat ze nergens open, haal dan het bestand "
                                 f"{lock} weg): Plan A schrijft niet in een geopende werkmap")


def replace_keeping_previous(path: Path, data: bytes, previous: Path, old: bytes | None) -> None:
    """Puts `data` at `path` in one step; `old` (what was read from `path`, None when it did not exist)
    is kept at `previous` first."""
    new, kept = _written_beside(path, data), None
    try:
        if old is not None:
            kept = _written_beside(previous, old)
            os.replace(kept, previous)
        os.replace(new, path)
    except BaseException:
        for leftover in (new, kept):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        raise


def add_record(folder: Path, files: dict[str, bytes], earlier: str | None) -> None:
    """Writes a record's files into `folder`; a record there is first moved into `folder/earlier`."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".nieuwe-verzending-", dir=folder))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
            fsync_file(staging / name)
        if earlier is not None:
            (folder / earlier).mkdir()
            for name in files:
                if (folder / name).exists() or (folder / name).is_symlink():
                    os.rename(folder / name, folder / earlier / name)
        for name in files:
            os.rename(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _written_beside(path: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.nieuw-", dir=path.parent)
    os.fchmod(handle, 0o644)  # as an ordinary saved file, not mkstemp's owner-only
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)

