"""Issue 4's leak test: confidential values never reach college/ or review/, in no part of any file.

Every confidential field of PRODUCT.md's list gets a unique marker. The whole set is built (with PDFs
where LibreOffice is installed) and every byte of every unzipped part of every file under college/ and
review/ is searched, plus the XML text with character references resolved and, for PDFs, their text
and decompressed streams. Each marker must still be present in vertrouwelijk/ or intern/, and routing
one confidential field into a public template must make the same check fail.
"""
from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest

import pipeline.build
import pipeline.render_review
import pipeline.views
from casebuilder import small_case, write_case
from clients import pdf_text, require
from docx_text import find_leaks, markers_found, paragraphs
from pipeline.audience import Audience
from pipeline.build import build
from pipeline.charts import Chart
from pipeline.pdf import soffice_available
from pipeline.views import NamedParticipant, PublicAdvice

NOTES = [f"ZQNOTE{n:02d}Q" for n in range(1, 6)]
OPEN_NOTE = "ZQNOTE06Q"  # the note of the open item of the review build
LOCATIONS = ["ZQLOCA01Q", "ZQLOCA02Q"]
CONFIDENTIAL_ADVICE = {  # every field of the rows with Vertrouwelijk = ja
    "J-2": ("ZQCID01Q", "ZQCSUB01Q", "ZQCTXT01Q", "ZQCADV01Q"),
    "F-2": ("ZQCID02Q", "ZQCSUB02Q", "ZQCTXT02Q", "ZQCADV02Q"),
}
PUBLIC_ADVISERS = ["ZQPADV01Q", "ZQPADV02Q"]  # Adviseur is internal also on public rows
EMAILS = ["zqmail01q", "zqmail02q", "zqmail03q", "zqmail04q"]
UNNAMED = ["ZQNAME01Q", "ZQNAME02Q"]  # participants without consent
MARKERS = (NOTES + LOCATIONS + [m for row in CONFIDENTIAL_ADVICE.values() for m in row] + PUBLIC_ADVISERS
           + EMAILS + UNNAMED)
PUBLIC_FOLDERS = ("college", "review")
PRIVATE_FOLDERS = ("vertrouwelijk", "intern")


def marked_case(open_item: bool = False) -> dict:
    """The small case with a unique marker in every confidential field."""
    case = copy.deepcopy(small_case())
    notes = iter(NOTES)
    for rel in ("oogst/dag-1.xlsx", "oogst/dag-2.xlsx"):
        rows = case[rel]["Oogst"]
        note = rows[0].index("Interne notitie")
        for row in rows[1:]:
            row[note] = f"Bel eerst {next(notes)} terug"
    if open_item:  # an item still open, with its own note, for the review build
        rows = case["oogst/dag-2.xlsx"]["Oogst"]
        rows.append(["D2-03", 2, None, "Geld", "Nog open punt", "Stichting Noord", "vraag", "breed", "ja",
                     None, None, None, None, f"Nog doen: {OPEN_NOTE}"])
    locations = case["begroting.xlsx"]["Locaties"]
    locations[1][0] = f"Kerkstraat 1 {LOCATIONS[0]}"
    locations[2][0] = f"{LOCATIONS[1]}, Dijkweg 9"
    legal = case["adviezen.xlsx"]["Juridisch"]
    financial = case["adviezen.xlsx"]["Financieel"]
    legal[2] = [CONFIDENTIAL_ADVICE["J-2"][0], f"Huurcontract {CONFIDENTIAL_ADVICE['J-2'][1]}",
                f"Let op de opzegtermijn {CONFIDENTIAL_ADVICE['J-2'][2]}.", "akkoord onder voorwaarden", "opvang",
                "ja", f"mr. {CONFIDENTIAL_ADVICE['J-2'][3]}"]
    financial.append([CONFIDENTIAL_ADVICE["F-2"][0], f"Risico {CONFIDENTIAL_ADVICE['F-2'][1]}",
                      f"Reserveer {CONFIDENTIAL_ADVICE['F-2'][2]}.", "niet akkoord", None, "ja",
                      f"drs. {CONFIDENTIAL_ADVICE['F-2'][3]}"])
    legal[1][6] = f"mr. {PUBLIC_ADVISERS[0]}"
    financial[1][6] = f"drs. {PUBLIC_ADVISERS[1]}"
    people = case["deelnemers.xlsx"]["Deelnemers"]
    people[1][2] = f"{EMAILS[0]}@example.org"
    people[2] = [f"Piet {UNNAMED[0]}", "Stichting Zuid", f"{EMAILS[1]}@example.org", "nee", "ja"]
    people[3][2] = f"{EMAILS[2]}@example.org"
    people.append([f"Jan {UNNAMED[1]}", "Stichting Noord", f"{EMAILS[3]}@example.org", "nee", "nee"])
    return case


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The marked case, built once for the module; with PDFs where LibreOffice is installed."""
    folder = tmp_path_factory.mktemp("leaks")
    inputs = write_case(marked_case(), folder / "inputs")
    build(inputs, folder / "build", pdf=soffice_available())
    return folder / "build"


@pytest.fixture(scope="module")
def marked_inputs(tmp_path_factory) -> Path:
    return write_case(marked_case(), tmp_path_factory.mktemp("marked") / "inputs")


def test_the_build_has_every_public_and_private_document(built):
    names = {p.relative_to(built).as_posix() for p in built.rglob("*.docx")}
    assert {"college/voordracht.docx", "college/bijlage-uitvoeringsplan.docx",
            "review/concept-uitvoeringsplan.docx", "review/organisaties/stichting-noord.docx",
            "review/organisaties/stichting-zuid.docx", "vertrouwelijk/bijlage-vertrouwelijk.docx"} <= names


def test_no_marker_in_any_part_of_any_file_under_college_or_review(built):
    assert find_leaks(built, MARKERS, PUBLIC_FOLDERS) == []


def test_every_marker_is_still_in_the_confidential_attachment_or_the_internal_files(built):
    assert markers_found(built, MARKERS, PRIVATE_FOLDERS) == set(MARKERS)


def test_locations_and_confidential_advice_are_in_the_confidential_attachment(built):
    expected = set(LOCATIONS) | {m for row in CONFIDENTIAL_ADVICE.values() for m in row[:3]}
    assert markers_found(built, expected, ("vertrouwelijk",)) == expected


def test_advisers_stay_internal_also_under_secrecy(built):
    advisers = set(PUBLIC_ADVISERS) | {row[3] for row in CONFIDENTIAL_ADVICE.values()}
    assert markers_found(built, advisers, ("vertrouwelijk",)) == set()
    assert markers_found(built, advisers, ("intern",)) == advisers


def test_the_public_parts_of_the_same_rows_are_there(built):
    """The check is not passing because the rows vanished: their public fields are printed."""
    text = "\n".join(paragraphs(built / "college" / "voordracht.docx"))
    assert "Aanbesteding" in text and "Geen bezwaar." in text  # the public advice, without its adviser
    concept = "\n".join(paragraphs(built / "review" / "concept-uitvoeringsplan.docx"))
    assert "Centrum" in concept and "Noord" in concept  # the districts, without the addresses
    assert "Anne de Vries" in concept  # a participant who consented is named
    assert "Twee deelnemers worden niet bij naam genoemd" in concept or \
           "2 deelnemers worden niet bij naam genoemd" in concept


def test_the_pdfs_were_searched_too(built):
    require("soffice")
    require("pdftotext")
    pdfs = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.pdf"))
    assert "review/concept-uitvoeringsplan.pdf" in pdfs and "college/voordracht.pdf" in pdfs
    assert len(pdfs) == len(list(built.rglob("*.docx")))
    assert "Stichting Noord" in pdf_text(built / "review" / "concept-uitvoeringsplan.pdf")
    # the PDF scan sees confidential text where it belongs
    assert LOCATIONS[0] in pdf_text(built / "vertrouwelijk" / "bijlage-vertrouwelijk.pdf")
    assert find_leaks(built, MARKERS, PUBLIC_FOLDERS) == []


def test_the_review_build_with_an_open_item_leaks_nothing(tmp_path):
    inputs = write_case(marked_case(open_item=True), tmp_path / "inputs")
    build(inputs, tmp_path / "build", Audience.REVIEW, pdf=False)
    assert (tmp_path / "build" / "review" / "concept-uitvoeringsplan.docx").exists()
    assert "in behandeling" in "\n".join(paragraphs(tmp_path / "build" / "review" / "concept-uitvoeringsplan.docx"))
    assert find_leaks(tmp_path / "build", MARKERS + [OPEN_NOTE], ("review",)) == []


# --- the test has teeth: route one confidential field into a public template, and it fails -------------

def _build_with(inputs: Path, out: Path) -> Path:
    build(inputs, out, pdf=False)
    return out


def test_teeth_an_internal_note_in_the_item_text_is_found(marked_inputs, tmp_path, monkeypatch):
    real = pipeline.views.public_view

    def leaky(plan):
        public = real(plan)
        notes = {i.id: i.internal_note for i in plan.harvest}
        harvest = tuple(dataclasses.replace(i, text=f"{i.text} ({notes[i.id]})") if notes[i.id] else i
                        for i in public.harvest)
        return dataclasses.replace(public, harvest=harvest)

    monkeypatch.setattr(pipeline.build, "public_view", leaky)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert any(hit.startswith("review/concept-uitvoeringsplan.docx!word/document.xml") and NOTES[0] in hit
               for hit in leaks), leaks
    assert any(hit.startswith("college/bijlage-uitvoeringsplan.docx!word/document.xml") for hit in leaks), leaks


def test_teeth_an_adviser_routed_into_the_public_advice_is_found(marked_inputs, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.views, "_advice", lambda n, a: PublicAdvice(
        n, a.kind.value, a.subject, f"{a.text} ({a.adviser})", a.status.value, a.chapter))
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"college/voordracht.docx!word/document.xml: {PUBLIC_ADVISERS[0]}" in leaks, leaks


def test_teeth_an_unnamed_participant_in_the_review_set_is_found(marked_inputs, tmp_path, monkeypatch):
    real = pipeline.views.public_view

    def leaky(plan):
        everyone = tuple(NamedParticipant(p.name, p.organisation) for p in plan.participants)
        return dataclasses.replace(real(plan), named_participants=everyone)

    monkeypatch.setattr(pipeline.build, "public_view", leaky)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"review/concept-uitvoeringsplan.docx!word/document.xml: {UNNAMED[0]}" in leaks, leaks
    assert f"review/organisaties/stichting-zuid.docx!word/document.xml: {UNNAMED[0]}" in leaks, leaks


def test_teeth_a_value_in_the_document_properties_is_found(marked_inputs, tmp_path, monkeypatch):
    real = pipeline.render_review.core_properties_xml
    monkeypatch.setattr(pipeline.render_review, "core_properties_xml",
                        lambda title, date: real(f"{title} {EMAILS[0]}@example.org", date))
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"review/organisaties/stichting-noord.docx!docProps/core.xml: {EMAILS[0]}" in leaks, leaks
    assert not any(hit.startswith("college/") for hit in leaks), leaks


def test_teeth_a_value_in_an_alt_text_is_found(marked_inputs, tmp_path, monkeypatch):
    real = pipeline.render_review.outcome_chart
    monkeypatch.setattr(pipeline.render_review, "outcome_chart",
                        lambda figures: Chart(real(figures).png, f"Locatie {LOCATIONS[1]}"))
    out = _build_with(marked_inputs, tmp_path / "build")
    leaks = find_leaks(out, MARKERS, PUBLIC_FOLDERS)
    assert f"review/concept-uitvoeringsplan.docx!word/document.xml: {LOCATIONS[1]}" in leaks, leaks
    # only in an attribute: the body text itself is clean
    assert LOCATIONS[1] not in "\n".join(paragraphs(out / "review" / "concept-uitvoeringsplan.docx"))


def test_teeth_a_pdf_with_a_marker_is_found(built, tmp_path):
    """The PDF branch of the scan finds text the public PDFs would carry: use the confidential one."""
    require("soffice")
    require("pdftotext")
    fake = tmp_path / "review"
    fake.mkdir()
    (fake / "x.pdf").write_bytes((built / "vertrouwelijk" / "bijlage-vertrouwelijk.pdf").read_bytes())
    leaks = find_leaks(tmp_path, MARKERS, ("review",))
    assert f"review/x.pdf (pdftotext): {LOCATIONS[0]}" in leaks, leaks
