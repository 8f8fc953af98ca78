"""Build the municipal house style as a python-docx Document, the base of every Word template.

The lead's template builders start from `house_style_document()` and add their
own content with python-docx (`doc.add_heading`, `doc.add_paragraph`,
`add_table`, `add_field`). Every style that pandoc writes (Body Text, First
Paragraph, Compact, Block Text, Source Code, Table, Hyperlink, ...) is defined
here, so Markdown merged with `pipeline.documents.markdown.markdown_to_subdocs` carries
the house style.

Fonts: Arial (metric-compatible Liberation Sans on Linux) and Courier New
(Liberation Mono), set for ascii, hAnsi, eastAsia and cs so that Arabic or
other complex-script text does not fall back to a theme font.

Run `python tools/make_templates.py OUT.docx` to write a small demo template.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import sys
from pathlib import Path
from typing import Sequence

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row

FONT = "Arial"
MONO = "Courier New"
ACCENT = "A50021"  # dark municipal red; 8:1 contrast on white
TEXT = "000000"
MUTED = "595959"
LINK = "004699"
RULE = "BFBFBF"
SHADE = "F2F2F2"
LANGUAGE = "nl-NL"
TEMPLATE_DATE = datetime.date(2018, 1, 1)
TABLE_STYLE = "Gemeente Tabel"
PANDOC_TABLE_STYLE = "Table"

# name: (type, based_on, size_pt, bold, italic, colour, before_pt, after_pt, outline_level)
P, C = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
STYLES: dict[str, tuple] = {
    "Normal": (P, None, 10, False, False, TEXT, 0, 0, None),
    "Body Text": (P, "Normal", None, None, None, None, 0, 6, None),
    "First Paragraph": (P, "Body Text", None, None, None, None, 0, 6, None),
    "Compact": (P, "Body Text", None, None, None, None, 0, 2, None),
    "Title": (P, "Normal", 20, True, False, ACCENT, 0, 12, None),
    "Subtitle": (P, "Normal", 12, False, False, MUTED, 0, 12, None),
    "Heading 1": (P, "Normal", 14, True, False, ACCENT, 18, 6, 0),
    "Heading 2": (P, "Normal", 12, True, False, ACCENT, 12, 4, 1),
    "Heading 3": (P, "Normal", 11, True, False, TEXT, 10, 3, 2),
    "Heading 4": (P, "Normal", 10, True, True, TEXT, 8, 2, 3),
    "Heading 5": (P, "Normal", 10, False, True, TEXT, 8, 2, 4),
    "Heading 6": (P, "Normal", 10, False, True, MUTED, 8, 2, 5),
    "Block Text": (P, "Body Text", None, None, None, "404040", 3, 6, None),
    "Source Code": (P, "Normal", 9, None, None, None, 3, 6, None),
    "Footnote Text": (P, "Normal", 8, None, None, None, 0, 0, None),
    "Caption": (P, "Normal", 9, False, True, "404040", 3, 6, None),
    "Table Caption": (P, "Caption", None, None, None, None, 6, 3, None),
    "Image Caption": (P, "Caption", None, None, None, None, 3, 6, None),
    "Figure": (P, "Normal", None, None, None, None, 6, 3, None),
    "Captioned Figure": (P, "Figure", None, None, None, None, 6, 0, None),
    "Definition Term": (P, "Normal", None, True, None, None, 6, 0, None),
    "Definition": (P, "Body Text", None, None, None, None, 0, 6, None),
    "List Paragraph": (P, "Normal", None, None, None, None, 0, 2, None),
    "List Bullet": (P, "Normal", None, None, None, None, 0, 2, None),
    "List Number": (P, "Normal", None, None, None, None, 0, 2, None),
    "TOC Heading": (P, "Heading 1", None, None, None, None, 0, 6, None),
    "Header": (P, "Normal", 8, None, None, MUTED, 0, 0, None),
    "Footer": (P, "Normal", 8, None, None, MUTED, 0, 0, None),
    "Hyperlink": (C, None, None, None, None, LINK, None, None, None),
    "Verbatim Char": (C, None, 9, None, None, None, None, None, None),
    "Footnote Reference": (C, None, None, None, None, None, None, None, None),
}
# Styles offered first in Word's style gallery; the rest stay available under "Styles".
GALLERY = {"Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Body Text",
           "Block Text", "List Bullet", "List Number", "Caption"}
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.5)
TEXT_WIDTH = A4[0] - 2 * MARGIN


def _fonts(rpr, name: str) -> None:
    """Set one explicit font for every script, dropping theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.attrib.clear()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def _set_language(doc: docx.document.Document, language: str) -> None:
    """Document language in docDefaults and settings, Dutch decimal symbol."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, FONT)
    for child in rpr.findall(qn("w:sz")) + rpr.findall(qn("w:szCs")):
        child.set(qn("w:val"), "20")
    lang = rpr.find(qn("w:lang"))
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), language)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.find(qn("w:spacing")).attrib.update({qn("w:after"): "0", qn("w:line"): "264"})
    settings = doc.settings.element
    settings.find(qn("w:themeFontLang")).attrib.clear()
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), language)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    for name in ("w:rsids", "w:proofState"):
        for el in settings.findall(qn(name)):
            settings.remove(el)
    doc.core_properties.language = language


def _style(doc, name: str, spec: tuple):
    kind, based_on, size, bold, italic, colour, before, after, outline = spec
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
    el = style.element
    for tag in ("w:pPr", "w:rPr", "w:rsid", "w:tblPr", "w:semiHidden", "w:unhideWhenUsed"):
        for child in el.findall(qn(tag)):
            el.remove(child)
    if name != "Normal":
        style.base_style = styles[based_on] if based_on else None
    style.quick_style = name in GALLERY
    font = style.font
    if name == "Normal" or kind == C and size:
        _fonts(el.get_or_add_rPr(), MONO if kind == C else FONT)
    if size:
        font.size = Pt(size)
        el.get_or_add_rPr().append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{size * 2}"/>'))
    if bold is not None:
        font.bold = font.cs_bold = bold
    if italic is not None:
        font.italic = font.cs_italic = italic
    if colour:
        font.color.rgb = RGBColor.from_string(colour)
    if kind == P:
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if outline is not None:
            fmt.keep_with_next = fmt.keep_together = True
            el.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))
    return style


def _border(side: str, size: int, colour: str) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{colour}"/>'


def _table_style(doc, name: str, *, total_row: bool) -> None:
    """Sober table style: rules above and below, a shaded bold header row."""
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    el = style.element
    for child in list(el):
        if child.tag not in (qn("w:name"),):
            el.remove(child)
    borders = _border("top", 8, "404040") + _border("bottom", 8, "404040") + _border("insideH", 4, RULE)
    xml = (
        f'<w:basedOn {nsdecls("w")} w:val="TableNormal"/>'
        f'<w:uiPriority {nsdecls("w")} w:val="59"/>'
        f'<w:qFormat {nsdecls("w")}/>'
        f'<w:pPr {nsdecls("w")}><w:spacing w:before="40" w:after="40"/></w:pPr>'
        f'<w:tblPr {nsdecls("w")}><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:tcBorders>{_border("bottom", 8, "404040")}</w:tcBorders>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:tcPr></w:tblStylePr>'
    )
    if total_row:
        xml += (
            f'<w:tblStylePr {nsdecls("w")} w:type="lastRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            f'<w:tcPr><w:tcBorders>{_border("top", 8, "404040")}</w:tcBorders></w:tcPr></w:tblStylePr>'
        )
    for fragment in parse_xml(f"<x {nsdecls('w')}>{xml}</x>"):
        el.append(copy.deepcopy(fragment))


def _level(ilvl: int, fmt: str, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
    )


LIST_LEVELS = {
    "List Bullet": (90, [("bullet", "\u2022"), ("bullet", "\u2013"), ("bullet", "\u2022")]),
    "List Number": (91, [("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3.")]),
}


def _numbering(doc) -> None:
    """List Bullet and List Number get their own plain, Linux-safe numbering."""
    numbering = doc.part.numbering_part.element
    for style_name, (number, levels) in LIST_LEVELS.items():
        lvls = "".join(_level(i, fmt, text) for i, (fmt, text) in enumerate(levels))
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}"><w:nsid w:val="504C{number:04X}"/>'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{lvls}</w:abstractNum>'
        ))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'))
        ppr = doc.styles[style_name].element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{number}"/></w:numPr>'))


def _drop_theme_references(doc) -> None:
    """Styles left from python-docx's template use theme fonts and colours: make them plain."""
    for el in doc.styles.element.iter(qn("w:rFonts"), qn("w:color"), qn("w:link")):
        if el.tag == qn("w:link"):
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            if "theme" in attr.lower():
                del el.attrib[attr]
        if el.tag == qn("w:rFonts") and not el.attrib:
            el.getparent().remove(el)
    for style in list(doc.styles):
        if style.type == WD_STYLE_TYPE.CHARACTER and style.name.endswith(" Char"):
            style.element.getparent().remove(style.element)
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme"):
            blob = rel.target_part.blob.decode("utf-8")
            rel.target_part._blob = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FONT}"', blob).encode("utf-8")


def _special_formatting(doc) -> None:
    """The few properties STYLES cannot express: borders, shading, fonts."""
    # A quotation is indented and italic, without a border: LibreOffice paints paragraph borders
    # outside the PDF's tags, which PDF/UA forbids (untagged path painting).
    quote = doc.styles["Block Text"]
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = Cm(0.6)
    quote.font.italic = quote.font.cs_italic = True
    code = doc.styles["Source Code"]
    _fonts(code.element.get_or_add_rPr(), MONO)
    code.element.get_or_add_pPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{SHADE}"/>'))
    doc.styles["Hyperlink"].font.underline = True
    doc.styles["Footnote Reference"].font.superscript = True
    doc.styles["Definition"].paragraph_format.left_indent = Cm(0.63)
    doc.styles["List Paragraph"].paragraph_format.left_indent = Cm(1.27)
    for name in ("Figure", "Captioned Figure", "Table Caption", "Definition Term"):
        doc.styles[name].paragraph_format.keep_with_next = True
    toc = doc.styles["TOC Heading"].element.get_or_add_pPr()
    toc.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    for name in ("Header", "Footer"):
        tabs = doc.styles[name].paragraph_format.tab_stops
        tabs.add_tab_stop(TEXT_WIDTH // 2, WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


# The order CT_PPrBase demands of a paragraph's properties (ECMA-376, part 1, 17.3.1.26);
# appending a property to a style's pPr would otherwise leave it out of order.
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs"
    " suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi"
    " adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection"
    " textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()


def _schema_order(doc) -> None:
    """Put every style's paragraph properties in schema order (Word and the OOXML validator insist)."""
    for ppr in doc.styles.element.iter(qn("w:pPr")):
        rank = {name: n for n, name in enumerate(PPR_ORDER)}
        ppr[:] = sorted(ppr, key=lambda el: rank.get(el.tag.rsplit("}", 1)[-1], len(PPR_ORDER)))


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a Word field (e.g. `PAGE`, `NUMPAGES`) with a cached result."""
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        '<w:r {ns}><w:t>{text}</w:t></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=nsdecls("w"), instr=instruction, text=placeholder)))


def mark_header_row(row: _Row) -> None:
    """Repeat the row on every page and tell screen readers it is a header row."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        if trpr.find(qn(tag)) is None:
            trpr.append(OxmlElement(tag))


def add_table(
    doc, headers: Sequence[str], *, rows: int = 1, total_row: bool = False, widths_cm: Sequence[float] | None = None
) -> Table:
    """A table in the house table style whose first row is a marked header row;
    with `total_row` its last row is formatted as a total (bold, rule above)."""
    table = doc.add_table(rows=1 + rows, cols=len(headers), style=TABLE_STYLE)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    look.attrib.clear()
    look.attrib.update({qn("w:val"): "0460" if total_row else "0420", qn("w:firstRow"): "1",
                        qn("w:lastRow"): "1" if total_row else "0", qn("w:firstColumn"): "0",
                        qn("w:lastColumn"): "0", qn("w:noHBand"): "0", qn("w:noVBand"): "1"})
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    mark_header_row(table.rows[0])
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for i, width in enumerate(widths_cm or ()):
        grid[i].set(qn("w:w"), str(int(Cm(width).twips)))  # LibreOffice lays out by the grid
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    return table


def _header_footer(doc, header_text: str, footer_text: str, page_count: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Cm(1.25)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.text = header_text
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run(f"{footer_text}\t\tPagina ")
    add_field(footer, "PAGE")
    if page_count:
        footer.add_run(" van ")
        add_field(footer, "NUMPAGES")


def house_style_document(*, title: str = "", header_text: str = "", footer_text: str = "Gemeente Amsterdam",
                         page_count: bool = True) -> docx.document.Document:
    """An empty A4 document in the house style; `header_text` may hold template tags. Without `page_count`
    the footer says "Pagina 3", not "Pagina 3 van 48" (for a document that a copy's own pages precede)."""
    doc = docx.Document()
    rels = doc.part.package.rels
    for rel_id in [k for k, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        rels.pop(rel_id)  # python-docx's preview picture of some other document
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for style in list(doc.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid"):
            style.element.getparent().remove(style.element)
    _drop_theme_references(doc)
    _set_language(doc, LANGUAGE)
    for name, spec in STYLES.items():
        _style(doc, name, spec)
    _special_formatting(doc)
    _table_style(doc, TABLE_STYLE, total_row=True)
    _table_style(doc, PANDOC_TABLE_STYLE, total_row=False)
    _numbering(doc)
    _schema_order(doc)
    _header_footer(doc, header_text, footer_text, page_count)
    # Only dc: properties: once docxtpl is imported, docxcompose has rebound python-docx's
    # `cp` prefix to the custom-properties namespace, so cp:* properties would go astray.
    props = doc.core_properties
    props.title, props.author, props.comments = title, "Gemeente", ""
    return doc


def save_template(doc: docx.document.Document, path: Path, *, title: str) -> None:
    """Save through finalize_docx: same code, same template bytes; no rsids, no python-docx metadata."""
    from pipeline.documents.finalize import finalize_docx

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(finalize_docx(buffer.getvalue(), title=title, created=TEMPLATE_DATE, for_template=True))


def demo_template() -> docx.document.Document:
    """A small docxtpl template: a title, a heading and two Markdown slots."""
    doc = house_style_document(title="Demo", header_text="{{ onderwerp }} | {{ datum }}")
    doc.add_paragraph("{{ onderwerp }}", style="Title")
    doc.add_heading("Inleiding", level=1)
    doc.add_paragraph("{{p tekst1 }}")
    doc.add_heading("Uitwerking", level=1)
    doc.add_paragraph("{{p tekst2 }}")
    table = add_table(doc, ["Post", "Bedrag"], rows=2, total_row=True)
    table.rows[1].cells[0].text = "{{ post }}"
    table.rows[1].cells[1].text = "{{ bedrag }}"
    table.rows[2].cells[0].text = "Totaal"
    table.rows[2].cells[1].text = "{{ totaal }}"
    return doc


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print("gebruik: python tools/make_templates.py UIT.docx", file=sys.stderr)
        return 2
    save_template(demo_template(), Path(argv[0]), title="Demo")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
