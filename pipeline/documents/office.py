"""LibreOffice for one build: one soffice per core, started ahead and kept running, each converting the files
handed to it, the costliest waiting file first, as soon as they are there.

A started soffice is handed its files through LibreOffice's own pipe (a second `soffice --convert-to` with the
same profile passes them to the running one and waits for their PDFs). Left alone it would end after its first
files; a small document of its own that it holds open keeps it running for the next ones, so the concept is
converted while the college's documents are still being rendered. Each start (some 0.3 s of CPU, its profile's
settings written first: see `soffice_profile.write_settings`) happens in a thread of its own, beside the build.
"""
from __future__ import annotations

import heapq
import itertools
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.base.programs import Programs
from pipeline.base.scratch import remove_leftovers, scratch_folder
from pipeline.documents.soffice_profile import write_settings

SOFFICE_NAMES = ("soffice", "libreoffice")
MAX_WORKERS = 2  # one soffice process per core on the 2-core machines
TIMEOUT_SECONDS = 600
FIRST_START = 2  # seconds in which LibreOffice sets up a new profile and ends (LibreOffice 7.4: 0.2 s)
LISTENS_WITHIN = 30  # seconds for a started soffice to open its pipe (LibreOffice 7.4: 0.1 s)
BATCH_COST = 160_000  # files handed over together up to this cost (some 0.3 s): a hand-over costs some 10 ms
_FLAGS = ("--headless", "--norestore", "--nolockcheck")
FOLDER = "plan-a-soffice-"  # then the process id of the build (pipeline/base/scratch.py)


@dataclass(order=True)
class _Conversion:
    """One file for soffice; `result` gets `then(its PDF)`, run in the office's finishing threads."""

    order: tuple[int, int]  # the costliest first, then in the order handed over
    name: str = field(compare=False)  # the file's name in the office's folder: its PDF is named after it
    data: Callable[[], bytes] = field(compare=False)  # made in the office's thread, not the build's
    then: Callable[[Path], Any] = field(compare=False)
    result: Future = field(compare=False, default_factory=Future)


class Office:
    """LibreOffice, one soffice process started now, one per further core once `widen()` is called; a context
    manager that always ends them and removes their profiles and files (a Ctrl-C, a failed build, or documents
    that never came). Each start costs some 0.3 s of CPU: a build of a few short documents converts them with
    one."""

    def __init__(self) -> None:
        self.programs = Programs()
        self.soffice = _soffice()
        # its profiles, and a .docx and a PDF of every document: those of a killed build go with the next
        remove_leftovers(FOLDER)
        self.tmp = scratch_folder(FOLDER)
        self.made: dict[str, Future] = {}  # what pdf.py converted ahead, by the content it was made from
        self.finishing = ThreadPoolExecutor(max_workers=MAX_WORKERS)  # qpdf lets go of the GIL while it writes
        self._queue: list[_Conversion] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._closed = False
        self._threads: list[threading.Thread] = []
        self.servers: dict[int, subprocess.Popen] = {}  # each core's soffice, once started
        self.pipes: dict[int, Path] = {}  # their pipes' sockets: a killed soffice leaves its own behind

    @property
    def workers(self) -> int:
        return len(self._threads)

    def __enter__(self) -> Office:
        self.widen(1)
        return self

    def widen(self, workers: int | None = None) -> None:
        """The other cores' LibreOffice, started now: the documents to come are many or long."""
        for n in range(self.workers, workers or _workers()):
            thread = threading.Thread(target=self._serve, args=(n,), name=f"soffice-{n}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def convert(self, name: str, data: bytes | Callable[[], bytes], cost: int, then: Callable[[Path], Any]) -> Future:
        """`data` (a .docx, or what makes it when its turn comes) converted by the first soffice free, the
        costliest first; the future gets `then(the PDF)`. `name`: a name of its own (a stem), unique here."""
        conversion = _Conversion((-cost, next(self._order)), name, data if callable(data) else lambda: data, then)
        with self._changed:
            if self._closed:
                raise RuntimeError("LibreOffice was ended")
            heapq.heappush(self._queue, conversion)
            self._changed.notify()
        return conversion.result

    def __exit__(self, *_: object) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self.programs.stop()  # ends every soffice, the running conversions' too
        for thread in self._threads:
            thread.join()
        self.finishing.shutdown(cancel_futures=True)
        for conversion in self._queue:
            conversion.result.cancel()
        for pipe in self.pipes.values():
            pipe.unlink(missing_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _serve(self, n: int) -> None:
        """One soffice: started, then handed one batch after another until the office is ended."""
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # a Ctrl-C is for the main thread
        profile = self.tmp / f"profile-worker-{n}"
        folder = self.tmp / f"worker-{n}"
        try:  # a folder not made fails each batch below, handed to whoever waits: nobody waits for ever
            folder.mkdir()
            write_settings(profile, self.soffice)
            self._start(n, profile)
        except Exception:  # noqa: BLE001 (ended meanwhile, or it would not start: each batch then starts its own)
            pass
        while batch := self._next():
            try:
                for conversion in batch:
                    (folder / f"{conversion.name}.docx").write_bytes(conversion.data())
                self._run(n, profile, folder, batch)
            except BaseException as exc:  # noqa: BLE001 (handed to whoever waits for these PDFs)
                for conversion in batch:
                    conversion.result.set_exception(exc)
                continue
            for conversion in batch:
                self._finish(conversion, folder / f"{conversion.name}.pdf")

    def _start(self, n: int, profile: Path) -> None:
        """soffice started for the profile and waiting (when the soffice.bin beside the script is found; else
        each batch starts a soffice of its own)."""
        binary = _binary(self.soffice)
        if binary is None:
            return
        command = [binary, f"-env:UserInstallation={profile.as_uri()}", *_FLAGS]
        first = self.programs.start(command, _env())
        try:  # on a new profile LibreOffice sets it up and ends, asking to be started again (81)
            first.wait(FIRST_START)
        except subprocess.TimeoutExpired:
            pass
        self.programs.end(first, 0)
        kept = self.tmp / f"open-{n}.txt"  # held open, it keeps this soffice running between batches
        kept.write_text("Plan A\n", encoding="utf-8")
        server, again = self.programs.start([*command, str(kept)], _env()), True
        deadline = time.monotonic() + LISTENS_WITHIN
        # A conversion handed over before the pipe is there would start a soffice of its own, and this one,
        # finding that one's pipe, would hand it the open document: it would never end
        while (pipe := _pipe(server.pid)) is None and time.monotonic() < deadline:
            if server.poll() is not None:
                if server.returncode != 81 or not again:  # 81: the profile was set up only now
                    return
                server, again = self.programs.start([*command, str(kept)], _env()), False
            time.sleep(0.01)
        if pipe is None:  # never seen listening: a batch handed over now would meet the danger above
            self.programs.end(server, 0)
            return
        self.servers[n] = server
        if pipe:
            self.pipes[n] = Path(pipe)

    def _next(self) -> list[_Conversion]:
        """The costliest file waiting, with the next ones while they cost little together; [] once ended."""
        with self._changed:
            batch: list[_Conversion] = []
            while not batch:
                while not self._queue and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return []
                batch = [heapq.heappop(self._queue)]
                cost = -batch[0].order[0]
                while self._queue and cost - self._queue[0].order[0] <= BATCH_COST:
                    cost -= self._queue[0].order[0]
                    batch.append(heapq.heappop(self._queue))
                batch = [c for c in batch if c.result.set_running_or_notify_cancel()]
            return batch

    def _run(self, n: int, profile: Path, folder: Path, batch: list[_Conversion]) -> None:
        """The batch handed to soffice `n`: by its launcher, which passes the files through the pipe (the
        `soffice` script before it forks some programs: 10 ms of CPU and 50 ms a batch), or, without a running
        soffice, by the script, which then starts one for this batch."""
        server = self.servers.get(n)
        launcher = Path(self.soffice).resolve().with_name("oosplash")
        running = server is not None and server.poll() is None and os.access(launcher, os.X_OK)
        command = [str(launcher) if running else self.soffice, f"-env:UserInstallation={profile.as_uri()}",
                   *_FLAGS, "--convert-to",
                   filter_argument(), "--outdir", str(folder), *(str(folder / f"{c.name}.docx") for c in batch)]
        try:
            process = self.programs.run(command, TIMEOUT_SECONDS, _env())
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"soffice took over {TIMEOUT_SECONDS} s: {command}") from exc
        missing = [f"{c.name}.docx" for c in batch if not (folder / f"{c.name}.pdf").is_file()]
        if process.returncode != 0 or missing:
            raise RuntimeError(f"soffice failed (exit {process.returncode}; no PDF for {missing}):\n"
                               f"{process.stdout}\n{process.stderr}")

    def _finish(self, conversion: _Conversion, pdf: Path) -> None:
        def then() -> None:
            try:
                conversion.result.set_result(conversion.then(pdf))
            except BaseException as exc:  # noqa: BLE001 (handed to whoever waits for this PDF)
                conversion.result.set_exception(exc)
        try:
            self.finishing.submit(then)
        except RuntimeError as exc:  # the office is being ended
            conversion.result.set_exception(exc)


# LibreOffice's PDF export filter data (names as in filter/source/pdf/pdfexport.cxx).
EXPORT_OPTIONS = {
    "PDFUACompliance": True,  # PDF/UA-1: tags, pdfuaid in XMP, alt texts, title
    "UseTaggedPDF": True,
    "DisplayPDFDocumentTitle": True,  # title bar shows the title, not the file name
    "ExportBookmarks": True,  # headings become the PDF outline
}


def filter_argument() -> str:
    """Return the --convert-to argument that asks for a tagged PDF/UA file."""
    options = {name: {"type": "boolean", "value": "true" if value else "false"}
               for name, value in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _env() -> dict[str, str]:
    return {**os.environ, "TZ": "UTC"}  # dates in UTC (pdf_form replaces them anyway)


def _workers() -> int:
    return min(MAX_WORKERS, os.cpu_count() or 1)


def _binary(soffice: str | None) -> str | None:
    """LibreOffice's own program beside the `soffice` script, which is started without the script and its
    launcher, so that it is the process that `Programs` ties to the build's life; None when not found."""
    if soffice is None:
        return None
    binary = Path(soffice).resolve().with_name("soffice.bin")
    return str(binary) if binary.is_file() and os.access(binary, os.X_OK) else None


def _pipe(pid: int) -> str | None:
    """The path of LibreOffice's pipe once process `pid` has opened it (a listening Unix socket, seen in Linux's
    /proc), else None; "" where that cannot be seen, after a second."""
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        sockets = {link[8:-1] for link in links if link.startswith("socket:[")}
        with open("/proc/net/unix", encoding="utf-8", errors="replace") as table:
            return next((f[7] for line in table if len(f := line.split()) >= 8 and f[6] in sockets
                         and "SingleOfficeIPC" in f[7]), None)
    except FileNotFoundError:  # it ended meanwhile, or a system without /proc
        if not os.path.isdir("/proc/self/fd"):
            time.sleep(1)
            return ""
        return None
    except OSError:
        return None
