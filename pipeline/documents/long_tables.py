"""Long tables cut into tables of at most `ROWS` rows, each with the header rows again, for LibreOffice only:
its layout time grows with the square of a table's rows (`SwFrame::PrepareMake`), so that one table of 2,000
rows took twice the time of ten of 200, and 10,000 rows more than ten minutes. The .docx that people open in
Word keeps its one table; the PDF shows the same rows, with a hairline of space between the parts.
"""
from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

ROWS = 100
DOCUMENT = "word/document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# between two parts: a paragraph one twip high, without text (two tables side by side would become one again)
_GAP = (f'<w:p xmlns:w="{W}"><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def with_short_tables(docx: bytes) -> bytes:
    """The .docx with every table of the body that has more than ROWS rows (and no merged rows) cut into
    parts; the same bytes when there is none."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read(DOCUMENT)
        if xml.count(b"<w:tr") <= ROWS:
            return docx
        root = etree.fromstring(xml, parser=etree.XMLParser(huge_tree=True))
        if not sum(_cut(table) for table in root.find(_w("body")).findall(_w("tbl"))):
            return docx
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for info in package.infolist():
                data = package.read(info)
                target.writestr(info.filename, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                              standalone=True) if info.filename == DOCUMENT else data)
        return out.getvalue()


def _cut(table: etree._Element) -> bool:
    rows = table.findall(_w("tr"))
    header = [row for row in rows if row.find(f"{_w('trPr')}/{_w('tblHeader')}") is not None]
    body = rows[len(header):]
    if len(body) <= ROWS or rows[:len(header)] != header or table.find(f".//{_w('vMerge')}") is not None:
        return False  # short, header rows further down, or rows merged across: as it is
    at = table.getparent().index(table)
    for n, start in enumerate(range(ROWS, len(body), ROWS), 1):
        part = etree.Element(table.tag, nsmap=table.nsmap)
        for child in table:
            if child.tag != _w("tr"):  # its properties and grid
                part.append(copy.deepcopy(child))
        for row in header:
            part.append(copy.deepcopy(row))
        for row in body[start:start + ROWS]:
            part.append(row)  # moved out of the first table
        table.getparent().insert(at + 2 * n - 1, etree.fromstring(_GAP))
        table.getparent().insert(at + 2 * n, part)
    return True
