"""Makes hostile workbooks the way real tools make them: Excel's shared strings and escapes, a part of
the package rewritten, chart sheets, images, formatting far out. Used by the bad-input corpus and the
property tests.

The two binary fixtures beside this file are real files, not crafted:
  wachtwoord-geheim.xlsx  the sample's deelnemers.xlsx encrypted with the password `geheim` (an OLE
                          container with EncryptionInfo and EncryptedPackage, as Excel writes it;
                          made with msoffcrypto-tool, OOXMLFile(...).encrypt("geheim", out))
  excel-97-2003.xls       the sample's deelnemers.xlsx saved by LibreOffice as "MS Excel 97" (BIFF8)
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENCRYPTED = HERE / "wachtwoord-geheim.xlsx"
OLD_XLS = HERE / "excel-97-2003.xls"

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SHARED_STRINGS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
XML_ILLEGAL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\r\ufffe\uffff]")
ESCAPE_LOOKALIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")  # every underscore that starts one, overlapping too


def excel_escaped(text: str) -> str:
    """`text` as Excel stores it in a cell (ECMA-376 ST_Xstring): characters XML cannot carry (and
    carriage returns, which XML would turn into newlines) as `_xHHHH_`, and a literal `_xHHHH_` with
    its underscore escaped as `_x005F_`."""
    text = ESCAPE_LOOKALIKE.sub("_x005F_", text)
    return XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrites one part of an Office package (a zip), the others byte for byte."""
    with zipfile.ZipFile(path) as z:
        parts = {info: z.read(info.filename) for info in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            z.writestr(info, change(data) if info.filename == part else data)


def sheet_part(path: Path, sheet: str) -> str:
    """The package part name of a worksheet, by its title (openpyxl numbers them in order)."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
    titles = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook)
    return f"xl/worksheets/sheet{titles.index(sheet) + 1}.xml"


def as_excel_saves(path: Path) -> None:
    """Moves every inline string (openpyxl's way) into a shared string table (Excel's way), text as is."""
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(3))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    inline = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = inline.sub(shared, parts[name].decode()).encode()
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
                                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_CONTENT}"/>'
                     f"</Types>".encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{SHARED_STRINGS_TYPE}" Target="sharedStrings.xml" '
                             f'Id="rIdShared"/></Relationships>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def replace_part_streamed(path: Path, part: str, pieces, compresslevel: int = 9) -> None:
    """Rewrites one part of a package from an iterable of byte pieces, deflated as they come: a part of
    hundreds of megabytes unpacked is made without ever holding it (a decompression bomb)."""
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist() if info.filename != part}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open(part, "w", force_zip64=True) as handle:
            for piece in pieces:
                handle.write(piece)


def one_cell_sheet(characters: int, chunk: int = 1_000_000):
    """A worksheet's XML in pieces: a header row as the harvest has it, and under it one cell of
    `characters` times the letter a (an inline string), as the bomb of issue 15 held."""
    header = "".join(f'<c r="{chr(65 + n)}1" t="inlineStr"><is><t>{name}</t></is></c>'
                     for n, name in enumerate(("ID", "Dag", "Thema", "Inbreng")))
    yield (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">{header}</row>'
           '<row r="2"><c r="D2" t="inlineStr"><is><t>').encode()
    left = characters
    while left > 0:
        yield b"a" * min(chunk, left)
        left -= chunk
    yield b"</t></is></c></row></sheetData></worksheet>"


def add_parts(path: Path, count: int) -> None:
    """Adds `count` tiny parts to a package (a package of very many parts)."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        for n in range(count):
            z.writestr(f"xl/extra/part{n}.xml", b"<x/>")
