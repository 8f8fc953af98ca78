"""Stage 4, write: puts the rendered files in place atomically, so a failed or killed build changes nothing."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RENAME_EXCHANGE = 2  # renameat2 flag: swap two paths in one step
AT_FDCWD = -100


def write_outputs(out: Path, files: dict[str, bytes], finish: Callable[[Path], None] | None = None) -> None:
    """Writes `files` into a fresh folder beside `out`, lets `finish` add to it (the PDFs), then swaps
    it in for `out` in one step."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staging.chmod(0o755)
    for rel, data in sorted(files.items()):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if finish is not None:
        try:
            finish(staging)
        except BaseException:  # e.g. a PDF that failed the leak check: it must not stay on disk
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _fsync_tree(staging)
    if out.exists():
        _exchange(staging, out)  # staging now holds the previous build
        shutil.rmtree(staging)
    else:
        os.rename(staging, out)


def remove_leftovers(out: Path) -> None:
    """Folders a killed build left behind beside `out`."""
    for leftover in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None and renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b),
                                           RENAME_EXCHANGE) == 0:
        return
    # no atomic exchange on this system: two renames, with the old build kept until the end
    old = Path(tempfile.mkdtemp(prefix=f".{b.name}.new-", dir=b.parent))
    os.rename(b, old / "old")
    os.rename(a, b)
    os.rename(old, a)


def _fsync_tree(folder: Path) -> None:
    files = [path for path in sorted(folder.rglob("*")) if path.is_file()]
    with ThreadPoolExecutor(max_workers=8) as pool:  # fsyncs at the same time share the disk's commits
        list(pool.map(_fsync, files))


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
