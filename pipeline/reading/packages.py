"""Caps on what one input file may cost: a zip package (a workbook, a returned Word document) that
would unpack to far more than any real one (a decompression bomb) is refused before it is parsed, from its
size and its zip directory alone; a text file is never read past its cap.

Python's zipfile never unpacks more than a part's directory entry declares (a part that would give more
fails its CRC check), so what the directory declares bounds what openpyxl (or python-docx) can be made to
hold. The directory's own entries are counted from its end record before zipfile reads it.
"""
from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.base.dutch import number

MB = 1_000_000
END_RECORD = b"PK\x05\x06"  # the zip's end of central directory record, 22 bytes plus a comment
END_SEARCH = 22 + 0xFFFF  # the record and the longest comment
RATIO_FROM = 1 * MB  # a smaller part may compress as well as it likes: unpacked it still costs little
# What to do, at the end of every message: for a workbook, and for a returned copy of the concept
ADVICE = ("Plan A leest het niet; open het in Excel, Word of LibreOffice en sla het opnieuw op, of vraag de maker "
          "om een gewoon bestand")
RETURNED_ADVICE = ("een exemplaar is ongeveer 1 MB; vraag de afzender om het exemplaar zonder ingevoegde afbeeldingen "
                   "terug te sturen, of typ de reacties zelf in reacties.xlsx")


@dataclass(frozen=True)
class PackageLimits:
    """The most one package may hold: a real one of the largest size Plan A is made for stays well below
    (see the guide, "Grenzen")."""

    kind: str  # what the file should be, for the message: "werkmap"
    real: str  # the same with "a real", as Dutch inflects it: "een echte werkmap", "een echt Word-document"
    file: int  # bytes of the file itself
    part: int  # bytes of one part, unpacked
    total: int  # bytes of all parts together, unpacked
    ratio: int  # unpacked per packed byte, for a part over RATIO_FROM
    parts: int  # number of parts
    advice: str = ADVICE  # what to do about a refused file


# A harvest workbook of 700 items (a workshop day) holds a sheet of 0.6 MB (11x packed), one of 10,000
# items 8 MB; Excel's own workbooks pack 5 to 15 times. The bomb of issue 15: 400 MB from 0.4 MB.
WORKBOOK = PackageLimits("werkmap", "een echte werkmap", file=32 * MB, part=32 * MB, total=64 * MB, ratio=100, parts=2000)
# A returned copy of the concept: the sample's unpacks to 1 MB in 16 parts; a 10,000-item plan's has a
# word/document.xml of 15 MB (24x packed), which Word saves somewhat larger. Room for those and for pasted
# photos, not for a bomb.
DOCUMENT = PackageLimits("Word-document", "een echt Word-document", file=50 * MB, part=25 * MB, total=100 * MB,
                         ratio=100, parts=2000, advice=RETURNED_ADVICE)
# Markdown texts and voordracht.toml: the sample's longest text is 6 KB; a 300-page book is 1 MB.
TEXT_BYTES = 1 * MB


def size(count: int) -> str:
    """`400 MB`, `2,5 MB`, `5 kB`: sizes in the messages."""
    if count < MB:
        return f"{number(max(round(count / 1000), 1))} kB"
    return f"{number(round(count / MB) if count >= 10 * MB else round(count / MB, 1))} MB"


def package_refusal(path: Path, limits: PackageLimits) -> str | None:
    """Why the package at `path` is not read (one Dutch message), or None: then it may be parsed. A file
    that is no zip at all is left to the reader, which says what it is."""
    file_size = path.stat().st_size
    if file_size > limits.file:
        return (f"het bestand is {size(file_size)} groot; Plan A leest een {limits.kind} tot {size(limits.file)}: "
                f"{limits.advice}")
    with open(path, "rb") as handle:
        entries = _entries(handle, file_size)
    if entries is None:
        return None
    if entries > limits.parts:
        return f"het bestand bestaat uit {number(entries)} delen, meer dan de {number(limits.parts)} van " \
               f"{limits.real}: {limits.advice}"
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    for info in infos:
        if info.file_size > limits.part:
            return (f"het deel '{info.filename}' wordt uitgepakt {size(info.file_size)}, meer dan de "
                    f"{size(limits.part)} die Plan A per deel leest: {limits.advice}")
        if info.file_size > RATIO_FROM and info.file_size > limits.ratio * max(info.compress_size, 1):
            return (f"het deel '{info.filename}' wordt uitgepakt {size(info.file_size)} uit "
                    f"{size(info.compress_size)} ({number(info.file_size // max(info.compress_size, 1))} keer zo "
                    f"groot), zo ver laat {limits.real} zich niet inpakken: {limits.advice}")
    total = sum(info.file_size for info in infos)
    if total > limits.total:
        return (f"het bestand wordt uitgepakt {size(total)}, meer dan de {size(limits.total)} die Plan A per "
                f"bestand leest: {limits.advice}")
    return None


def _entries(handle, file_size: int) -> int | None:
    """The number of parts the zip's end record declares, or None when there is no end record."""
    start = max(0, file_size - END_SEARCH)
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(END_RECORD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    return entries if entries != 0xFFFF else 0xFFFF + 1  # Zip64: more than a 16-bit count can say


def read_text_capped(path: Path) -> bytes | None:
    """The file's bytes, or None when it holds more than TEXT_BYTES (it is then read no further)."""
    with open(path, "rb") as handle:
        data = handle.read(TEXT_BYTES + 1)
    return data if len(data) <= TEXT_BYTES else None


def text_too_large() -> str:
    return (f"het bestand is groter dan {size(TEXT_BYTES)}, meer dan een tekst voor een voordracht of plan ooit is, en "
            "wordt niet gelezen; is het het goede bestand? Verdeel een lange tekst over meer hoofdstukken")
