"""Convert built .docx files to tagged PDF/UA files beside them with LibreOffice, each in one canonical form.

LibreOffice (`Office`, office.py) is started ahead, while the documents are still being rendered, and converts
each document as soon as it is handed over (`convert_ahead`: into the office's own folder, nothing beside the
documents yet); `convert_to_pdf` then takes every PDF made from the same bytes and converts only the rest. A
copy that is its own front section followed by a shared document (`fronts`) is converted as that front alone
and joined to the shared document's PDF: a copy costs the same whatever the shared length.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

import pikepdf

from pipeline.documents.front import front_docx
from pipeline.documents.long_tables import with_short_tables
from pipeline.documents.office import MAX_WORKERS, Office, _soffice, filter_argument
from pipeline.documents.pdf_form import write_canonical
from pipeline.documents.pdf_join import SharedPdf, write_joined

__all__ = ["Office", "convert_ahead", "convert_to_pdf", "filter_argument", "soffice_available"]

COST_PER_DOCUMENT = 40_000  # LibreOffice's time for a document, as bytes of its body (0.08 s, 2 s a MB)
_CORE_XML = "docProps/core.xml"
_DCTERMS = "{http://purl.org/dc/terms/}"


def soffice_available() -> bool:
    """Tell whether LibreOffice's soffice is on the PATH."""
    return _soffice() is not None


def convert_ahead(office: Office, files: Mapping[str, bytes], fronts: Mapping[str, str]) -> None:
    """The .docx among `files` (by path) handed to LibreOffice now, their PDFs made in the office's own folder;
    `fronts` maps a copy to the document it continues (by path). `convert_to_pdf` takes each of these PDFs
    whose document it is given with the same bytes."""
    for path, data in files.items():
        if path.endswith(".docx"):
            shared = fronts.get(path)
            front = front_docx(io.BytesIO(data), io.BytesIO(files[shared])) \
                if shared in files and shared != path else None
            _made(office, data if front is None else front, whole=front is None)


def convert_to_pdf(docx_paths: Sequence[Path], fronts: Mapping[Path, Path] | None = None,
                   office: Office | None = None) -> list[Path]:
    """Write X.pdf beside each X.docx; return the PDF paths in the same order. `fronts` maps a copy to the
    document it continues (also converted here): where the copy's rest is exactly that document, only the
    copy's front is converted, else the whole copy. `office`: LibreOffice started ahead (else started here),
    with what `convert_ahead` handed it."""
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
    wholes: dict[Path, Future] = {}
    copies: list[tuple[Path, Future, Path]] = []
    for doc in unique:
        doc.with_suffix(".pdf").unlink(missing_ok=True)
        shared = shared_of.get(doc)
        front = front_docx(doc, shared) if shared in unique and shared != doc else None
        if front is None:
            wholes[doc] = _made(office, doc.read_bytes(), whole=True)
        else:
            copies.append((doc, _made(office, front, whole=False), shared))
    for doc, made in wholes.items():  # the shared PDFs before the copies joined to them
        _place(made.result(), doc.with_suffix(".pdf"))
    pool = ThreadPoolExecutor(max_workers=MAX_WORKERS)  # qpdf lets go of the GIL while it reads
    try:
        list(pool.map(_join_all, [copies[n::MAX_WORKERS] for n in range(MAX_WORKERS)]))
    finally:
        pool.shutdown(cancel_futures=True)
    return [doc.with_suffix(".pdf") for doc in docs]


def _made(office: Office, source: bytes, whole: bool) -> Future:
    """The PDF of `source`, converted now unless it was already for this office: of a whole document its
    canonical form, of a copy's front LibreOffice's own (joined later)."""
    key = ("d" if whole else "f") + hashlib.sha256(source).hexdigest()[:40]
    if key not in office.made:
        office.made[key] = office.convert(key, lambda: with_short_tables(source), _cost(source),
                                          (lambda raw: _canonical(raw, source)) if whole else (lambda raw: raw))
    return office.made[key]


def _cost(docx: bytes) -> int:
    """LibreOffice's time, roughly: the body's size plus what every document costs (styles, fonts)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.getinfo("word/document.xml").file_size + COST_PER_DOCUMENT


def _canonical(raw: Path, docx: bytes) -> Path:
    """LibreOffice's PDF of `docx` in the canonical form, beside it."""
    target = raw.with_name(f"{raw.stem}.canonical.pdf")
    with pikepdf.open(raw) as pdf:
        write_canonical(pdf, target, _document_date(io.BytesIO(docx)))
    return target


def _place(made: Path, target: Path) -> None:
    """A PDF made in the office's folder, put at `target` (a link where the file system allows it)."""
    try:
        os.link(made, target)
    except OSError:  # another file system
        shutil.copyfile(made, target)


def _join_all(copies: list[tuple[Path, Future, Path]]) -> None:
    """Copies' PDFs: each front joined to its shared PDF, which is opened once for all of them."""
    opened: dict[Path, SharedPdf] = {}
    try:
        for doc, front, shared in copies:
            if shared not in opened:
                opened[shared] = SharedPdf(shared.with_suffix(".pdf"))
            write_joined(front.result(), opened[shared], doc.with_suffix(".pdf"), _document_date(doc))
    finally:
        for pdf in opened.values():
            pdf.pdf.close()


def _document_date(docx: Path | IO[bytes]) -> datetime | None:
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
