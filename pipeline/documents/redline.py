"""Compares two .docx files into one with Word's own tracked changes (w:ins, w:del), as Word's Compare does.

The comparison is python-redlines' Docxodus engine, a self-contained .NET program shipped in the
`python-redlines-docxodus` wheel (no .NET install, no network). The wheel holds it as an archive that is
unpacked once, on first use, into a folder of our own choosing (`binary`): inside the virtual environment
(.venv/var/plan-a/) when that can be written, else the user's cache, else the temporary folder, so that a
read-only home or a fresh CI machine works. Unpacking goes to a fresh folder that is renamed into place,
so that two builds at once (the test workers) never run a half-unpacked program.

Before comparing, both documents get the same names for the same bookmarks: the generated ones (pandoc's
heading ids, the contents list's entries) are named after the text they mark, else a chapter with new
text would show every bookmark in it as deleted and inserted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.resources
import io
import os
import platform
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.base.programs import Programs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE = "python_redlines_docxodus"
TIMEOUT_SECONDS = 300
FIELD_TARGET = re.compile(r"\b(PAGEREF|REF|HYPERLINK\s+\\l)\s+\"?([^\s\"]+)\"?")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _platform() -> str | None:
    """The engine's name for this platform (`linux-x64`), None where it ships no program."""
    machine = {"x86_64": "x64", "amd64": "x64", "arm64": "arm64", "aarch64": "arm64"}.get(platform.machine().lower())
    system = {"linux": "linux", "darwin": "osx", "win32": "win"}.get(sys.platform)
    return f"{system}-{machine}" if machine and system else None


def available() -> bool:
    """Whether tracked changes can be made here: the engine's wheel holds a program for this platform."""
    name = _platform()
    if name is None:
        return False
    try:
        archives = importlib.resources.files(PACKAGE) / "_binaries"
    except ModuleNotFoundError:
        return False
    return any((archives / f"{name}{suffix}").is_file() for suffix in (".tar.gz", ".zip"))


def _candidates() -> list[Path]:
    """Where the program may be unpacked, in order of preference; each folder is the wheel's version's own."""
    version = importlib.metadata.version(PACKAGE.replace("_", "-"))
    user = getattr(os, "getuid", lambda: "user")()
    return [Path(sys.prefix) / "var" / "plan-a" / f"redline-{version}",
            Path(_user_cache_dir()) / f"redline-{version}",
            Path(tempfile.gettempdir()) / f"plan-a-{user}-redline-{version}"]


def binary() -> Path:
    """The engine's program, unpacked on first use into the first folder that holds it or can be written."""
    if not available():
        raise RuntimeError(f"python-redlines[docxodus] has no tracked-changes engine for this platform "
                           f"({_platform() or platform.machine()})")
    program = Path(_platform()) / ("redline.exe" if sys.platform == "win32" else "redline")
    for folder in _candidates():
        if (folder / program).is_file():
            return folder / program
    failures = []
    for folder in _candidates():
        try:
            if (_unpack(folder) / program).is_file():
                return folder / program
            failures.append(f"{folder}: no {program} in it")
        except OSError as exc:  # not writable (a read-only home, a system-wide install): the next one
            failures.append(f"{folder}: {exc}")
    raise RuntimeError("cannot unpack the tracked-changes engine anywhere: " + "; ".join(failures))


def _user_cache_dir() -> str:
    import platformdirs  # noqa: PLC0415 (only when the engine is unpacked)
    return platformdirs.user_cache_dir("plan-a")


def _unpack(folder: Path) -> Path:
    """python-redlines unpacks its program into a fresh folder beside `folder`, which is then renamed into
    place: atomic, so another build that unpacked first keeps its folder and nobody runs half a program."""
    from python_redlines import DocxodusEngine  # noqa: PLC0415 (its tarfile: not for `check`, which compares nothing)

    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        DocxodusEngine(target_path=str(fresh))
        os.rename(fresh, folder)
    except OSError:
        shutil.rmtree(fresh, ignore_errors=True)
        if not folder.is_dir():
            raise
    return folder


def compare(before: bytes, after: bytes, *, author: str, date: dt.date, programs: Programs | None = None) -> bytes:
    """`after` with every difference from `before` as a tracked change by `author` on `date` (at 00:00 UTC)."""
    with tempfile.TemporaryDirectory(prefix="plana-redline-") as tmp:
        folder = Path(tmp)
        paths = [folder / name for name in ("voor.docx", "na.docx", "wijzigingen.docx")]
        paths[0].write_bytes(stable_bookmarks(before))
        paths[1].write_bytes(stable_bookmarks(after))
        command = [str(binary()), *map(str, paths), f"--author={author}",
                   f"--date-time={date.isoformat()}T00:00:00Z"]
        done = (programs or Programs()).run(command, TIMEOUT_SECONDS, env=_environment())
        if done.returncode != 0 or not paths[2].is_file():
            raise RuntimeError(f"the tracked-changes engine failed ({done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()[-2000:]}")
        return paths[2].read_bytes()


def _environment() -> dict[str, str]:
    """The engine needs no ICU (invariant culture) and writes nothing into a home folder; it runs once per build,
    too short for .NET's profile-guided recompiling to pay back its profiling (off: 8-12% less time)."""
    return {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "DOTNET_NOLOGO": "1", "DOTNET_TieredPGO": "0"}


def stable_bookmarks(data: bytes) -> bytes:
    """The document with each bookmark named after the paragraph it is in (and how often that text came
    before), with the links and field codes that point at it renamed alike."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"], etree.XMLParser(huge_tree=True))
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for start in root.iter(_w("bookmarkStart")):
        old = start.get(_w("name"), "")
        if old == "_GoBack":
            continue
        text = _marked_text(start)
        seen[text] = seen.get(text, 0) + 1
        names[old] = "_PlanA" + hashlib.sha256(f"{text}\x00{seen[text]}".encode()).hexdigest()[:16]
        start.set(_w("name"), names[old])
    for link in root.iter(_w("hyperlink")):
        if link.get(_w("anchor")) in names:
            link.set(_w("anchor"), names[link.get(_w("anchor"))])
    for code in root.iter(_w("instrText")):
        code.text = FIELD_TARGET.sub(lambda m: f"{m.group(1)} {names.get(m.group(2), m.group(2))}", code.text or "")
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in parts.items():
            z.writestr(name, part)
    return buffer.getvalue()


def _marked_text(start: etree._Element) -> str:
    """The text of the paragraph a bookmark starts in, or of the next one when it starts between them."""
    paragraph = next(start.iterancestors(_w("p")), None)
    if paragraph is None:
        paragraph = next((el for el in start.itersiblings() if el.tag == _w("p")), None)
    return "" if paragraph is None else "".join(t.text or "" for t in paragraph.iter(_w("t")))
