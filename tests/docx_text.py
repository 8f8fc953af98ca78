"""Reading built files back for the tests: every XML part of a .docx/.xlsx, the document text via pandoc,
the cells of a workbook, the text of a PDF (also its compressed streams), an e-mail draft, and a leak scanner.

Nothing here imports the pipeline: the tests read what a user (or a search tool) would find in a file.
"""
from __future__ import annotations

import atexit
import email
import email.policy
import functools
import io
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from lxml import etree

from clients import pdf_text, require
from memo import remembered

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CORE_NAMES = ("title", "subject", "creator", "lastModifiedBy", "keywords", "description", "language",
              "created", "modified", "revision", "category")
# Title and subtitle are pandoc metadata (the plain writer's own template leaves the subtitle out).
PLAIN_TEMPLATE = "$if(title)$$title$\n$endif$$if(subtitle)$$subtitle$\n$endif$\n$body$\n"


# --- packages (.docx, .xlsx) -------------------------------------------------------------------------

def zip_parts(source: Path | bytes) -> dict[str, bytes]:
    """Every part of a zip package by name, uncompressed."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist() if not info.is_dir()}


def _is_xml(name: str, data: bytes) -> bool:
    return name.endswith((".xml", ".rels", ".vml")) or data.lstrip()[:5] == b"<?xml"


def xml_strings(data: bytes) -> str:
    """All text of an XML part, character references resolved: text nodes, tails and every
    attribute value (alt text `descr`, `title`, `name`, ...), one per line."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    found: list[str] = []
    for el in root.iter():
        found.extend(str(v) for v in el.attrib.values())
        if isinstance(el.text, str):
            found.append(el.text)
        if isinstance(el.tail, str):
            found.append(el.tail)
    return "\n".join(found)


def package_strings(source: Path | bytes) -> dict[str, str]:
    """The text (xml_strings) of every XML part of a package, by part name."""
    return {name: xml_strings(data) for name, data in zip_parts(source).items() if _is_xml(name, data)}


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text as typed: runs joined, line breaks as newlines, tabs as tabs."""
    out: list[str] = []
    for el in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}tab", f"{{{W}}}p"):
        if el.tag == f"{{{W}}}t":
            out.append(el.text or "")
        elif el.tag in (f"{{{W}}}br", f"{{{W}}}cr"):
            out.append("\n")
        elif el.tag == f"{{{W}}}tab" and el.getparent().tag == f"{{{W}}}r":
            out.append("\t")
    return "".join(out)


def story_parts(parts: dict[str, bytes]) -> list[str]:
    return sorted(n for n in parts if re.match(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$", n))


def paragraphs(path: Path, part: str | None = None) -> list[str]:
    """The text of every paragraph (also in tables) of the body, headers and footers (or of one part)."""
    parts = zip_parts(path)
    names = [part] if part else story_parts(parts)
    texts: list[str] = []
    for name in names:
        root = etree.fromstring(parts[name], etree.XMLParser(huge_tree=True))
        texts.extend(paragraph_text(p) for p in root.iter(f"{{{W}}}p")
                     if p.find(f".//{{{W}}}p") is None)  # innermost paragraphs only
    return texts


def header_footer_texts(path: Path) -> dict[str, str]:
    """The text of each header and footer part, by part name."""
    parts = zip_parts(path)
    return {name: "\n".join(paragraphs(path, name)) for name in story_parts(parts)
            if name.startswith(("word/header", "word/footer"))}


def core_properties(source: Path | bytes) -> dict[str, str]:
    """docProps/core.xml as {local name: text}."""
    parts = zip_parts(source)
    if "docProps/core.xml" not in parts:
        return {}
    root = etree.fromstring(parts["docProps/core.xml"])
    return {etree.QName(el).localname: el.text or "" for el in root}


def docx_plain(path: Path) -> str:
    """The document text via pandoc's plain writer, lines unwrapped, title and subtitle first."""
    require("pandoc")
    import pypandoc  # noqa: PLC0415

    return remembered("plain", path, lambda: pypandoc.convert_file(
        str(path), "plain", format="docx",
        extra_args=["--wrap=none", "--standalone", f"--template={_plain_template()}"]))


@functools.cache
def _plain_template() -> str:
    folder = Path(tempfile.mkdtemp(prefix="plan-a-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "plain.template").write_text(PLAIN_TEMPLATE, encoding="utf-8")
    return str(folder / "plain.template")


def xlsx_rows(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet as rows of cell text ('' for an empty cell)."""
    book = openpyxl.load_workbook(path)
    return {ws.title: [["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows()]
            for ws in book.worksheets}


def revised_paragraphs(path: Path, keep: str = "both") -> list[str]:
    """The text of every paragraph of the body (also in tables) that holds a tracked change, with
    `keep` = "both": deletions as `[-text-]` and insertions as `{+text+}`; "after": as it reads with every
    change accepted; "before": with every change rejected. A paragraph (or table row) that was inserted or
    deleted whole is marked by its paragraph mark (or row) too: it reads `{+¶ ...+}` or `[-¶ ...-]`."""
    root = etree.fromstring(zip_parts(path)["word/document.xml"], etree.XMLParser(huge_tree=True))
    found = []
    for p in root.iter(f"{{{W}}}p"):
        if p.find(f".//{{{W}}}p") is not None or not changed_paragraph(p):
            continue
        whole = whole_mark(p)
        if (keep, whole) in (("before", "ins"), ("after", "del")):
            continue  # the paragraph is not there on that side
        out = []
        for el in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}br", f"{{{W}}}tab"):
            kind = _revision_of(el)
            text = {"br": "\n", "tab": "\t"}.get(etree.QName(el).localname, el.text or "")
            if kind is None or keep == "both" or (kind == "ins") == (keep == "after"):
                out.append((kind if keep == "both" and not whole else None, text))
        line = "".join(_marked(kind, text) for kind, text in _joined(out))
        found.append(_marked(whole, "¶ " + line) if whole and keep == "both" else line)
    return found


def changed_paragraph(p: etree._Element) -> bool:
    return p.find(f".//{{{W}}}ins") is not None or p.find(f".//{{{W}}}del") is not None or whole_mark(p) is not None


def _revision_of(el: etree._Element) -> str | None:
    for ancestor in el.iterancestors(f"{{{W}}}ins", f"{{{W}}}del", f"{{{W}}}p"):
        return None if ancestor.tag == f"{{{W}}}p" else etree.QName(ancestor).localname
    return None


def whole_mark(p: etree._Element) -> str | None:
    """'ins' or 'del' when the paragraph's mark (or its table row) is marked as inserted or deleted."""
    row = next(p.iterancestors(f"{{{W}}}tr"), None)
    for props in (p.find(f"{{{W}}}pPr/{{{W}}}rPr"), None if row is None else row.find(f"{{{W}}}trPr")):
        for kind in ("ins", "del"):
            if props is not None and props.find(f"{{{W}}}{kind}") is not None:
                return kind
    return None


def _joined(parts: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for kind, text in parts:
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return out


def _marked(kind: str | None, text: str) -> str:
    return {"ins": f"{{+{text}+}}", "del": f"[-{text}-]"}.get(kind, text)


def document_text(path: Path) -> str:
    """What the golden files hold: the text of one output file, readable and stable. A document with
    tracked changes holds only its changed paragraphs, deletions and insertions marked (revised_paragraphs)."""
    path = Path(path)
    if path.suffix == ".docx":
        revised = revised_paragraphs(path)
        sections = ["=== bijgehouden wijzigingen ===\n" + "\n".join(revised) if revised
                    else docx_plain(path).rstrip("\n")]
        for name, text in header_footer_texts(path).items():
            sections.append(f"=== {name} ===\n{text}")
        core = core_properties(path)
        sections.append("=== docProps/core.xml ===\n" + "\n".join(
            f"{k}: {core[k]}" for k in CORE_NAMES if k in core))
        return "\n\n".join(sections) + "\n"
    if path.suffix == ".eml":
        return eml_text(path.read_bytes())
    if path.suffix == ".xlsx":
        lines = []
        for sheet, rows in xlsx_rows(path).items():
            lines.append(f"=== {sheet} ===")
            lines.extend(" | ".join(c.replace("\\", "\\\\").replace("\n", "\\n") for c in row) for row in rows)
        return "\n".join(lines) + "\n"
    return path.read_text(encoding="utf-8")


EML_HEADERS = ("From", "To", "Subject", "Date", "X-Unsent")  # not the Message-ID: a hash of the attachments


def eml_text(data: bytes) -> str:
    """A draft as a reader sees it: its headers decoded, its text, and the names and types of its attachments."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    lines = [f"{name}: {message[name]}" for name in EML_HEADERS if message[name] is not None]
    body = message.get_body(("plain",))
    lines += ["", body.get_content().replace("\r\n", "\n") if body is not None else ""]  # CRLF on the wire
    lines += [f"=== bijlage: {part.get_filename()} ({part.get_content_type()}) ===" for part in message.iter_attachments()]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- PDF -------------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")


def pdf_streams(path: Path | bytes) -> bytes:
    """The PDF's bytes with every Flate-compressed stream decompressed and appended (metadata,
    object streams with the structure tree's /Alt texts, content streams)."""
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    found = [data]
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        try:
            found.append(zlib.decompressobj().decompress(data[start:end]))
        except zlib.error:
            continue
    return b"\n".join(found)


def _pdf_encodings(marker: str) -> list[bytes]:
    """How a marker can be spelled inside PDF objects: plain, UTF-16BE, and as hex strings."""
    utf16 = marker.encode("utf-16-be")
    return [marker.encode(), utf16, utf16.hex().encode(), utf16.hex().upper().encode(),
            marker.encode().hex().encode(), marker.encode().hex().upper().encode()]


# --- leaks -----------------------------------------------------------------------------------------

def files_under(root: Path, folders: Iterable[str]) -> list[Path]:
    return sorted(p for folder in folders for p in (root / folder).rglob("*") if p.is_file())


def marker_hits(path: Path, markers: Iterable[str], root: Path) -> list[str]:
    """`file!part: marker` for every marker found anywhere in `path`: its name, every byte of every
    unzipped part, the text of every XML part, and for a PDF its text and decompressed streams."""
    markers = list(markers)
    rel = path.relative_to(root).as_posix()
    hits: list[str] = []

    def scan(where: str, blob: bytes, text: str = "") -> None:
        low_blob, low_text = blob.lower(), text.lower()
        for m in markers:
            if m.lower().encode() in low_blob or m.lower() in low_text:
                hits.append(f"{where}: {m}")

    scan(rel + " (file name)", rel.encode())
    data = path.read_bytes()
    scan(rel, data)
    if zipfile.is_zipfile(path):
        for name, part in zip_parts(data).items():
            scan(f"{rel}!{name}", part, xml_strings(part) if _is_xml(name, part) else "")
    if path.suffix == ".pdf":
        scan(f"{rel} (pdftotext)", b"", pdf_text(path))
        _scan_pdf_objects(rel, data, markers, hits)
    if path.suffix == ".eml":  # a draft: its headers and text decoded, each attachment as a file of its own
        message = email.message_from_bytes(data, policy=email.policy.default)
        scan(f"{rel} (headers)", b"", "\n".join(f"{name}: {value}" for name, value in message.items()))
        for n, part in enumerate(message.walk()):
            if part.is_multipart():
                continue
            content = part.get_content()
            where = f"{rel}!{part.get_filename() or f'part {n}'}"
            if isinstance(content, str):
                scan(where, b"", content)
            elif zipfile.is_zipfile(io.BytesIO(content)):
                for name, inner in zip_parts(content).items():
                    scan(f"{where}!{name}", inner, xml_strings(inner) if _is_xml(name, inner) else "")
            else:
                scan(where, content)
                if content.startswith(b"%PDF"):
                    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
                        pdf.write(content)
                        pdf.flush()
                        scan(f"{where} (pdftotext)", b"", pdf_text(Path(pdf.name)))
                    _scan_pdf_objects(where, content, markers, hits)
    return sorted(set(hits))


def _scan_pdf_objects(where: str, data: bytes, markers: list[str], hits: list[str]) -> None:
    low = pdf_streams(data).lower()
    for m in markers:
        if any(form.lower() in low for form in _pdf_encodings(m)):
            hits.append(f"{where} (PDF objects): {m}")


def find_leaks(root: Path, markers: Iterable[str], folders: Iterable[str] = ("college", "review")) -> list[str]:
    """Every place under root/<folders> where a marker turns up; [] when none does."""
    markers = list(markers)
    return [hit for path in files_under(root, folders) for hit in marker_hits(path, markers, root)]


def markers_found(root: Path, markers: Iterable[str], folders: Iterable[str]) -> set[str]:
    """The markers that turn up somewhere under root/<folders>."""
    found = set()
    for hit in find_leaks(root, markers, folders):
        found.add(hit.rsplit(": ", 1)[1])
    return found


# --- structure -------------------------------------------------------------------------------------

def _style(p: etree._Element) -> str:
    style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    return "" if style is None else style.get(f"{{{W}}}val", "")


def body_blocks(path: Path) -> list[tuple[str, str, object]]:
    """The body in order: ('p', style id, text) for a paragraph, ('tbl', '', rows of cell texts) for a table."""
    root = etree.fromstring(zip_parts(path)["word/document.xml"], etree.XMLParser(huge_tree=True))
    blocks: list[tuple[str, str, object]] = []
    for el in root.find(f"{{{W}}}body"):
        if el.tag == f"{{{W}}}p":
            blocks.append(("p", _style(el), paragraph_text(el)))
        elif el.tag == f"{{{W}}}tbl":
            rows = [["\n".join(paragraph_text(p) for p in tc.findall(f"{{{W}}}p"))
                     for tc in tr.findall(f"{{{W}}}tc")] for tr in el.findall(f"{{{W}}}tr")]
            blocks.append(("tbl", "", rows))
    return blocks


def is_heading(style: str) -> bool:
    return style.startswith("Heading") or style in ("Title",)


def tables_under(path: Path, heading: str) -> list[list[list[str]]]:
    """The tables between the heading whose text is `heading` and the next heading (any level)."""
    found, inside = [], False
    for kind, style, content in body_blocks(path):
        if kind == "p" and is_heading(style):
            inside = content == heading
        elif kind == "tbl" and inside:
            found.append(content)
    return found


def table_under(path: Path, heading: str, index: int = 0) -> list[list[str]]:
    tables = tables_under(path, heading)
    assert len(tables) > index, f"no table {index} under the heading {heading!r} in {path.name}"
    return tables[index]
