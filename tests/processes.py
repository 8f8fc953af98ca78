"""The processes living now, read from /proc: what the tests that stop or kill a build look for."""
from __future__ import annotations

import os
from pathlib import Path


def processes() -> dict[int, tuple[int, int, str]]:
    """Every living process now (zombies, which have ended, left out): pid -> (parent pid, group, name)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                found[int(entry.name)] = (int(fields[1]), int(fields[2]), name)
    return found


def children() -> list[int]:
    """This process's children still alive."""
    return sorted(pid for pid, (parent, _, _) in processes().items() if parent == os.getpid())
