"""The PDFs (issue 14): the same bytes every time, a copy's PDF made from its own pages and the concept's PDF,
no font replaced without a word, footnotes that keep PDF/UA-1."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from casebuilder import small_case, write_case
from clients import pdf_text, pdfua_failures, require
from pipeline.base.problems import Problems
from pipeline.build import build
from pipeline.documents import office as office_module
from pipeline.documents.fonts import check_fonts
from pipeline.documents.front import front_docx
from pipeline.checking.leaks import pdf_text as guard_text
from pipeline.documents.pdf import convert_to_pdf
from pipeline.documents.pdf_join import own_pages

ROOT = Path(__file__).resolve().parents[1]
CONCEPT = "review/concept-uitvoeringsplan.docx"
SCRIPTS = "Arabisch: مرحبا بالعالم. Ethiopisch: ሰላም ለዓለም. Emoji: 🏠🤝🌍 👩🏽‍⚕️. Hebreeuws: שלום עולם."

# A stand-in for soffice that writes, for each document, the same small PDF with its objects numbered in a
# new random order each run: what LibreOffice did under load with the font subsets.
SHUFFLING_SOFFICE = r'''#!{python}
import random, sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
objects = {{"catalog": "<< /Type /Catalog /Pages {{pages}} /Lang (nl-NL) >>",
           "pages": "<< /Type /Pages /Kids [{{page}}] /Count 1 >>",
           "page": "<< /Type /Page /Parent {{pages}} /MediaBox [0 0 595 842] /Contents {{content}} "
                   "/Resources << /Font << /F1 {{font}} /F2 {{font2}} >> >> >>",
           "font": "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
           "font2": "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
           "info": "<< /Title (Test) /Producer (LibreOffice 7.4) /CreationDate (D:20991231235959Z') >>"}}
content = b"BT /F1 12 Tf 72 700 Td (Hallo) Tj /F2 12 Tf (wereld) Tj ET"
for name in [a for a in args if a.endswith(".docx")]:
    names = list(objects) + ["content"]
    numbers = dict(zip(names, random.sample(range(1, len(names) + 1), len(names))))
    refs = {{key: f"{{n}} 0 R" for key, n in numbers.items()}}
    body, offsets = b"%PDF-1.6\n", {{}}
    for key in sorted(names, key=numbers.get):
        offsets[numbers[key]] = len(body)
        if key == "content":
            data = f"{{numbers[key]}} 0 obj << /Length {{len(content)}} >> stream\n".encode() + content + b"\nendstream endobj\n"
        else:
            data = f"{{numbers[key]}} 0 obj {{objects[key].format(**refs)}} endobj\n".encode()
        body += data
    xref = len(body)
    body += f"xref\n0 {{len(names) + 1}}\n0000000000 65535 f \n".encode()
    body += "".join(f"{{offsets[n]:010d}} 00000 n \n" for n in range(1, len(names) + 1)).encode()
    body += (f"trailer << /Size {{len(names) + 1}} /Root {{refs['catalog']}} /Info {{refs['info']}} "
             f"/ID [<{{random.randbytes(16).hex()}}> <{{random.randbytes(16).hex()}}>] >>\nstartxref\n{{xref}}\n%%EOF\n").encode()
    (out / Path(name).with_suffix(".pdf").name).write_bytes(body)
'''


def small_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Hallo wereld")
    document.core_properties.title = "Test"
    document.save(path)
    return path


def test_pdfs_whose_objects_come_numbered_in_another_order_give_the_same_bytes(tmp_path, monkeypatch):
    soffice = tmp_path / "soffice"
    soffice.write_text(SHUFFLING_SOFFICE.format(python=sys.executable))
    soffice.chmod(0o755)
    monkeypatch.setattr(office_module, "_soffice", lambda: str(soffice))
    made = []
    for run in range(5):
        [pdf] = convert_to_pdf([small_docx(tmp_path / f"run-{run}.docx")])
        made.append(pdf.read_bytes())
    assert len(set(made)) == 1
    assert b"2099" not in made[0]  # the dates come from the document, never LibreOffice's clock


def scripts_case() -> dict:
    """The small case with Arabic, Ethiopic, Hebrew and emoji in its texts and in an organisation's name, and
    more organisations with a copy."""
    case = small_case()
    case["tekst/plan/01-inleiding.md"] += f"\n{SCRIPTS}\n"
    people = case["deelnemers.xlsx"]["Deelnemers"]
    header = people[0]
    for n, name in enumerate(("Stichting مرحبا", "Vereniging ሰላም 🏠", "Buurtteam Oost"), 1):
        row = list(people[1])
        row[header.index("Naam")], row[header.index("Organisatie")] = f"Deelnemer {n}", name
        row[header.index("Reviewexemplaar")] = "ja"
        people.append(row)
    return case


def test_five_builds_at_once_give_the_same_pdfs(tmp_path):
    """Five builds side by side (a loaded machine), of inputs in other folders, with other hash seeds, locales
    and time zones."""
    require("soffice")
    require("pdftotext")
    runs = []
    for n, (locale, tz) in enumerate([("C.UTF-8", "UTC"), ("nl_NL.UTF-8", "Europe/Amsterdam"), ("C", "Asia/Tokyo"),
                                      ("en_US.UTF-8", "Pacific/Auckland"), ("C.UTF-8", "America/New_York")]):
        inputs = write_case(scripts_case(), tmp_path.joinpath(*["elders"] * n, f"invoer {n}"))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": str(n), "LC_ALL": locale, "TZ": tz}
        runs.append(subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out",
                                      str(tmp_path / f"build-{n}")], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True))
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read()
    said = runs[0].stderr.read()  # the Ethiopic letters: a warning where no installed font has them
    assert (re.search(r"geen geïnstalleerd lettertype heeft deze tekens: .*ሰ \(U\+1230\)", said) is not None) \
        != covered("ሰ"), said
    pdfs = [{p.relative_to(tmp_path / f"build-{n}").as_posix(): p.read_bytes()
             for p in sorted((tmp_path / f"build-{n}").rglob("*.pdf"))} for n in range(len(runs))]
    assert len(pdfs[0]) >= 7 and all(sorted(p) == sorted(pdfs[0]) for p in pdfs)
    differ = sorted({name for p in pdfs[1:] for name in p if p[name] != pdfs[0][name]})
    assert differ == []


# --- a copy's PDF: its own pages, then the concept's -----------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "build"
    build(write_case(small_case(), out.parent / "inputs"), out, pdf=False)
    return out


def test_a_copy_is_its_own_front_section_and_then_exactly_the_concept(built):
    """Also with custom properties of its own (whose copy it is: model/identity.py), which the concept has too."""
    copies = sorted((built / "review" / "organisaties").glob("*.docx"))
    assert copies
    with zipfile.ZipFile(built / CONCEPT) as package:
        concepts = package.read("docProps/custom.xml")
    for copy in copies:
        with zipfile.ZipFile(copy) as package:
            assert package.read("docProps/custom.xml") != concepts, copy.name
        front = front_docx(copy, built / CONCEPT)
        assert front is not None, copy.name
        with zipfile.ZipFile(__import__("io").BytesIO(front)) as package:
            body = package.read("word/document.xml").decode("utf-8")
        assert "Exemplaar voor" in body and "Uw inbreng" in body and "Wat we u vragen" not in body
        assert body.count("<w:sectPr") == 1 and 'w:fmt="lowerRoman"' in body


def test_a_copy_that_is_not_the_concept_after_its_front_is_converted_whole(built, tmp_path):
    copy = sorted((built / "review" / "organisaties").glob("*.docx"))[0]
    other = tmp_path / "concept.docx"
    with zipfile.ZipFile(built / CONCEPT) as source, zipfile.ZipFile(other, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace("Wat we u vragen".encode(), "Wat wij u vragen".encode())
            target.writestr(info, data)
    assert front_docx(copy, other) is None
    assert front_docx(copy, copy) is None  # a copy is not its own concept


def test_a_copys_pdf_is_its_own_pages_numbered_i_then_the_concepts_pdf(built, tmp_path):
    require("soffice")
    require("pdftotext")
    require("pdfua")
    import pikepdf

    concept = tmp_path / "concept-uitvoeringsplan.docx"
    concept.write_bytes((built / CONCEPT).read_bytes())
    (tmp_path / "organisaties").mkdir()
    copies = []
    for source in sorted((built / "review" / "organisaties").glob("*.docx")):
        copies.append(tmp_path / "organisaties" / source.name)
        copies[-1].write_bytes(source.read_bytes())
    pdfs = convert_to_pdf([concept, *copies], fronts={c: concept for c in copies})
    concept_pages = pdf_text(pdfs[0]).split("\f")[:-1]
    for copy, pdf in zip(copies, pdfs[1:]):
        pages = pdf_text(pdf).split("\f")[:-1]
        own = len(pages) - len(concept_pages)
        assert own >= 1 and pages[own:] == concept_pages, copy.name
        assert "Exemplaar voor" in pages[0] and "Uw inbreng" in pages[0]
        assert [line for line in pages[own - 1].splitlines() if line.startswith("Pagina ")] == \
            [f"Pagina {('i', 'ii', 'iii', 'iv', 'v', 'vi')[own - 1]}"]
        with pikepdf.open(pdf) as document:
            labels = document.Root.PageLabels.Nums
            assert [int(labels[0]), str(labels[1].S), int(labels[2]), str(labels[3].S)] == [0, "/r", own, "/D"]
            assert "exemplaar voor" in str(document.docinfo.Title)
            outline = [item.title for item in document.open_outline().root]
            assert outline[0] == "Uw inbreng" and "Wat we u vragen" in outline
        assert pdfua_failures(pdf) == [], copy.name
        assert pdf.read_bytes().startswith(pdfs[0].read_bytes())  # the concept's PDF, and an update after it
        assert own_pages(pdf) == own
        guarded = guard_text(pdf)  # the leak guard reads a copy's own pages; the concept's, in the concept's PDF
        assert "Uw inbreng" in guarded and "Hoe dit plan tot stand kwam" not in guarded
    assert own_pages(pdfs[0]) is None and "Hoe dit plan tot stand kwam" in guard_text(pdfs[0])


# --- fonts ---------------------------------------------------------------------------------------------

def docx_with(tmp_path: Path, font: str, text: str) -> bytes:
    document = docx.Document()
    run = document.add_paragraph().add_run(text)
    run.font.name = font
    path = tmp_path / "fonts.docx"
    document.save(path)
    return path.read_bytes()


def fc_match(family: str) -> str:
    return subprocess.run(["fc-match", "--format=%{family[0]}", family], capture_output=True, text=True).stdout


def covered(char: str) -> bool:
    return bool(subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True,
                               text=True).stdout.strip())


@pytest.fixture
def fontconfig():
    if subprocess.run(["sh", "-c", "command -v fc-match && command -v fc-list"], capture_output=True).returncode:
        pytest.skip("fontconfig (fc-match, fc-list) is not installed")


def test_a_font_that_is_not_installed_is_a_warning_naming_what_the_pdf_gets(tmp_path, fontconfig):
    problems = Problems()
    check_fonts({"college/x.docx": docx_with(tmp_path, "Gemeentelijke Schreefloze", "Tekst")}, problems)
    assert [str(p) for p in problems.warnings] == [
        f"college/x.pdf: waarschuwing: het lettertype 'Gemeentelijke Schreefloze' is niet geïnstalleerd; de PDF's "
        f"krijgen '{fc_match('Gemeentelijke Schreefloze')}', met andere regels en pagina's dan in Word: installeer "
        "een pakket met dat lettertype, of maak de PDF's in Word"]


def test_arial_is_fine_where_a_font_of_its_widths_is_installed_else_a_warning(tmp_path, fontconfig):
    problems = Problems()
    check_fonts({"college/x.docx": docx_with(tmp_path, "Arial", "Tekst")}, problems)
    same = fc_match("Arial").casefold() in ("arial", "liberation sans", "arimo", "albany amt")
    assert [str(p) for p in problems.warnings] == ([] if same else [
        f"college/x.pdf: waarschuwing: het lettertype 'Arial' is niet geïnstalleerd; de PDF's krijgen "
        f"'{fc_match('Arial')}', met andere regels en pagina's dan in Word: installeer fonts-liberation2, of "
        "maak de PDF's in Word"])


@pytest.mark.parametrize("char, package", [("中", "fonts-noto-cjk"), ("ሰ", "fonts-noto-core")])
def test_characters_that_no_installed_font_holds_are_a_warning(tmp_path, fontconfig, char, package):
    problems = Problems()
    check_fonts({"review/y.docx": docx_with(tmp_path, "Arial", f"a {char} b 👍🏽\u200d")}, problems)
    messages = [str(p) for p in problems.warnings if "tekens" in str(p)]
    if covered(char):
        assert messages == []
    else:
        assert messages == [f"review/y.pdf: waarschuwing: geen geïnstalleerd lettertype heeft deze tekens: "
                            f"{char} (U+{ord(char):04X}); de PDF's tonen er lege vakjes voor: installeer {package}"]


# --- footnotes -----------------------------------------------------------------------------------------

def test_footnotes_become_a_numbered_list_at_the_end_of_their_own_text():
    from docxtpl import DocxTemplate
    from pipeline.documents.markdown import markdown_to_subdocs

    template = DocxTemplate(ROOT / "templates" / "uitvoeringsplan.docx")
    first, second = markdown_to_subdocs(template, ["Een zin.[^a] En nog een.[^b]\n\n[^a]: Eerste noot.\n\n"
                                                   "[^b]: Tweede noot.\n\n## Verder\n\nTekst.\n",
                                                   "Andere tekst.[^c]\n\n[^c]: Derde noot.\n"])
    xml = [s.subdocx.element.body.xml for s in (first, second)]
    texts = [re.sub(r"\s+", " ", " ".join(t for t in s.subdocx.element.body.itertext())) for s in (first, second)]
    assert all("footnoteReference" not in x for x in xml)
    assert 'w:vertAlign w:val="superscript"' in xml[0]
    assert texts[0].index("Eerste noot.") > texts[0].index("Tekst.") and "Derde" not in texts[0]
    assert "Noten" in texts[0] and "Noten" in texts[1] and "Derde noot." in texts[1]


# --- long tables, cut for LibreOffice --------------------------------------------------------------------

def table_docx(rows: int, merged: bool = False) -> bytes:
    from docx.oxml import OxmlElement

    document = docx.Document()
    table = document.add_table(rows=rows + 1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "ID", "Inbreng"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for n, row in enumerate(table.rows[1:], 1):
        row.cells[0].text, row.cells[1].text = f"D1-{n:03d}", f"punt {n}"
    if merged:
        table.cell(1, 0).merge(table.cell(2, 0))
    document.add_paragraph("Na de tabel.")
    out = __import__("io").BytesIO()
    document.save(out)
    return out.getvalue()


def body_tables(data: bytes) -> list[list[str]]:
    from lxml import etree

    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{{{W}}}body")
    return [["".join(tr.find(f"{{{W}}}tc").itertext()) for tr in tbl.findall(f"{{{W}}}tr")]
            for tbl in body.findall(f"{{{W}}}tbl")]


def test_a_long_table_reaches_libreoffice_in_parts_of_at_most_100_rows_each_with_its_header():
    from pipeline.documents.long_tables import ROWS, with_short_tables

    parts = body_tables(with_short_tables(table_docx(250)))
    assert [len(p) for p in parts] == [ROWS + 1, ROWS + 1, 51]
    assert all(p[0] == "ID" for p in parts)
    assert [row for p in parts for row in p[1:]] == [f"D1-{n:03d}" for n in range(1, 251)]
    short, merged = table_docx(ROWS), table_docx(250, merged=True)
    assert with_short_tables(short) is short and with_short_tables(merged) is merged
