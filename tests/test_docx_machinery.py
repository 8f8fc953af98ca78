"""Word machinery: finalize_docx, markdown_to_subdocs and the house style."""

from __future__ import annotations

import base64
import datetime
import importlib.util
import io
import re
import zipfile
from pathlib import Path

import docx
import PIL.Image
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from pipeline.documents.finalize import finalize_docx
from pipeline.documents.markdown import markdown_to_subdocs

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DATE = datetime.date(2018, 12, 11)


def _load_make_templates():
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "tools" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_templates = _load_make_templates()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(_parts(data)[name])


def _with_zip_dates(data: bytes, date_time: tuple) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(zipfile.ZipInfo(info.filename, date_time=date_time), zin.read(info))
    return out.getvalue()


DUPLICATE_NUM = (
    f'<w:num xmlns:w="{W}" w:numId="77"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
)


@pytest.fixture(scope="module")
def template_like_docx() -> bytes:
    """What a template edited in Word can carry: a comment, personal metadata, a broken num."""
    doc = docx.Document()
    paragraph = doc.add_paragraph("Tekst met een opmerking.")
    doc.add_comment(paragraph.runs, text="Graag aanpassen", author="Jan Jansen", initials="JJ")
    for change in ("ins", "del"):  # tracked changes by a named person
        text = "<w:t>ingevoegd</w:t>" if change == "ins" else "<w:delText>geschrapt</w:delText>"
        paragraph._p.append(etree.fromstring(f'<w:{change} xmlns:w="{W}" w:id="9" w:author="Jan Jansen"><w:r>{text}</w:r></w:{change}>'))
    props = doc.core_properties
    props.author, props.last_modified_by = "Jan Jansen", "Piet Pietersen"
    props.keywords, props.comments, props.title = "geheim", "interne notitie", "Oude titel"
    props.created = datetime.datetime(2024, 5, 1, 12, 0)
    doc.part.numbering_part.element.append(etree.fromstring(DUPLICATE_NUM))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _overrides_per_level(data: bytes, num_id: str) -> list[str]:
    numbering = _xml(data, "word/numbering.xml")
    return numbering.xpath(f"w:num[@w:numId='{num_id}']/w:lvlOverride/@w:ilvl", namespaces=NS)


def test_finalize_is_deterministic(template_like_docx):
    once = finalize_docx(template_like_docx, title="Voordracht", created=DATE)
    assert finalize_docx(template_like_docx, title="Voordracht", created=DATE) == once
    later = _with_zip_dates(template_like_docx, (2031, 7, 4, 13, 37, 2))
    assert finalize_docx(later, title="Voordracht", created=DATE) == once
    assert finalize_docx(once, title="Voordracht", created=DATE) == once
    with zipfile.ZipFile(io.BytesIO(once)) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.namelist()[0] == "[Content_Types].xml"


def test_finalize_scrubs_comments_and_names(template_like_docx):
    assert "word/comments.xml" in _parts(template_like_docx)
    out = finalize_docx(template_like_docx, title="Voordracht", created=DATE)
    parts = _parts(out)
    assert not [name for name in parts if "comment" in name.lower()]
    everything = b"".join(parts.values())
    for secret in (b"Jan Jansen", b"Piet Pietersen", b"geheim", b"interne notitie", b"Oude titel", b"comments.xml"):
        assert secret not in everything
    assert not _xml(out, "word/document.xml").xpath("//w:commentReference|//w:commentRangeStart", namespaces=NS)
    assert b"Tekst met een opmerking." in parts["word/document.xml"]
    assert b"ingevoegd" in parts["word/document.xml"] and b"geschrapt" not in parts["word/document.xml"]
    # Read core.xml itself: docxcompose rebinds python-docx's `cp` prefix, so python-docx
    # cannot read cp:revision or cp:lastModifiedBy once docxtpl is imported.
    core = {etree.QName(el).localname: el.text for el in _xml(out, "docProps/core.xml")}
    assert core == {
        "title": "Voordracht", "creator": "Gemeente", "lastModifiedBy": "Gemeente", "revision": "1",
        "language": "nl-NL", "created": "2018-12-11T00:00:00Z", "modified": "2018-12-11T00:00:00Z",
    }
    assert docx.Document(io.BytesIO(out)).core_properties.created == datetime.datetime(2018, 12, 11, tzinfo=datetime.timezone.utc)


def test_finalize_sets_language(template_like_docx):
    out = finalize_docx(template_like_docx, title="T", created=DATE)
    lang = _xml(out, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert [lang.get(f"{{{W}}}{a}") for a in ("val", "eastAsia", "bidi")] == ["nl-NL"] * 3
    theme_lang = _xml(out, "word/settings.xml").find("w:themeFontLang", NS)
    assert theme_lang.get(f"{{{W}}}val") == "nl-NL"
    assert not _xml(out, "word/settings.xml").findall("w:rsids", NS)


def test_finalize_removes_duplicate_level_overrides(template_like_docx):
    assert _overrides_per_level(template_like_docx, "77") == ["0", "1", "0"]
    out = finalize_docx(template_like_docx, title="T", created=DATE)
    assert _overrides_per_level(out, "77") == ["0", "1"]


# --- Markdown through pandoc into a docxtpl template ---------------------------------

TEXTS = [
    "# Aanleiding\n\nEerste alinea met & en <b>raw</b>.\n\nTweede alinea met {{ x }} en {% if x %}.\n\n"
    "- appel\n- peer\n\nOnafgesloten code:\n\n```\nnog open\n",
    "% geen titelblok\n\n## Cijfers\n\n1. een\n2. twee\n3. drie\n\n| Post | Bedrag |\n|------|-------:|\n"
    "| Opvang | € 11.500.000 |\n\nLetterlijk {\\_{ y }\\_} -- klaar.\n",
    "# Slot\n\n1. alfa\n2. beta\n\nEinde.\n",
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("md")
    doc = make_templates.house_style_document(title="Test", header_text="{{ x }}")
    for i in range(3):
        doc.add_paragraph(f"{{{{p tekst{i} }}}}")
    doc.save(folder / "template.docx")
    template = DocxTemplate(folder / "template.docx")
    subdocs = markdown_to_subdocs(template, TEXTS, shift_headings=1)
    assert len(subdocs) == 3
    context = {"x": "INGEVULD", **{f"tekst{i}": subdoc for i, subdoc in enumerate(subdocs)}}
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return finalize_docx(buffer.getvalue(), title="Test", created=DATE)


def _blocks(data: bytes) -> list[tuple[str, str, etree._Element]]:
    """(style id, text, paragraph) for every paragraph of the body, table cells included."""
    body = _xml(data, "word/document.xml").find("w:body", NS)
    result = []
    for p in body.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        text = "".join(p.xpath(".//w:t/text()", namespaces=NS))
        result.append(("" if style is None else style.get(f"{{{W}}}val"), text, p))
    return result


def test_markdown_parts_arrive_in_order_and_literally(rendered):
    texts = [text for _, text, _ in _blocks(rendered)]
    expected = [
        "Aanleiding", "Eerste alinea met & en <b>raw</b>.", "Tweede alinea met {{ x }} en {% if x %}.",
        "appel", "peer", "Onafgesloten code:", "``` nog open", "% geen titelblok", "Cijfers", "een", "twee", "drie",
        "Post", "Bedrag", "Opvang", "€ 11.500.000", "Letterlijk {_{ y }_} -- klaar.", "Slot", "alfa", "beta", "Einde.",
    ]
    position = 0
    for part in expected:
        found = [i for i, text in enumerate(texts) if text == part and i >= position]
        assert found, f"{part!r} missing or out of order"
        position = found[0]
    assert not any("INGEVULD" in text for text in texts)
    assert not any(text.startswith("planA") for text in texts)


def test_markdown_styles_match_template(rendered):
    styles = {text: style for style, text, _ in _blocks(rendered)}
    assert styles["Aanleiding"] == styles["Slot"] == "Heading2"
    # `## Cijfers` opens its text, straight under the Heading 1 that holds the slot (shift 1): shifted
    # to Heading 3 it would skip a level, so it is closed up to Heading 2 (headings in order, for PDF/UA)
    assert styles["Cijfers"] == "Heading2"
    assert styles["Eerste alinea met & en <b>raw</b>."] == "FirstParagraph"
    assert styles["Tweede alinea met {{ x }} en {% if x %}."] == "BodyText"
    assert styles["appel"] == styles["een"] == styles["Post"] == "Compact"
    style_names = {s.style_id: s.name for s in docx.Document(io.BytesIO(rendered)).styles}
    assert style_names["Heading2"] == "Heading 2" and style_names["Compact"] == "Compact"
    table = _xml(rendered, "word/document.xml").find(".//w:tbl", NS)
    assert table.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == "Table"
    assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_markdown_lists_stay_numbered_after_merging(rendered):
    numbering = _xml(rendered, "word/numbering.xml")

    def level0(paragraph) -> tuple[str, str | None]:
        num_id = paragraph.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        abstract_id = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")
        fmt = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='0']/w:numFmt", NS)
        start = num.find("w:lvlOverride[@w:ilvl='0']/w:startOverride", NS)
        return fmt.get(f"{{{W}}}val"), None if start is None else start.get(f"{{{W}}}val")

    paragraphs = {text: p for _, text, p in _blocks(rendered)}
    assert level0(paragraphs["appel"])[0] == "bullet"
    assert level0(paragraphs["een"]) == ("decimal", "1")
    assert level0(paragraphs["alfa"]) == ("decimal", "1")
    for num in numbering.findall("w:num", NS):
        levels = num.xpath("w:lvlOverride/@w:ilvl", namespaces=NS)
        assert len(levels) == len(set(levels))


def test_markdown_without_texts_runs_no_pandoc(tmp_path):
    make_templates.house_style_document().save(tmp_path / "t.docx")
    assert markdown_to_subdocs(DocxTemplate(tmp_path / "t.docx"), []) == []


def test_house_style_is_accessible_a4_dutch():
    doc = make_templates.house_style_document(title="Titel")
    outline = {
        s.name: s.element.find("w:pPr/w:outlineLvl", NS)
        for s in doc.styles if s.name.startswith("Heading")
    }
    assert [outline[f"Heading {n}"].get(f"{{{W}}}val") for n in (1, 2, 3)] == ["0", "1", "2"]
    for name in ("Body Text", "First Paragraph", "Compact", "Block Text", "Source Code", "Hyperlink",
                 "Table", "Gemeente Tabel", "List Bullet", "List Number", "Title"):
        assert doc.styles[name] is not None
    lang = doc.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "nl-NL"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer_xml = etree.tostring(section.footer._element).decode()
    assert re.search(r"instrText[^>]*> PAGE <", footer_xml) and " NUMPAGES " in footer_xml
    table = make_templates.add_table(doc, ["Post", "Bedrag"])
    assert table.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is not None


def test_markdown_pandoc_warnings_go_to_messages_not_stderr(tmp_path, capfd):
    make_templates.house_style_document().save(tmp_path / "t.docx")
    messages: list[str] = []
    (subdoc,) = markdown_to_subdocs(DocxTemplate(tmp_path / "t.docx"), ["![foto](/etc/hostname)"], messages=messages)
    assert set(subdoc.subdocx.element.body.xpath(".//w:t/text()")) == {"foto"}  # the alt text stays
    assert len(messages) == 1 and "/etc/hostname" in messages[0]
    assert capfd.readouterr().err == ""


def test_pandoc_runs_without_pypandocs_search_whose_failure_logs_a_traceback(tmp_path, monkeypatch, capfd):
    """pypandoc's search starts `pandoc --version` and logs a traceback when that start is interrupted (a
    Ctrl-C reaching the process group): the bundled program is run directly instead."""
    import pypandoc

    from pipeline.documents import pandoc

    def search(*args, **kwargs):
        raise AssertionError("pypandoc searched for pandoc")

    monkeypatch.setattr(pypandoc, "get_pandoc_path", search)
    monkeypatch.setattr(pypandoc, "_ensure_pandoc_path", search)
    pandoc.pandoc_program.cache_clear()
    make_templates.house_style_document().save(tmp_path / "t.docx")
    (subdoc,) = markdown_to_subdocs(DocxTemplate(tmp_path / "t.docx"), ["Een *tekst*."])
    assert _paragraphs(subdoc) == ["Een tekst."]
    assert capfd.readouterr().err == ""


def _paragraphs(subdoc) -> list[str]:
    body = subdoc.subdocx.element.body
    return ["".join(p.xpath(".//w:t/text()")) for p in body.iterchildren(f"{{{W}}}p")]


@pytest.mark.parametrize("text", ["![beschrijving](foto.png)", "Tekst.\n\n![beschrijving](../foto.png)\n\nMeer."])
def test_an_image_that_cannot_be_fetched_leaves_its_description_once(tmp_path, text):
    make_templates.house_style_document().save(tmp_path / "t.docx")
    (subdoc,) = markdown_to_subdocs(DocxTemplate(tmp_path / "t.docx"), [text], messages=[])
    assert [p for p in _paragraphs(subdoc) if "beschrijving" in p] == ["beschrijving"]


def test_an_embedded_image_keeps_its_description_as_alt_text_and_gets_no_caption(tmp_path):
    make_templates.house_style_document().save(tmp_path / "t.docx")
    png = io.BytesIO()
    PIL.Image.new("RGB", (4, 4), "red").save(png, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    (subdoc,) = markdown_to_subdocs(DocxTemplate(tmp_path / "t.docx"), [f"![kaart van Noord]({uri})"])
    body = subdoc.subdocx.element.body
    assert [d.get("descr") for d in body.iter(f"{{{WP}}}docPr")] == ["kaart van Noord"]
    assert not any("kaart van Noord" in p for p in _paragraphs(subdoc))


# --- the table of contents: LibreOffice does not update one, so finalize_docx fills it -------------------

def _toc_document(instruction_parts: list[str], old_entries: int) -> bytes:
    """A house-style document with a Word TOC field (its code in parts, `old_entries` stale entries, Word
    style: begin in the first paragraph, end in the last) above two chapters with a sub-heading each."""
    doc = make_templates.house_style_document()
    doc.add_paragraph("Titel", style="Title")
    fld = '<w:r {ns}><w:fldChar w:fldCharType="{kind}"/></w:r>'
    paragraphs = [doc.add_paragraph(f"oud {n}") for n in range(max(old_entries, 1))]
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    first.insert(1, docx.oxml.parse_xml(fld.format(ns=docx.oxml.ns.nsdecls("w"), kind="begin")))
    for n, part in enumerate(instruction_parts):
        first.insert(2 + n, docx.oxml.parse_xml(f'<w:r {docx.oxml.ns.nsdecls("w")}><w:instrText xml:space="preserve">'
                                                f'{part}</w:instrText></w:r>'))
    first.insert(2 + len(instruction_parts), docx.oxml.parse_xml(fld.format(ns=docx.oxml.ns.nsdecls("w"),
                                                                            kind="separate")))
    last.append(docx.oxml.parse_xml(fld.format(ns=docx.oxml.ns.nsdecls("w"), kind="end")))
    for n in (1, 2):
        doc.add_heading(f"Hoofdstuk {n}", level=1)
        doc.add_paragraph("tekst")
        doc.add_heading(f"Paragraaf {n}.1", level=2)
    buffer = io.BytesIO()
    doc.save(buffer)
    return finalize_docx(buffer.getvalue(), title="t", created=DATE)


def _entries(data: bytes) -> list[tuple[str, str, str]]:
    root = etree.fromstring(_parts(data)["word/document.xml"])
    marks = {b.get(f"{{{W}}}name"): "".join(b.getparent().itertext()) for b in root.iter(f"{{{W}}}bookmarkStart")}
    found = []
    for link in root.iter(f"{{{W}}}hyperlink"):
        code = " ".join("".join(i.text for i in link.iter(f"{{{W}}}instrText")).split())
        assert code == f"PAGEREF {link.get(f'{{{W}}}anchor')} \\h"
        found.append(("".join(link.xpath("w:r/w:t/text()", namespaces=NS)), marks[link.get(f"{{{W}}}anchor")],
                      link.getparent().xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)))
    return found


@pytest.mark.parametrize("parts, old, levels", [
    ([' TOC \\o "1-1" \\h \\z \\u '], 0, 1),
    ([' TOC \\o "1-2" ', '\\h \\z \\u '], 3, 2),   # Word splits the code over runs, and updated it before
])
def test_a_toc_field_becomes_linked_entries_with_page_fields(parts, old, levels):
    data = _toc_document(parts, old)
    headings = ["Hoofdstuk 1", "Paragraaf 1.1", "Hoofdstuk 2", "Paragraaf 2.1"]
    headings = headings if levels == 2 else headings[::2]
    assert [(text, mark) for text, mark, _ in _entries(data)] == [(h, h) for h in headings]
    root = etree.fromstring(_parts(data)["word/document.xml"])
    assert not any("oud" in (t.text or "") for t in root.iter(f"{{{W}}}t"))
    assert not any("TOC" in (i.text or "") for i in root.iter(f"{{{W}}}instrText"))
    ids = [b.get(f"{{{W}}}id") for b in root.iter(f"{{{W}}}bookmarkStart")]
    assert len(ids) == len(set(ids)) == len(headings)


def test_without_a_toc_field_no_entries_and_no_bookmarks_are_added():
    doc = make_templates.house_style_document()
    doc.add_heading("Hoofdstuk 1", level=1)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = finalize_docx(buffer.getvalue(), title="t", created=DATE)
    assert _entries(data) == [] and b"bookmarkStart" not in _parts(data)["word/document.xml"]


# --- the faster render is docxtpl's own render, byte for byte (issue 15) ------------------------------------

@pytest.mark.parametrize("audience_file", ["review/concept-uitvoeringsplan.docx", "college/voordracht.docx",
                                           "college/bijlage-uitvoeringsplan.docx", "review/organisaties/"])
def test_the_faster_render_gives_the_bytes_of_docxtpls_own(audience_file, tmp_path, monkeypatch):
    """pipeline/documents/templates.py `_Template` and markdown.py `_Composer` replace slow steps of
    docxtpl and docxcompose (the listing pass, the move of the body, the style listing); rendered with the
    libraries' own classes instead, every document is the same bytes. Texts with tabs and line breaks (the
    listing pass), a chart (an image), tables whose columns a loop makes, and the Markdown chapters."""
    import docxtpl.subdoc

    from casebuilder import changed, small_case, write_case
    from pipeline.build import build
    from pipeline.documents import markdown, templates

    case = changed(small_case(), "oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", "Twee regels:\neen\ttab en meer")
    inputs = write_case(case, tmp_path / "inputs")
    fast = build(inputs, tmp_path / "fast", pdf=False).files
    monkeypatch.setattr(templates, "_Template", DocxTemplate)
    monkeypatch.setattr(markdown, "_Composer", docxtpl.subdoc.SubdocComposer)
    templates._prepared.clear()
    stock = build(inputs, tmp_path / "stock", pdf=False).files
    templates._prepared.clear()
    paths = [p for p in stock if p.startswith(audience_file)]
    assert paths
    for path in paths:
        assert _parts(fast[path]) == _parts(stock[path]), path


def test_the_parts_saved_without_a_zip_are_those_python_docx_saves(tmp_path):
    """templates.saved_parts writes the package as python-docx's PackageWriter does (with its private
    `_ContentTypesItem`), without the zip: a python-docx that saves otherwise fails here."""
    from pipeline.build import TEMPLATES
    from pipeline.documents.templates import saved_parts

    for name in ("concept.docx", "voordracht.docx"):
        document = docx.Document(TEMPLATES / name)
        buffer = io.BytesIO()
        document.save(buffer)
        assert saved_parts(document) == _parts(buffer.getvalue()), name
