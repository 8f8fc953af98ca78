"""The outside checkers in tests/clients.py have teeth, and pipeline.documents.pdf makes PDF/UA files."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import PIL.Image
import PIL.ImageDraw
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from pipeline.documents import office as office_module
from pipeline.documents.pdf import convert_to_pdf, filter_argument
import clients
from docx_text import docx_plain
from clients import (
    ooxml_cli_errors,
    ooxml_errors,
    ooxml_errors_many,
    pdf_text,
    pdfua_failures,
    profile_argument,
    require,
    text_pdf,
)


TITLE = "Uitvoeringsplan opvang ongedocumenteerden"
HEADING = "Doelgroep & aanpak"
CREATED = "2018-12-11T00:00:00Z"


def _chart_png() -> io.BytesIO:
    chart = PIL.Image.new("RGB", (216, 144), "white")
    draw = PIL.ImageDraw.Draw(chart)
    draw.rectangle([40, 40, 90, 130], fill="#a4001d")
    draw.rectangle([130, 25, 180, 130], fill="#a4001d")
    png = io.BytesIO()
    chart.save(png, format="PNG")
    png.seek(0)
    return png


def _set_language(document, tag: str) -> None:
    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = run_defaults.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def make_docx(path: Path, *, title: str | None = TITLE, alt: str = "Staafdiagram") -> Path:
    """A small accessible document: title, nl-NL, headings, a table, an image."""
    document = Document()
    props = document.core_properties
    props.title = title or ""
    props.language = "nl-NL"
    _set_language(document, "nl-NL")
    document.add_heading(TITLE, 1)
    document.add_paragraph("Tekst met & en < zoals getypt.")
    document.add_heading(HEADING, 2)
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table._cells, ["Jaar", "Bedrag", "2019", "€ 11.500.000"]):
        cell.text = text
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    document.add_picture(_chart_png(), width=Inches(3))
    document.inline_shapes[0]._inline.docPr.set("descr", alt)
    document.save(path)
    _set_created(path, CREATED)
    return path


def _set_created(path: Path, stamp: str) -> None:
    """Give docProps/core.xml a fixed dcterms:created (python-docx keeps its own)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data
                )
            target.writestr(info, data)


def break_docx(source: Path, target: Path) -> Path:
    """Copy a docx with a run put straight into w:body, where the schema forbids it."""
    with zipfile.ZipFile(source) as original:
        parts = [(info, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as broken:
        for info, data in parts:
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><w:r><w:t>los</w:t></w:r>", 1)
            broken.writestr(info, data)
    return target


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docs")
    good = make_docx(folder / "good.docx")
    return {
        "good": good,
        "broken": break_docx(good, folder / "broken.docx"),
        "no_alt": make_docx(folder / "no-alt.docx", alt=""),
        "no_title": make_docx(folder / "no-title.docx", title=None),
    }


@pytest.fixture(scope="module")
def pdfs(docs) -> dict[str, Path]:
    require("soffice")
    names = ["good", "no_alt", "no_title"]
    return dict(zip(names, convert_to_pdf([docs[name] for name in names])))


# require


def test_require_skips_a_missing_client_locally(monkeypatch):
    monkeypatch.setitem(clients.TOOLS, "absent", lambda: False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require("absent")


def test_require_fails_on_a_missing_client_in_ci(monkeypatch):
    monkeypatch.setitem(clients.TOOLS, "absent", lambda: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require("absent")


def test_require_passes_a_present_client(monkeypatch):
    monkeypatch.setitem(clients.TOOLS, "present", lambda: True)
    monkeypatch.setenv("CI", "true")
    require("present")


def test_require_rejects_an_unknown_name():
    with pytest.raises(KeyError):
        require("no-such-client")


# OOXML validation


def test_ooxml_cli_reports_an_element_in_the_wrong_place_as_the_tests_validator_does(docs):
    errors = ooxml_cli_errors(docs["broken"])
    assert len(errors) == 1
    assert "/word/document.xml" in errors[0]
    assert "Sch_InvalidElementContentExpectingComplex" in errors[0]
    assert ooxml_errors(docs["broken"]) == errors


def test_ooxml_batch_agrees_and_passes_python_docx_output(docs, tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    results = ooxml_errors_many([docs["good"], docs["broken"], junk])
    assert results[docs["good"]] == []
    assert len(results[docs["broken"]]) == 1
    assert results[junk][0].startswith("cannot open the package")


# PDF/UA


def test_convert_to_pdf_gives_pdf_ua_files(pdfs):
    assert pdfua_failures(pdfs["good"]) == []


def test_pdfua_fails_an_untagged_pdf(tmp_path):
    untagged = text_pdf(tmp_path / "chart.pdf", "Een PDF zonder tags")
    failures = pdfua_failures(untagged)
    assert any(f.startswith("PDFUA1-TAGGED-DOCUMENT-001") for f in failures), failures
    assert any(f.startswith("PDFUA1-STRUCT-TREE-ROOT-001") for f in failures), failures


def test_pdfua_fails_soffice_output_without_the_pdf_ua_options(docs, tmp_path):
    require("soffice")
    source = tmp_path / "plain.docx"
    source.write_bytes(docs["good"].read_bytes())
    subprocess.run(
        ["soffice", profile_argument(tmp_path / "profile"), "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    failures = pdfua_failures(tmp_path / "plain.pdf")
    assert any(f.startswith("PDFUA1-ID-PART-001") for f in failures), failures
    assert any(f.startswith("PDFUA1-TAGGED-DOCUMENT-001") for f in failures), failures


def test_pdfua_fails_an_image_without_alt_text(pdfs):
    failures = pdfua_failures(pdfs["no_alt"])
    assert [f.split(":")[0] for f in failures] == ["PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"]


def test_pdfua_fails_a_document_without_title(pdfs):
    rules = {f.split(":")[0] for f in pdfua_failures(pdfs["no_title"])}
    assert "PDFUA1-METADATA-TITLE-001" in rules


# pipeline.documents.pdf


def test_pdf_holds_the_text_title_language_and_outline(pdfs):
    text = pdf_text(pdfs["good"])
    assert HEADING in text and "€ 11.500.000" in text
    data = pdfs["good"].read_bytes()
    assert b"/DisplayDocTitle true" in data
    assert b"/Outlines" in data
    assert re.search(rb"/Lang\s*\(nl-NL\)", data)


def test_pdf_dates_come_from_the_docx_not_the_clock(pdfs):
    data = pdfs["good"].read_bytes()
    assert re.findall(rb"/CreationDate\s*\(D:(\d{14})", data) == [b"20181211000000"]
    assert b"<xmp:CreateDate>2018-12-11T00:00:00" in data


def test_same_docx_gives_the_same_pdf_bytes(docs, pdfs, tmp_path):
    again = tmp_path / "elsewhere.docx"
    again.write_bytes(docs["good"].read_bytes())
    [pdf] = convert_to_pdf([again])
    assert pdf == again.with_suffix(".pdf")
    assert pdf.read_bytes() == pdfs["good"].read_bytes()


def test_convert_to_pdf_raises_when_soffice_fails(docs, tmp_path, monkeypatch):
    source = tmp_path / "x.docx"
    source.write_bytes(docs["good"].read_bytes())
    monkeypatch.setattr(office_module, "_soffice", lambda: "/bin/false")
    with pytest.raises(RuntimeError, match="soffice failed"):
        convert_to_pdf([source])


def test_convert_to_pdf_kills_a_hanging_soffice(docs, tmp_path, monkeypatch):
    source = tmp_path / "x.docx"
    source.write_bytes(docs["good"].read_bytes())
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(office_module, "_soffice", lambda: str(hanging))
    monkeypatch.setattr(office_module, "TIMEOUT_SECONDS", 1)
    with pytest.raises(RuntimeError, match="took over 1 s"):
        convert_to_pdf([source])


def test_convert_to_pdf_of_nothing_is_nothing():
    assert convert_to_pdf([]) == []


def test_filter_asks_for_pdf_ua():
    argument = filter_argument()
    assert argument.startswith("pdf:writer_pdf_Export:{")
    assert '"PDFUACompliance":{"type":"boolean","value":"true"}' in argument


# pandoc


def test_docx_plain_reads_headings_and_tables_as_typed(docs):
    text = docx_plain(docs["good"])
    assert HEADING in text
    assert "Tekst met & en < zoals getypt." in text
    assert "€ 11.500.000" in text
