"""Fills a template's Word table of contents with the document's headings (LibreOffice never updates one)."""
from __future__ import annotations

import re

from lxml import etree

from pipeline.documents.markdown import heading_levels

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TOC_FIELD = re.compile(r"^\s*TOC\b")
LEVELS = re.compile(r"\\o\s+\"(\d)-(\d)\"")
BOOKMARK = "_TocPlanA{:03d}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def fill_contents(document: etree._Element, styles: etree._Element) -> None:
    """Replace the first TOC field of `document` by one paragraph per heading below it (the field's `\\o`
    levels), each a link to a bookmark on its heading with the page number as a PAGEREF field.

    The entries are plain paragraphs, not a TOC field: LibreOffice shows a TOC field's stored result
    as it is, and would print no page numbers. Word shows the numbers after an update (F9) or print."""
    field = _toc_paragraphs(document)
    if field is None:
        return
    paragraphs, instruction = field
    wanted = LEVELS.search(instruction)  # `\o "1-3"`: outline levels 0 to 2 (Word's default)
    low, high = (int(wanted.group(1)) - 1, int(wanted.group(2)) - 1) if wanted else (0, 2)
    levels = heading_levels(etree.tostring(styles))
    entries = []
    for p in _maybe_headings_after(paragraphs[-1], levels):
        if low <= (level := _level(p, levels)) <= high and (text := _text(p)).strip():
            name = BOOKMARK.format(len(entries) + 1)
            _bookmark(p, name, len(entries) + 1)
            entries.append(_entry(text, name, level, styles))
    first = paragraphs[0]
    for entry in entries:
        first.addprevious(entry)
    for p in paragraphs:
        p.getparent().remove(p)


def _maybe_headings_after(last: etree._Element, levels: dict[str, int]) -> list[etree._Element]:
    """The paragraphs after `last`, in order, that have an outline level of their own or a style with one:
    found by libxml2, not by a look at each of the 100,000 paragraphs of a 10,000-item plan."""
    literals = [f"'{s}'" if "'" not in s else f'"{s}"' for s in levels if not ("'" in s and '"' in s)]
    if len(literals) < len(levels):  # a style id with both kinds of quote: every paragraph is a candidate
        return last.xpath("following::w:p", namespaces={"w": W})
    styled = " or ".join(f"@w:val={literal}" for literal in literals) or "false()"
    return last.xpath(f"following::w:p[w:pPr/w:outlineLvl or w:pPr/w:pStyle[{styled}]]", namespaces={"w": W})


def _toc_paragraphs(document: etree._Element) -> tuple[list[etree._Element], str] | None:
    """The paragraphs from the one holding a TOC field's begin to the one holding its end, and its code."""
    for instr in document.iter(_w("instrText")):
        if not TOC_FIELD.match(instr.text or ""):
            continue
        run = instr.getparent()
        paragraphs, code, depth, in_code = [next(run.iterancestors(_w("p")))], instr.text, 1, True
        for el in _following(run):
            if el.tag == _w("p"):
                paragraphs.append(el)
            elif el.tag == _w("instrText") and in_code:  # Word may split the code over runs
                code += el.text or ""
            elif el.tag == _w("fldChar"):
                kind = el.get(_w("fldCharType"))
                in_code = in_code and kind not in ("separate", "end")
                depth += {"begin": 1, "end": -1}.get(kind, 0)
                if depth == 0:
                    break
        return paragraphs, code
    return None


def _following(element: etree._Element):
    """Every element after `element` in document order (not its descendants)."""
    for el in element.itersiblings():
        yield el
        yield from el.iterdescendants()
    parent = element.getparent()
    if parent is not None and parent.tag != _w("body"):
        yield from _following(parent)


OUTLINE_LEVEL, STYLE, VAL = f"{{{W}}}pPr/{{{W}}}outlineLvl", f"{{{W}}}pPr/{{{W}}}pStyle", f"{{{W}}}val"


def _level(p: etree._Element, levels: dict[str, int]) -> int:
    own = p.find(OUTLINE_LEVEL)
    if own is not None:
        return int(own.get(VAL))
    style = p.find(STYLE)
    return levels.get(style.get(VAL), 9) if style is not None else 9


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t")))


def _bookmark(p: etree._Element, name: str, number: int) -> None:
    """A bookmark around the heading's text (ids are made unique when the document is finished)."""
    start = etree.Element(_w("bookmarkStart"), {_w("id"): f"toc{number}", _w("name"): name})
    ppr = p.find(_w("pPr"))
    p.insert(0 if ppr is None else p.index(ppr) + 1, start)
    etree.SubElement(p, _w("bookmarkEnd"), {_w("id"): f"toc{number}"})


def _style_id(styles: etree._Element, name: str) -> str | None:
    for style in styles.iterfind(f"{_w('style')}[@{_w('type')}='paragraph']"):
        found = style.find(_w("name"))
        if found is not None and (found.get(_w("val")) or "").casefold() == name:
            return style.get(_w("styleId"))
    return None


def _run(parent: etree._Element, child: str, text: str | None = None, **attributes: str) -> None:
    el = etree.SubElement(etree.SubElement(parent, _w("r")), _w(child), {_w(k): v for k, v in attributes.items()})
    if text is not None:
        el.text = text
        el.set(XML_SPACE, "preserve")


def _entry(text: str, bookmark: str, level: int, styles: etree._Element) -> etree._Element:
    p = etree.Element(_w("p"))
    ppr = etree.SubElement(p, _w("pPr"))
    style = _style_id(styles, f"toc {level + 1}")
    if style is not None:
        etree.SubElement(ppr, _w("pStyle"), {_w("val"): style})
    else:  # a template without the toc style: the dotted tab to the right margin here
        tabs = etree.SubElement(ppr, _w("tabs"))
        etree.SubElement(tabs, _w("tab"), {_w("val"): "right", _w("leader"): "dot", _w("pos"): "9060"})
    link = etree.SubElement(p, _w("hyperlink"), {_w("anchor"): bookmark, _w("history"): "1"})
    _run(link, "t", text)
    _run(link, "tab")
    _run(link, "fldChar", fldCharType="begin")
    _run(link, "instrText", f" PAGEREF {bookmark} \\h ")
    _run(link, "fldChar", fldCharType="separate")
    _run(link, "t", "")
    _run(link, "fldChar", fldCharType="end")
    return p
