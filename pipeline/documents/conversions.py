"""Pandoc's conversions of Markdown texts to .docx, started ahead of the renders that use them and shared by
templates with the same styles.

A build knows its texts long before it renders: started as soon as the texts are read, pandoc converts them
on the second core while the workbooks are read and checked, instead of inside each render. The review's
concept and the college's plan convert the same chapters through templates whose styles are the same: one
conversion serves both (`_styles`: the parts of a template that can reach a converted text).

A conversion runs as a program of its own, in a session of its own, writing its .docx and its messages into a
temporary folder of its own. Whoever needs it, this process or the half of the build forked from it
(pipeline/base/parallel.py), waits for the end of a pipe that only pandoc holds open, so that both can wait
without being pandoc's parent. Leaving the `Conversions` block (in the process that started them) ends the
conversions still running and removes their folders: a build that fails or is interrupted leaves no pandoc
and no folder behind. A render that finds no conversion started for its texts runs pandoc itself. No Python
code runs between the fork and pandoc (as for a conversion inside the render): a Ctrl-C at that moment,
handled by another thread, cannot raise there or in this process's fork handlers.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.base.scratch import remove_leftovers, scratch_folder
from pipeline.documents.pandoc import pandoc_command, pandoc_environment, pandoc_messages

MARKER_STYLE = "Plan A scheiding"  # also in notes.lua
NOTES_FILTER = Path(__file__).with_name("notes.lua")  # footnotes as a numbered list: PDF/UA-1 (issue 14)
OUTPUT, MESSAGES = "out.docx", "messages.txt"
FOLDER = "plana-ahead-"  # then the process id of the build, a dash and tempfile's own letters
# What pandoc copies from its reference document into its .docx but no subdocument takes from there: the
# body's text, headers and footers, the document's properties. A subdocument takes the body, and the styles,
# numbering and notes it uses (docxtpl's SubdocComposer); of the body's section properties pandoc uses the page
# size and margins (`_page`), to fit an image into the text's width.
NOT_IN_A_TEXT = re.compile(r"word/document\.xml|word/_rels/document\.xml\.rels|"
                           r"word/(_rels/)?(header|footer)\d*\.xml(\.rels)?|docProps/.*")
PAGE = re.compile(rb"<w:pgSz\b[^>]*>|<w:pgMar\b[^>]*>")


def marker_token(texts: Sequence[str]) -> str:
    """A word that no input can contain: the hash of all inputs together."""
    digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()
    return f"planA{digest}"


def docx_job(folder: Path, reference: Path, texts: Sequence[str], shift_headings: int) -> tuple[list[Path], list[str]]:
    """The Markdown files, written into `folder`, and the arguments that make pandoc convert `texts` into
    `folder`/out.docx in one run: `--file-scope` parses each text on its own (an unclosed fence, div or
    footnote in one text cannot reach the next), marker paragraphs separate the results."""
    marker = f'::: {{custom-style="{MARKER_STYLE}"}}\n{marker_token(texts)}\n:::\n'
    files = []
    for i, text in enumerate(texts):
        if i:
            files.append(folder / f"{i:05d}-0.md")
            files[-1].write_text(marker, encoding="utf-8")
        files.append(folder / f"{i:05d}-1.md")
        files[-1].write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return files, ["--file-scope", f"--reference-doc={reference}", f"--shift-heading-level-by={shift_headings}",
                   f"--lua-filter={NOTES_FILTER}", f"--output={folder / OUTPUT}"]


class _Conversion:
    """One pandoc run in the background; `result()` waits for it, from any thread of any process forked
    after it started."""

    def __init__(self, reference: Path, texts: Sequence[str], shift_headings: int):
        self.folder = scratch_folder(FOLDER)
        self._lock = threading.Lock()
        self._result: tuple[bytes, list[str]] | None = None
        self._ended = None
        self.process: subprocess.Popen | None = None
        try:
            files, args = docx_job(self.folder, reference, texts, shift_headings)
            ended, holder = os.pipe()
            try:
                with open(self.folder / MESSAGES, "wb") as messages:
                    self.process = subprocess.Popen(
                        pandoc_command(files, "docx", args), cwd=self.folder, env=pandoc_environment(),
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=messages, pass_fds=(holder,),
                        start_new_session=True)  # a Ctrl-C in the terminal reaches the build, which ends it
                _yielding(self.process.pid)
            except BaseException:
                os.close(ended)
                raise
            finally:
                os.close(holder)  # pandoc holds the only writing end now: the pipe ends when pandoc does
        except BaseException:
            self.close()
            raise
        self._ended = ended

    def result(self) -> tuple[bytes, list[str]] | None:
        """The .docx and pandoc's messages, once pandoc has ended; None when it left no complete .docx (it
        failed, or was killed): the caller runs pandoc itself, which reports why."""
        with self._lock:
            if self._result is None and self._ended is not None:
                while os.read(self._ended, 1024):  # nothing is ever written: this waits for the end
                    pass
                data = (self.folder / OUTPUT).read_bytes() if (self.folder / OUTPUT).is_file() else b""
                if zipfile.is_zipfile(io.BytesIO(data)):  # whole: a .docx ends with its table of contents
                    self._result = data, pandoc_messages((self.folder / MESSAGES).read_bytes())
            return self._result

    def close(self) -> None:
        """Ends pandoc if it still runs, and removes its folder."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
        if self._ended is not None:
            os.close(self._ended)
            self._ended = None
        shutil.rmtree(self.folder, ignore_errors=True)


def _yielding(pid: int) -> None:
    """A conversion started ahead gives way to the reading it runs beside (the link check's pandoc, which the
    reading waits for, and the workbooks): it is wanted only once the rendering starts."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, NICENESS)
    except (AttributeError, OSError):  # no priorities on this system, or the conversion has ended already
        pass


# A third of the share of a program of normal priority (Linux's weights): the link check ends before the
# workbooks are read, while on a machine busy with other work the conversions are not starved.
NICENESS = 5

_active: Conversions | None = None  # the block this process is in; a forked half inherits it


class Conversions:
    """The conversions of one build, started with `start` inside the `with` block; the renders in it find
    them through `converted` (pipeline/documents/markdown.py)."""

    def __init__(self) -> None:
        self._started: dict[tuple, _Conversion] = {}
        self._owner = os.getpid()
        self._outer: Conversions | None = None
        remove_leftovers(FOLDER)

    def start(self, reference: Path, texts: Sequence[str], shift_headings: int) -> None:
        """Starts converting `texts` as markdown_to_subdocs would for a template at `reference`, unless a
        conversion of the same texts for a template with the same styles has started already."""
        key = _key(reference, texts, shift_headings)
        if key is not None and key not in self._started:
            self._started[key] = _Conversion(reference, texts, shift_headings)

    def converted(self, reference: Path, texts: Sequence[str], shift_headings: int) -> tuple[bytes, list[str]] | None:
        key = _key(reference, texts, shift_headings)
        conversion = self._started.get(key) if key is not None else None
        return None if conversion is None else conversion.result()

    def __enter__(self) -> Conversions:
        global _active
        self._outer, _active = _active, self
        return self

    def __exit__(self, *_: object) -> None:
        global _active
        if os.getpid() != self._owner:  # a forked half that leaves: the conversions are its parent's
            return
        _active = self._outer  # a block inside another (a build within a build) gives the outer one back
        for conversion in self._started.values():
            conversion.close()
        self._started.clear()


def converted(reference: Path, texts: Sequence[str], shift_headings: int) -> tuple[bytes, list[str]] | None:
    """The .docx and messages of a conversion started ahead for these texts and a template with the styles
    of `reference`, or None when there is none (the caller runs pandoc)."""
    return None if _active is None else _active.converted(reference, texts, shift_headings)


def _key(reference: Path, texts: Sequence[str], shift_headings: int) -> tuple | None:
    styles = _styles(reference)
    texts = tuple(texts)
    return None if styles is None or not texts else (styles, texts, shift_headings)


def _page(body: bytes) -> list[bytes]:
    """The page size and margins of the body's last section, which pandoc's output takes over."""
    last = {element.split(maxsplit=1)[0]: element for element in PAGE.findall(body)}
    return [last[kind] for kind in sorted(last)]


_styles_of: dict[tuple, str | None] = {}


def _styles(reference: Path) -> str | None:
    """The hash of the parts of a template that can reach a converted text (all but NOT_IN_A_TEXT, names
    and bytes); None when it is not a readable .docx (nothing is started ahead for it)."""
    try:
        info = reference.stat()
    except OSError:
        return None
    known = (str(reference), info.st_mtime_ns, info.st_size, info.st_ino)
    if known not in _styles_of:
        digest = hashlib.sha256()
        try:
            with zipfile.ZipFile(reference) as docx:
                for name in sorted(docx.namelist()):
                    if not NOT_IN_A_TEXT.fullmatch(name):
                        data = docx.read(name)
                        digest.update(f"{name}\0{len(data)}\0".encode() + data)
                    elif name == "word/document.xml":
                        digest.update(b"\0".join([b"page", *_page(docx.read(name))]))
            _styles_of[known] = digest.hexdigest()
        except (OSError, zipfile.BadZipFile):
            _styles_of[known] = None
    return _styles_of[known]
