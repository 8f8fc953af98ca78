"""Issue 4's leak test: confidential values never reach college/, review/ or terugkoppeling/, in no part of
any file.

Every confidential field of PRODUCT.md's list gets a unique marker. The whole set is built (with PDFs
where LibreOffice is installed), after the review round and the college's decision, and every byte of every
unzipped part of every file under college/, review/ and terugkoppeling/ is searched, plus the XML text with
character references resolved and, for PDFs, their text and decompressed streams. Each marker must still be
present in vertrouwelijk/ or intern/, and routing one confidential field into a public template must make the
same check fail.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.base.problems
import pipeline.build
import pipeline.rendering.mailing
import pipeline.rendering.review
import pipeline.model.public
from casebuilder import changed, small_case, write_case
from clients import pdf_text, require, text_pdf
from docx_text import find_leaks, marker_hits, markers_found, paragraphs
from pipeline.model.audience import Audience
from pipeline.build import build
from pipeline.documents.drafts import Mailbox
from pipeline.documents.templates import Picture
from pipeline.base.errors import InputProblems
from pipeline.checking.leaks import Finder, LeakGuard, Secret
from pipeline.model.plan import Source
from pipeline.documents.pdf import soffice_available
from pipeline.model.public import NamedParticipant, PublicAdvice
from pipeline.checking import check
from pipeline.reading import read_inputs
from pipeline.rendering.plan_json import plan_json

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
REACTION_NOTES = ["ZQRNOTE01Q", "ZQRNOTE02Q"]  # the Interne notitie of a reaction (reacties.xlsx)
# confidential values of the plan as it was sent (inputs/verzonden/plan.json) that are gone since: an item's
# internal note, a location, an adviser; they may reach no output at all
SENT_ONLY = ["ZQSENT01Q", "ZQSENT02Q", "ZQSENT03Q"]
MARKERS = (NOTES + LOCATIONS + [m for row in CONFIDENTIAL_ADVICE.values() for m in row] + PUBLIC_ADVISERS
           + EMAILS + UNNAMED + REACTION_NOTES)
REACTIONS_HEADER = ["ID", "Ontvangen", "Van", "Onderdeel", "Passage", "Reactie", "Bron", "Antwoord", "Gevolg",
                    "Wijziging", "Interne notitie"]
PUBLIC_FOLDERS = ("college", "review", "terugkoppeling")
PRIVATE_FOLDERS = ("vertrouwelijk", "intern")


def marked_case(open_item: bool = False, recorded: bool = True) -> dict:
    """The small case with a unique marker in every confidential field; `recorded`: with the record of the
    concept as sent (inputs/verzonden/) and the day the college decided, so that the nota, the plan with
    tracked changes and the feedback to each organisation (with its e-mail drafts) are built too."""
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
    case["reacties.xlsx"] = {"Reacties": [  # one from a participant without consent, answered
        list(REACTIONS_HEADER),
        ["R-001", dt.datetime(2021, 2, 20), f"Piet {UNNAMED[0]}", "opvang", "Kleine locaties",
         "Graag ook een locatie in Zuid.", "e-mail", "Dat onderzoeken we.", "vervolgagenda", None,
         f"Bel {REACTION_NOTES[0]} terug"],
        ["R-002", dt.datetime(2021, 2, 22), "Stichting Noord", "algemeen", None, "Goed plan.", "brief",
         "Dank u wel.", "ter kennisname", None, f"Eerst {REACTION_NOTES[1]} vragen"]]}
    if recorded:
        case["verzonden/plan.json"] = sent_record("Kleine locaties met toezicht.")
        case["voordracht.toml"] = case["voordracht.toml"].replace('agendapunt = "7"',
                                                                  'agendapunt = "7"\nbesloten = 2021-03-02')
    return case


@functools.cache
def sent_record(chapter: str, consent: bool = False) -> str:
    """verzonden/plan.json of the marked case as it was sent (`make verzenden` records the plan model):
    chapter 2 said `chapter`, D1-02 was still open, and an item's note, a location and an adviser were other
    confidential values than now (SENT_ONLY). With `consent`, Piet ZQNAME01Q then still agreed to be named."""
    case = marked_case(recorded=False)
    case.pop("reacties.xlsx")
    case["tekst/plan/02-opvang.md"] = f"# Opvang\n\n{chapter}\n"
    case = changed(case, "oogst/dag-1.xlsx", "Oogst", 2, "Interne notitie", f"Eerst {SENT_ONLY[0]} bellen")
    case = changed(case, "oogst/dag-1.xlsx", "Oogst", 3, "Verwerking", None)
    case = changed(case, "oogst/dag-1.xlsx", "Oogst", 3, "Samengevoegd met", None)
    case = changed(case, "begroting.xlsx", "Locaties", 3, "Locatie", f"Dijkweg 9 {SENT_ONLY[1]}")
    case = changed(case, "adviezen.xlsx", "Juridisch", 2, "Adviseur", f"mr. {SENT_ONLY[2]}")
    if consent:
        case = changed(case, "deelnemers.xlsx", "Deelnemers", 3, "Naam vermelden", "ja")
    with tempfile.TemporaryDirectory() as tmp:
        plan, _ = check(read_inputs(write_case(case, Path(tmp))), Audience.REVIEW)
    return plan_json(plan).decode("utf-8")


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
            "college/nota-van-beantwoording.docx", "college/uitvoeringsplan-wijzigingen.docx",
            "review/concept-uitvoeringsplan.docx", "review/organisaties/stichting-noord.docx",
            "review/organisaties/stichting-zuid.docx", "vertrouwelijk/bijlage-vertrouwelijk.docx",
            "terugkoppeling/stichting-noord.docx", "terugkoppeling/stichting-zuid.docx"} <= names


def test_no_marker_in_any_part_of_any_file_under_college_or_review(built):
    assert find_leaks(built, MARKERS, PUBLIC_FOLDERS) == []


def test_no_confidential_value_of_the_plan_as_sent_reaches_any_output(built):
    """The record holds the whole plan model as sent; the nota and the plan with tracked changes are made from
    its public view, so its confidential values (gone from the plan since) appear nowhere."""
    assert find_leaks(built, SENT_ONLY, PUBLIC_FOLDERS + PRIVATE_FOLDERS) == []
    assert all(marker in (built.parent / "inputs" / "verzonden" / "plan.json").read_text() for marker in SENT_ONLY)


def test_the_plan_with_tracked_changes_was_searched_with_its_deleted_text(built):
    """The marked case's chapter 2 said 'toezicht' when it was sent: deleted text, also searched."""
    hits = marker_hits(built / "college" / "uitvoeringsplan-wijzigingen.docx", ["toezicht", "begeleiding"], built)
    assert "college/uitvoeringsplan-wijzigingen.docx!word/document.xml: toezicht" in hits, hits
    assert "<w:delText" in zipfile.ZipFile(built / "college" / "uitvoeringsplan-wijzigingen.docx").read(
        "word/document.xml").decode()


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


# --- the e-mail drafts (issue 13): in intern/ only, and each with its own address only ----------------------

DRAFTS = "intern/verzending/concept"
FEEDBACK_DRAFTS = "intern/verzending/terugkoppeling"  # after the decision: each with its organisation's feedback
# the two participants with an address who want a copy: the draft's file name, its address, its name if unnamed
OWN = {"anne-de-vries.eml": {EMAILS[0]}, "piet-zqname01q.eml": {EMAILS[1], UNNAMED[0]}}


def each_drafts_markers(out: Path, folder: str = DRAFTS) -> dict[str, set[str]]:
    """Every confidential marker found in each draft: in its raw bytes, its decoded headers, its text and
    every part of each attachment (the copy or the feedback, and its PDF when there is one)."""
    return {path.name: {hit.rsplit(": ", 1)[1] for hit in marker_hits(path, MARKERS, out)}
            for path in sorted((out / folder).glob("*.eml"))}


def test_the_drafts_are_in_intern_and_no_address_is_in_a_public_folder(built):
    for folder in (DRAFTS, FEEDBACK_DRAFTS):
        assert sorted(p.name for p in (built / folder).glob("*.eml")) == sorted(OWN), folder
        assert markers_found(built, [EMAILS[0], EMAILS[1]], (folder,)) == {EMAILS[0], EMAILS[1]}
    assert not [p for folder in PUBLIC_FOLDERS for p in (built / folder).rglob("*.eml")]
    assert find_leaks(built, EMAILS + UNNAMED, PUBLIC_FOLDERS) == []


@pytest.mark.parametrize("folder", [DRAFTS, FEEDBACK_DRAFTS])
def test_each_draft_holds_only_its_own_address_and_name(built, folder):
    found = each_drafts_markers(built, folder)
    assert found == OWN
    for name, markers in OWN.items():  # its own address in its To header
        (address,) = markers & set(EMAILS)
        hits = marker_hits(built / folder / name, [address], built)
        assert f"{folder}/{name} (headers): {address}" in hits, hits


def test_the_feedback_names_a_participant_without_consent_as_the_organisation(built):
    """Piet ZQNAME01Q's reaction is in the feedback to Stichting Zuid, his name is not: only in his own draft."""
    text = "\n".join(paragraphs(built / "terugkoppeling" / "stichting-zuid.docx"))
    assert "R-001\nStichting Zuid" in text and "Graag ook een locatie in Zuid." in text
    assert find_leaks(built, UNNAMED, ("terugkoppeling",)) == []


def test_teeth_another_address_in_a_draft_is_found_in_the_text_and_in_the_headers(marked_inputs, tmp_path,
                                                                                   monkeypatch):
    real = pipeline.rendering.mailing.draft

    def leaky(sender, recipient, subject, text, attachments, date):
        recipient = Mailbox(f"{recipient.name} ({EMAILS[3]}@example.org)", recipient.address)
        return real(sender, recipient, subject, f"{text}\nKopie: {EMAILS[2]}@example.org", attachments, date)

    monkeypatch.setattr(pipeline.rendering.mailing, "draft", leaky)
    out = _build_with(marked_inputs, tmp_path / "build")
    for folder in (DRAFTS, FEEDBACK_DRAFTS):
        assert each_drafts_markers(out, folder) == {name: markers | {EMAILS[2], EMAILS[3]}
                                                    for name, markers in OWN.items()}
    hits = marker_hits(out / DRAFTS / "anne-de-vries.eml", [EMAILS[3]], out)
    assert f"{DRAFTS}/anne-de-vries.eml (headers): {EMAILS[3]}" in hits, hits


def test_the_review_build_with_an_open_item_leaks_nothing(tmp_path):
    inputs = write_case(marked_case(open_item=True), tmp_path / "inputs")
    build(inputs, tmp_path / "build", Audience.REVIEW, pdf=False)
    assert (tmp_path / "build" / "review" / "concept-uitvoeringsplan.docx").exists()
    assert "in behandeling" in "\n".join(paragraphs(tmp_path / "build" / "review" / "concept-uitvoeringsplan.docx"))
    assert find_leaks(tmp_path / "build", MARKERS + [OPEN_NOTE], ("review",)) == []


# --- the test has teeth: route one confidential field into a public template, and it fails -------------
# (with the pipeline's own guard switched off, which would refuse to write such a build: see below)

def _build_with(inputs: Path, out: Path) -> Path:
    build(inputs, out, pdf=False)
    return out


@pytest.fixture
def unguarded(monkeypatch):
    monkeypatch.setattr(LeakGuard, "check_documents", lambda self, files, problems, copies=None: None)


def route_note_into_item_text(monkeypatch) -> None:
    real = pipeline.model.public.public_view

    def leaky(plan):
        public = real(plan)
        notes = {i.id: i.internal_note for i in plan.harvest}
        harvest = tuple(dataclasses.replace(i, text=f"{i.text} ({notes[i.id]})") if notes[i.id] else i
                        for i in public.harvest)
        return dataclasses.replace(public, harvest=harvest)

    monkeypatch.setattr(pipeline.build, "public_view", leaky)


def route_adviser_into_public_advice(monkeypatch) -> None:
    monkeypatch.setattr(pipeline.model.public, "_advice", lambda n, a: PublicAdvice(
        n, a.kind.value, a.subject, f"{a.text} ({a.adviser})", a.status.value, a.chapter))


def route_everyone_into_named_participants(monkeypatch) -> None:
    real = pipeline.model.public.public_view

    def leaky(plan):
        everyone = tuple(NamedParticipant(p.name, p.organisation) for p in plan.participants)
        return dataclasses.replace(real(plan), named_participants=everyone)

    monkeypatch.setattr(pipeline.build, "public_view", leaky)


def route_sender_into_reactions(monkeypatch) -> None:
    """Every reaction's `Van` as typed: the name of a participant without consent too."""
    real = pipeline.model.public.public_view

    def leaky(plan):
        public = real(plan)
        typed = {r.id: r.sender for r in plan.reactions}
        return dataclasses.replace(public, reactions=tuple(dataclasses.replace(r, sender=typed[r.id])
                                                           for r in public.reactions))

    monkeypatch.setattr(pipeline.build, "public_view", leaky)


def route_email_into_properties(monkeypatch) -> None:
    real = pipeline.rendering.review.core_properties_xml
    monkeypatch.setattr(pipeline.rendering.review, "core_properties_xml",
                        lambda title, date, **more: real(f"{title} {EMAILS[0]}@example.org", date, **more))


def test_teeth_an_internal_note_in_the_item_text_is_found(marked_inputs, tmp_path, monkeypatch, unguarded):
    route_note_into_item_text(monkeypatch)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert any(hit.startswith("review/concept-uitvoeringsplan.docx!word/document.xml") and NOTES[0] in hit
               for hit in leaks), leaks
    assert any(hit.startswith("college/bijlage-uitvoeringsplan.docx!word/document.xml") for hit in leaks), leaks


def test_teeth_an_adviser_routed_into_the_public_advice_is_found(marked_inputs, tmp_path, monkeypatch, unguarded):
    route_adviser_into_public_advice(monkeypatch)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"college/voordracht.docx!word/document.xml: {PUBLIC_ADVISERS[0]}" in leaks, leaks


def test_teeth_an_unnamed_participant_in_the_review_set_is_found(marked_inputs, tmp_path, monkeypatch, unguarded):
    route_everyone_into_named_participants(monkeypatch)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"review/concept-uitvoeringsplan.docx!word/document.xml: {UNNAMED[0]}" in leaks, leaks
    assert f"review/organisaties/stichting-zuid.docx!word/document.xml: {UNNAMED[0]}" in leaks, leaks


def test_teeth_an_unnamed_sender_in_the_feedback_is_found(marked_inputs, tmp_path, monkeypatch, unguarded):
    route_sender_into_reactions(monkeypatch)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"terugkoppeling/stichting-zuid.docx!word/document.xml: {UNNAMED[0]}" in leaks, leaks
    assert not any(hit.startswith("terugkoppeling/stichting-noord.docx") for hit in leaks), leaks


def test_teeth_a_value_in_the_document_properties_is_found(marked_inputs, tmp_path, monkeypatch, unguarded):
    route_email_into_properties(monkeypatch)
    leaks = find_leaks(_build_with(marked_inputs, tmp_path / "build"), MARKERS, PUBLIC_FOLDERS)
    assert f"review/organisaties/stichting-noord.docx!docProps/core.xml: {EMAILS[0]}" in leaks, leaks
    assert not any(hit.startswith("college/") for hit in leaks), leaks


def test_teeth_a_value_in_an_alt_text_is_found(marked_inputs, tmp_path, monkeypatch, unguarded):
    real = pipeline.rendering.review.outcome_chart
    monkeypatch.setattr(pipeline.rendering.review, "outcome_chart",
                        lambda figures: Picture(real(figures).png, f"Locatie {LOCATIONS[1]}"))
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


# --- the pipeline's own guard (issue 10, item 9) --------------------------------------------------------
# A confidential value typed by mistake into a public field is refused at the cell or line where it was
# typed; what reaches a rendered public file another way is refused at that file, before anything is written.

def _refusal(secret: str, where: str) -> str:
    return f"hier staat {secret}, uit {where}); dat is vertrouwelijk en komt zo in een openbaar stuk: haal het hier weg"


def _typed(rel: str, sheet: str, row: int, column: str, value: str) -> dict:
    return changed(marked_case(), rel, sheet, row, column, value)


def _texts(rel: str, text: str) -> dict:
    case = marked_case()
    case[rel] = text
    return case


def _decision(text: str) -> dict:
    case = marked_case()
    case["voordracht.toml"] = case["voordracht.toml"].replace("kennis te nemen van de reacties van de deelnemers.", text)
    return case


TYPED = {
    "a location in Inbreng, other case and spacing": (
        _typed("oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", "Kleine locaties, zoals KERKSTRAAT 1\n  zqloca01q."),
        "oogst/dag-1.xlsx!Oogst!E2: " + _refusal("het adres van een locatie ('Kerkstraat 1 ZQLOCA01Q'",
                                                 "begroting.xlsx!Locaties!A2")),
    "a name without consent in Toelichting": (
        _typed("oogst/dag-1.xlsx", "Oogst", 4, "Toelichting", "Piet ZQNAME01Q vond dit te veel."),
        "oogst/dag-1.xlsx!Oogst!M4: " + _refusal(
            "de naam van een deelnemer die niet genoemd wil worden ('Piet ZQNAME01Q'", "deelnemers.xlsx!Deelnemers!A3")),
    "an e-mail address in Doelgroep": (
        _typed("begroting.xlsx", "Locaties", 3, "Doelgroep", "Kwetsbaren (zqmail02q@example.org)"),
        "begroting.xlsx!Locaties!D3: " + _refusal("een e-mailadres ('zqmail02q@example.org'",
                                                  "deelnemers.xlsx!Deelnemers!C3")),
    "confidential advice in a chapter": (
        _texts("tekst/plan/02-opvang.md", "# Opvang\n\nKleine locaties met begeleiding.\n"
                                          "Let op de opzegtermijn ZQCTXT01Q!\n"),
        "tekst/plan/02-opvang.md:4: " + _refusal(
            "een vertrouwelijk advies ('Let op de opzegtermijn ZQCTXT01Q.'", "adviezen.xlsx!Juridisch!C3")),
    "an internal note in the background, after blank lines": (
        _texts("tekst/voordracht/achtergrond.md", "\n\nHet college wil een nieuwe aanpak.\nBel eerst ZQNOTE02Q terug.\n"),
        "tekst/voordracht/achtergrond.md:4: " + _refusal("een interne notitie ('Bel eerst ZQNOTE02Q terug'",
                                                         "oogst/dag-1.xlsx!Oogst!N3")),
    "a reaction's internal note in another reaction's answer": (
        _typed("reacties.xlsx", "Reacties", 3, "Antwoord", f"Dank u wel; bel {REACTION_NOTES[0]} terug."),
        "reacties.xlsx!Reacties!H3: " + _refusal(f"een interne notitie ('Bel {REACTION_NOTES[0]} terug'",
                                                 "reacties.xlsx!Reacties!K2")),
    "a name without consent in a reaction": (
        _typed("reacties.xlsx", "Reacties", 3, "Reactie", f"Zoals Piet {UNNAMED[0]} al zei: goed plan."),
        "reacties.xlsx!Reacties!F3: " + _refusal(
            f"de naam van een deelnemer die niet genoemd wil worden ('Piet {UNNAMED[0]}'",
            "deelnemers.xlsx!Deelnemers!A3")),
    "an adviser in a decision point": (
        _decision("kennis te nemen van het advies van mr. ZQPADV01Q."),
        "voordracht.toml: besluit[2].tekst: " + _refusal("de naam van een adviseur ('mr. ZQPADV01Q'",
                                                         "adviezen.xlsx!Juridisch!G2")),
}


@pytest.mark.parametrize("typed, expected", TYPED.values(), ids=TYPED.keys())
def test_a_confidential_value_typed_into_a_public_field_is_refused_where_it_was_typed(check_messages, typed,
                                                                                       expected):
    assert check_messages(typed) == [expected]


def test_the_marked_case_itself_passes(passes):
    assert passes(marked_case()) == []


RULE = {  # (typed into the Inbreng of D1-01, found): small case, location 'Kerkstraat 1', advice 'Huurcontract'
    "the whole value": ("Bij kerkstraat 1, naast de kerk", True),
    "across a line break": ("Bij Kerkstraat\n1", True),
    "not inside a longer number": ("Bij Kerkstraat 12", False),
    "not inside a longer word": ("Bij Kerkstraat 1b", False),
    "one ordinary word is not searched": ("Het huurcontract loopt door", False),
}


@pytest.mark.parametrize("typed, found", RULE.values(), ids=RULE.keys())
def test_the_matching_rule(case, check_messages, typed, found):
    messages = check_messages(changed(case, "oogst/dag-1.xlsx", "Oogst", 2, "Inbreng", typed))
    assert messages == ([
        "oogst/dag-1.xlsx!Oogst!E2: " + _refusal("het adres van een locatie ('Kerkstraat 1'",
                                                 "begroting.xlsx!Locaties!A2")] if found else [])


@given(before=st.text(), after=st.text(), words=st.lists(st.from_regex(r"[A-Za-zÀ-ÿ]{2,9}", fullmatch=True),
                                                         min_size=2, max_size=4),
       spaces=st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", "\t "]), min_size=3, max_size=3))
@settings(max_examples=200, deadline=None)
def test_a_secret_is_found_in_any_text_whatever_its_case_and_spacing(before, after, words, spaces):
    secret = Secret(" ".join(words), "een interne notitie", Source("oogst/dag-1.xlsx", "Oogst", "N2"))
    typed = "".join(w.swapcase() + s for w, s in zip(words, spaces * 2)).rstrip()
    text = f"{before} {typed} {after}"
    assert secret in [s for _, s in Finder([secret]).find(text.casefold())]


# --- the guard's backstop: the rendered public files ----------------------------------------------------

ROUTED = {
    "an internal note in the item text": (
        route_note_into_item_text,
        "review/concept-uitvoeringsplan.docx: een interne notitie ('Bel eerst ZQNOTE01Q terug', uit "
        "oogst/dag-1.xlsx!Oogst!N2) staat in dit openbare document (word/document.xml)"),
    "an adviser in the public advice": (
        route_adviser_into_public_advice,
        "college/voordracht.docx: de naam van een adviseur ('mr. ZQPADV01Q', uit adviezen.xlsx!Juridisch!G2) "
        "staat in dit openbare document (word/document.xml)"),
    "everyone named": (
        route_everyone_into_named_participants,
        "review/organisaties/stichting-zuid.docx: de naam van een deelnemer die niet genoemd wil worden ('Piet "
        "ZQNAME01Q', uit deelnemers.xlsx!Deelnemers!A3) staat in dit openbare document (word/document.xml)"),
    "a name without consent as a reaction's sender, in the feedback": (
        route_sender_into_reactions,
        "terugkoppeling/stichting-zuid.docx: de naam van een deelnemer die niet genoemd wil worden ('Piet "
        "ZQNAME01Q', uit deelnemers.xlsx!Deelnemers!A3) staat in dit openbare document (word/document.xml)"),
    "an e-mail address in the document properties": (
        route_email_into_properties,
        "review/organisaties/stichting-noord.docx: een e-mailadres ('zqmail01q@example.org', uit "
        "deelnemers.xlsx!Deelnemers!C2) staat in dit openbare document (docProps/core.xml)"),
}
BACKSTOP_END = "; er is niets geschreven. Zoek de waarde in het sjabloon en de invoer, en haal haar daar weg"


@pytest.mark.parametrize("route, expected", ROUTED.values(), ids=ROUTED.keys())
def test_the_guard_refuses_a_value_routed_into_a_public_file(marked_inputs, tmp_path, monkeypatch, route,
                                                               expected):
    route(monkeypatch)
    with pytest.raises(InputProblems) as refused:
        build(marked_inputs, tmp_path / "build", pdf=False)
    assert expected + BACKSTOP_END in [str(p) for p in refused.value.problems]
    assert not (tmp_path / "build").exists()


def _fake_pdfs(leaky: str | None):
    """Stands in for LibreOffice: a one-line PDF beside each .docx, the one named `leaky` with a location."""
    def convert(paths, fronts=None, office=None):
        for path in paths:
            text = f"Kerkstraat 1 {LOCATIONS[0]}" if path.as_posix().endswith(leaky or "-") else "Concept"
            text_pdf(path.with_suffix(".pdf"), text)
        return [p.with_suffix(".pdf") for p in paths]
    return convert


@pytest.mark.parametrize("audience, leaky, shown", [
    (Audience.ALL, "review/concept-uitvoeringsplan.docx", "review/concept-uitvoeringsplan.pdf"),
    (Audience.ALL, "college/voordracht.docx", "college/voordracht.pdf"),
    (Audience.ALL, "terugkoppeling/stichting-zuid.docx", "terugkoppeling/stichting-zuid.pdf"),
    (Audience.REVIEW, "organisaties/stichting-noord.docx", "review/organisaties/stichting-noord.pdf")])
def test_the_guard_reads_the_public_pdfs_before_the_swap(marked_inputs, tmp_path, monkeypatch, audience, leaky,
                                                         shown):
    require("pdftotext")
    out = tmp_path / "build"
    build(marked_inputs, out, audience, pdf=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    monkeypatch.setattr(pipeline.build, "soffice_available", lambda: True)
    monkeypatch.setattr(pipeline.build, "convert_to_pdf", _fake_pdfs(leaky))
    with pytest.raises(InputProblems) as refused:
        build(marked_inputs, out, audience)
    assert [str(p) for p in refused.value.problems] == [
        f"{shown}: het adres van een locatie ('Kerkstraat 1 {LOCATIONS[0]}', uit begroting.xlsx!Locaties!A2) "
        f"staat in dit openbare document{BACKSTOP_END}"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # the previous build stays
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []  # and no half-made folder


def test_the_guard_lets_the_confidential_pdf_through(marked_inputs, tmp_path, monkeypatch):
    require("pdftotext")
    monkeypatch.setattr(pipeline.build, "soffice_available", lambda: True)
    monkeypatch.setattr(pipeline.build, "convert_to_pdf", _fake_pdfs("vertrouwelijk/bijlage-vertrouwelijk.docx"))
    result = build(marked_inputs, tmp_path / "build")
    assert LOCATIONS[0] in pdf_text(tmp_path / "build" / "vertrouwelijk" / "bijlage-vertrouwelijk.pdf")
    assert "college/voordracht.pdf" in result.pdfs


# --- the round trip's documents: the nota and the plan with tracked changes ---------------------------------

def test_the_guard_finds_a_value_that_only_the_deleted_text_of_the_tracked_changes_holds(tmp_path):
    """Piet ZQNAME01Q agreed to be named when the concept went out, and chapter 2 quoted him; he has withdrawn
    his consent and the chapter no longer names him. The plan with tracked changes would still show his name
    as deleted text (w:delText), and the nota and the feedback as the text of the concept: all are refused,
    nothing written."""
    case = marked_case()
    case["verzonden/plan.json"] = sent_record("Kleine locaties, zoals Piet ZQNAME01Q vroeg.", consent=True)
    with pytest.raises(InputProblems) as refused:
        build(write_case(case, tmp_path / "inputs"), tmp_path / "build", pdf=False)
    name = "de naam van een deelnemer die niet genoemd wil worden ('Piet ZQNAME01Q', uit deelnemers.xlsx!Deelnemers!A3)"
    assert [str(p) for p in refused.value.problems] == [
        f"college/nota-van-beantwoording.docx: {name} staat in dit openbare document (word/document.xml){BACKSTOP_END}",
        f"college/uitvoeringsplan-wijzigingen.docx: {name} staat in dit openbare document (word/document.xml)"
        f"{BACKSTOP_END}",
        *(f"terugkoppeling/{slug}.docx: {name} staat in dit openbare document (word/document.xml){BACKSTOP_END}"
          for slug in ("stichting-noord", "stichting-zuid"))]
    assert not (tmp_path / "build").exists()


def _document(body: str) -> bytes:
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
           f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", xml)
    return buffer.getvalue()


@pytest.mark.parametrize("paragraph", [
    # a value that only the text after the change holds: the deleted part lies inside it
    '<w:p><w:r><w:t>Bij de Kerk</w:t></w:r><w:del w:id="1" w:author="x" w:date="2021-03-02T00:00:00Z"><w:r>'
    '<w:delText>weg</w:delText></w:r></w:del><w:ins w:id="2" w:author="x" w:date="2021-03-02T00:00:00Z"><w:r>'
    '<w:t>straat</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> 1</w:t></w:r></w:p>',
    # and one that only the text before it held: the inserted part lies inside it
    '<w:p><w:r><w:t>Bij de Kerk</w:t></w:r><w:ins w:id="1" w:author="x" w:date="2021-03-02T00:00:00Z"><w:r>'
    '<w:t>weg</w:t></w:r></w:ins><w:del w:id="2" w:author="x" w:date="2021-03-02T00:00:00Z"><w:r>'
    '<w:delText>straat</w:delText></w:r></w:del><w:r><w:rPr><w:ins w:id="3" w:author="x" '
    'w:date="2021-03-02T00:00:00Z"/></w:rPr><w:t xml:space="preserve"> 1</w:t></w:r></w:p>'],
    ids=["after the change", "before the change"])
def test_the_guard_reads_a_paragraph_with_tracked_changes_as_it_was_and_as_it_is(paragraph):
    problems = pipeline.base.problems.Problems()
    secret = Secret("Kerkstraat 1", "het adres van een locatie", Source("begroting.xlsx", "Locaties", "A2"))
    guard = LeakGuard.__new__(LeakGuard)
    guard.finder = Finder([secret])
    guard.check_documents({"college/x.docx": _document(paragraph)}, problems)
    assert [str(p) for p in problems.items] == [
        "college/x.docx: het adres van een locatie ('Kerkstraat 1', uit begroting.xlsx!Locaties!A2) staat in dit "
        f"openbare document (word/document.xml){BACKSTOP_END}"]
