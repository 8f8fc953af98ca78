"""Workbooks written with openpyxl, made byte-stable and valid, and text that stays text.

openpyxl stamps zip entries and `modified` with the clock and writes a font's properties in an order the
OOXML validator refuses; a text that starts with `=` it stores as a formula.
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# an underscore that would start an `_xHHHH_` escape (overlapping ones too: `_x005F_x000B_`)
ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# What Excel and LibreOffice read as a formula when a cell is typed (or edited and entered) with it first:
# such a text gets Excel's leading apostrophe (quotePrefix), so that it stays text after an edit too
TYPED_AS_FORMULA = ("=", "+", "-", "@")
# The order Excel writes a font's properties in, which the OOXML validator demands; openpyxl writes
# `name` and `color` first.
FONT_ORDER = "b i strike condense extend outline shadow u vertAlign sz color name family charset scheme".split()


def as_typed(value: object) -> object:
    """Excel reads `_x000B_` in a cell as an escaped character; text typed like that is escaped itself."""
    return ESCAPE_LIKE.sub("_x005F_", value) if isinstance(value, str) else value


def stable_xlsx(data: bytes) -> bytes:
    """A saved workbook with fixed zip times, `modified` equal to `created`, and fonts in Excel's order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = zin.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to the clock on save
                created = re.search(rb"<dcterms:created[^>]*>([^<]*)<", data)
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + (created.group(1) if created else b"") + rb"\g<2>", data)
            zout.writestr(fixed, font_order(data) if info.filename == "xl/styles.xml" else data)
    return out.getvalue()


def font_order(styles_xml: bytes) -> bytes:
    root = etree.fromstring(styles_xml)
    rank = {name: n for n, name in enumerate(FONT_ORDER)}
    for font in root.iter(f"{{{SHEET_NS}}}font"):
        font[:] = sorted(font, key=lambda el: rank.get(etree.QName(el).localname, len(FONT_ORDER)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
