"""Temporary folders of a build named after its process, and those of killed builds removed by the next."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def scratch_folder(prefix: str) -> Path:
    """A new private temporary folder `PREFIX<process id>-...` (see `remove_leftovers`)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def remove_leftovers(prefix: str) -> None:
    """The folders `scratch_folder(prefix)` made for a build killed outright (SIGKILL: nothing of it ran to
    remove them), known by the process id in their names: those of a process that no longer runs."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True
