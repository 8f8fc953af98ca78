"""Issue 4: the participants' review set, one copy per organisation, and the review-only build."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

import pipeline.rendering.college
import pipeline.rendering.review
from casebuilder import small_case, write_case
from clients import pdf_text, require
from docx_text import (W, body_blocks, core_properties, find_leaks, paragraphs, table_under, tables_under,
                       zip_parts)
from pipeline.model.audience import Audience
from pipeline.build import build
from pipeline.base.errors import InputProblems
from pipeline.output_folder import MARK
from pipeline.documents.pdf import convert_to_pdf

CONCEPT = "review/concept-uitvoeringsplan.docx"
PLAN = "college/bijlage-uitvoeringsplan.docx"
ACCOUNTING = "Bijlage E. Verantwoording van alle inbreng"
DEADLINE = "26 februari 2021"  # review.reactie_tot of the small case
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def review_case() -> dict:
    """The small case plus an organisation without a review copy (but with an item) and one with a copy
    but no items of its own."""
    case = copy.deepcopy(small_case())
    case["oogst/dag-2.xlsx"]["Oogst"].append(
        ["D2-03", 2, None, "Werk", "Vrijwilligerswerk mogelijk maken", "Stichting West", "idee", "breed", "ja",
         "overgenomen", "opvang", None, None, None])
    case["deelnemers.xlsx"]["Deelnemers"] += [
        ["Wim West", "Stichting West", None, "ja", "nee"],
        ["Olga Oost", "Stichting Oost", None, "nee", "ja"],
    ]
    return case


def harvest_rows(case: dict) -> list[dict]:
    rows = []
    for rel in sorted(k for k in case if k.startswith("oogst/")):
        header, *data = case[rel]["Oogst"]
        rows += [dict(zip(header, row)) for row in data]
    return rows


def copy_wanted(case: dict) -> set[str]:
    header, *people = case["deelnemers.xlsx"]["Deelnemers"]
    return {dict(zip(header, p))["Organisatie"] for p in people if dict(zip(header, p))["Reviewexemplaar"] == "ja"}


@pytest.fixture(scope="module")
def case() -> dict:
    return review_case()


@pytest.fixture(scope="module")
def built(case, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    build(write_case(case, folder / "inputs"), folder / "build", pdf=False)
    return folder / "build"


def cover_organisation(path: Path) -> str:
    """The organisation a copy is for, from 'Exemplaar voor ...' before the first heading."""
    names = []
    for kind, style, text in body_blocks(path):
        if kind == "p" and style.startswith("Heading"):
            break
        if kind == "p" and text.startswith("Exemplaar voor "):
            names.append(text.removeprefix("Exemplaar voor "))
    assert len(names) == 1, f"{path.name}: no single 'Exemplaar voor' on the cover: {names}"
    return names[0]


def copies(built: Path) -> dict[str, Path]:
    """Organisation name -> its copy."""
    found = {}
    for path in sorted((built / "review" / "organisaties").glob("*.docx")):
        name = cover_organisation(path)
        assert name not in found, f"two copies for {name}"
        found[name] = path
    return found


# --- accounting ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("document", [CONCEPT, PLAN])
def test_every_harvest_id_is_in_the_accounting_once(built, case, document):
    table = table_under(built / document, ACCOUNTING)
    assert table[0][0] == "ID"
    assert [row[0] for row in table[1:]] == [r["ID"] for r in harvest_rows(case)]


@pytest.mark.parametrize("document", [CONCEPT, PLAN])
def test_the_accounting_says_what_happened_to_each_item(built, case, document):
    table = table_under(built / document, ACCOUNTING)
    where = {row[0]: row[-1] for row in table[1:]}
    for item in harvest_rows(case):
        outcome = item["Verwerking"]
        if outcome == "samengevoegd":  # names the other item in a few words, then what became of it
            target = item["Samengevoegd met"]
            assert where[item["ID"]].startswith(f"samengevoegd met {target} (‘")
            assert where[item["ID"]].endswith(f"; dat punt is {where[target]}")
        else:
            assert where[item["ID"]].startswith(outcome)
        if item["Toelichting"]:
            assert item["Toelichting"] in where[item["ID"]]


# --- one copy per organisation -------------------------------------------------------------------------

def test_only_organisations_with_a_participant_who_asked_get_a_copy(built, case):
    assert set(copies(built)) == copy_wanted(case) == {"Stichting Noord", "Stichting Zuid", "Stichting Oost"}


def test_each_copy_lists_exactly_its_own_items(built, case):
    accounting = {row[0]: row for row in table_under(built / CONCEPT, ACCOUNTING)[1:]}
    for org, path in copies(built).items():
        own = [r for r in harvest_rows(case) if r["Ingebracht door"] == org]
        if not own:
            continue  # no table: see test_a_copy_without_own_items_says_so_in_a_sentence_not_an_empty_table
        table = table_under(path, "Uw inbreng")
        assert table[0] == ["ID", "Inbreng", "Wat ermee is gedaan"]
        assert [row[0] for row in table[1:]] == [r["ID"] for r in own], org
        for row, item in zip(table[1:], own):
            assert row[1] == item["Inbreng"]
            assert row[2] == accounting[item["ID"]][-1]  # the same outcome as in the accounting


def test_a_copy_names_no_other_organisations_items_in_uw_inbreng(built, case):
    items = harvest_rows(case)
    for org, path in copies(built).items():
        ids = {row[0] for table in tables_under(path, "Uw inbreng") for row in table[1:]}
        others = {r["ID"] for r in items if r["Ingebracht door"] != org}
        assert not ids & others, org


def test_a_copy_without_own_items_says_so_in_a_sentence_not_an_empty_table(built):
    path = copies(built)["Stichting Oost"]
    assert tables_under(path, "Uw inbreng") == []
    blocks = body_blocks(path)
    start = next(n for n, b in enumerate(blocks) if b[2] == "Uw inbreng")
    assert blocks[start + 1] == ("p", "BodyText", "Er staat geen inbreng op naam van Stichting Oost. Wat er met de "
                                 "plenaire inbreng is gedaan, staat in de verantwoording achterin. Daarna volgt het "
                                 "concept, zoals iedere deelnemer het krijgt.")
    assert ("p", "Title", "CONCEPT") in blocks[start + 2:start + 4]


def test_copies_with_and_without_own_items_from_one_shared_render(built, case):
    """The same shared parts give the table to a copy with items and leave it out of one without."""
    with_items = {org for org, path in copies(built).items() if tables_under(path, "Uw inbreng")}
    own = {r["Ingebracht door"] for r in harvest_rows(case)}
    assert with_items == copy_wanted(case) & own == {"Stichting Noord", "Stichting Zuid"}


def _heading_at(blocks: list, text: str) -> int:
    return next(n for n, b in enumerate(blocks) if b[1].startswith("Heading") and b[2] == text)


def test_the_copy_is_its_own_pages_and_then_the_whole_concept(built):
    """A copy is its own pages (its name, its section "Uw inbreng"), then the concept exactly as everyone gets it
    (so that the concept's PDF serves every copy, issue 14)."""
    concept = [b for b in body_blocks(built / CONCEPT)]
    for org, path in copies(built).items():
        blocks = body_blocks(path)
        own = blocks.index(("p", "Title", "CONCEPT"))
        assert blocks[own:] == concept, org
        assert blocks[0] == ("p", "Title", f"Exemplaar voor {org}") and _heading_at(blocks, "Uw inbreng") < own, org


def test_the_organisation_is_named_on_the_cover_and_in_the_title(built):
    for org, path in copies(built).items():
        blocks = body_blocks(path)
        first_heading = next(n for n, b in enumerate(blocks) if b[0] == "p" and b[1].startswith("Heading"))
        assert blocks[0] == ("p", "Title", f"Exemplaar voor {org}")
        assert blocks[first_heading][2] == "Uw inbreng"
        assert org in core_properties(path)["title"]


# --- the first page and the contents list -----------------------------------------------------------------

COLLEGE_DATE = "2 maart 2021"  # voordracht.datum_college of the small case
CONTACT = "opvang@example.org"


def test_the_first_page_says_what_we_ask_how_until_when_and_what_happens_next(built):
    for path in [built / CONCEPT, *copies(built).values()]:
        blocks = body_blocks(path)
        ask, contents = _heading_at(blocks, "Wat we u vragen"), blocks.index(("p", "TOCHeading", "Inhoud"))
        assert ask < contents < _heading_at(blocks, "Hoe dit plan tot stand kwam"), path.name
        text = " ".join(b[2] for b in blocks[ask + 1:contents])
        for needed in ("Wat:", "Hoe:", "opmerking in dit Word-document", CONTACT, "Tot wanneer:", DEADLINE,
                       "Wat er daarna gebeurt:", "nota van beantwoording", COLLEGE_DATE):
            assert needed in text, (path.name, needed)


def _contents(path: Path) -> tuple[list[tuple[str, str]], dict[str, str], list[str]]:
    """The contents list as (entry text, link target); bookmark name -> the heading it marks; the texts of the
    level-1 headings after the list, in order; every PAGEREF field names its entry's bookmark."""
    root = etree.fromstring(zip_parts(path)["word/document.xml"])
    body = list(root.find(f"{{{W}}}body"))
    styles = [(p.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") if p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
               is not None else "") for p in body]
    entries, marks, headings = [], {}, []
    for p, style in zip(body, styles):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        if style == "toc1":
            link = p.find(f"{{{W}}}hyperlink")
            code = "".join(i.text for i in p.iter(f"{{{W}}}instrText")).split()
            assert code == ["PAGEREF", link.get(f"{{{W}}}anchor"), "\\h"], code
            entries.append((text, link.get(f"{{{W}}}anchor")))
        elif style == "Heading1" and entries:
            headings.append(text)
            for mark in p.iter(f"{{{W}}}bookmarkStart"):
                marks[mark.get(f"{{{W}}}name")] = text
    return entries, marks, headings


@pytest.mark.parametrize("document", [CONCEPT, PLAN])
def test_the_plan_and_concept_have_a_contents_list_linked_to_every_chapter_heading(built, document):
    entries, marks, headings = _contents(built / document)
    assert [text for text, _ in entries] == headings
    assert [marks[target] for _, target in entries] == headings
    assert "1. Inleiding" in headings and "Bijlage E. Verantwoording van alle inbreng" in headings


def test_a_copys_contents_list_is_the_concepts_after_its_own_pages(built):
    concept = [text for text, _ in _contents(built / CONCEPT)[0]]
    assert "Uw inbreng" not in concept
    for org, path in copies(built).items():
        entries, marks, headings = _contents(path)
        assert [text for text, _ in entries] == headings == concept, org
        assert [marks[target] for _, target in entries] == headings, org


def test_the_shared_part_is_rendered_once_not_once_per_organisation(case, tmp_path, monkeypatch):
    calls = []
    real = pipeline.rendering.college.PlanDocument.render_parts  # what render calls too

    def counting(document, **fields):
        calls.append(document.template)
        return real(document, **fields)

    monkeypatch.setattr(pipeline.rendering.college.PlanDocument, "render_parts", counting)
    progress = []
    build(write_case(case, tmp_path / "inputs"), tmp_path / "build", Audience.REVIEW, pdf=False,
          progress=lambda done, total: progress.append((done, total)))
    assert calls == ["concept.docx", "concept.docx"]  # the concept, and the marked concept for all copies
    assert progress == [(1, 3), (2, 3), (3, 3)]


# --- safe file names ---------------------------------------------------------------------------------

AWKWARD = ["../../etc", "A/B", "A-B", "Ç'est ça", "C'est ca", "con", "NUL", "..", "Organisatie", "😀",
           "C:\\Windows\\system32", "x" * 200, "x" * 200 + "y"]


@pytest.fixture(scope="module")
def awkward(tmp_path_factory) -> tuple[Path, dict, tuple[str, ...]]:
    case = copy.deepcopy(small_case())
    people = case["deelnemers.xlsx"]["Deelnemers"]
    people += [[f"Deelnemer {n}", name, None, "ja", "ja"] for n, name in enumerate(AWKWARD)]
    case["oogst/dag-2.xlsx"]["Oogst"] += [
        [f"D2-X{n}", 2, None, "Namen", f"Inbreng van {name}", name, "idee", "breed", "ja", "niet overgenomen",
         None, None, "Geen ruimte.", None] for n, name in enumerate(AWKWARD)]
    folder = tmp_path_factory.mktemp("slugs")
    result = build(write_case(case, folder / "inputs"), folder / "out" / "build", pdf=False)
    return folder, result.files, result.drafts


def test_slugs_are_plain_file_names_inside_review_organisaties(awkward):
    folder, files, drafts = awkward
    names = [p for p in files if p.startswith("review/organisaties/")]
    assert len(names) == len(AWKWARD) + 2  # Stichting Noord and Zuid too
    for path in names:
        stem = path.removeprefix("review/organisaties/").removesuffix(".docx")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem), path
        assert len(stem) <= 80, path
        assert stem.split(".")[0] not in WINDOWS_DEVICES, f"{path}: a device name on Windows"
    on_disk = sorted(p.relative_to(folder / "out").as_posix() for p in (folder / "out").rglob("*") if p.is_file())
    assert sorted([*(f"build/{p}" for p in [*files, *drafts]), f"build/{MARK}"]) == on_disk  # nothing outside build/
    assert not (folder / "etc").exists() and not (folder / "out" / "etc").exists()


def test_two_organisations_never_share_a_file_and_each_copy_is_its_own(awkward):
    folder, files, _ = awkward
    names = [p for p in files if p.startswith("review/organisaties/")]
    assert len({n.casefold() for n in names}) == len(names)  # distinct also on case-insensitive disks
    organisations = {cover_organisation(folder / "out" / "build" / n) for n in names}
    assert organisations == set(AWKWARD) | {"Stichting Noord", "Stichting Zuid"}
    by_org = {cover_organisation(folder / "out" / "build" / n): n for n in names}
    for n, name in enumerate(AWKWARD):
        table = table_under(folder / "out" / "build" / by_org[name], "Uw inbreng")
        assert [row[0] for row in table[1:]] == [f"D2-X{n}"], name


# --- open items ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def open_case() -> dict:
    case = copy.deepcopy(review_case())
    rows = case["oogst/dag-1.xlsx"]["Oogst"]
    rows[3][rows[0].index("Verwerking")] = None  # D1-03 of Stichting Noord: not decided yet
    return case


def test_open_items_are_in_behandeling_in_the_review_build(open_case, tmp_path):
    out = tmp_path / "build"
    result = build(write_case(open_case, tmp_path / "inputs"), out, Audience.REVIEW, pdf=False)
    assert sorted(result.files) == ["concept-uitvoeringsplan.docx", "organisaties/stichting-noord.docx",
                                    "organisaties/stichting-oost.docx", "organisaties/stichting-zuid.docx"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        sorted([*(f"review/{p}" for p in result.files), f"review/{MARK}"])
    where = {row[0]: row[-1] for row in table_under(out / CONCEPT, ACCOUNTING)[1:]}
    assert where["D1-03"] == "in behandeling"
    counts = {row[0]: row[1] for row in table_under(out / CONCEPT, "Wat er met alle inbreng is gedaan")[1:]}
    assert counts["in behandeling"] == "1"
    noord = {row[0]: row[2] for row in table_under(out / "review/organisaties/stichting-noord.docx",
                                                   "Uw inbreng")[1:]}
    assert noord["D1-03"] == "in behandeling"


def test_the_full_build_refuses_open_items_and_writes_nothing(open_case, tmp_path):
    with pytest.raises(InputProblems) as refused:
        build(write_case(open_case, tmp_path / "inputs"), tmp_path / "build", pdf=False)
    assert [str(p) for p in refused.value.problems] == [
        "oogst/dag-1.xlsx!Oogst!J4: nog niet besloten wat er met deze inbreng gebeurt; de voordracht vraagt "
        "een besluit over elke inbreng (alleen de reviewset kan met open punten: make review)"]
    assert not (tmp_path / "build").exists()


# --- participants, headers, properties -------------------------------------------------------------------

def review_documents(built: Path) -> list[Path]:
    return sorted((built / "review").rglob("*.docx"))


def test_participants_are_named_only_with_consent(built, case):
    header, *people = case["deelnemers.xlsx"]["Deelnemers"]
    people = [dict(zip(header, p)) for p in people]
    for path in review_documents(built):
        text = "\n".join(paragraphs(path))
        for p in people:
            named = f"{p['Naam']} ({p['Organisatie']})" in text
            assert named == (p["Naam vermelden"] == "ja"), (path.name, p["Naam"])
            if p["Naam vermelden"] == "nee":
                assert p["Naam"] not in text
        assert "2 deelnemers worden niet bij naam genoemd" in text


def _headers_of_every_page(path: Path) -> list[str]:
    """The text of each header a page can show: per section the default header, and the first-page and
    even-page headers where the document turns those on (a missing one would be empty)."""
    parts = zip_parts(path)
    doc = etree.fromstring(parts["word/document.xml"])
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    settings = etree.fromstring(parts["word/settings.xml"])
    even = settings.find(f"{{{W}}}evenAndOddHeaders") is not None
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    texts = []
    for sect in doc.iter(f"{{{W}}}sectPr"):
        refs = {h.get(f"{{{W}}}type"): targets[h.get(r_id)] for h in sect.findall(f"{{{W}}}headerReference")}
        kinds = ["default"] + (["first"] if sect.find(f"{{{W}}}titlePg") is not None else []) + \
                (["even"] if even else [])
        for kind in kinds:
            texts.append("\n".join(paragraphs(path, refs[kind])) if kind in refs else "")
    return texts


def test_concept_and_deadline_in_every_page_header(built):
    for path in review_documents(built):
        headers = _headers_of_every_page(path)
        assert headers, path.name
        for text in headers:
            assert "CONCEPT" in text and DEADLINE in text, (path.name, text)


def test_concept_and_deadline_on_every_page_of_the_pdf(built, tmp_path):
    require("soffice")
    require("pdftotext")
    docs = []
    for source in (built / CONCEPT, built / "review/organisaties/stichting-zuid.docx"):
        docs.append(tmp_path / source.name)
        docs[-1].write_bytes(source.read_bytes())
    for pdf in convert_to_pdf(docs, fronts={docs[1]: docs[0]}):
        pages = pdf_text(pdf).split("\f")
        pages = [p for p in pages if p.strip()]
        assert len(pages) > 1
        for number, page in enumerate(pages, 1):
            assert "CONCEPT" in page and DEADLINE in page, (pdf.name, number)
    own_pages = pdf_text(tmp_path / "stichting-zuid.pdf").split("\f")
    assert "Exemplaar voor Stichting Zuid" in own_pages[0]
    for pdf in ("concept-uitvoeringsplan.pdf", "stichting-zuid.pdf"):  # the copy's own pages come first
        first_page = next(" ".join(page.split()) for page in pdf_text(tmp_path / pdf).split("\f")
                          if "Pagina 1" in page.splitlines())
        for needed in ("Wat we u vragen", CONTACT, f"uiterlijk {DEADLINE}", "nota van beantwoording", COLLEGE_DATE):
            assert needed in first_page, (pdf, needed)


def test_document_properties_are_scrubbed_in_every_output(built):
    for path in sorted(built.rglob("*.docx")) + sorted(built.rglob("*.xlsx")):
        parts = zip_parts(path)
        core = core_properties(path)
        assert core.get("title"), path
        assert core.get("creator") in ("Gemeente", "Plan A"), path
        assert core.get("lastModifiedBy", core.get("creator")) in ("Gemeente", "Plan A"), path
        assert not [n for n in parts if re.search(r"comments|people\.xml|customXml/|thumbnail", n)], path
        # custom properties: only the review set's own, which say whose a copy is (model/identity.py)
        names = re.findall(r'name="([^"]+)"', parts.get("docProps/custom.xml", b"").decode())
        review = path.relative_to(built).parts[0] == "review"
        assert names == (["PlanA-zaak", "PlanA-verzending"] + (["PlanA-exemplaar", "PlanA-organisatie"]
                                                               if "organisaties" in path.parts else [])
                         if review and path.suffix == ".docx" else []), path
        app = parts.get("docProps/app.xml", b"").decode()
        assert "<Template>" not in app and "Company" not in app, path
        if path.suffix == ".docx":
            settings = parts["word/settings.xml"].decode()
            assert "attachedTemplate" not in settings and "rsid" not in settings, path
            document = parts["word/document.xml"].decode()
            assert not re.search(r"<w:(ins|del) |w:author=", document), path


def test_the_accounting_workbook_is_a_filterable_table_with_every_item_and_note(built, case):
    book = openpyxl.load_workbook(built / "intern" / "verantwoording.xlsx")
    sheet = book["Verantwoording"]
    table = next(iter(sheet.tables.values()))
    rows = list(sheet.iter_rows(values_only=True))
    assert table.ref == f"A1:{sheet.cell(1, len(rows[0])).column_letter}{len(rows)}"
    header = list(rows[0])
    items = harvest_rows(case)
    assert [r[0] for r in rows[1:]] == [i["ID"] for i in items]
    for row, item in zip(rows[1:], items):
        record = dict(zip(header, row))
        assert record["Interne notitie"] == item["Interne notitie"]
        assert record["Verwerking"] == item["Verwerking"]


# --- a participant on their own, without consent (issue 10, item 8) -------------------------------------

PERSONAL = "Deelnemer op persoonlijke titel"


@pytest.fixture(scope="module", params=["Joost Klaver", "JOOST  KLAVER"])
def personal(request, tmp_path_factory) -> Path:
    """The review case plus Joost Klaver, who registered as their own organisation and did not consent."""
    case = review_case()
    case["deelnemers.xlsx"]["Deelnemers"].append(["Joost Klaver", request.param, "joost@example.org", "nee", "ja"])
    case["oogst/dag-2.xlsx"]["Oogst"].append(
        ["D2-04", 2, None, "Werk", "Taalles op de locatie", request.param, "idee", "breed", "ja", "overgenomen",
         "opvang", None, None, None])
    folder = tmp_path_factory.mktemp("personal")
    build(write_case(case, folder / "inputs"), folder / "build", pdf=False)
    return folder / "build"


def test_a_participant_on_their_own_gets_a_copy_that_does_not_name_them(personal):
    own = personal / "review" / "organisaties" / "deelnemer-op-persoonlijke-titel.docx"
    assert cover_organisation(own) == PERSONAL
    assert [row[0] for row in table_under(own, "Uw inbreng")[1:]] == ["D2-04"]


def test_their_name_is_in_no_public_file_and_no_file_name(personal):
    public = [p for p in personal.rglob("*") if p.is_file() and p.relative_to(personal).parts[0] in ("college", "review")]
    assert not [p for p in public if "klaver" in p.as_posix().casefold()]
    assert find_leaks(personal, ["Klaver", "KLAVER", "joost"]) == []
    assert "Joost Klaver" in (personal / "intern" / "plan.json").read_text(encoding="utf-8")  # the team knows


@pytest.mark.parametrize("document", [CONCEPT, PLAN])
def test_their_contributions_are_shown_as_on_their_own(personal, document):
    by = {row[0]: row[2] for row in table_under(personal / document, ACCOUNTING)[1:]}
    assert by["D2-04"] == PERSONAL

