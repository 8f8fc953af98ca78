"""Convert built .docx files to tagged PDF/UA files beside them with LibreOffice, each in one canonical form.

One soffice process per core converts its share of the documents in one run. `Office` starts those processes
ahead, while the documents are still being rendered: each then waits, and the conversion hands it the files
through LibreOffice's own pipe (a second `soffice --convert-to` with the same profile passes its files to the
running one and waits for them); its start, about a second of CPU, is then no longer on the way. A copy that is
its own front section followed by a shared document (`fronts`) is converted as that front alone and joined to
the shared document's PDF: a copy costs the same whatever the shared length.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

import pikepdf

from pipeline.base.programs import Programs
from pipeline.documents.front import front_docx
from pipeline.documents.long_tables import with_short_tables
from pipeline.documents.pdf_form import write_canonical
from pipeline.documents.pdf_join import SharedPdf, write_joined

# LibreOffice's PDF export filter data (names as in filter/source/pdf/pdfexport.cxx).
EXPORT_OPTIONS = {
    "PDFUACompliance": True,  # PDF/UA-1: tags, pdfuaid in XMP, alt texts, title
    "UseTaggedPDF": True,
    "DisplayPDFDocumentTitle": True,  # title bar shows the title, not the file name
    "ExportBookmarks": True,  # headings become the PDF outline
}
SOFFICE_NAMES = ("soffice", "libreoffice")
MAX_WORKERS = 2  # one soffice process per core on the 2-core machines
TIMEOUT_SECONDS = 600
FIRST_START = 2  # seconds in which LibreOffice sets up a new profile and ends (LibreOffice 7.4: 0.2 s)
ENDS_WITHIN = 10  # seconds for a LibreOffice that has converted its files to end by itself
_FLAGS = ("--headless", "--norestore", "--nolockcheck")
COST_PER_DOCUMENT = 40_000  # LibreOffice's time for a document, as bytes of its body (0.08 s, 2 s a MB)
_CORE_XML = "docProps/core.xml"
_DCTERMS = "{http://purl.org/dc/terms/}"


@dataclass(frozen=True)
class _Job:
    """One file for soffice: a whole document, or a copy's front (joined to `shared`'s PDF afterwards)."""

    doc: Path
    source: Path | bytes
    shared: Path | None = None

    @property
    def cost(self) -> int:
        """LibreOffice's time, roughly: the body's size plus what every document costs (styles, fonts)."""
        source = io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source
        with zipfile.ZipFile(source) as archive:
            return archive.getinfo("word/document.xml").file_size + COST_PER_DOCUMENT


def soffice_available() -> bool:
    """Tell whether LibreOffice's soffice is on the PATH."""
    return _soffice() is not None


class Office:
    """LibreOffice, one waiting process, started ahead of `convert_to_pdf`, and one per further core once
    `widen()` is called; a context manager that always ends them and removes their profiles (a Ctrl-C, a
    failed build, or documents that never came). Each start costs about a second of CPU: a build of a few
    short documents converts them with one."""

    def __init__(self) -> None:
        self.programs = Programs()
        self.soffice = _soffice()
        self.tmp = Path(tempfile.mkdtemp(prefix="plan-a-soffice-"))
        self.waiting: dict[str, subprocess.Popen] = {}
        self.workers = 1

    def __enter__(self) -> Office:
        try:
            self._start(range(1))
        except BaseException:
            self.__exit__()
            raise
        return self

    def widen(self) -> None:
        """The other cores' LibreOffice, started now (and waiting): the documents to come are many or long."""
        self._start(range(self.workers, _workers()))
        self.workers = max(self.workers, _workers())

    def _start(self, numbers: range) -> None:
        binary = _binary(self.soffice)
        commands = {f"worker-{n}": [binary, f"-env:UserInstallation={(self.tmp / f'profile-worker-{n}').as_uri()}",
                                    *_FLAGS] for n in (numbers if binary else ())}
        first = {name: self.programs.start(command, _env()) for name, command in commands.items()}
        for name, process in first.items():
            try:  # on a new profile LibreOffice sets it up and ends, asking to be started again (81)
                process.wait(FIRST_START)
                self.programs.end(process, 0)
                self.waiting[name] = self.programs.start(commands[name], _env())
            except subprocess.TimeoutExpired:
                self.waiting[name] = process  # it did not: it is waiting already

    def __exit__(self, *_: object) -> None:
        self.programs.stop()
        for process in self.waiting.values():
            self.programs.end(process, 0)
        shutil.rmtree(self.tmp, ignore_errors=True)


def convert_to_pdf(docx_paths: Sequence[Path], fronts: Mapping[Path, Path] | None = None,
                   office: Office | None = None) -> list[Path]:
    """Write X.pdf beside each X.docx; return the PDF paths in the same order. `fronts` maps a copy to the
    document it continues (also converted here): where the copy's rest is exactly that document, only the
    copy's front is converted, else the whole copy. `office`: LibreOffice started ahead (else started here)."""
    docs = [Path(p).resolve() for p in docx_paths]
    if not docs:
        return []
    if office is None:
        with Office() as started:
            started.widen()
            return convert_to_pdf(docx_paths, fronts, started)
    if office.soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    unique = list(dict.fromkeys(docs))
    shared_of = {Path(a).resolve(): Path(b).resolve() for a, b in (fronts or {}).items()}
    jobs = [_job(doc, shared_of.get(doc), unique) for doc in unique]
    for doc in unique:
        doc.with_suffix(".pdf").unlink(missing_ok=True)
    raw = _convert(office, jobs)
    copies = [j for j in jobs if j.shared is not None]
    pool = ThreadPoolExecutor(max_workers=MAX_WORKERS)  # qpdf lets go of the GIL while it writes
    try:  # the shared PDFs before the copies joined to them
        list(pool.map(lambda job: _finish(job, raw), [j for j in jobs if j.shared is None]))
        list(pool.map(lambda share: _join_all(share, raw), [copies[n::MAX_WORKERS] for n in range(MAX_WORKERS)]))
    finally:
        pool.shutdown(cancel_futures=True)
    return [doc.with_suffix(".pdf") for doc in docs]


def filter_argument() -> str:
    """Return the --convert-to argument that asks for a tagged PDF/UA file."""
    options = {
        name: {"type": "boolean", "value": "true" if value else "false"}
        for name, value in EXPORT_OPTIONS.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _job(doc: Path, shared: Path | None, converted: list[Path]) -> _Job:
    if shared is not None and shared in converted and shared != doc:
        front = front_docx(doc, shared)
        if front is not None:
            return _Job(doc, front, shared)
    return _Job(doc, doc)


def _convert(office: Office, jobs: list[_Job]) -> dict[Path, Path]:
    """Each job's raw PDF from LibreOffice, by document: one soffice run per worker, the costliest first."""
    workers = [(office.tmp / f"worker-{n}", []) for n in range(min(office.workers, len(jobs)))]
    loads = [0] * len(workers)
    raw: dict[Path, Path] = {}
    for job in sorted(jobs, key=lambda j: (-j.cost, str(j.doc))):
        n = loads.index(min(loads))
        folder, files = workers[n]
        folder.mkdir(exist_ok=True)
        files.append(_place(job, folder / f"{len(files):05d}.docx"))
        raw[job.doc] = files[-1].with_suffix(".pdf")
        loads[n] += job.cost
    for name in set(office.waiting) - {folder.name for folder, _ in workers}:  # more waiting than work
        office.programs.end(office.waiting.pop(name), 0)
    pool = ThreadPoolExecutor(max_workers=len(workers))
    try:
        list(pool.map(lambda worker: _run_soffice(office, *worker), workers))
    except BaseException:
        office.programs.stop()  # a Ctrl-C (or a failed worker) here: end the other threads' soffice now, not later
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    return raw


def _place(job: _Job, target: Path) -> Path:
    """The job's file under a name of its own (soffice names each PDF after its file), its long tables cut."""
    data = job.source if isinstance(job.source, bytes) else job.source.read_bytes()
    short = with_short_tables(data)
    if short is data and not isinstance(job.source, bytes):
        try:
            os.link(job.source, target)
            return target
        except OSError:  # another file system
            pass
    target.write_bytes(short)
    return target


def _run_soffice(office: Office, folder: Path, files: list[Path]) -> None:
    """One worker's files in one soffice run: handed to the worker's waiting LibreOffice, which ends after it
    (or converted by this run itself, when none waits)."""
    profile = office.tmp / f"profile-{folder.name}"
    command = [office.soffice, f"-env:UserInstallation={profile.as_uri()}", *_FLAGS, "--convert-to",
               filter_argument(), "--outdir", str(folder), *map(str, files)]
    try:
        process = office.programs.run(command, TIMEOUT_SECONDS, _env())
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"soffice took over {TIMEOUT_SECONDS} s: {command}") from exc
    waiting = office.waiting.pop(folder.name, None)
    if waiting is not None:
        office.programs.end(waiting, ENDS_WITHIN)  # it ends by itself once it has written the files
    missing = [f.name for f in files if not f.with_suffix(".pdf").is_file()]
    if process.returncode != 0 or missing:
        raise RuntimeError(
            f"soffice failed (exit {process.returncode}; no PDF for {missing}):\n"
            f"{process.stdout}\n{process.stderr}"
        )


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


def _finish(job: _Job, raw: dict[Path, Path]) -> None:
    """The job's PDF beside its document, in the canonical form."""
    with pikepdf.open(raw[job.doc]) as pdf:
        write_canonical(pdf, job.doc.with_suffix(".pdf"), _document_date(job.doc))


def _join_all(jobs: list[_Job], raw: dict[Path, Path]) -> None:
    """Copies' PDFs: each front joined to its shared PDF, which is opened once for all of them."""
    opened: dict[Path, SharedPdf] = {}
    try:
        for job in jobs:
            if job.shared not in opened:
                opened[job.shared] = SharedPdf(job.shared.with_suffix(".pdf"))
            write_joined(raw[job.doc], opened[job.shared], job.doc.with_suffix(".pdf"), _document_date(job.doc))
    finally:
        for shared in opened.values():
            shared.pdf.close()


def _document_date(docx: Path) -> datetime | None:
    """The docx's own creation date, else SOURCE_DATE_EPOCH, else None."""
    with zipfile.ZipFile(docx) as archive:
        if _CORE_XML in archive.namelist():
            core = ElementTree.fromstring(archive.read(_CORE_XML))
            for tag in ("created", "modified"):
                text = (core.findtext(_DCTERMS + tag) or "").strip()
                if text:
                    return _parse_w3cdtf(text)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return None


def _parse_w3cdtf(text: str) -> datetime:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)
