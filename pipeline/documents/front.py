"""A copy's own front section, cut from its .docx: when a copy is its own first section followed by exactly the
body of a shared document, only that section needs converting; its PDF is joined to the shared one's.

Whether the rest of the copy is the shared document is checked from the zip directories and the CRC-32 of
the front alone (the CRC-32 of the rest follows from the shared document's), so a copy's check costs the
same whatever the length of the shared document.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from pipeline.documents.packing import crc_shift
from pipeline.documents.properties import PART as CUSTOM_PROPERTIES

DOCUMENT = "word/document.xml"
OWN = {DOCUMENT, "docProps/core.xml", CUSTOM_PROPERTIES}  # may differ between a copy and the shared document:
# its body, its title, and whose copy it is (the custom properties that make a returned copy known)
BODY = b"<w:body>"
SECTION, SECTION_END, PARAGRAPH_END = b"<w:sectPr", b"</w:sectPr>", b"</w:p>"
CHUNK = 1 << 16
MAX_FRONT = 64 << 20  # a front section larger than this is no front: convert the copy whole


def front_docx(copy: Path, shared: Path) -> bytes | None:
    """The copy's first section as a .docx of its own (same parts, the section's own page settings), when the
    rest of the copy is exactly the shared document's body; else None."""
    with zipfile.ZipFile(copy) as mine, zipfile.ZipFile(shared) as theirs:
        if not _same_parts(mine, theirs):
            return None
        head = _prefix(theirs, DOCUMENT, BODY)
        front = _prefix(mine, DOCUMENT, PARAGRAPH_END, after=SECTION)
        if head is None or front is None or not front.startswith(head):
            return None
        if not _rest_is_shared(mine.getinfo(DOCUMENT), theirs.getinfo(DOCUMENT), head, front):
            return None
        return _package(mine, _own_section(front))


def _same_parts(mine: zipfile.ZipFile, theirs: zipfile.ZipFile) -> bool:
    ours = {i.filename: (i.CRC, i.file_size) for i in mine.infolist() if i.filename not in OWN}
    shared = {i.filename: (i.CRC, i.file_size) for i in theirs.infolist() if i.filename not in OWN}
    return ours == shared and DOCUMENT in mine.namelist() and DOCUMENT in theirs.namelist()


def _prefix(archive: zipfile.ZipFile, name: str, end: bytes, after: bytes = b"") -> bytes | None:
    """The member's bytes up to and including the first `end` that follows the first `after`, reading no
    further than that."""
    data = b""
    with archive.open(name) as stream:
        while len(data) < MAX_FRONT:
            chunk = stream.read(CHUNK)
            if not chunk:
                return None
            data += chunk
            start = data.find(after) if after else 0
            if start >= 0 and (at := data.find(end, start)) >= 0:
                return data[:at + len(end)]
    return None


def _rest_is_shared(mine: zipfile.ZipInfo, theirs: zipfile.ZipInfo, head: bytes, front: bytes) -> bool:
    """mine = front + rest and theirs = head + rest, for the same rest: by length and CRC-32."""
    rest = theirs.file_size - len(head)
    if rest < 0 or mine.file_size != len(front) + rest:
        return False
    rest_crc = theirs.CRC ^ crc_shift(zlib.crc32(head), rest)
    return mine.CRC == crc_shift(zlib.crc32(front), rest) ^ rest_crc


def _own_section(front: bytes) -> bytes:
    """The front's section properties move from its last paragraph to the end of the body."""
    start = front.rindex(SECTION)
    end = front.index(SECTION_END, start) + len(SECTION_END)
    return front[:start] + front[end:] + front[start:end] + b"</w:body></w:document>"


def _package(archive: zipfile.ZipFile, document: bytes) -> bytes:
    """The copy with `document` as its body; stored, not compressed: LibreOffice reads it once. The same bytes
    for the same copy (each part keeps its date, not the clock's): pdf.py knows a conversion by its bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for info in archive.infolist():
            part = zipfile.ZipInfo(info.filename, info.date_time)
            package.writestr(part, document if info.filename == DOCUMENT else archive.read(info))
    return out.getvalue()
