"""Every output of a full build, checked by clients we did not write (issue 5).

Two input sets, each built once with PDFs (module-scoped): the sample in inputs/ and the differently
shaped set in tests/cases/second/ (written by tests/cases/make_second.py). For each:
- every .docx and .xlsx passes Microsoft's OOXML schema validation (one node process per build);
- every .docx has a PDF beside it that passes the PDF/UA-1 machine checks (`page`, profile ua1);
- every .docx declares nl-NL, has a title, headings in order, header rows and alt texts;
- every .docx is read back by LibreOffice: its PDF holds the document's text letter for letter (pdftotext);
- the text holds the decision points, the chapter titles, the harvest IDs in the accounting annex, and
  each organisation's own IDs in its "Uw inbreng" (read from the XML; test_golden.py has pandoc read the
  sample's documents back, all but the one with tracked changes: its golden text is pandoc's).

What the documents must hold is read from the inputs here, not from the pipeline's model.
A missing client skips these tests on a developer's machine and fails them under CI=true.
"""
from __future__ import annotations

import collections
import email
import email.policy
import functools
import re
import time
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from clients import in_ci, ooxml_errors_many, pdf_text, pdfua_failures, require
from docx_text import paragraphs
from pipeline.build import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
CASES = {"sample": ROOT / "inputs", "second": ROOT / "tests" / "cases" / "second"}
LANGUAGE = "nl-NL"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}
BODY_TEXT_LEVEL = 9  # w:outlineLvl 9: not in the outline
ANNEX_HEADING = "Verantwoording van alle inbreng"
OWN_SECTION = ("Uw inbreng", "Hoe dit plan tot stand kwam")  # a copy's own section and the heading after it
PLANS = ("college/bijlage-uitvoeringsplan.docx", "review/concept-uitvoeringsplan.docx")


# --- what the inputs say, read without the pipeline -------------------------------------------------------

def _norm(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def _rows(path: Path, sheet: str, required: tuple[str, ...]) -> list[dict[str, object]]:
    """The data rows of a sheet below its header row (the first row holding every required name)."""
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    ws = next(book[name] for name in book.sheetnames if _norm(name) == _norm(sheet))
    header, rows = None, []
    for values in ws.iter_rows(values_only=True):
        if header is None:
            names = [_norm(v) if v is not None else "" for v in values]
            if all(_norm(r) in names for r in required):
                header = names
            continue
        if any(v is not None and str(v).strip() for v in values):
            rows.append({name: value for name, value in zip(header, values) if name})
    book.close()
    return rows


@dataclass(frozen=True)
class Expected:
    decisions: tuple[str, ...]
    chapter_titles: tuple[str, ...]
    markdown_headings: dict[str, tuple[str, ...]]  # output .docx -> headings typed in its Markdown
    harvest_ids: tuple[str, ...]
    ids_by_organisation: dict[str, tuple[str, ...]]
    merged_into: dict[str, str]  # ID -> the ID it was merged with
    wants_copy: frozenset[str]
    subject: str
    places_short: int  # places below the frame
    confidential: bool  # locations or confidential advice: a confidential attachment


def _markdown_headings(text: str, skip_first: bool) -> tuple[str, ...]:
    lines = text.splitlines()[1:] if skip_first else text.splitlines()
    fence, found = False, []
    for line in lines:
        if line.startswith(("```", "~~~")):
            fence = not fence
        elif not fence and re.match(r"^#{1,6} \S", line):
            found.append(re.sub(r"[*_`]", "", line.lstrip("#")).strip())
    return tuple(found)


def expected_from(inputs: Path) -> Expected:
    config = tomllib.loads((inputs / "voordracht.toml").read_text(encoding="utf-8"))
    chapters = sorted((inputs / "tekst" / "plan").glob("*.md"))
    titles = tuple(p.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").strip() for p in chapters)
    plan_headings = tuple(h for p in chapters for h in _markdown_headings(p.read_text(encoding="utf-8"), True))
    proposal_headings = tuple(h for name in ("achtergrond", "onderbouwing") for h in _markdown_headings(
        (inputs / "tekst" / "voordracht" / f"{name}.md").read_text(encoding="utf-8"), False))
    items = [row for book in sorted((inputs / "oogst").glob("*.xlsx")) if not book.name.startswith(("~", "."))
             for row in _rows(book, "Oogst", ("ID", "Ingebracht door"))]
    by_org: dict[str, list[str]] = {}
    for row in items:
        by_org.setdefault(_norm(row["ingebracht door"]), []).append(str(row["id"]).strip())
    participants = _rows(inputs / "deelnemers.xlsx", "Deelnemers", ("Organisatie", "Reviewexemplaar"))
    wants = frozenset(_norm(p["organisatie"]) for p in participants if _norm(p["reviewexemplaar"]) == "ja")
    places = sum(int(row["plaatsen"]) for row in _rows(inputs / "begroting.xlsx", "Locaties", ("Locatie", "Plaatsen")))
    advice = [row for sheet in ("Juridisch", "Financieel")
              for row in _rows(inputs / "adviezen.xlsx", sheet, ("ID", "Vertrouwelijk"))]
    return Expected(
        decisions=tuple(d["tekst"] for d in config["besluit"]),
        chapter_titles=titles,
        markdown_headings={"college/voordracht.docx": proposal_headings,
                           **{path: plan_headings for path in PLANS}},
        harvest_ids=tuple(str(row["id"]).strip() for row in items),
        ids_by_organisation={org: tuple(ids) for org, ids in by_org.items()},
        merged_into={str(row["id"]).strip(): str(row["samengevoegd met"]).strip() for row in items
                     if row.get("samengevoegd met") not in (None, "")},
        wants_copy=wants,
        subject=config["voordracht"]["onderwerp"],
        places_short=max(config["kaders"]["plaatsen"] - places, 0),
        confidential=places > 0 or any(_norm(row["vertrouwelijk"]) == "ja" for row in advice),
    )


# --- one build per input set ------------------------------------------------------------------------------

@dataclass
class Built:
    name: str
    inputs: Path
    out: Path
    result: BuildResult
    expected: Expected
    seconds: float
    texts: dict[str, str] = field(default_factory=dict)

    def paths(self, *suffixes: str) -> list[Path]:
        return sorted(p for p in self.out.rglob("*") if p.is_file() and p.suffix in suffixes)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.out).as_posix()

    def text(self, rel: str) -> str:
        """The document's text (cached): its body and notes, paragraph after paragraph, whitespace collapsed.
        Read from the XML: pandoc took 0.3 s a document here, and test_golden.py has it read them."""
        if rel not in self.texts:
            parts = [p for p in ("word/document.xml", "word/footnotes.xml") if p in _parts(self.out / rel)]
            self.texts[rel] = " ".join(" ".join(t for part in parts for t in paragraphs(self.out / rel, part)).split())
        return self.texts[rel]

    def copies(self) -> dict[str, str]:
        """Organisation name (normalised) -> its copy's path, from the pipeline's organisations."""
        return {_norm(o.name): f"review/organisaties/{o.slug}.docx" for o in self.result.plan.organisations
                if (self.out / f"review/organisaties/{o.slug}.docx").exists()}


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request, tmp_path_factory) -> Built:
    inputs = CASES[request.param]
    if not (inputs / "oogst").is_dir():
        pytest.skip(f"{inputs} has no harvest workbooks yet")
    out = tmp_path_factory.mktemp(request.param) / "build"
    start = time.perf_counter()
    result = build(inputs, out, pdf=True)
    return Built(request.param, inputs, out, result, expected_from(inputs), time.perf_counter() - start)


@pytest.fixture(scope="module")
def ooxml_report(built) -> dict[str, list[str]]:
    """Every .docx and .xlsx of the build, validated; of a series of documents per organisation (the review
    copies, the feedback), the longest and the shortest, and every XML part of the others parsed. The
    documents of a series are one render filled in per organisation, the same elements in the same order
    with other text; the validator takes a second or more for each."""
    checked = schema_checked(built.paths(".docx", ".xlsx"))
    report = {built.rel(path): errors for path, errors in ooxml_errors_many(checked).items()}
    for path in sorted(set(built.paths(".docx", ".xlsx")) - set(checked)):
        report[built.rel(path)] = _not_well_formed(path)
    return report


SERIES = ("review/organisaties", "terugkoppeling")


def schema_checked(paths: list[Path]) -> list[Path]:
    """The documents to validate: all but the middle of each series (see `ooxml_report`)."""
    def body_size(path: Path) -> tuple[int, str]:
        with zipfile.ZipFile(path) as z:
            return z.getinfo("word/document.xml").file_size, path.name
    series = {folder: sorted((p for p in paths if p.parent == folder), key=body_size)
              for folder in {p.parent for p in paths} if folder.as_posix().endswith(SERIES)}
    ends = {p for members in series.values() for p in (members[0], members[-1])}
    return [p for p in paths if p.parent not in series or p in ends]


def _not_well_formed(path: Path) -> list[str]:
    errors = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(z.read(name))
                except etree.XMLSyntaxError as exc:
                    errors.append(f"{name}: {exc}")
    return errors


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{rel}:\n  " + "\n  ".join(found[:20]) for rel, found in problems.items() if found)


# --- the build itself -------------------------------------------------------------------------------------

def test_the_build_writes_every_file_it_reports(built):
    written = {built.rel(p) for p in built.paths(".docx", ".xlsx", ".json", ".txt", ".pdf", ".eml")}
    assert set(built.result.files) <= written
    assert {"college/voordracht.docx", *PLANS, "intern/verantwoording.xlsx", "intern/verzendlijst.xlsx"} <= written
    copies = {rel for rel in written if rel.startswith("review/organisaties/") and rel.endswith(".docx")}
    assert set(built.copies()) == set(built.expected.wants_copy), "a copy for exactly who asked for one"
    assert copies == set(built.copies().values())


def test_every_draft_opens_as_an_unsent_message_with_its_copy_in_word_and_pdf(built):
    """The e-mail drafts (issue 13), read back by the standard library's parser as a mail program would: one
    for each address and organisation with a copy wanted, each with that organisation's copy attached as built."""
    rows = _rows(built.inputs / "deelnemers.xlsx", "Deelnemers", ("Organisatie", "Reviewexemplaar"))
    wanted = {(_norm(r["e-mail"]), _norm(r["organisatie"])) for r in rows
              if _norm(r["reviewexemplaar"]) == "ja" and r.get("e-mail")}
    drafts = sorted((built.out / "intern" / "verzending" / "concept").glob("*.eml"))
    assert len(drafts) == len(wanted) > 0
    copies = {path.removeprefix("review/organisaties/").removesuffix(".docx"): org for org, path in built.copies().items()}
    sent = set()
    for path in drafts:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["X-Unsent"] == "1" and message["Date"] and message["Message-ID"]
        (to,) = message["To"].addresses
        attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        slugs = {name.removeprefix("concept-uitvoeringsplan-").rsplit(".", 1)[0] for name in attachments}
        assert len(slugs) == 1 and sorted(name.rsplit(".", 1)[1] for name in attachments) == ["docx", "pdf"]
        (slug,) = slugs
        for name, data in attachments.items():
            assert data == (built.out / "review" / "organisaties" / f"{slug}.{name.rsplit('.', 1)[1]}").read_bytes()
        sent.add((_norm(to.addr_spec), copies[slug]))
    assert sent == wanted


def test_after_the_decision_every_organisation_with_a_copy_hears_back_by_a_draft_with_its_feedback(built):
    """With `besloten` (the sample): a feedback document for every organisation that has a copy, and a draft
    for each address and organisation with a copy wanted, its organisation's feedback attached as built."""
    settings = tomllib.loads((built.inputs / "voordracht.toml").read_text(encoding="utf-8"))
    decided = settings["voordracht"].get("besloten")
    folder = built.out / "terugkoppeling"
    if decided is None:
        assert not folder.exists()
        return
    made = {path.stem for path in folder.glob("*.docx")}
    slugs = {_norm(o.name): o.slug for o in built.result.plan.organisations}
    assert {slugs[org] for org in built.copies()} <= made, "no organisation with a copy is left out"
    rows = _rows(built.inputs / "deelnemers.xlsx", "Deelnemers", ("Organisatie", "Reviewexemplaar"))
    wanted = {(_norm(r["e-mail"]), slugs[_norm(r["organisatie"])]) for r in rows
              if _norm(r["reviewexemplaar"]) == "ja" and r.get("e-mail") and slugs[_norm(r["organisatie"])] in made}
    sent = set()
    for path in sorted((built.out / "intern" / "verzending" / "terugkoppeling").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["X-Unsent"] == "1" and message["Date"].startswith(decided.strftime("%a, %d %b %Y"))
        (to,) = message["To"].addresses
        attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        (slug,) = {name.removeprefix("terugkoppeling-").rsplit(".", 1)[0] for name in attachments}
        assert sorted(name.rsplit(".", 1)[1] for name in attachments) == ["docx", "pdf"]
        for name, data in attachments.items():
            assert data == (folder / f"{slug}.{name.rsplit('.', 1)[1]}").read_bytes()
        sent.add((_norm(to.addr_spec), slug))
    assert sent == wanted and sent


def test_places_below_the_frame_are_a_warning_and_in_the_proposal(built):
    short = built.expected.places_short
    report = (built.out / "intern" / "rapport.txt").read_text(encoding="utf-8")
    said = f"er zijn {short} plaatsen minder gepland"
    if short:
        assert f"{short} minder dan het kader" in report
        assert said in built.text("college/voordracht.docx")
    else:
        assert "plaatsen minder gepland" not in built.text("college/voordracht.docx")
    assert (built.out / "vertrouwelijk" / "bijlage-vertrouwelijk.docx").exists() == built.expected.confidential


# --- OOXML schema -----------------------------------------------------------------------------------------

def test_every_docx_and_xlsx_is_schema_valid(built, ooxml_report):
    assert len(ooxml_report) == len(built.paths(".docx", ".xlsx")) >= 4
    invalid = {rel: errors for rel, errors in ooxml_report.items() if errors}
    assert not invalid, f"OOXML schema errors in the {built.name} build:\n{_report(invalid)}"


# --- PDF/UA -----------------------------------------------------------------------------------------------

def test_every_docx_has_a_pdf_beside_it(built):
    require("soffice")
    documents = built.paths(".docx")
    missing = [built.rel(d) for d in documents if not d.with_suffix(".pdf").is_file()]
    assert not missing, f"no PDF beside {missing}"
    assert sorted(built.result.pdfs) == sorted(built.rel(d.with_suffix(".pdf")) for d in documents)


def test_every_pdf_passes_pdf_ua_1(built):
    require("soffice")
    require("pdfua")
    pdfs = built.paths(".pdf")
    assert len(pdfs) == len(built.paths(".docx"))
    failures = {built.rel(pdf): pdfua_failures(pdf) for pdf in pdfs}
    assert not any(failures.values()), f"PDF/UA-1 failures in the {built.name} build:\n{_report(failures)}"


def _letters(text: str) -> collections.Counter:
    """Letters and digits, in any script, as many times as they occur (¹ counts as 1)."""
    return collections.Counter(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def test_every_pdf_holds_the_text_of_its_docx(built):
    """pdftotext reads tables column by column and joins a word broken at a line's end with the next cell, so
    the text is compared letter by letter: every letter and digit of the .docx's text (every paragraph of its
    body, notes, headers and footers, less its images' descriptions) is in its PDF, as often. (The text is
    read from the XML: pandoc took 0.3 s a document, and the copies are many.)"""
    require("pdftotext")
    missing = {}
    for path in built.paths(".docx"):
        rel = built.rel(path)
        alt_texts = " ".join(d.get("descr", "") for d in _xml(path, "word/document.xml").iter(f"{{{NS['wp']}}}docPr"))
        lost = _letters(" ".join(paragraphs(path))) - _letters(pdf_text(path.with_suffix(".pdf"))) - _letters(alt_texts)
        missing[rel] = [f"{char!r} {count}x" for char, count in sorted(lost.items())]
    assert not any(missing.values()), f"text of the .docx missing from its PDF:\n{_report(missing)}"


# --- accessibility of the .docx files ---------------------------------------------------------------------

def test_every_docx_is_in_dutch_and_has_a_title(built):
    wrong = {}
    for path in built.paths(".docx"):
        found = []
        styles = _xml(path, "word/styles.xml")
        lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        if lang is None or lang.get(f"{{{W}}}val") != LANGUAGE:
            found.append(f"docDefaults language {None if lang is None else lang.get(f'{{{W}}}val')!r}")
        core = _xml(path, "docProps/core.xml")
        if core.findtext("dc:language", namespaces=NS) != LANGUAGE:
            found.append(f"dc:language {core.findtext('dc:language', namespaces=NS)!r}")
        title = (core.findtext("dc:title", namespaces=NS) or "").strip()
        if built.expected.subject not in title:
            found.append(f"dc:title {title!r} does not name the subject")
        wrong[built.rel(path)] = found
    assert not any(wrong.values()), _report(wrong)


def _outline_levels(path: Path) -> list[tuple[int, str]]:
    """(outline level, text) of every heading paragraph in document.xml, in order (0 = Heading 1)."""
    styles = _xml(path, "word/styles.xml")
    own, based = {}, {}
    for style in styles.iterfind("w:style[@w:type='paragraph']", NS):
        sid = style.get(f"{{{W}}}styleId")
        level = style.find("w:pPr/w:outlineLvl", NS)
        own[sid] = None if level is None else int(level.get(f"{{{W}}}val"))
        parent = style.find("w:basedOn", NS)
        based[sid] = None if parent is None else parent.get(f"{{{W}}}val")
    default = styles.find("w:style[@w:type='paragraph'][@w:default='1']", NS)

    def style_level(sid: str | None) -> int | None:
        seen = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            if own.get(sid) is not None:
                return own[sid]
            sid = based.get(sid)
        return None

    headings = []
    for p in _xml(path, "word/document.xml").iter(f"{{{W}}}p"):
        direct = p.find("w:pPr/w:outlineLvl", NS)
        style = p.find("w:pPr/w:pStyle", NS)
        if direct is not None:
            level = int(direct.get(f"{{{W}}}val"))
        else:
            sid = style.get(f"{{{W}}}val") if style is not None else (
                default.get(f"{{{W}}}styleId") if default is not None else None)
            level = style_level(sid)
        if level is not None and level < BODY_TEXT_LEVEL:
            headings.append((level, " ".join("".join(p.itertext()).split())))
    return headings


def test_heading_levels_go_down_one_at_a_time(built):
    wrong = {}
    for path in built.paths(".docx"):
        headings = _outline_levels(path)
        previous, found = -1, []
        for level, text in headings:
            if level > previous + 1:
                found.append(f"Heading {level + 1} {text!r} follows Heading {previous + 1}"
                             if previous >= 0 else f"the first heading {text!r} is Heading {level + 1}")
            previous = level
        if not headings:
            found.append("no headings at all")
        wrong[built.rel(path)] = found
    assert not any(wrong.values()), f"heading levels out of order:\n{_report(wrong)}"


def test_headings_typed_in_markdown_are_real_headings(built):
    missing = {}
    for rel, typed in built.expected.markdown_headings.items():
        real = {text for _, text in _outline_levels(built.out / rel)}
        missing[rel] = [h for h in typed if h not in real]
    assert not any(missing.values()), f"Markdown headings that are not headings:\n{_report(missing)}"
    assert any(built.expected.markdown_headings.values()), "the inputs should type some headings"


def test_every_table_has_a_header_row(built):
    wrong = {}
    for path in built.paths(".docx"):
        found = []
        for part in (p for p in _parts(path) if re.match(r"word/(document|header\d*|footer\d*)\.xml$", p)):
            for n, tbl in enumerate(_xml(path, part).iter(f"{{{W}}}tbl"), 1):
                first = tbl.find("w:tr", NS)
                mark = None if first is None else first.find("w:trPr/w:tblHeader", NS)
                if mark is None or mark.get(f"{{{W}}}val") in ("0", "false", "off"):
                    cells = " | ".join("".join(tc.itertext()) for tc in first.findall("w:tc", NS)) if first is not None else ""
                    found.append(f"{part} table {n} ({cells[:60]!r}): first row is not a header row")
        wrong[built.rel(path)] = found
    assert not any(wrong.values()), _report(wrong)


# A word wider than its column is broken inside it ("Da/g", "VluchtelingenW/erk"). LibreOffice lays text
# out with Liberation Sans, which has Arial's widths; the cells' margins (the house table style) and a
# little room for other word processors come off the column.
CELL_MARGINS_TWIPS = 2 * 85 + 57
TWIPS_PER_POINT = 20


@functools.cache
def _font(bold: bool):
    from PIL import ImageFont  # noqa: PLC0415 (matplotlib's dependency)

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    try:
        return ImageFont.truetype(name, 100)
    except OSError:
        return None


def _cell_words(tc: etree._Element, header: bool) -> list[tuple[str, bool, float]]:
    """(word, bold, size in points) of every word in a table cell; a line break or tab ends a word."""
    words = []
    for p in tc.iter(f"{{{W}}}p"):
        runs = [r for r in p.iter(f"{{{W}}}r") if r.find("w:t", NS) is not None]
        bold = header or bool(runs) and all(r.find("w:rPr/w:b", NS) is not None for r in runs)
        sizes = [int(size.get(f"{{{W}}}val")) / 2 for r in runs if (size := r.find("w:rPr/w:sz", NS)) is not None]
        text = "".join((el.text or "") if el.tag == f"{{{W}}}t" else " " for r in runs
                       for el in r if el.tag in (f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab", f"{{{W}}}cr"))
        words += [(word, bold, max(sizes, default=10.0)) for word in text.split()]
    return words


def test_no_word_is_wider_than_its_table_column(built):
    if _font(False) is None or _font(True) is None:
        if in_ci():
            pytest.fail("the Liberation Sans fonts are not installed", pytrace=False)
        pytest.skip("the Liberation Sans fonts are not installed")
    wrong = {}
    for path in built.paths(".docx"):
        found = []
        for n, tbl in enumerate(_xml(path, "word/document.xml").iter(f"{{{W}}}tbl"), 1):
            grid = [int(c.get(f"{{{W}}}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
            for row, tr in enumerate(tbl.findall("w:tr", NS)):
                column = 0
                for tc in tr.findall("w:tc", NS):
                    span = tc.find("w:tcPr/w:gridSpan", NS)
                    width = sum(grid[column:column + (int(span.get(f"{{{W}}}val")) if span is not None else 1)])
                    column += int(span.get(f"{{{W}}}val")) if span is not None else 1
                    for word, bold, size in _cell_words(tc, header=row == 0):
                        needed = _font(bold).getlength(word) / 100 * size * TWIPS_PER_POINT + CELL_MARGINS_TWIPS
                        if needed > width:
                            found.append(f"table {n}, column {column}: {word!r} needs {needed / 567:.2f} cm, "
                                         f"the column is {width / 567:.2f} cm")
        wrong[built.rel(path)] = sorted(set(found))
    assert not any(wrong.values()), _report(wrong)


def test_every_image_has_alt_text(built):
    wrong, images = {}, 0
    for path in built.paths(".docx"):
        found = []
        for part in (p for p in _parts(path) if re.match(r"word/(document|header\d*|footer\d*)\.xml$", p)):
            for doc_pr in _xml(path, part).iter(f"{{{NS['wp']}}}docPr"):
                images += 1
                if not (doc_pr.get("descr") or "").strip():
                    found.append(f"{part}: image {doc_pr.get('name')!r} has no alt text (descr)")
        wrong[built.rel(path)] = found
    assert not any(wrong.values()), _report(wrong)
    # the budget chart in the proposal, the outcome chart in the concept and in every copy
    assert images >= 2 + len(built.copies())


# --- the text read back -----------------------------------------------------------------------------------

def _has_id(text: str, item_id: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(item_id)}(?![\w-])", text) is not None


def _section(text: str, start: str, end: str | None = None) -> str:
    """The text after the heading `start` up to `end`; the last `start`, past the contents list's entry."""
    assert start in text, f"heading {start!r} not found"
    after = text[text.rindex(start) + len(start):]
    return after[:after.index(end)] if end and end in after else after


def test_the_proposal_reads_back_with_every_decision_point(built):
    text = built.text("college/voordracht.docx")
    missing = [d for d in built.expected.decisions if " ".join(d.split()) not in text]
    assert not missing, f"decision points missing from the proposal: {missing}"
    assert built.expected.subject in text


def test_plan_concept_and_copies_read_back_with_every_chapter_title(built):
    documents = [*PLANS, *built.copies().values()]
    missing = {rel: [t for t in built.expected.chapter_titles if " ".join(t.split()) not in built.text(rel)]
               for rel in documents}
    assert not any(missing.values()), f"chapter titles missing:\n{_report(missing)}"


@pytest.mark.parametrize("rel", PLANS)
def test_the_accounting_annex_holds_every_harvest_id(built, rel):
    annex = _section(built.text(rel), ANNEX_HEADING, "Wat er nu gebeurt")
    missing = [i for i in built.expected.harvest_ids if not _has_id(annex, i)]
    assert not missing, f"{rel}: harvest IDs missing from the accounting annex: {missing}"
    assert len(set(built.expected.harvest_ids)) == len(built.expected.harvest_ids) >= 5


def test_each_copy_holds_its_own_ids_in_uw_inbreng(built):
    all_ids = set(built.expected.harvest_ids)
    wrong = {}
    for org, rel in built.copies().items():
        own = set(built.expected.ids_by_organisation.get(org, ()))
        referred = {built.expected.merged_into[i] for i in own if i in built.expected.merged_into}
        section = _section(built.text(rel), *OWN_SECTION)
        shown = {i for i in all_ids if _has_id(section, i)}
        found = [f"missing {sorted(own - shown)}"] if own - shown else []
        found += [f"not its own: {sorted(shown - own - referred)}"] if shown - own - referred else []
        wrong[rel] = found
    assert not any(wrong.values()), f"'Uw inbreng' of the organisation copies:\n{_report(wrong)}"
    assert built.copies(), "the inputs should ask for at least one copy"


CONTENTS_ENTRY = re.compile(r"^(.+?)\.{3,}\s*(\d+)\s*$")


def test_the_contents_list_in_the_pdf_gives_each_heading_its_page(built):
    """LibreOffice does not update a Word table of contents: the entries Plan A writes carry PAGEREF fields,
    which it lays out. Each entry's page must be the page its heading is printed on."""
    require("pdftotext")
    documents = [*PLANS, *sorted(built.copies().values())[:1]]
    wrong = {}
    for rel in documents:
        pages = pdf_text(built.out / rel.replace(".docx", ".pdf")).split("\f")
        own = next(n for n, page in enumerate(pages) if "Inhoud" in page.splitlines())  # a copy's own pages, i, ii
        pages = pages[own:]  # page 1 onwards, as the contents list counts
        lines = pages[0].splitlines() + pages[1].splitlines()
        start = lines.index("Inhoud")
        entries = [CONTENTS_ENTRY.match(line) for line in lines[start + 1:]]
        entries = [(m.group(1).strip(), int(m.group(2))) for m in entries[:entries.index(None)]]
        titles = [t for t in built.expected.chapter_titles]
        found = [] if len(entries) >= len(titles) + 5 else [f"only {len(entries)} entries: {entries}"]
        found += [f"{title!r}: not in the contents list" for title in titles
                  if not any(text.endswith(" ".join(title.split())) for text, _ in entries)]
        for text, page in entries:
            if page > len(pages) or text not in [" ".join(line.split()) for line in pages[page - 1].splitlines()]:
                found.append(f"{text!r} is listed on page {page}, but it is not a line there")
        wrong[rel] = found
    assert not any(wrong.values()), _report(wrong)


# --- the fixes these checks led to, pinned without the clients ----------------------------------------------

def _subdoc_paragraphs(subdoc) -> list[tuple[str, str]]:
    """(style id, text) of every paragraph of a converted Markdown text."""
    body = subdoc.subdocx.element.body
    return [((p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") if p.find("w:pPr/w:pStyle", NS) is not None else ""),
             "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))) for p in body.iter(f"{{{W}}}p")]


def test_markdown_headings_are_closed_up_never_skipping_a_level():
    from docxtpl import DocxTemplate
    from pipeline.documents.markdown import markdown_to_subdocs

    template = DocxTemplate(ROOT / "templates" / "uitvoeringsplan.docx")
    texts = ["### Diep\n\ntekst\n\n## Midden\n\n#### Dieper\n",  # under a chapter's Heading 1
             "## Goed\n\n### Goed daaronder\n\n## Weer goed\n"]  # in order: untouched
    jumpy, fine = (dict((text, style) for style, text in _subdoc_paragraphs(s))
                   for s in markdown_to_subdocs(template, texts))
    assert (jumpy["Diep"], jumpy["Midden"], jumpy["Dieper"]) == ("Heading2", "Heading2", "Heading3")
    assert (fine["Goed"], fine["Goed daaronder"], fine["Weer goed"]) == ("Heading2", "Heading3", "Heading2")
    shifted, = markdown_to_subdocs(template, ["## Onder een sectie\n\n# Hoofd\n"], shift_headings=1)
    assert dict((t, s) for s, t in _subdoc_paragraphs(shifted)) == {"Onder een sectie": "Heading2",
                                                                   "Hoofd": "Heading2"}


def test_a_markdown_rule_leaves_no_figure_without_alt_text():
    from docxtpl import DocxTemplate
    from pipeline.documents.markdown import markdown_to_subdocs

    template = DocxTemplate(ROOT / "templates" / "uitvoeringsplan.docx")
    subdoc, = markdown_to_subdocs(template, ["voor\n\n---\n\nna\n"])
    body = subdoc.subdocx.element.body
    assert body.find(f".//{{{W}}}pict") is None
    assert [t for _, t in _subdoc_paragraphs(subdoc)] == ["voor", "", "na"]


# LibreOffice 7.4 tags a paragraph with its style's name; a name that is a PDF standard structure
# type becomes a remapped standard type, which PDF/UA forbids (pandoc's "Figure" did).
PDF_TYPE_NAMES = {"Figure", "Table", "Quote", "Note", "Code", "Index", "Link", "Formula", "Form", "Part", "Art",
                  "Sect", "Div", "Span", "Reference", "Annot", "Document", "BlockQuote", "TOC", "P", "H", "L"}


def test_no_paragraph_style_is_named_like_a_pdf_structure_type(built):
    wrong = {}
    for path in built.paths(".docx"):
        styles = _xml(path, "word/styles.xml")
        names = [s.find("w:name", NS).get(f"{{{W}}}val") for s in styles.iterfind("w:style[@w:type='paragraph']", NS)]
        wrong[built.rel(path)] = [n for n in names if n in PDF_TYPE_NAMES]
    assert not any(wrong.values()), _report(wrong)
