"""Convert Markdown texts to docxtpl subdocuments with one pandoc run for all of them."""

from __future__ import annotations

import copy
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.oxml import CT_SectPr
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docxcompose.properties import CustomProperties
from docxcompose.utils import xpath
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc, SubdocComposer
from lxml import etree

from pipeline.documents.conversions import OUTPUT, converted, docx_job, marker_token
from pipeline.documents.pandoc import run_pandoc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VML_OFFICE = "urn:schemas-microsoft-com:office:office"


class _Composer(SubdocComposer):
    """docxtpl's composer, which attaches a text's styles, numbering and links to the template, with two
    methods made fast: docxcompose's `add_styles` listed every style of the template through python-docx's
    style objects for each paragraph of each text and again for each style it used, and its style mapping
    made an object of each style of both documents for each text (two thirds of a conversion's time, then
    half of what was left). Here the lists are read from the XML, the same ids and names in the same order,
    and the template's list is read again only when a style was added to it, so the attached documents are
    the same bytes. The rest of `add_styles` is docxcompose 2.2.0's, without its `preserve_styles` branch,
    which a subdocument never uses."""

    _known: tuple[object, int, frozenset[str | None]] | None = None

    def attach_parts(self, doc, remove_property_fields=True):
        """docxtpl 0.20's `attach_parts`, each step of its loop over the body's elements taken only for the
        elements that hold what the step looks for (found with one search of the whole body per step, not one
        per element): without it, each step returns at once, having changed nothing."""
        self.reset_reference_mapping()
        if remove_property_fields:
            properties = CustomProperties(doc)
            for name in properties.keys():
                properties.dissolve_fields(name)
        self._create_style_id_mapping(doc)
        body = doc.element.body
        steps = [(_holding(body, found), step) for found, step in (
            (".//*[@r:id]", lambda el: self.add_referenced_parts(doc.part, self.doc.part, el)),
            (".//w:tblStyle|.//w:pStyle|.//w:rStyle", lambda el: self.add_styles(doc, el)),
            (".//w:numId", lambda el: self.add_numberings(doc, el)),
            (".//w:pStyle", lambda el: self.restart_first_numbering(doc, el)),
            ("(.//a:blip|.//asvg:svgBlip)[@r:embed]", lambda el: self.add_images(doc, el)),
            (".//dgm:relIds[@r:dm]", lambda el: self.add_diagrams(doc, el)),
            (".//v:shape/v:imagedata", lambda el: self.add_shapes(doc, el)),
            (".//w:footnoteReference", lambda el: self.add_footnotes(doc, el)),
            (".//w:headerReference|.//w:footerReference", lambda el: self.remove_header_and_footer_references(doc, el)),
        )]
        for element in body:
            if isinstance(element, CT_SectPr):
                continue
            for holding, step in steps:
                if element in holding:
                    step(element)
        self.add_styles_from_other_parts(doc)
        self.renumber_bookmarks()
        self.renumber_docpr_ids()
        self.renumber_nvpicpr_ids()
        self.fix_section_types(doc)

    def _create_style_id_mapping(self, doc):
        # docxcompose: {s.style_id: s.name for s in doc.styles}, {s.name: s.style_id for s in self.doc.styles}
        self._style_id2name = dict(_style_names(doc))
        self._style_name2id = {name: style_id for style_id, name in _style_names(self.doc)}

    def _our_style_ids(self) -> frozenset[str | None]:
        """The template's style ids; styles are only ever added (appended), so an unchanged count is an
        unchanged list."""
        styles = self.doc.styles.element
        if self._known is None or self._known[0] is not styles or self._known[1] != len(styles):
            self._known = (styles, len(styles), frozenset(_style_ids(self.doc)))
        return self._known[2]

    def add_styles(self, doc, element):
        our_style_ids = self._our_style_ids()
        used_style_ids = list(dict.fromkeys(e.val for e in xpath(element, ".//w:tblStyle|.//w:pStyle|.//w:rStyle")))
        for style_id in used_style_ids:
            our_style_id = self.mapped_style_id(style_id)
            if our_style_id not in our_style_ids:
                style_element = copy.deepcopy(doc.styles.element.get_by_id(style_id))
                if style_element is not None:
                    self.doc.styles.element.append(style_element)
                    self.add_numberings(doc, style_element)
                    self.add_linked_styles(doc, style_element)
            else:
                self._map_abstract_numbering(doc, style_id, our_style_id)
            if our_style_id != style_id and our_style_id is not None:  # a language-specific style id
                for el in xpath(element, f'.//w:tblStyle[@w:val="{style_id}"]|.//w:pStyle[@w:val="{style_id}"]|'
                                         f'.//w:rStyle[@w:val="{style_id}"]'):
                    el.val = our_style_id
            our_style_ids = self._our_style_ids()

    def _map_abstract_numbering(self, doc, style_id: str, our_style_id: str) -> None:
        """A style both have that numbers its paragraphs: its numbering is the template's, not a copy."""
        style_element = doc.styles.element.get_by_id(style_id)
        num_ids = xpath(style_element, ".//w:numId/@w:val") if style_element is not None else []
        if not num_ids:
            return
        anum_ids = xpath(doc.part.numbering_part.element,
                         f'.//w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val')
        if not anum_ids:
            return
        our_num_ids = xpath(self.doc.styles.element.get_by_id(our_style_id), ".//w:numId/@w:val")
        if our_num_ids:
            our_anum_ids = xpath(self.numbering_part().element,
                                 f'.//w:num[@w:numId="{our_num_ids[0]}"]/w:abstractNumId/@w:val')
            if our_anum_ids:
                self.anum_id_mapping[int(anum_ids[0])] = int(our_anum_ids[0])


def _holding(body, path: str) -> set:
    """The body's elements that hold a match of `path` (a search below each of them, `.//...`); a superset
    when the match is an element of the body itself."""
    held = set()
    for node in xpath(body, path):
        while node.getparent() is not None and node.getparent() is not body:
            node = node.getparent()
        held.add(node)
    return held


def _style_ids(document) -> list[str | None]:
    """The ids of a document's styles, in order: what `[s.style_id for s in document.styles]` gives."""
    return [style.get(qn("w:styleId")) for style in document.styles.element.findall(qn("w:style"))]


def _style_names(document) -> list[tuple[str | None, str | None]]:
    """(id, name) of each of a document's styles, in order, as python-docx's style objects give them: the
    name as Word's user interface shows it ('heading 1' is 'Heading 1')."""
    found = []
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        value = None if name is None else name.get(qn("w:val"))
        found.append((style.get(qn("w:styleId")), None if value is None else BabelFish.internal2ui(value)))
    return found


class LiteralSubdoc(Subdoc):
    """A Subdoc whose XML cannot be changed by docxtpl's post-render text replacements.

    After rendering, docxtpl turns `{_{` into `{{` (and `}_}`, `{_%`, `%_}` alike) in the
    whole document, so a text typed as `{_{` would change; braces as character references
    survive that pass and are plain braces again once the XML is parsed.
    """

    def __init__(self, tpl, docpath):  # Subdoc's own, with the faster composer
        self.tpl = tpl
        self.docx = tpl.get_docx()
        self.subdocx = Document(docpath)
        _Composer(self.docx).attach_parts(self.subdocx)

    def _get_xml(self) -> str:
        return super()._get_xml().replace("{", "&#123;").replace("}", "&#125;")


def _run_pandoc(template: DocxTemplate, texts: Sequence[str], shift_headings: int, messages: list[str] | None) -> bytes:
    """pandoc's .docx of all texts: the conversion started ahead for them (pipeline/documents/conversions.py),
    or one pandoc run now."""
    reference = template.template_file  # the template's own file, when it is one: saving it again took 30 ms
    own_file = isinstance(reference, (str, Path))
    docx, warnings = (own_file and converted(Path(reference).resolve(), texts, shift_headings)) or \
        _convert(template, texts, shift_headings)
    if messages is not None:
        messages.extend(warnings)
    return docx


def _convert(template: DocxTemplate, texts: Sequence[str], shift_headings: int) -> tuple[bytes, list[str]]:
    with tempfile.TemporaryDirectory(prefix="plana-md-") as tmp:
        folder = Path(tmp)
        reference = template.template_file
        if isinstance(reference, (str, Path)):
            reference = Path(reference).resolve()  # pandoc runs in the temporary folder
        else:
            reference = folder / "reference.docx"
            template.get_docx().save(str(reference))
        files, args = docx_job(folder, reference, texts, shift_headings)
        _, warnings = run_pandoc(files, "docx", folder, args)
        return (folder / OUTPUT).read_bytes(), warnings


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _balance_bookmarks(chunk: list[etree._Element]) -> list[etree._Element]:
    """Pandoc's section bookmarks span texts; keep each chunk's pairs whole."""
    starts = {el.get(f"{{{W}}}id") for el in chunk if el.tag == f"{{{W}}}bookmarkStart"}
    ends = {el.get(f"{{{W}}}id") for el in chunk if el.tag == f"{{{W}}}bookmarkEnd"}
    kept = [el for el in chunk if el.tag != f"{{{W}}}bookmarkEnd" or el.get(f"{{{W}}}id") in starts]
    for bookmark_id in sorted(starts - ends, key=int):
        kept.append(etree.Element(f"{{{W}}}bookmarkEnd", {f"{{{W}}}id": bookmark_id}))
    return kept


def _text_width(template: DocxTemplate) -> int:
    """Width between the margins of the template's last section, in twips."""
    section = template.get_docx().sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return int(width / 635) if width > 0 else 9071


def _fit_table(tbl: etree._Element, width: int) -> None:
    """Pandoc sizes tables for a Letter page; stretch the columns over the text width."""
    cols = tbl.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol")
    total = sum(int(col.get(f"{{{W}}}w", "0")) for col in cols)
    if not total:
        return
    for col in cols:
        col.set(f"{{{W}}}w", str(int(col.get(f"{{{W}}}w")) * width // total))
    tbl_w = tbl.find(f"{{{W}}}tblPr/{{{W}}}tblW")
    if tbl_w is not None:
        tbl_w.attrib.update({f"{{{W}}}type": "pct", f"{{{W}}}w": "5000"})


def _plain_bullets(numbering_xml: bytes) -> bytes:
    """Pandoc's bullets are Symbol, Courier New and Wingdings glyphs; use the text font's."""
    root = etree.fromstring(numbering_xml)
    for lvl in root.iter(f"{{{W}}}lvl"):
        fmt, text = lvl.find(f"{{{W}}}numFmt"), lvl.find(f"{{{W}}}lvlText")
        if fmt is None or text is None or fmt.get(f"{{{W}}}val") != "bullet" or not text.get(f"{{{W}}}val", "").strip():
            continue
        text.set(f"{{{W}}}val", "\u2013" if int(lvl.get(f"{{{W}}}ilvl", "0")) % 2 else "\u2022")
        for rpr in lvl.findall(f"{{{W}}}rPr"):
            lvl.remove(rpr)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rename_bookmarks(body: etree._Element, token: str) -> None:
    """`--file-scope` puts the temporary file path in pandoc's bookmark names; use names
    from the texts' hash instead (hidden, `_` first) and point internal links at them."""
    names: dict[str, str] = {}
    for n, start in enumerate(body.iter(f"{{{W}}}bookmarkStart")):
        names[start.get(f"{{{W}}}name")] = new = f"_{token[5:17]}_{n}"
        start.set(f"{{{W}}}name", new)
    for link in body.iter(f"{{{W}}}hyperlink"):
        anchor = link.get(f"{{{W}}}anchor")
        if anchor is not None:
            link.set(f"{{{W}}}anchor", names.get(anchor, anchor))


def heading_levels(styles_xml: bytes | None) -> dict[str, int]:
    """Paragraph style id -> outline level (0 = Heading 1), following `basedOn`."""
    if styles_xml is None:
        return {}
    root = etree.fromstring(styles_xml)
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    for style in root.iterfind(f"{{{W}}}style[@{{{W}}}type='paragraph']"):
        style_id = style.get(f"{{{W}}}styleId")
        level = style.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        own[style_id] = None if level is None else int(level.get(f"{{{W}}}val"))
        parent = style.find(f"{{{W}}}basedOn")
        if parent is not None:
            based[style_id] = parent.get(f"{{{W}}}val")
    levels = {}
    for style_id in own:
        seen, current = set(), style_id
        while current in own and own[current] is None and current in based and current not in seen:
            seen.add(current)
            current = based[current]
        level = own.get(current)
        if level is not None and level < 9:
            levels[style_id] = level
    return levels


def _no_skipped_levels(chunk: list[etree._Element], levels: dict[str, int], parent_level: int) -> None:
    """A heading is at most one level below the one before it (the first: below `parent_level`, the
    heading that holds the text), so `### Kop` straight under a chapter becomes a Heading 2: screen
    readers and PDF/UA want levels in order."""
    by_level: dict[int, str] = {}
    for style_id, level in sorted(levels.items(), key=lambda kv: (kv[1], not kv[0].startswith("Heading"))):
        by_level.setdefault(level, style_id)
    previous = parent_level
    for el in chunk:
        style = el.find(f"{{{W}}}pPr/{{{W}}}pStyle") if el.tag == f"{{{W}}}p" else None
        if style is None or style.get(f"{{{W}}}val") not in levels:
            continue
        level = levels[style.get(f"{{{W}}}val")]
        if level > previous + 1 and previous + 1 in by_level:
            level = previous + 1
            style.set(f"{{{W}}}val", by_level[level])
        previous = level


def _no_rules(chunk: list[etree._Element]) -> None:
    """Pandoc draws `---` as a VML rectangle, which LibreOffice exports as a figure without alt text
    (PDF/UA forbids that); keep the paragraph as an empty one, a gap between the parts."""
    for el in chunk:
        for pict in el.findall(f".//{{{W}}}r/{{{W}}}pict"):
            if any(shape.get(f"{{{VML_OFFICE}}}hr") == "t" for shape in pict):
                run = pict.getparent()
                run.getparent().remove(run)


def _split_body(document_xml: bytes, token: str, count: int, width: int, levels: dict[str, int],
                parent_level: int) -> list[bytes]:
    """One document.xml per text, cut at the marker paragraphs."""
    root = etree.fromstring(document_xml)
    body = root.find(f"{{{W}}}body")
    _rename_bookmarks(body, token)
    chunks: list[list[etree._Element]] = [[]]
    section = None
    for el in body:
        if el.tag == f"{{{W}}}sectPr":
            section = el
        elif el.tag == f"{{{W}}}p" and _text(el) == token:
            chunks.append([])
        else:
            chunks[-1].append(el)
    if len(chunks) != count:
        raise RuntimeError(f"pandoc returned {len(chunks)} parts for {count} texts")
    result = []
    for chunk in chunks:
        new_root = copy.deepcopy(root)
        new_body = new_root.find(f"{{{W}}}body")
        new_body[:] = [copy.deepcopy(el) for el in _balance_bookmarks(chunk)]
        _no_skipped_levels(list(new_body), levels, parent_level)
        _no_rules(list(new_body))
        for tbl in new_body.findall(f"{{{W}}}tbl"):
            _fit_table(tbl, width)
        if section is not None:
            new_body.append(copy.deepcopy(section))
        result.append(etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return result


def _package(parts: dict[str, bytes], document_xml: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for name, data in parts.items():
            zout.writestr(name, document_xml if name == "word/document.xml" else data)
    out.seek(0)
    return out


def markdown_to_subdocs(
    template: DocxTemplate, texts: Sequence[str], *, shift_headings: int = 0, messages: list[str] | None = None
) -> list[Subdoc]:
    """One subdocument per Markdown text, in order, for `{{p name }}` in `template`.

    Call before `template.render`. A text's headings go one level at a time below the heading
    that holds it (level `max(shift_headings, 1)`): a skipped level is closed up, for screen
    readers. Styles are matched by name, so the template's
    Body Text, Compact, Heading N, Table, ... win; pandoc uses the template as its
    reference doc for any style the template lacks. Pandoc's warnings (an image it
    may not fetch: pandoc runs sandboxed) go to `messages`, never to stderr.
    """
    texts = list(texts)
    if not texts:
        return []
    token = marker_token(texts)
    docx_bytes = _run_pandoc(template, texts, shift_headings, messages)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    if "word/numbering.xml" in parts:
        parts["word/numbering.xml"] = _plain_bullets(parts["word/numbering.xml"])
    documents = _split_body(parts["word/document.xml"], token, len(texts), _text_width(template),
                            heading_levels(parts.get("word/styles.xml")), max(shift_headings, 1) - 1)
    return [LiteralSubdoc(template, _package(parts, document)) for document in documents]


def markdown_to_plain(texts: Sequence[str]) -> list[str]:
    """Each Markdown text as the plain text a reader sees (no `*`, `#` or link syntax), on one line per
    block, with one pandoc run for all of them (its warnings unused: the texts were checked when read)."""
    texts = list(texts)
    if not texts:
        return []
    token = marker_token(texts)
    with tempfile.TemporaryDirectory(prefix="plana-md-") as tmp:
        source = Path(tmp) / "texts.md"
        source.write_text(f"\n\n{token}\n\n".join(texts), encoding="utf-8")
        plain, _ = run_pandoc([source], "plain", Path(tmp), ["--wrap=none"])
    found = [part.strip() for part in plain.decode("utf-8").replace("\r\n", "\n").split(token)]
    if len(found) != len(texts):
        raise RuntimeError(f"pandoc returned {len(found)} plain texts for {len(texts)}")
    return found
