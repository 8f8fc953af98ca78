"""Convert built .docx files to tagged PDF/UA files beside them with LibreOffice."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

from pipeline.base.programs import Programs

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
_CORE_XML = "docProps/core.xml"
_DCTERMS = "{http://purl.org/dc/terms/}"


def soffice_available() -> bool:
    """Tell whether LibreOffice's soffice is on the PATH."""
    return _soffice() is not None


def convert_to_pdf(docx_paths: Sequence[Path]) -> list[Path]:
    """Write X.pdf beside each X.docx; return the PDF paths in the same order."""
    docs = [Path(p).resolve() for p in docx_paths]
    if not docs:
        return []
    soffice = _soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    unique = list(dict.fromkeys(docs))
    dates = [_document_date(doc) for doc in unique]
    for doc in unique:
        doc.with_suffix(".pdf").unlink(missing_ok=True)
    chunks = _chunks(unique, min(MAX_WORKERS, os.cpu_count() or 1, len(unique)))
    programs = Programs()
    pool = ThreadPoolExecutor(max_workers=len(chunks))
    try:
        list(pool.map(lambda chunk: _convert_chunk(programs, soffice, chunk), chunks))
    except BaseException:
        programs.stop()  # a Ctrl-C (or a failed chunk) here: end the other threads' soffice now, not later
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    for doc, date in zip(unique, dates):
        _make_deterministic(doc.with_suffix(".pdf"), date)
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


def _chunks(docs: list[Path], count: int) -> list[list[Path]]:
    return [docs[i::count] for i in range(count)]


def _convert_chunk(programs: Programs, soffice: str, docs: list[Path]) -> None:
    """Convert docs in one soffice process with its own throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="plan-a-soffice-") as profile:
        by_folder: dict[Path, list[Path]] = {}
        for doc in docs:
            by_folder.setdefault(doc.parent, []).append(doc)
        for folder, group in by_folder.items():
            _run_soffice(programs, soffice, Path(profile), folder, group)


def _run_soffice(programs: Programs, soffice: str, profile: Path, outdir: Path, docs: list[Path]) -> None:
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        filter_argument(),
        "--outdir",
        str(outdir),
        *map(str, docs),
    ]
    env = {**os.environ, "TZ": "UTC"}  # dates in UTC, as _make_deterministic expects
    try:
        process = programs.run(command, TIMEOUT_SECONDS, env)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"soffice took over {TIMEOUT_SECONDS} s: {command}") from exc
    stdout, stderr = process.stdout, process.stderr
    missing = [doc.name for doc in docs if not doc.with_suffix(".pdf").is_file()]
    if process.returncode != 0 or missing:
        raise RuntimeError(
            f"soffice failed (exit {process.returncode}; no PDF for {missing}):\n"
            f"{stdout}\n{stderr}"
        )


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


_INFO_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}")
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"
)
_FILE_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]")
_TABS = re.compile(rb"(/Annots\s*\[[^\]]*\]\s*)/Tabs\(S\)")  # in a page dictionary, after its links
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}")


def _make_deterministic(pdf: Path, when: datetime | None) -> None:
    """Replace the clock in the PDF's dates, /ID and /DocChecksum, keeping every length;
    repair LibreOffice's page tab order on the way.

    LibreOffice 7.4 writes the time of the export (and ignores
    SOURCE_DATE_EPOCH); the replacements have the same byte length, so the
    cross-reference table stays valid.
    """
    data = _fix_tab_order(pdf.read_bytes())
    if when is not None:
        stamp = when.strftime("%Y%m%d%H%M%S").encode()
        iso = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
        data = _INFO_DATE.sub(lambda m: m.group(1) + stamp, data)
        data = _XMP_DATE.sub(lambda m: m.group(1) + iso, data)
    blank = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32, _FILE_ID.sub(b"", data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    fixed = _CHECKSUM.sub(lambda m: m.group(1) + digest, data)
    fixed = _FILE_ID.sub(lambda m: _same_length_id(m.group(0), digest), fixed)
    if len(fixed) != len(data):
        raise RuntimeError(f"{pdf}: rewriting the PDF dates changed its length")
    pdf.write_bytes(fixed)


def _fix_tab_order(data: bytes) -> bytes:
    """LibreOffice 7.4 writes a page's tab order as the string `/Tabs(S)`; PDF/UA wants the name
    `/Tabs/S` on every page with annotations (links). Same length, so offsets stay valid."""
    return _TABS.sub(rb"\1/Tabs/S ", data)


def _same_length_id(original: bytes, digest: bytes) -> bytes:
    """Rewrite '/ID [ <a> <b> ]' with digest-derived hex of the same lengths."""
    def repl(match: re.Match[bytes]) -> bytes:
        size = len(match.group(1))
        return b"<" + (digest * (size // len(digest) + 1))[:size] + b">"

    return re.sub(rb"<([0-9A-Fa-f]+)>", repl, original)
