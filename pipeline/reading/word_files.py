"""Opens a returned Word document: tells a damaged, encrypted, old or foreign file from a .docx, refuses one
that would unpack to far more than any real copy, and keeps characters XML cannot hold from breaking it.

A returned file comes from outside: its cost is bounded before anything is parsed, from its size and its
zip directory alone, by the same check as a workbook's (reading/packages.py, its limits for a document).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document

from pipeline.base.problems import Problems, unreadable
from pipeline.documents.properties import PART as PROPERTIES_PART
from pipeline.documents.properties import read_custom_properties
from pipeline.reading.packages import DOCUMENT, package_refusal
from pipeline.reading.workbooks import ENCRYPTED_STREAM, OLE_SIGNATURE

WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of an old Word file (.doc)
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
# Characters XML 1.0 cannot hold, typed raw or as a character reference: C0 controls but tab, newline and
# carriage return, and U+FFFE, U+FFFF. Each becomes a private character (PRIVATE + code) so that the part
# can be parsed; `restored` gives the text back with the character itself, for replace_invisible to report.
RAW_INVISIBLE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REF_INVISIBLE = re.compile(rb"&#(?:[xX]0*([0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])|0*([0-8]|1[124-9]|2\d|3[01]"
                           rb"|6553[45]));")
PRIVATE = 0xF0000
HELD = {PRIVATE + c: chr(c) for c in range(0x20)} | {PRIVATE + 0xFE: "\ufffe", PRIVATE + 0xFF: "\uffff"}

DAMAGED = ("kan het bestand niet lezen: het is beschadigd of geen Word-document; open het in Word of LibreOffice "
           "en sla het opnieuw op als Word-document (.docx)")
OLD_WORD = ("dit is een oud Word-bestand (.doc); open het in Word of LibreOffice en sla het op als Word-document "
            "(.docx)")
WORD_REASONS = {
    "empty": "kan het bestand niet lezen: het is leeg; vraag de afzender het opnieuw te sturen",
    "encrypted": "kan het bestand niet lezen: het is met een wachtwoord beveiligd; open het in Word, haal het "
                 "wachtwoord weg (Bestand > Info > Document beveiligen) en sla het opnieuw op",
    "ole": "kan het bestand niet lezen: het is met een wachtwoord beveiligd of een oud Word-bestand (.doc); sla "
           "het op als Word-document (.docx) zonder wachtwoord",
    "text": "kan het bestand niet lezen: het is geen Word-document (misschien PDF of tekst); typ de reacties "
            "zelf in reacties.xlsx en haal het bestand uit de map reacties",
    "strict": "kan het bestand niet lezen: het is opgeslagen als 'Strict Open XML-document'; sla het op als "
              "gewoon Word-document (.docx)",
}


@dataclass(frozen=True)
class WordFile:
    document: Document
    properties: dict[str, str]  # its custom document properties
    title: str  # its core title (dc:title), '' when it has none


def open_word_file(path: Path, rel: str, problems: Problems) -> WordFile | None:
    """The document, or None with one problem at `rel` saying why it cannot be read."""
    try:
        refused = package_refusal(path, DOCUMENT)  # before anything reads more than the zip's directory
        data = path.read_bytes() if refused is None else b""
    except OSError as exc:
        problems.error(rel, unreadable(exc))
        return None
    if refused is not None:
        problems.error(rel, f"kan het bestand niet lezen: {refused}")
        return None
    reason = _foreign_kind(data)
    if reason is not None:
        problems.error(rel, reason)
        return None
    try:
        parts = _parts(data)
        if any(STRICT_NAMESPACE in parts[name] for name in parts if name.endswith(".xml")):
            problems.error(rel, WORD_REASONS["strict"])
            return None
        document = docx.Document(io.BytesIO(_zipped(parts)))
        properties = read_custom_properties(parts.get(PROPERTIES_PART))
        title = document.core_properties.title or ""
    except Exception:  # noqa: BLE001 (whatever python-docx or zipfile raises for it, the file is at fault)
        problems.error(rel, DAMAGED)
        return None
    return WordFile(document, properties, title)


def restored(text: str) -> str:
    """Text read from a returned file with each character XML cannot hold back in place."""
    return text.translate(HELD) if any(PRIVATE <= ord(c) <= PRIVATE + 0xFF for c in text) else text


def _foreign_kind(data: bytes) -> str | None:
    if not data:
        return WORD_REASONS["empty"]
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            return WORD_REASONS["encrypted"]
        return OLD_WORD if WORD_STREAM in data else WORD_REASONS["ole"]
    if not data.startswith(b"PK"):
        return WORD_REASONS["text"]
    return None


def _parts(data: bytes) -> dict[str, bytes]:
    """Every part, unpacked (its size checked already), with characters XML cannot hold made parseable."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: _parseable(z.read(i)) if _is_xml(i.filename) else z.read(i)
                for i in z.infolist() if not i.is_dir()}


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _parseable(xml: bytes) -> bytes:
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: its bytes are not characters; left as it is
        return xml
    xml = RAW_INVISIBLE.sub(lambda m: _private(m.group(0)[0]), xml)
    return REF_INVISIBLE.sub(lambda m: _private(int(m.group(1), 16) if m.group(1) else int(m.group(2))), xml)


def _private(code: int) -> bytes:
    return chr(PRIVATE + (code & 0xFF if code >= 0xFFFE else code)).encode("utf-8")


def _zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()
