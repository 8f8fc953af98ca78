"""The one canonical form of every PDF Plan A writes (a copy's PDF: see pdf_join.py).

LibreOffice numbers a PDF's objects in an order that can change from run to run (font subsets under
load), writes the clock into its dates and a random /ID. qpdf (through pikepdf) writes the objects again
in the order it reaches them from the trailer, which depends on the content only, with an /ID made from
the content; the dates come from the document.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Dictionary, Name

_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*")
_XMP_TITLE = re.compile(rb"(<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>)(.*?)(</rdf:li>)", re.S)


def write_canonical(pdf: pikepdf.Pdf, target: Path, when: datetime | None) -> None:
    """Save `pdf` as `target` in the canonical form: objects in content order, dates from `when`, /ID from the
    content, every page with links in the tab order of its structure (PDF/UA)."""
    fix_dates_and_title(pdf, when)
    for key in ("/ID", "/DocChecksum"):  # qpdf keeps an /ID's first half: without it, both come from the content
        if key in pdf.trailer:
            del pdf.trailer[key]
    for page in pdf.pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S  # LibreOffice 7.4 writes the string (S), PDF/UA wants the name /S
    pdf.save(target, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.preserve, fix_metadata_version=False,
             compress_streams=False, recompress_flate=False)


def fix_dates_and_title(pdf: pikepdf.Pdf, when: datetime | None) -> None:
    """The dates of the document info and the XMP metadata from `when` (else none), and the XMP title as the
    document info says it: LibreOffice 7.4 escapes it twice there (`&amp;amp;`), and screen readers read it."""
    info = pdf.trailer.get("/Info")
    if info is not None:
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        if when is not None:
            info.CreationDate = info.ModDate = when.strftime("D:%Y%m%d%H%M%SZ")
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    data = metadata.read_bytes()
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() if when is not None else None
    data = _XMP_DATE.sub(lambda m: m.group(1) + iso, data) if iso else re.sub(
        rb"\s*<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\1>", b"", data)
    title = pdf.trailer.get("/Info", Dictionary()).get("/Title")
    if title is not None:
        text = escape(str(title)).encode("utf-8")
        data = _XMP_TITLE.sub(lambda m: m.group(1) + text + m.group(3), data, count=1)
    metadata.write(data)
