"""Make saved .docx files deterministic, scrubbed of template metadata, nl-NL and valid OOXML."""

from __future__ import annotations

import copy
import datetime
import io
import posixpath
import re
import zipfile
from typing import Sequence

from lxml import etree

from pipeline.documents.contents import fill_contents
from pipeline.documents.properties import add_custom_properties

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"w": W, "rel": REL, "ct": CT}
CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NEUTRAL_AUTHOR = "Gemeente"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Parts that carry reviewers' names, template paths or document-system metadata.
PRIVATE_PARTS = re.compile(
    r"^(word/comments\w*\.xml|word/people\.xml|docProps/custom\.xml|docProps/thumbnail\.\w+|customXml/.*)$"
)
STORY_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# Tracked changes are accepted: deletions and property changes go, insertions stay. A document that shows
# its tracked changes keeps them, and loses only the comments and proofing marks.
REVISION_TAGS = [f"{{{W}}}{t}" for t in "del moveFrom moveFromRangeStart moveFromRangeEnd moveToRangeStart moveToRangeEnd"
                 " rPrChange pPrChange sectPrChange tblPrChange trPrChange tcPrChange tblGridChange numberingChange".split()]
COMMENT_TAGS = [f"{{{W}}}{t}" for t in "commentRangeStart commentRangeEnd commentReference proofErr".split()]
UNWRAP_TAGS = [f"{{{W}}}ins", f"{{{W}}}moveTo"]
SETTINGS_DROP = ("rsids", "attachedTemplate", "proofState", "docVars")
SETTINGS_AFTER_THEMEFONTLANG = (
    "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions"
    " readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
).split()
# Schema order of the properties that table styles set on rows, cells and runs.
TRPR = "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden".split()
TCPR = "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark".split()
RPR = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid"
    " vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs"
    " em lang eastAsianLayout specVanish oMath"
).split()


# Found by libxml2 rather than by walking every element in Python (a 25 MB document has millions):
# the runs that hold nothing but their properties, and the elements with an rsid attribute.
EMPTY_RUNS = etree.XPath("//w:r[w:rPr][not((*|comment()|processing-instruction())[not(self::w:rPr)])]",
                         namespaces=NS)
WITH_RSIDS = etree.XPath(f"//*[@*[namespace-uri() = '{W}' and starts-with(local-name(), 'rsid')]]")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(remove_blank_text=False, resolve_entities=False))


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def in_package_order(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts in the order a finished package holds them: the content types, the package's
    relationships, then the others by name."""
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in parts]
    return {name: parts[name] for name in first + sorted(n for n in parts if n not in first)}


def _write_zip(parts: dict[str, bytes]) -> bytes:
    """Fixed order, timestamps, permissions and compression: same parts, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in in_package_order(parts).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def _rel_target(rels_name: str, rel: etree._Element) -> str | None:
    """The part a relationship in `word/_rels/document.xml.rels` (say) points at."""
    target = rel.get("Target", "")
    if rel.get("TargetMode") == "External" or target.startswith("/"):
        return None if rel.get("TargetMode") == "External" else target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(posixpath.dirname(rels_name)), target))


def _drop_parts(parts: dict[str, bytes], names: set[str]) -> None:
    """Remove parts with their own rels, the relationships to them and their content types."""
    for name in names:
        parts.pop(name, None)
        parts.pop(posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels"), None)
    for rels_name in [n for n in parts if n.endswith(".rels")]:
        root = _parse(parts[rels_name])
        doomed = [r for r in root if _rel_target(rels_name, r) in names or r.get("Type", "").endswith("/attachedTemplate")]
        for rel in doomed:
            root.remove(rel)
        if doomed:
            parts[rels_name] = _serialize(root)
    types = _parse(parts["[Content_Types].xml"])
    for override in types.findall("ct:Override", NS):
        if override.get("PartName", "").lstrip("/") in names:
            types.remove(override)
    parts["[Content_Types].xml"] = _serialize(types)


def core_properties_xml(title: str, created: datetime.date, language: str = "nl-NL",
                        author: str = NEUTRAL_AUTHOR) -> bytes:
    """docProps/core.xml with only the title, the organisation as author (never a person), revision 1 and
    dates from the inputs."""
    stamp = f"{created.isoformat()}T00:00:00Z"
    root = etree.Element(f"{{{CORE_NS['cp']}}}coreProperties", nsmap=CORE_NS)
    for qname, text in (
        ("dc:title", title), ("dc:creator", author), ("cp:lastModifiedBy", author),
        ("cp:revision", "1"), ("dc:language", language), ("dcterms:created", stamp), ("dcterms:modified", stamp),
    ):
        prefix, local = qname.split(":")
        el = etree.SubElement(root, f"{{{CORE_NS[prefix]}}}{local}")
        el.text = text
        if prefix == "dcterms":
            el.set(f"{{{CORE_NS['xsi']}}}type", "dcterms:W3CDTF")
    return _serialize(root)


def _app_xml() -> bytes:
    root = etree.Element(f"{{{APP_NS}}}Properties", nsmap={None: APP_NS})
    etree.SubElement(root, f"{{{APP_NS}}}Application").text = "Plan A"
    etree.SubElement(root, f"{{{APP_NS}}}DocSecurity").text = "0"
    return _serialize(root)


def _ensure_core_part(parts: dict[str, bytes]) -> None:
    """A package without core.xml (some writers leave it out) gets the part and its links."""
    if "docProps/core.xml" not in parts:
        rels, types = _parse(parts["_rels/.rels"]), _parse(parts["[Content_Types].xml"])
        etree.SubElement(rels, f"{{{REL}}}Relationship", Id="rIdCore", Type=CORE_REL, Target="docProps/core.xml")
        etree.SubElement(types, f"{{{CT}}}Override", PartName="/docProps/core.xml", ContentType=CORE_CT)
        parts["_rels/.rels"], parts["[Content_Types].xml"] = _serialize(rels), _serialize(types)


def _child(parent: etree._Element, tag: str, later: Sequence[str] = ()) -> etree._Element:
    """`parent`'s `w:tag`, created if missing before the first of the `later` siblings."""
    found = parent.find(f"w:{tag}", NS)
    if found is None:
        found = etree.Element(_w(tag))
        successors = [c for c in parent if etree.QName(c).localname in later]
        successors[0].addprevious(found) if successors else parent.append(found)
    return found


def _fix_styles(root: etree._Element, language: str) -> None:
    """Document language in docDefaults (created if missing) and in every style that sets one."""
    defaults = _child(root, "docDefaults", ["latentStyles", "style"])
    rpr = _child(_child(defaults, "rPrDefault", ["pPrDefault"]), "rPr")
    _child(rpr, "lang", ["eastAsianLayout", "specVanish", "oMath"])
    for lang in root.iter(_w("lang")):
        lang.attrib.update({_w("val"): language, _w("eastAsia"): language, _w("bidi"): language})


# PDF 1.7's standard structure types (ISO 32000-1, 14.8.4). LibreOffice tags a paragraph with its
# style's name and role-maps that name to P; a style named like a standard type ("Figure", which
# pandoc and our house style define) becomes a remapped standard type, which PDF/UA forbids, and a
# "Figure" without alt text besides. "Caption" LibreOffice maps to /Caption itself.
PDF_STANDARD_TYPES = frozenset((
    "Document Part Art Sect Div BlockQuote TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl"
    " LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP"
    " Warichu WT WP Figure Formula Form"
).split())
RENAMED_STYLE_SUFFIX = " Paragraph"


def _rename_pdf_type_styles(root: etree._Element) -> None:
    """Rename paragraph styles whose name is a PDF standard structure type (the id, which the
    document refers to, stays)."""
    names = {el.get(_w("val")) for el in root.iterfind("w:style/w:name", NS)}
    for style in root.iterfind("w:style[@w:type='paragraph']", NS):
        name = style.find("w:name", NS)
        if name is not None and name.get(_w("val")) in PDF_STANDARD_TYPES:
            new = name.get(_w("val")) + RENAMED_STYLE_SUFFIX
            while new in names:
                new += RENAMED_STYLE_SUFFIX
            names.add(new)
            name.set(_w("val"), new)


def _fix_settings(root: etree._Element, language: str) -> None:
    for el in [c for c in root if etree.QName(c).localname in SETTINGS_DROP]:
        root.remove(el)
    _child(root, "themeFontLang", SETTINGS_AFTER_THEMEFONTLANG).set(_w("val"), language)


def _fix_numbering(root: etree._Element) -> None:
    """One lvlOverride per level in each num (docxcompose adds a second one for level 0),
    abstractNum before num as the schema demands, and nsids that do not come from random()."""
    for num in root.findall("w:num", NS):
        seen = set()
        for override in num.findall("w:lvlOverride", NS):
            level = override.get(_w("ilvl"))
            if level in seen:
                num.remove(override)
            seen.add(level)
    order = {_w("numPicBullet"): 0, _w("abstractNum"): 1, _w("num"): 2, _w("numIdMacAtCleanup"): 3}
    root[:] = sorted(root, key=lambda el: order.get(el.tag, 1))
    for abstract in root.findall("w:abstractNum", NS):
        nsid = abstract.find("w:nsid", NS)
        if nsid is not None:
            number = int(abstract.get(_w("abstractNumId"), "0"))
            nsid.set(_w("val"), f"{0x50410000 + number:08X}")


def _accept_changes(root: etree._Element, keep_revisions: bool = False) -> None:
    """Drop comments and tracked changes so no reviewer name or deleted text survives (`keep_revisions`:
    only the comments)."""
    for el in list(root.iter(*COMMENT_TAGS) if keep_revisions else root.iter(*REVISION_TAGS, *COMMENT_TAGS)):
        el.getparent().remove(el)
    if not keep_revisions:
        for el in list(root.iter(*UNWRAP_TAGS)):
            parent = el.getparent()
            index = parent.index(el)
            for offset, child in enumerate(list(el)):
                parent.insert(index + offset, child)
            parent.remove(el)
    for run in EMPTY_RUNS(root):  # runs left with only their properties
        run.getparent().remove(run)


def _renumber_bookmarks(root: etree._Element) -> None:
    """Unique bookmark ids, pairing each end with the latest open start of the same old id."""
    open_starts: dict[str, list[str]] = {}
    counter = 0
    for el in list(root.iter(_w("bookmarkStart"), _w("bookmarkEnd"))):
        old = el.get(_w("id"))
        if el.tag == _w("bookmarkStart"):
            el.set(_w("id"), str(counter))
            open_starts.setdefault(old, []).append(str(counter))
            counter += 1
        elif open_starts.get(old):
            el.set(_w("id"), open_starts[old].pop())
        else:
            el.getparent().remove(el)
    for ids in open_starts.values():
        for new_id in ids:
            start = root.find(f".//w:bookmarkStart[@w:id='{new_id}']", NS)
            start.getparent().remove(start)


def _insert_ordered(parent: etree._Element, child: etree._Element, order: list[str]) -> None:
    rank = order.index(etree.QName(child).localname)
    later = [c for c in parent if etree.QName(c).localname in order[rank + 1:]]
    later[0].addprevious(child) if later else parent.append(child)


def _merge_properties(owner: etree._Element, tag: str, source: etree._Element | None, order: list[str]) -> None:
    """Copy each property of `source` that `owner`'s own `tag` element does not set."""
    if source is None:
        return
    target = owner.find(f"w:{tag}", NS)
    if target is None:
        target = etree.Element(_w(tag))
        owner.insert(1 if len(owner) and owner[0].tag == _w("tblPrEx") else 0, target)
    for prop in source:
        if target.find(prop.tag) is None:
            _insert_ordered(target, copy.deepcopy(prop), order)


def _look_on(tbl: etree._Element, kind: str, bit: int) -> bool:
    look = tbl.find("w:tblPr/w:tblLook", NS)
    if look is None:
        return False
    flag = look.get(_w(kind))
    return flag in ("1", "true", "on") if flag is not None else bool(int(look.get(_w("val"), "0"), 16) & bit)


def _materialize_table_looks(root: etree._Element, styles: etree._Element | None) -> None:
    """LibreOffice (our PDFs) ignores a table style's header and total-row formatting;
    write it on those rows' cells and runs, and repeat a header row on every page."""
    for tbl in root.iter(_w("tbl")):
        style_id = tbl.find("w:tblPr/w:tblStyle", NS)
        rows = tbl.findall("w:tr", NS)
        if style_id is None or styles is None or not rows:
            continue
        style = styles.find(f"w:style[@w:styleId='{style_id.get(_w('val'))}']", NS)
        for kind, bit, row in (("firstRow", 0x20, rows[0]), ("lastRow", 0x40, rows[-1])):
            cond = None if style is None else style.find(f"w:tblStylePr[@w:type='{kind}']", NS)
            if cond is None or not _look_on(tbl, kind, bit):
                continue
            if kind == "firstRow":
                _merge_properties(row, "trPr", etree.fromstring(f'<w:trPr xmlns:w="{W}"><w:tblHeader/></w:trPr>'), TRPR)
            for cell in row.findall("w:tc", NS):
                _merge_properties(cell, "tcPr", cond.find("w:tcPr", NS), TCPR)
                for run in cell.iter(_w("r")):
                    _merge_properties(run, "rPr", cond.find("w:rPr", NS), RPR)


def _strip_rsids(root: etree._Element) -> None:
    for el in WITH_RSIDS(root):
        for attr in [a for a in el.attrib if a.startswith(f"{{{W}}}rsid")]:
            del el.attrib[attr]
    for el in list(root.iter(_w("rsid"))):
        el.getparent().remove(el)


def _fix_xml_part(name: str, data: bytes, language: str, styles: etree._Element | None,
                  keep_revisions: bool = False) -> bytes:
    root = _parse(data)
    if name == "word/styles.xml":
        _fix_styles(root, language)
        if styles is not None:  # a finished document, not a template
            _rename_pdf_type_styles(root)
    elif name == "word/settings.xml":
        _fix_settings(root, language)
    elif name == "word/numbering.xml":
        _fix_numbering(root)
    elif STORY_PARTS.match(name):
        _accept_changes(root, keep_revisions)
        _materialize_table_looks(root, styles)
        if name == "word/document.xml":
            if styles is not None:  # a finished document: its table of contents, filled
                fill_contents(root, styles)
            _renumber_bookmarks(root)
    if b"rsid" in data:  # else there is none to strip (a search of 0.2 s in a 15 MB part)
        _strip_rsids(root)
    return _serialize(root)


def finalize_docx(
    data: bytes, *, title: str, created: datetime.date, language: str = "nl-NL", for_template: bool = False,
    author: str = NEUTRAL_AUTHOR, properties: dict[str, str] | None = None, keep_revisions: bool = False,
) -> bytes:
    """Return `data` (a saved .docx) deterministic, scrubbed, in `language` and schema-valid.

    Also writes table-style header/total-row formatting onto those rows, for LibreOffice;
    `for_template=True` skips that for a template whose rows are still to be rendered. The
    template's custom properties go; `properties` (name -> text) become the document's own.
    Tracked changes are accepted, unless `keep_revisions` (a document made to show them).
    """
    return pack(finalize_parts(_read_zip(data), title=title, created=created, language=language,
                               for_template=for_template, author=author, properties=properties,
                               keep_revisions=keep_revisions))


def pack(parts: dict[str, bytes]) -> bytes:
    """The finished parts as a .docx: fixed order, timestamps, permissions and compression."""
    return _write_zip(parts)


def finalize_parts(
    parts: dict[str, bytes], *, title: str, created: datetime.date, language: str = "nl-NL",
    for_template: bool = False, author: str = NEUTRAL_AUTHOR, properties: dict[str, str] | None = None,
    keep_revisions: bool = False,
) -> dict[str, bytes]:
    """finalize_docx on a package's parts (part name -> bytes, unpacked), returned in package order."""
    _drop_parts(parts, {n for n in parts if PRIVATE_PARTS.match(n)})
    if properties:
        add_custom_properties(parts, properties)
    _ensure_core_part(parts)
    parts["docProps/core.xml"] = core_properties_xml(title, created, language, author)
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = _app_xml()
    styles = _parse(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
    if for_template:
        styles = None  # rows of a template may still be `{%tr %}` loops: leave them be
    for name in list(parts):
        if name in ("word/styles.xml", "word/settings.xml", "word/numbering.xml") or STORY_PARTS.match(name):
            parts[name] = _fix_xml_part(name, parts[name], language, styles, keep_revisions)
    return in_package_order(parts)
