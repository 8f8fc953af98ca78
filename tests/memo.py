"""Results of slow, pure readings of a file (pandoc's text of a .docx, the OOXML validator's verdict, the
PDF/UA check), kept by the hash of the file's bytes for the rest of the test run; and, for the builds the
tests run in their own process, pandoc's conversions and the tracked-changes engine's comparisons, kept
by the bytes they read (conftest.py puts them in place).

The builds are deterministic, so the suite meets the same documents again and again (the sample built by
several modules, the small case by most); reading one costs more than the assertion that uses it. The
results are shared by the run's worker processes through a folder of the run (pytest-xdist names the run
in PYTEST_XDIST_TESTRUNUID); without workers they stay in the process. A file with other bytes is read
again: a test that changes a document, or makes a broken one, always gets a fresh reading.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_kept: dict[str, Any] = {}


def _folder() -> Path | None:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    if not run.isalnum():
        return None
    folder = Path(tempfile.gettempdir()) / f"plan-a-test-memo-{run}"
    folder.mkdir(exist_ok=True)
    return folder


def key(kind: str, data: bytes) -> str:
    return f"{kind}-{hashlib.sha256(data).hexdigest()}"


def recall(name: str) -> tuple[bool, Any]:
    """(True, the result) when a result is kept under `name` (from `key`), else (False, None)."""
    if name not in _kept:
        folder = _folder()
        if folder is None or not (folder / name).is_file():
            return False, None
        _kept[name] = json.loads((folder / name).read_text(encoding="utf-8"))
    return True, copy.deepcopy(_kept[name])  # a copy: a test that changes what it got changes nothing kept


def keep(name: str, result: Any) -> Any:
    """Keeps a JSON-able `result` under `name` (written whole, then renamed: a reader never sees half)."""
    _kept[name] = copy.deepcopy(result)
    folder = _folder()
    if folder is not None:
        partial = folder / f".{name}.{os.getpid()}"
        partial.write_text(json.dumps(result), encoding="utf-8")
        os.replace(partial, folder / name)
    return result


def remembered(kind: str, path: Path, read: Callable[[], Any]) -> Any:
    """`read()`, a pure reading of the file at `path`, done once per distinct content."""
    name = key(kind, Path(path).read_bytes())
    found, result = recall(name)
    return result if found else keep(name, read())


# --- the build's own pure tools, for the builds the tests run in their own process --------------------

_PATH_ARGUMENTS = ("--reference-doc=", "--lua-filter=")


def pandoc_remembered(run_pandoc: Callable) -> Callable:
    """`run_pandoc` (pipeline/documents/pandoc.py) kept by what pandoc reads: the Markdown files' bytes, the
    bytes of the reference document and filter, the other arguments; the file it writes (--output) is
    written again from the kept bytes. A run with warnings is not kept (they name its temporary folder)."""
    def remembered_run(files, to, folder, extra=()):
        digest = hashlib.sha256(to.encode())
        output = None
        for argument in extra:
            if argument.startswith("--output="):
                output = Path(folder, argument.removeprefix("--output="))
            elif argument.startswith(_PATH_ARGUMENTS):
                option, path = argument.split("=", 1)
                digest.update(option.encode() + Path(folder, path).read_bytes())
            else:
                digest.update(argument.encode())
            digest.update(b"\x00")
        for file in files:
            digest.update(Path(folder, file).read_bytes() + b"\x00")
        name = f"pandoc-{digest.hexdigest()}"
        if name in _kept:
            stdout, written = _kept[name]
            if output is not None:
                output.write_bytes(written)
            return stdout, []
        stdout, warnings = run_pandoc(files, to, folder, extra)
        if not warnings:
            _kept[name] = (stdout, output.read_bytes() if output is not None else b"")
        return stdout, warnings
    return remembered_run


def compare_remembered(compare: Callable, engine: Callable[[], Callable]) -> Callable:
    """`compare` (pipeline/documents/redline.py) kept by its two documents and its author and date, while
    `engine()` is the module's own program finder (a test that puts another engine there gets it run)."""
    finder = engine()

    def remembered_compare(before, after, *, author, date, programs=None):
        if engine() is not finder:
            return compare(before, after, author=author, date=date, programs=programs)
        name = key("redline", b"\x00".join([before, after, author.encode(), date.isoformat().encode()]))
        if name not in _kept:
            _kept[name] = compare(before, after, author=author, date=date, programs=programs)
        return _kept[name]
    return remembered_compare
