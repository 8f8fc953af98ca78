"""Convert Markdown texts to docxtpl subdocuments with one pandoc run for all of them."""

from __future__ import annotations

import copy
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

from docx import Document
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc
from lxml import etree

from pipeline.documents.composer import Composer as _Composer
from pipeline.documents.conversions import OUTPUT, converted, docx_job, marker_token
from pipeline.documents.pandoc import run_pandoc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VML_OFFICE = "urn:schemas-microsoft-com:office:office"


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
