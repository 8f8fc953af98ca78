"""Issue 3: the college proposal, the implementation plan and the confidential attachment as Word
documents: numbering, sums, chart, house style, text exactly as typed, same bytes, and kill-safety."""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import pipeline.build
import pipeline.writing
from casebuilder import TOML, small_case, with_cached_values, write_case
from clients import ooxml_errors_many, require
from docx_text import (W, body_blocks, core_properties, docx_plain, paragraphs, table_under, tables_under,
                       zip_parts)
from pipeline.build import TEMPLATES, build
from pipeline.checking.figures import figures
from pipeline.model.plan import Support
from pipeline.base.dutch import percent

ROOT = Path(__file__).resolve().parents[1]
PROPOSAL = "college/voordracht.docx"
PLAN = "college/bijlage-uitvoeringsplan.docx"
CONCEPT = "review/concept-uitvoeringsplan.docx"
CONFIDENTIAL = "vertrouwelijk/bijlage-vertrouwelijk.docx"
FINANCE = "Financiële onderbouwing"
ANNEX_BUDGET = "Bijlage A. Begroting"


def document_case() -> dict:
    """The small case with cents in the budget, three cost lines and a sub-heading in the prose."""
    case = copy.deepcopy(small_case())
    case["begroting.xlsx"]["Lasten"] = [
        ["Post", "Categorie", "Onderdeel", "2021", "2022", "Toelichting"],
        ["Huur", "Huisvesting", "opvang", 400_000, 500_000, None],
        ["Begeleiders", "Begeleiding", None, 300_000, 350_000.25, "4 fte"],
        ["Beveiliging", "Huisvesting", None, 12_345.5, 0, None],
        ["Totaal", None, None, 712_345.5, 850_000.25, None]]
    case["begroting.xlsx"]["Dekking"] = [
        ["Bron", "2021", "2022", "Toelichting"],
        ["Gemeente", 500_000, 600_000, None],
        ["Rijk", 212_345.5, 250_000.25, "Pilot"]]
    case["tekst/plan/01-inleiding.md"] = ("# Inleiding\n\nDit plan regelt de *opvang*.\n\n- punt een\n- punt twee\n\n"
                                          "## Aanpak\n\nEerste alinea.\n\nTweede alinea.\n")
    case["tekst/voordracht/achtergrond.md"] = "Het college wil een nieuwe aanpak.\n\nDaarom dit plan.\n"
    return case


@pytest.fixture(scope="module")
def case() -> dict:
    return document_case()


@pytest.fixture(scope="module")
def built(case, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    build(write_case(case, folder / "inputs"), folder / "build", pdf=False)
    return folder / "build"


def euros(text: str) -> Decimal:
    """'€ 1.234.567,50' -> Decimal('1234567.50')."""
    match = re.fullmatch(r"€ (-?[\d.]+)(,\d\d)?", text.strip())
    assert match, f"not an amount in euros: {text!r}"
    return Decimal(match.group(1).replace(".", "") + (match.group(2) or "").replace(",", "."))


def sheet_rows(case: dict, sheet: str) -> list[dict]:
    header, *rows = case["begroting.xlsx"][sheet]
    return [dict(zip(header, r)) for r in rows if r[0] != "Totaal"]


def workbook_totals(case: dict, sheet: str) -> dict[str, Decimal]:
    header, *rows = case["begroting.xlsx"][sheet]
    total = next(dict(zip(header, r)) for r in rows if r[0] == "Totaal")
    return {y: Decimal(str(total[y])) for y in ("2021", "2022")}


# --- the proposal's format --------------------------------------------------------------------------

def test_decision_points_are_numbered(built):
    text = docx_plain(built / PROPOSAL)
    after = text.split("Het college wordt gevraagd", 1)[1]
    assert re.search(r"^1\.\s+in te stemmen met het Uitvoeringsplan opvang;$", after, re.M), after[:300]
    assert re.search(r"^2\.\s+kennis te nemen van de reacties van de deelnemers\.$", after, re.M), after[:300]


def test_decision_points_are_a_real_numbered_list(built):
    parts = zip_parts(built / PROPOSAL)
    doc = etree.fromstring(parts["word/document.xml"])
    styles = etree.fromstring(parts["word/styles.xml"])
    decisions = [p for p in doc.iter(f"{{{W}}}p") if "".join(p.itertext()).startswith(("in te stemmen", "kennis te"))]
    assert len(decisions) == 2
    for p in decisions:
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val")
        num = p.find(f"{{{W}}}pPr/{{{W}}}numPr") or styles.find(
            f"w:style[@w:styleId='{style}']/w:pPr/w:numPr", {"w": W})
        assert num is not None, "a decision point without numbering"


def test_the_header_block_has_the_fields(built):
    rows = dict(tuple(r) for r in body_blocks(built / PROPOSAL)[1][2][1:])
    assert rows == {"Portefeuille": "Vreemdelingenbeleid", "Portefeuillehouder": "Wethouder A. Jansen",
                    "Agendapunt": "7", "Datum besluit B&W": "2 maart 2021",
                    "Onderwerp": "Vaststellen Uitvoeringsplan opvang", "Registratienummer": "2021-0042"}


# --- budget tables add up to the workbook -------------------------------------------------------------

def _check_category_table(table, case):
    years = ["2021", "2022"]
    assert table[0] == ["Categorie", *years, "Totaal"]
    expected: dict[str, dict[str, Decimal]] = {}
    for line in sheet_rows(case, "Lasten"):
        per_year = expected.setdefault(line["Categorie"], {y: Decimal(0) for y in years})
        for y in years:
            per_year[y] += Decimal(str(line[y] or 0))
    body, total = table[1:-1], table[-1]
    assert [r[0] for r in body] == list(expected)
    for row in body:
        amounts = [euros(c) for c in row[1:]]
        assert amounts[:-1] == [expected[row[0]][y] for y in years], row
        assert amounts[-1] == sum(amounts[:-1]), row
    assert total[0] == "Totaal lasten"
    totals = workbook_totals(case, "Lasten")
    assert [euros(c) for c in total[1:]] == [totals["2021"], totals["2022"], totals["2021"] + totals["2022"]]
    assert [euros(c) for c in total[1:-1]] == [sum(euros(r[i]) for r in body) for i in (1, 2)]


def _check_funding_table(table, case):
    years = ["2021", "2022"]
    assert table[0] == ["Bron", *years, "Totaal"]
    lines = sheet_rows(case, "Dekking")
    body, total = table[1:-1], table[-1]
    assert [r[0] for r in body] == [line["Bron"] for line in lines]
    for row, line in zip(body, lines):
        assert [euros(c) for c in row[1:-1]] == [Decimal(str(line[y])) for y in years]
        assert euros(row[-1]) == sum(Decimal(str(line[y])) for y in years)
    assert total[0] == "Totaal dekking"
    assert [euros(c) for c in total[1:-1]] == [sum(Decimal(str(line[y])) for line in lines) for y in years]


def test_the_proposal_budget_tables_add_up_to_the_workbook(built, case):
    categories, funding = tables_under(built / PROPOSAL, FINANCE)[:2]
    _check_category_table(categories, case)
    _check_funding_table(funding, case)


@pytest.mark.parametrize("document", [PLAN, CONCEPT])
def test_the_plan_budget_annex_adds_up_to_the_workbook(built, case, document):
    categories, funding, posts = tables_under(built / document, ANNEX_BUDGET)[:3]
    _check_category_table(categories, case)
    _check_funding_table(funding, case)
    lines = sheet_rows(case, "Lasten")
    assert [r[0] for r in posts[1:]] == [f"{line['Post']} ({line['Categorie']})" for line in lines]
    for row, line in zip(posts[1:], lines):
        assert [euros(c) for c in row[1:3]] == [Decimal(str(line[y] or 0)) for y in ("2021", "2022")]
        assert row[4] == (line["Toelichting"] or "")


def test_the_frames_check_quotes_the_workbook(built, case):
    table = table_under(built / PROPOSAL, "Toets aan de kaders")
    rows = {r[0]: r[1:] for r in table[1:]}
    totals = workbook_totals(case, "Lasten")
    assert rows["Budget 2021"] == ["€ 1.000.000,00", "€ 712.345,50", "binnen het kader"]
    assert euros(rows["Budget 2022"][1]) == totals["2022"]
    assert rows["Aantal plaatsen"] == ["100", "100", "binnen het kader"]
    assert rows["Langste verblijf"] == ["12 maanden", "12 maanden", "binnen het kader"]


# --- the college never sees a wrong figure (issue 10) --------------------------------------------------

@pytest.mark.parametrize("count, total, shown", [
    (199, 200, "99,5%"), (169, 200, "85%"), (171, 200, "86%"), (1, 200, "1%"), (1, 1000, "0,1%"),
    (19_999, 20_000, "99,995%"), (200, 200, "100%"), (0, 200, "0%"), (17, 20, "85%"), (1, 3, "33%"), (2, 3, "67%")])
def test_a_share_is_shown_as_a_reader_expects(count, total, shown):
    assert percent(Decimal(count) / total) == shown


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_share_is_never_shown_as_100_or_0_percent_unless_it_is(share):
    count, total = share
    shown = percent(Decimal(count) / total)
    assert (shown == "100%") == (count == total) and (shown == "0%") == (count == 0), shown
    value = Decimal(shown.rstrip("%").replace(".", "").replace(",", "."))
    places = -value.as_tuple().exponent if "," in shown else 0
    assert abs(value - Decimal(100 * count) / total) <= Decimal(1).scaleb(-places) / 2, shown


def test_the_consensus_share_is_kept_exact_until_it_is_shown(plan_of):
    """29.999 of 30.000 is 99,997%: rounded to four places in the model first, it would read as 100%."""
    plan = plan_of(small_case())
    harvest = tuple(replace(plan.harvest[0], id=f"X-{n}", support=Support.CONSENSUS if n else Support.DIVIDED)
                    for n in range(30_000))
    config = SimpleNamespace(days=plan.days, frames=plan.frames)
    share = figures(config, harvest, plan.budget, plan.participants, plan.organisations).consensus_share
    assert share == Decimal(29_999) / 30_000 and percent(share) == "99,997%"


def skeptic_case() -> dict:
    """200 harvest items, 199 of them with consensus, and an item outside the frames merged with one on the
    follow-up agenda (D2-03 with D1-03)."""
    case = copy.deepcopy(small_case())
    for rel in ("oogst/dag-1.xlsx", "oogst/dag-2.xlsx"):
        header, *rows = case[rel]["Oogst"]
        for row in rows:
            row[header.index("Draagvlak")] = "verdeeld" if row[0] == "D2-02" else "consensus"
    rows = case["oogst/dag-2.xlsx"]["Oogst"]
    rows.append(["D2-03", 2, None, "Geld", "Nog eens tweehonderd plaatsen erbij, voor wie op straat slaapt.",
                 "Stichting Zuid", "voorstel", "consensus", "nee", "samengevoegd", None, "D1-03", None, None])
    rows += [[f"D2-{n:03d}", 2, None, "Werk", f"Punt {n}", "Plenair", "idee", "consensus", "ja", "niet overgenomen",
              None, None, "Al geregeld.", None] for n in range(100, 294)]
    return case


@pytest.fixture(scope="module")
def skeptic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("skeptic")
    build(write_case(skeptic_case(), folder / "inputs"), folder / "build", pdf=False)
    return folder / "build"


def test_199_of_200_with_consensus_is_not_100_percent(skeptic):
    assert "Zij brachten 200 punten in; over 99,5% was consensus." in docx_plain(skeptic / PROPOSAL)
    assert "over 99,5% daarvan was iedereen het eens." in docx_plain(skeptic / CONCEPT)


MERGED_WHERE = ("samengevoegd met D1-03 (‘Meer plaatsen’), een punt over hetzelfde; dat punt staat op de "
                "vervolgagenda: Buiten het kader van 100 plaatsen.")


@pytest.mark.parametrize("document", [PLAN, CONCEPT])
def test_the_follow_up_agenda_says_what_is_true_of_its_items(skeptic, document):
    text = docx_plain(skeptic / document)
    assert "vallen buiten de kaders van dit plan" not in text
    assert ("Deze punten zijn van belang, maar krijgen in dit plan nog geen uitwerking. Het gesprek erover gaat na "
            "dit plan verder. Per punt staat of het binnen de kaders van dit plan valt.") in text
    table = table_under(skeptic / document, "Bijlage C. Vervolgagenda")
    assert table == [["ID", "Inbreng", "Ingebracht door", "Binnen de kaders", "Wat ermee is gedaan"],
                     ["D1-03", "Meer plaatsen", "Stichting Noord", "nee",
                      "vervolgagenda: Buiten het kader van 100 plaatsen."],
                     ["D2-03", "Nog eens tweehonderd plaatsen erbij, voor wie op straat slaapt.", "Stichting Zuid",
                      "nee", MERGED_WHERE]]


def test_a_follow_up_item_within_the_frames_is_marked_so(tmp_path):
    case = small_case()
    case["oogst/dag-1.xlsx"]["Oogst"][3][8] = "ja"  # D1-03: within the frames, on the follow-up agenda all the same
    build(write_case(case, tmp_path / "inputs"), tmp_path / "build", pdf=False)
    assert table_under(tmp_path / "build" / PLAN, "Bijlage C. Vervolgagenda")[1][3] == "ja"


def test_a_merged_item_is_explained_wherever_its_outcome_is_shown(skeptic):
    accounting = {row[0]: row[-1] for row in table_under(skeptic / PLAN, "Bijlage E. Verantwoording van alle inbreng")}
    assert accounting["D2-03"] == MERGED_WHERE
    assert accounting["D1-02"] == ("samengevoegd met D1-01 (‘Kleine locaties’), een punt over hetzelfde; "
                                   "dat punt is overgenomen in hoofdstuk 2 Opvang")
    own = table_under(skeptic / "review" / "organisaties" / "stichting-zuid.docx", "Uw inbreng")
    assert ["D2-03", "Nog eens tweehonderd plaatsen erbij, voor wie op straat slaapt.", MERGED_WHERE] in own
    rows = openpyxl.load_workbook(skeptic / "intern" / "verantwoording.xlsx").active.iter_rows(values_only=True)
    assert MERGED_WHERE in next(r for r in rows if r[0] == "D2-03")


def _amount_cells(table: list[list[str]]) -> list[str]:
    return [c for row in table[1:] for c in row if c.startswith("€ ")]


def _one_format(table: list[list[str]]) -> bool:
    cells = _amount_cells(table)
    return len({bool(re.search(r",\d\d$", c)) for c in cells}) == 1


def test_a_budget_table_shows_every_amount_in_one_format(built):
    """The sample has cents in some amounts: every amount of every budget table then shows cents."""
    tables = tables_under(built / PROPOSAL, FINANCE)[:2] + tables_under(built / PLAN, ANNEX_BUDGET)[:3]
    for table in tables:
        assert _one_format(table) and all(re.search(r",\d\d$", c) for c in _amount_cells(table)), table
    categories = tables_under(built / PROPOSAL, FINANCE)[0]
    assert categories[2] == ["Begeleiding", "€ 300.000,00", "€ 350.000,25", "€ 650.000,25"]
    frames = {r[0]: r[1:3] for r in table_under(built / PROPOSAL, "Toets aan de kaders")[1:]}
    assert frames["Budget 2022"] == ["€ 1.200.000,00", "€ 850.000,25"]


def test_a_budget_without_cents_shows_none(skeptic):
    for table in tables_under(skeptic / PROPOSAL, FINANCE)[:2] + tables_under(skeptic / PLAN, ANNEX_BUDGET)[:3]:
        assert _amount_cells(table) and not any("," in c for c in _amount_cells(table)), table


def fractions_case() -> dict:
    """The document case with three cost lines of =1000/3 in 2022 (Beveiliging's € 1.000 spread over them),
    the adviser's =SOM totals, and a funding total labelled as the proposal labels it: 'Totaal dekking'."""
    case = document_case()
    lasten = case["begroting.xlsx"]["Lasten"]
    lasten[3][4] = 0
    lasten[1][4] = 499_000
    lasten[4:4] = [[f"Schoonmaak {n}", "Schoonmaak", None, 0, "=1000/3", None] for n in (1, 2, 3)]
    lasten[-1] = ["Totaal", None, None, "=SUM(D2:D7)", "=SUM(E2:E7)", None]
    case["begroting.xlsx"]["Dekking"].append(["Totaal dekking", "=SUM(B2:B3)", "=SUM(C2:C3)", None])
    return case


@pytest.fixture(scope="module")
def fractions(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fractions")
    inputs = write_case(fractions_case(), folder / "inputs")
    third = 1000 / 3
    with_cached_values(inputs / "begroting.xlsx", {
        **{("Lasten", f"E{r}"): third for r in (5, 6, 7)},
        ("Lasten", "D8"): 712_345.5, ("Lasten", "E8"): 499_000 + 350_000.25 + third + third + third,
        ("Dekking", "B4"): 712_345.5, ("Dekking", "C4"): 850_000.25})
    build(inputs, folder / "build", pdf=False)
    return folder / "build"


def test_fractions_of_a_cent_build_and_show_as_in_excel(fractions):
    categories, funding = tables_under(fractions / PROPOSAL, FINANCE)[:2]
    assert categories[-1] == ["Totaal lasten", "€ 712.345,50", "€ 850.000,25", "€ 1.562.345,75"]
    assert ["Schoonmaak", "€ 0,00", "€ 1.000,00", "€ 1.000,00"] in categories
    posts = tables_under(fractions / PLAN, ANNEX_BUDGET)[2]
    assert [r[2] for r in posts if r[0].startswith("Schoonmaak")] == ["€ 333,33"] * 3


def test_a_totaal_dekking_row_is_not_a_source_of_funding(fractions):
    funding = tables_under(fractions / PROPOSAL, FINANCE)[1]
    assert [r[0] for r in funding] == ["Bron", "Gemeente", "Rijk", "Totaal dekking"]
    assert funding[-1][1:] == ["€ 712.345,50", "€ 850.000,25", "€ 1.562.345,75"]
    alt = _images(fractions / PROPOSAL)[0][0]
    assert "2022: kader € 1.200.000,00, lasten € 850.000,25, dekking € 850.000,25." in alt


# --- the chart ----------------------------------------------------------------------------------------

def _images(path: Path) -> list[tuple[str, bytes]]:
    """(alt text, image bytes) of every drawing in the body."""
    parts = zip_parts(path)
    doc = etree.fromstring(parts["word/document.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/document.xml.rels"])}
    found = []
    for drawing in doc.iter(f"{{{W}}}drawing"):
        pr = drawing.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
        blip = drawing.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        target = rels[blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")]
        found.append((pr.get("descr", ""), parts["word/" + target]))
    return found


def test_the_proposal_has_the_budget_chart_with_alt_text(built):
    images = _images(built / PROPOSAL)
    assert len(images) == 1
    alt, png = images[0]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert alt.startswith("Staafdiagram van de begroting per jaar.")
    assert "2021: kader € 1.000.000,00, lasten € 712.345,50, dekking € 712.345,50." in alt
    assert "Figuur: lasten en dekking per jaar tegenover het kader." in paragraphs(built / PROPOSAL)


def test_the_concept_has_the_outcome_chart_with_alt_text(built):
    images = _images(built / CONCEPT)
    assert len(images) == 1
    alt, png = images[0]
    assert png.startswith(b"\x89PNG")
    assert alt == ("Staafdiagram: wat er is gedaan met alle 5 inbrengpunten. overgenomen: 1; deels overgenomen: 1; "
                   "samengevoegd: 1; vervolgagenda: 1; niet overgenomen: 1.")


def test_every_image_in_every_document_has_alt_text(built):
    for path in sorted(built.rglob("*.docx")):
        assert all(alt.strip() for alt, _ in _images(path)), path


# --- house style of the merged Markdown -------------------------------------------------------------

def _paragraph_styles(path: Path) -> dict[str, str]:
    """Paragraph text -> style id, for the body."""
    return {text: style for kind, style, text in body_blocks(path) if kind == "p" and text}


def _style_names(path: Path) -> dict[str, str]:
    styles = etree.fromstring(zip_parts(path)["word/styles.xml"])
    return {s.get(f"{{{W}}}styleId"): s.find(f"{{{W}}}name").get(f"{{{W}}}val")
            for s in styles.findall(f"{{{W}}}style")}


def _style_xml(path: Path, style_id: str) -> bytes:
    styles = etree.fromstring(zip_parts(path)["word/styles.xml"])
    style = styles.find(f"w:style[@w:styleId='{style_id}']", {"w": W})
    assert style is not None, f"{path.name} has no style {style_id}"
    return etree.tostring(style, method="c14n")


@pytest.mark.parametrize("document,template", [(PLAN, "uitvoeringsplan.docx"), (CONCEPT, "concept.docx")])
def test_merged_markdown_carries_the_house_style(built, document, template):
    styles = _paragraph_styles(built / document)
    names = _style_names(built / document)
    expected = {"Dit plan regelt de opvang.": "First Paragraph", "punt een": "Compact", "punt twee": "Compact",
                "Aanpak": "heading 2", "Eerste alinea.": "First Paragraph", "Tweede alinea.": "Body Text",
                "1. Inleiding": "heading 1"}
    assert {text: names[styles[text]] for text in expected} == expected
    for text in expected:  # the house style's own definitions, not pandoc's defaults
        assert _style_xml(built / document, styles[text]) == _style_xml(TEMPLATES / template, styles[text]), text


def test_proposal_prose_is_in_house_style(built):
    styles = _paragraph_styles(built / PROPOSAL)
    names = _style_names(built / PROPOSAL)
    assert names[styles["Het college wil een nieuwe aanpak."]] == "First Paragraph"
    assert names[styles["Daarom dit plan."]] == "Body Text"
    assert names[styles["Bestuurlijke achtergrond"]] == "heading 1"


def test_accessible_documents_language_title_and_header_rows(built):
    for path in sorted(built.rglob("*.docx")):
        parts = zip_parts(path)
        assert core_properties(path)["title"], path
        assert core_properties(path)["language"] == "nl-NL", path
        assert b'w:val="nl-NL"' in parts["word/styles.xml"], path
        doc = etree.fromstring(parts["word/document.xml"])
        for tbl in doc.iter(f"{{{W}}}tbl"):
            first = tbl.find(f"{{{W}}}tr")
            assert first.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None, (path.name, "".join(first.itertext()))


# --- the confidential attachment only when there is confidential content ------------------------------

def _without_confidential(case: dict, locations: bool, advice: bool) -> dict:
    case = copy.deepcopy(case)
    if not locations:
        case["begroting.xlsx"]["Locaties"] = case["begroting.xlsx"]["Locaties"][:1]
    if not advice:
        for rows in case["adviezen.xlsx"].values():
            for row in rows[1:]:
                row[rows[0].index("Vertrouwelijk")] = "nee"
    if not (locations or advice):  # no secrecy to impose either
        case["voordracht.toml"] = re.sub(r'\[\[besluit\]\]\ntekst = "geheimhouding[^\n]*\n', "", case["voordracht.toml"])
    return case


@pytest.mark.parametrize("locations,advice", [(False, False), (True, False), (False, True)])
def test_the_confidential_attachment_is_there_only_with_confidential_content(case, tmp_path, locations, advice):
    out = tmp_path / "build"
    result = build(write_case(_without_confidential(case, locations, advice), tmp_path / "inputs"), out, pdf=False)
    expected = locations or advice
    assert (CONFIDENTIAL in result.files) == expected
    assert (out / "vertrouwelijk").exists() == expected
    text = "\n".join(paragraphs(out / PROPOSAL))
    attachments = [t for t in paragraphs(out / PROPOSAL) if t.startswith("Bijlage ")]
    if expected:
        assert "Bij deze voordracht hoort een vertrouwelijke bijlage" in text
        assert "geheimhouding op te leggen (besluitpunt 3; artikel 25 Gemeentewet)" in text  # the decision point
        assert attachments[-1].startswith("Bijlage 2: Vertrouwelijke bijlage") and attachments[-1].endswith("(geheim)")
        confidential = "\n".join(paragraphs(out / CONFIDENTIAL))
        assert ("Kerkstraat 1" in confidential) == locations
        assert ("Let op de opzegtermijn." in confidential) == advice
    else:
        assert "Bij deze voordracht hoort geen vertrouwelijke informatie." in text
        assert attachments == ["Bijlage 1: Uitvoeringsplan opvang"]


# --- text exactly as typed ----------------------------------------------------------------------------

NASTY = " & a<b>c {{ x }} {% if %} {_{ %} }_} {%- raw %} {# c #} 😀👍🏽 مرحبا بالعالم שלום עולם\ntweede regel"
LONG = ("<Lang & {{ x }} {% if %} {_{ %} " * 1200)[:32767 - len("EINDE")] + "EINDE"
assert len(LONG) == 32767


def nasty(tag: str) -> str:
    return tag + NASTY


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string


def injection_case() -> tuple[dict, dict[str, tuple[str, tuple[str, ...]]]]:
    """A case with a nasty value in every free-text cell; returns it with
    {field: (value, documents that show the field)}. 'O' stands for the organisation's own copy."""
    case = copy.deepcopy(small_case())
    org_a, org_b = nasty("OrgA"), nasty("OrgB")
    shown: dict[str, tuple[str, tuple[str, ...]]] = {}

    def put(field: str, value: str, docs: tuple[str, ...]) -> str:
        shown[field] = (value, docs)
        return value

    toml = TOML
    for key, docs in (("onderwerp", (PROPOSAL, PLAN, CONCEPT, CONFIDENTIAL, "O")),
                      ("portefeuille", (PROPOSAL,)), ("portefeuillehouder", (PROPOSAL,)),
                      ("behandeld_door", (PROPOSAL,)), ("agendapunt", (PROPOSAL,)),
                      ("registratienummer", (PROPOSAL,))):  # review.contact must be an e-mail address
        line = f"{key} = {toml_string(put(key, nasty(key), docs))}"
        toml = re.sub(rf'^{key} = ".*"$', lambda _: line, toml, count=1, flags=re.M)
    review = (PROPOSAL, CONCEPT, "O")
    for typed, field, value, docs in (
            ('thema = "Verkennen"', "werkdag.thema", nasty("Dag"), review),
            ('tekst = "in te stemmen met het Uitvoeringsplan opvang;"', "besluit", nasty("Besluit"), (PROPOSAL,)),
            ('stap = "Besluit college van B&W"', "vervolgstap.stap", nasty("Stap"), review),
            ('toelichting = "Het college besluit over het plan."', "vervolgstap.toelichting", nasty("Uitleg"), review)):
        toml = toml.replace(typed, f"{typed.split(' = ')[0]} = {toml_string(put(field, value, docs))}")
    assert toml.count("tweede regel") == 10, toml
    case["voordracht.toml"] = toml
    case["tekst/plan/01-inleiding.md"] = ("# Inleiding & {{ x }} {% if %} {_{ %} 😀 שלום\n\n"
                                          "Tekst met {{ x }} en {% if %} en {_{ en %} en a & b < c > d.\n")

    day1 = case["oogst/dag-1.xlsx"]["Oogst"]
    h = day1[0]
    day1[1][h.index("Inbreng")] = put("Inbreng", LONG, (PLAN, CONCEPT, "O"))
    day1[1][h.index("Ingebracht door")] = org_a
    day1[1][h.index("Thema")] = put("Thema", nasty("Thema"), ("xlsx",))
    day1[1][h.index("Sessie")] = put("Sessie", nasty("Sessie"), ("xlsx",))
    day1[1][h.index("Interne notitie")] = put("Interne notitie", nasty("Notitie"), ("xlsx",))
    day1[2][h.index("Ingebracht door")] = org_b
    day1[2][h.index("Inbreng")] = put("Inbreng 2", nasty("Inbreng"), (PLAN, CONCEPT, "O"))
    day1[3][h.index("Ingebracht door")] = org_a
    day1[3][h.index("Toelichting")] = put("Toelichting", nasty("Toelichting"), (PLAN, CONCEPT, "O"))
    day2 = case["oogst/dag-2.xlsx"]["Oogst"]
    day2[1][h.index("Toelichting")] = put("Toelichting lang", LONG.replace("EINDE", "SLOT!"), (PLAN, CONCEPT))
    day2[2][h.index("Ingebracht door")] = org_b

    budget = case["begroting.xlsx"]
    budget["Lasten"][1][0] = put("Post", nasty("Post"), (PLAN, CONCEPT))
    budget["Lasten"][1][1] = put("Categorie", nasty("Categorie"), (PROPOSAL, PLAN, CONCEPT))
    budget["Lasten"][2][5] = put("Lasten.Toelichting", nasty("Lastenuitleg"), (PLAN, CONCEPT))
    budget["Dekking"][1][0] = put("Bron", nasty("Bron"), (PROPOSAL, PLAN, CONCEPT))
    budget["Dekking"][2][3] = put("Dekking.Toelichting", nasty("Dekkinguitleg"), ("json",))
    budget["Locaties"][1][0] = put("Locatie", nasty("Locatie"), (CONFIDENTIAL,))
    budget["Locaties"][1][1] = put("Stadsdeel", nasty("Stadsdeel"), (PLAN, CONCEPT, CONFIDENTIAL))
    budget["Locaties"][2][3] = put("Doelgroep", nasty("Doelgroep"), (PLAN, CONCEPT, CONFIDENTIAL))

    legal = case["adviezen.xlsx"]["Juridisch"]
    legal[1][1] = put("Onderwerp", nasty("Onderwerp"), (PROPOSAL,))
    legal[1][2] = put("Advies", LONG.replace("EINDE", "SLOTA"), (PROPOSAL,))
    legal[2][1] = put("Onderwerp vertrouwelijk", nasty("Geheim onderwerp"), (CONFIDENTIAL,))
    legal[2][2] = put("Advies vertrouwelijk", nasty("Geheim advies"), (CONFIDENTIAL,))
    legal[2][6] = put("Adviseur", nasty("Adviseur"), ("json",))  # internal only

    people = case["deelnemers.xlsx"]["Deelnemers"]
    people[1][0] = put("Naam", nasty("Anne"), (CONCEPT, "O"))
    people[1][1] = org_a
    people[2][1] = org_b
    people[3][1] = org_b
    put("Organisatie A", org_a, (PLAN, CONCEPT, "O"))
    put("Organisatie B", org_b, (PLAN, CONCEPT, "O"))
    return case, shown


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    case, shown = injection_case()
    folder = tmp_path_factory.mktemp("injection")
    result = build(write_case(case, folder / "inputs"), folder / "build", pdf=False)
    return folder / "build", result, shown


def _document_text(path: Path) -> str:
    return "\n\n".join(paragraphs(path))


def test_every_document_opens(injected):
    out, result, _ = injected
    for path in sorted(out.rglob("*.docx")):
        document = docx.Document(str(path))
        assert document.paragraphs, path
    openpyxl.load_workbook(out / "intern" / "verantwoording.xlsx")
    json.loads((out / "intern" / "plan.json").read_text(encoding="utf-8"))


def test_every_free_text_cell_comes_out_exactly_as_typed(injected):
    out, result, shown = injected
    copies = sorted((out / "review" / "organisaties").glob("*.docx"))
    assert len(copies) == 2
    texts = {p.relative_to(out).as_posix(): _document_text(p) for p in out.rglob("*.docx")}
    rows = [[("" if c is None else str(c)) for c in r]
            for r in openpyxl.load_workbook(out / "intern" / "verantwoording.xlsx").active.iter_rows(values_only=True)]
    cells = {c for r in rows for c in r}
    plan_json = (out / "intern" / "plan.json").read_text(encoding="utf-8")
    strings = set(_json_strings(json.loads(plan_json)))
    missing = []
    for field, (value, docs) in shown.items():
        for doc in docs:
            if doc == "O":
                targets = [p.relative_to(out).as_posix() for p in copies]
            elif doc in ("xlsx", "json"):
                targets = []
            else:
                targets = [doc]
            for target in targets:
                if value not in texts[target]:
                    missing.append(f"{field} not in {target}")
        if doc == "xlsx" and value not in cells:
            missing.append(f"{field} not in verantwoording.xlsx")
        if not any(value in s for s in strings):
            missing.append(f"{field} not in plan.json")
    assert missing == []


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def test_the_long_cell_is_not_truncated(injected):
    out, _, shown = injected
    for doc in (PLAN, CONCEPT):
        cells = [c for b in body_blocks(out / doc) if b[0] == "tbl" for r in b[2] for c in r]
        assert LONG in cells, doc
    assert shown["Advies"][0] in [c for b in body_blocks(out / PROPOSAL) if b[0] == "tbl" for r in b[2] for c in r]


def test_input_text_reaches_headers_and_properties_as_typed(injected):
    out, _, shown = injected
    subject = shown["onderwerp"][0]
    for path in sorted(out.rglob("*.docx")):
        if not path.relative_to(out).as_posix().startswith("review/"):  # the review set's header says CONCEPT
            headers = ["\n".join(paragraphs(path, n)) for n in zip_parts(path) if n.startswith("word/header")]
            assert any(subject in h for h in headers), path
        assert subject in core_properties(path)["title"], path


def test_an_organisation_name_reaches_its_copy_as_typed(injected):
    out, _, shown = injected
    covers = set()
    for path in (out / "review" / "organisaties").glob("*.docx"):
        assert re.fullmatch(r"[a-z0-9-]+\.docx", path.name)
        covers |= {t.removeprefix("Exemplaar voor ") for t in paragraphs(path) if t.startswith("Exemplaar voor ")}
    assert covers == {shown["Organisatie A"][0], shown["Organisatie B"][0]}


def test_template_code_in_markdown_is_printed_not_run(injected):
    out, _, _ = injected
    text = _document_text(out / PLAN)
    assert "1. Inleiding & {{ x }} {% if %} {_{ %} 😀 שלום" in text
    assert "Tekst met {{ x }} en {% if %} en {_{ en %} en a & b < c > d." in text


def test_the_injected_documents_are_valid_ooxml(injected):
    require("ooxml-validate")
    out, _, _ = injected
    paths = sorted(out.rglob("*.docx")) + sorted(out.rglob("*.xlsx"))
    errors = {p.relative_to(out).as_posix(): e for p, e in ooxml_errors_many(paths).items() if e}
    assert errors == {}


# --- same inputs, same bytes ----------------------------------------------------------------------

def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli_build(inputs: Path, out: Path, seed: str, tz: str, *extra: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed, "TZ": tz}
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out", str(out),
                           *extra], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("which", ["small", "injection"])
def test_two_builds_in_other_folders_processes_and_time_zones_give_identical_bytes(which, tmp_path):
    case = small_case() if which == "small" else injection_case()[0]
    one = write_case(case, tmp_path / "a" / "inputs")
    two = write_case(case, tmp_path / "b" / "elders" / "invoer")
    # the PDFs' bytes under other folders, hash seeds, locales and time zones: test_pdf's five builds at once
    _cli_build(one, tmp_path / "a" / "build", "1", "UTC", "--no-pdf")
    time.sleep(1.1)  # another second on the clock
    _cli_build(two, tmp_path / "b" / "out", "2", "Pacific/Auckland", "--no-pdf")
    first, second = tree(tmp_path / "a" / "build"), tree(tmp_path / "b" / "out")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert {n.rsplit(".", 1)[1] for n in first} >= {"docx", "xlsx", "json", "txt"}


# --- a failed or killed build leaves the previous build as it was ------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder with its bytes and modification time, and every folder."""
    found: dict[str, tuple[bytes, int]] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        found[rel] = (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else (b"<dir>", 0)
    return found


@pytest.fixture
def previous(case, tmp_path) -> tuple[Path, Path, dict]:
    """An input folder, a finished build of it, and that build's snapshot; the inputs then change
    (a new decision text), so a build that got through would differ."""
    inputs = write_case(case, tmp_path / "inputs")
    out = tmp_path / "build"
    build(inputs, out, pdf=False)
    before = snapshot(out)
    toml = (inputs / "voordracht.toml").read_text(encoding="utf-8")
    (inputs / "voordracht.toml").write_text(toml.replace("kennis te nemen", "nota te nemen"), encoding="utf-8")
    return inputs, out, before


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.new-"))


@pytest.mark.parametrize("step", ["render_review", "render_plan", "render_proposal", "plan_json", "accounting_workbook"])
def test_a_failing_render_step_leaves_the_previous_build(previous, monkeypatch, step):
    inputs, out, before = previous

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(pipeline.build, step, broken)
    with pytest.raises(RuntimeError, match="kapot"):
        build(inputs, out, pdf=False)
    assert snapshot(out) == before
    assert _leftovers(out) == []


@pytest.mark.parametrize("where", ["write", "fsync", "pdf", "swap"])
def test_a_failure_while_writing_leaves_the_previous_build(previous, monkeypatch, where):
    inputs, out, before = previous

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "write":  # the disk fills up halfway through the files
        real, count = Path.write_bytes, []

        def write_bytes(self, data):
            count.append(self)
            if len(count) == 4:
                broken()
            return real(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
    elif where == "fsync":
        monkeypatch.setattr(pipeline.writing, "_fsync_tree", broken)
    elif where == "pdf":
        monkeypatch.setattr(pipeline.build, "soffice_available", lambda: True)
        monkeypatch.setattr(pipeline.build, "convert_to_pdf", broken)
    else:
        monkeypatch.setattr(pipeline.writing, "_exchange", broken)
    with pytest.raises(OSError):
        build(inputs, out, pdf=where == "pdf")
    assert snapshot(out) == before
    monkeypatch.undo()
    build(inputs, out, pdf=False)  # the next build succeeds, with the change, and clears what was left
    assert "nota te nemen" in "\n".join(paragraphs(out / PROPOSAL))
    assert _leftovers(out) == []


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import pipeline.build, pipeline.writing
    flag = Path({flag!r})
    target, attribute = {{"render": (pipeline.build, "render_proposal"),
                         "write": (pipeline.writing, "_fsync_tree")}}[{stage!r}]
    real = getattr(target, attribute)
    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        flag.write_text("now")
        time.sleep(120)
        return result
    setattr(target, attribute, slow)
    pipeline.build.build(Path({inputs!r}), Path({out!r}), pdf=False)
""")


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.parametrize("stage", ["render", "write"])
def test_a_build_killed_halfway_leaves_the_previous_build(previous, tmp_path, stage):
    inputs, out, before = previous
    flag = tmp_path / "flag"
    script = CHILD.format(root=str(ROOT), flag=str(flag), stage=stage, inputs=str(inputs), out=str(out))
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        _wait_for(lambda: flag.exists() or child.poll() is not None)
        assert child.poll() is None, "the build ended before it could be killed"
        if stage == "write":  # the new build is complete in its staging folder, not yet swapped in
            assert _leftovers(out) != []
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    build(inputs, out, pdf=False)
    assert _leftovers(out) == []
    assert "nota te nemen" in "\n".join(paragraphs(out / PROPOSAL))


def _processes_using(path: Path) -> list[int]:
    """Processes (LibreOffice, left without their parent) whose command line names `path`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(path) in cmdline:
            found.append(int(proc.name))
    return found


def _converting_for(pid: int) -> list[str]:
    """The LibreOffice profiles (`plan-a-soffice-*` folders) of conversions that process `pid` runs now."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid and "--convert-to" in cmdline:
            found += [arg.split("file://", 1)[1] for arg in cmdline if arg.startswith("-env:UserInstallation=")]
    return found


def test_a_real_build_killed_while_it_makes_pdfs_leaves_the_previous_build(previous):
    require("soffice")
    inputs, out, before = previous
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--inputs", str(inputs), "--out",
                              str(out)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profiles: list[str] = []
    try:
        def converting() -> bool:  # the build has its staging folder and hands LibreOffice its documents
            profiles[:] = _converting_for(child.pid)
            return bool(_leftovers(out) and profiles)
        _wait_for(lambda: converting() or child.poll() is not None)
        assert child.poll() is None, "the build ended before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        for profile in {str(Path(p).parent) for p in profiles}:  # what LibreOffice runs for the killed build
            for pid in _processes_using(Path(profile)):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    assert snapshot(out) == before
    build(inputs, out, pdf=False)
    assert _leftovers(out) == []


def test_inputs_are_never_modified(case, tmp_path):
    inputs = write_case(case, tmp_path / "inputs")
    before = snapshot(inputs)
    build(inputs, tmp_path / "build", pdf=False)
    assert snapshot(inputs) == before
    shutil.rmtree(tmp_path / "build")


# --- public advice numbered on its own (issue 10, item 24) ---------------------------------------------

def test_the_public_advice_table_numbers_without_gaps_and_shows_no_input_ids(built):
    table = table_under(built / PROPOSAL, "Juridische en financiële adviezen")
    assert [row[:2] for row in table] == [["Nr. en soort", "Onderwerp"], ["1\nJuridisch", "Aanbesteding"],
                                          ["2\nFinancieel", "Dekking"]]
    text = "\n".join(paragraphs(built / PROPOSAL))
    assert not re.search(r"\b[JF]-\d", text)  # J-2 is confidential: J-1 and F-1 would show the gap
